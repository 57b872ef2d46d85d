"""The `rasd` command line: thin commands over the library; errors become one line, exit 1."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import IO, Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from rasd.errors import ConfigError, InputError, RasdError

app = typer.Typer(
    name="rasd",
    help="rasd (رصد): Arabic news to structured conflict-event data (PLOVER).\n\n"
         "Example: rasd extract articles.jsonl --format table",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)


def _say(message: str) -> None:
    """One unwrapped line on stderr (FILE:LINE: reason must stay greppable)."""
    sys.stderr.write(message.replace("\n", " ") + "\n")
    sys.stderr.flush()


def _console(file: IO[str] | None = None) -> Console:
    """A console for tables: the terminal's width, or wide enough when writing to a file."""
    out = file or sys.stdout
    return Console(file=out, width=None if out.isatty() else 200)


class Format(str, Enum):
    jsonl = "jsonl"
    json = "json"
    table = "table"


# Options shared by several commands, defined once.
PublishedOpt = Annotated[Optional[str], typer.Option(
    "--published", help="Publication date (YYYY-MM-DD) for articles that have none.")]
CountryOpt = Annotated[Optional[str], typer.Option(
    "--country", help="Context country (ISO3) for every article, e.g. for a one-country feed.")]
ActorsOpt = Annotated[Optional[list[Path]], typer.Option(
    "--actors", help="A directory of your own actor dictionaries, merged over the built-in one "
                     "(also RASD_ACTORS).")]


WorkersOpt = Annotated[Optional[int], typer.Option(
    "--workers", min=1, help="Extract on a local Dask cluster of N worker processes (needs "
                             "pip install 'rasd[dask]').")]
SchedulerOpt = Annotated[Optional[str], typer.Option(
    "--scheduler", help="Extract on an existing Dask cluster, e.g. tcp://10.0.0.5:8786 "
                        "(SLURM, Kubernetes; docs/scale.md).")]


def _actor_dirs(dirs: list[Path] | None) -> list[Path]:
    out = list(dirs or [])
    env = os.environ.get("RASD_ACTORS")
    if env:
        out += [Path(p) for p in env.split(os.pathsep) if p]
    return out


@contextmanager
def _output(path: Path | None) -> Iterator[IO[str]]:
    """stdout, or a file written atomically (a crash leaves no half-written output)."""
    if path is None:
        yield sys.stdout
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            yield fh
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; outputs are ordinary files
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def _validate_date(value: str | None, option: str) -> None:
    import re
    if value is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ConfigError(f"{option} must be a date as YYYY-MM-DD, not {value!r}")


def _evidence_text(ev, context: int = 60) -> Text:
    """The evidence around the trigger (at most `context` characters each side), trigger bold."""
    ev_text, a = ev.evidence.text, ev.trigger.start - ev.evidence.start
    lo, hi = max(0, a - context), min(len(ev_text), a + len(ev.trigger.text) + context)
    lo = ev_text.rfind(" ", 0, lo) + 1 if lo > 0 else 0
    hi_space = ev_text.find(" ", hi)
    hi = hi_space if hi < len(ev_text) and hi_space != -1 else len(ev_text)
    text = Text(("…" if lo > 0 else "") + ev_text[lo:hi] + ("…" if hi < len(ev_text) else ""))
    start = a - lo + (1 if lo > 0 else 0)
    text.stylize("bold underline", start, start + len(ev.trigger.text))
    return text


def _event_table(docs: list, explain: bool) -> Table:
    table = Table(show_lines=False, header_style="bold")
    for col in ("article", "type", "mode", "source → target", "place", "date", "factuality",
                "evidence"):
        table.add_column(col, overflow="fold")
    if explain:
        table.add_column("rules", overflow="fold")
    for doc in docs:
        for ev in doc.events:
            src = ev.source.name if ev.source else "—"
            tgt = ev.target.name if ev.target else "—"
            evidence = _evidence_text(ev)
            row = [doc.id, ev.type, ev.mode or "", f"{src} → {tgt}",
                   ev.location.name if ev.location else "", ev.date or "", ev.factuality, evidence]
            if explain:
                row.append("\n".join(ev.rules))
            table.add_row(*row)
    return table


@app.command()
def extract(
    input: Annotated[list[str], typer.Argument(
        help="A .jsonl file (lines with id, text, optional published, source, url), a .txt "
             "file, a directory of them, or - for JSONL on stdin.")],
    format: Annotated[Optional[Format], typer.Option(
        "--format", "-f", help="jsonl (GOLD.md system format), json, or table. "
                               "Default: table on a terminal, jsonl otherwise.")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o",
                                                   help="Write here instead of stdout.")] = None,
    published: PublishedOpt = None,
    country: CountryOpt = None,
    actors: ActorsOpt = None,
    explain: Annotated[bool, typer.Option(
        "--explain", help="Show the rules that fired for each event (table format).")] = False,
    workers: WorkersOpt = None,
    scheduler: SchedulerOpt = None,
) -> None:
    """Code the events of each article.

    Example: [bold]rasd extract ../shared/data/news/conflict.jsonl --format jsonl -o events.jsonl[/]

    On every core (Dask): [bold]rasd extract news.jsonl -o events.jsonl --workers 4[/]
    """
    from rasd.io import iter_records

    _validate_date(published, "--published")
    fmt = format or (Format.table if output is None and sys.stdout.isatty() else Format.jsonl)
    records = iter_records(input, published=published, country=country)
    results = _extract_stream(records, _actor_dirs(actors), workers, scheduler,
                              documents=fmt is Format.table)
    read = bad = 0
    table_docs = []
    with _output(output) as out:
        first = True
        if fmt is Format.json:
            out.write("[")
        for item in results:
            if isinstance(item, InputError):
                bad += 1
                _say(str(item))
                continue
            read += 1
            if not _is_output(item):  # a stage failed: reported, the article skipped
                _say(str(item))
                continue
            if fmt is Format.table:
                table_docs.append(item)
                continue
            line = item if isinstance(item, str) else json.dumps(item.to_json(),
                                                                 ensure_ascii=False)
            if fmt is Format.json:
                out.write(("" if first else ",\n") + line)
            else:
                out.write(line + "\n")
            first = False
        if fmt is Format.json:
            out.write("]\n")
        if fmt is Format.table:
            _console(out).print(_event_table(table_docs, explain))
    if read == 0:
        raise InputError(f"nothing could be read ({bad} bad input{'s' if bad != 1 else ''})")


