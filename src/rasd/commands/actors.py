"""`rasd actors list|show|check`: inspect the actor dictionary, validate a user's directory."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from rasd.errors import DictionaryError, InputError

actors_app = typer.Typer(help="Inspect the actor dictionary and validate your own.\n\n"
                              "Example: rasd actors show حفتر", no_args_is_help=True)

DirsOpt = Annotated[Optional[list[Path]], typer.Option(
    "--actors", help="Your dictionary directories, merged over the built-in one "
                     "(also RASD_ACTORS).")]


def _dictionary(dirs: list[Path] | None):
    from rasd.actors.dictionary import ActorDictionary

    extra = list(dirs or [])
    env = os.environ.get("RASD_ACTORS")
    if env:
        extra += [Path(p) for p in env.split(os.pathsep) if p]
    return ActorDictionary.load(extra) if extra else ActorDictionary.default()


@actors_app.command("list")
def list_(
    country: Annotated[Optional[str], typer.Option("--country", help="Only this ISO3 code.")
                       ] = None,
    actors: DirsOpt = None,
) -> None:
    """List actors: id, English and Arabic names, type, country, sector.

    Example: [bold]rasd actors list --country LBY[/]
    """
    d = _dictionary(actors)
    table = Table("id", "name", "ar", "type", "country", "sector", header_style="bold")
    n = 0
    for e in sorted(d, key=lambda e: e.id):
        if country and e.country != country.upper():
            continue
        table.add_row(e.id, e.name, e.ar, e.type, e.country, e.sector or "")
        n += 1
    Console().print(table)
    Console().print(f"{n} actors ({len(d)} in the dictionary, {d.alias_count()} aliases)")


@actors_app.command("show")
def show(
    name: Annotated[str, typer.Argument(help="An id (LBY-HAFTAR) or a name in Arabic or English.")],
    actors: DirsOpt = None,
) -> None:
    """Everything the dictionary knows of an actor: aliases, roles, affiliations, source file.

    Example: [bold]rasd actors show السراج[/]
    """
    d = _dictionary(actors)
    found = [d.get(name)] if d.get(name) else d.search(name, limit=5)
    if not found:
        raise InputError(f"no actor matches {name!r}; try `rasd actors list`")
    console = Console()
    for e in found:
        console.print(f"[bold]{e.id}[/]  {e.name} — {e.ar}")
        console.print(f"  type {e.type}, country {e.country}, sector {e.sector or '—'}, "
                      f"code {e.code}" + (", transnational" if e.transnational else ""))
        if e.aliases:
            console.print("  aliases: " + "، ".join(e.aliases))
        for a in e.affiliations:
            console.print(f"  {a.role or 'member'} of {a.actor}, {a.start or '…'} → {a.end or '…'}")
        for r in e.roles:
            console.print(f"  role: {r.ar}, {r.start or '…'} → {r.end or '…'}")
        if e.ref:
            console.print(f"  reference: {e.ref}")
        if e.file:
            console.print(f"  defined in {e.file}:{e.line}")


@actors_app.command("check")
def check(
    directory: Annotated[Path, typer.Argument(help="A directory of actor YAML files.")],
) -> None:
    """Validate your dictionary directory: every problem with its file, line and reason.

    Example: [bold]rasd actors check ./my-actors[/]
    """
    from rasd.actors.dictionary import check as check_dir

    if not directory.is_dir():
        raise InputError("not a directory", file=str(directory))
    problems = check_dir(directory)
    for p in problems:
        typer.echo(str(p), err=True)
    if problems:
        raise DictionaryError(f"{len(problems)} problem(s) in {directory}")
    typer.echo(f"{directory}: OK")


def register(app: typer.Typer) -> None:
    app.add_typer(actors_app, name="actors")