def _is_output(item: object) -> bool:
    from rasd.scale import ExtractFailure
    return not isinstance(item, ExtractFailure)


def _extract_stream(records, actor_dirs: list[Path], workers: int | None,
                    scheduler: str | None, *, documents: bool):
    """Documents (or JSON lines, on Dask) in input order; InputErrors and failures in place.

    In one process the pipeline runs here; with --workers/--scheduler it runs once per Dask
    worker and this process only reads input and writes output.
    """
    if workers is not None or scheduler is not None:
        from rasd.scale import distributed_documents, distributed_extract
        if documents:
            return distributed_documents(records, workers=workers, scheduler=scheduler,
                                         actor_dirs=actor_dirs)
        return distributed_extract(records, workers=workers, scheduler=scheduler,
                                   actor_dirs=actor_dirs, json_lines=True)
    from rasd.pipeline import Pipeline
    from rasd.scale import ExtractFailure
    nlp = Pipeline(actor_dirs=actor_dirs)

    def local():
        for rec in records:
            if isinstance(rec, InputError):
                yield rec
                continue
            docs = list(nlp.pipe([rec]))
            for f in nlp.failures:
                yield ExtractFailure(id=rec["id"], stage=f.stage, reason=f.reason,
                                     file=rec["_file"], line=rec["_line"])
            nlp.failures.clear()
            yield from docs
    return local()


@app.command("eval")
def eval_(
    gold: Annotated[Path, typer.Argument(help="Gold JSONL (GOLD.md).")],
    output: Annotated[Optional[Path], typer.Option(
        "--output", help="Score this saved system output instead of running extraction.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    errors: Annotated[Optional[Path], typer.Option(
        "--errors", help="Write every false positive and false negative here (JSONL).")] = None,
    actors: ActorsOpt = None,
) -> None:
    """Score rasd's events against gold annotations (GOLD.md).

    Example: [bold]rasd eval ../shared/gold/dev.jsonl --errors dev-errors.jsonl[/]
    """
    from rasd.evaluate.events import errors as list_errors
    from rasd.evaluate.events import format_table, load_gold, load_system, score

    gold_docs = load_gold(gold)
    if output is not None:
        system = load_system(output)
    else:
        from rasd.pipeline import Pipeline
        nlp = Pipeline(actor_dirs=_actor_dirs(actors))
        records = [{"id": g["id"], "text": g["text"], "published": g.get("published"),
                    "source": g.get("source")} for g in gold_docs]
        system = {d.id: d.to_json()["events"] for d in nlp.pipe(records)}
    scores = score(gold_docs, system)
    if errors is not None:
        with _output(errors) as fh:
            for e in list_errors(gold_docs, system):
                fh.write(json.dumps(e, ensure_ascii=False) + "\n")
    if as_json:
        typer.echo(json.dumps(scores.to_json(), ensure_ascii=False))
        return
    console = _console()
    for table in format_table(scores):
        console.print(table)


@app.command()
def demo(
    explain: Annotated[bool, typer.Option("--explain", help="Show the rules behind each event.")
                       ] = False,
) -> None:
    """Code the bundled sample articles and print their events as a table.

    Example: [bold]rasd demo[/]
    """
    from rasd.io import iter_records
    from rasd.pipeline import Pipeline
    from rasd.resources import data_path

    sample = data_path("samples", "articles.jsonl")
    docs = list(Pipeline().pipe(r for r in iter_records([sample]) if isinstance(r, dict)))
    console = _console()
    console.print(_event_table(docs, explain))
    n = sum(len(d.events) for d in docs)
    console.print(f"{n} events from {len(docs)} sample articles ({sample.name}; sources and "
                  "licences in data/samples/ATTRIBUTION.md)")


def _register_command_modules() -> None:
    """Commands kept in rasd.commands.* (store, …) add themselves to `app`."""
    import importlib
    import pkgutil

    import rasd.commands

    for info in pkgutil.iter_modules(rasd.commands.__path__):
        module = importlib.import_module(f"rasd.commands.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(app)


_register_command_modules()


def main() -> None:
    """Entry point: the one place where rasd's errors become output (one line, exit 1)."""
    try:
        app()
    except RasdError as exc:
        _say(f"rasd: error: {exc}")
        sys.exit(1)
    except BrokenPipeError:
        sys.exit(0)


if __name__ == "__main__":
    main()
