"""Store commands: `rasd ingest`, `rasd events`, `rasd export`, `rasd network`.

Thin commands over rasd.store, rasd.export and rasd.network: they parse options, call the
library and print. Errors are RasdError subclasses; `rasd.cli.main` prints them (exit 1).
"""

from __future__ import annotations

import json
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from rasd.errors import ConfigError, InputError

DbOpt = Annotated[Optional[str], typer.Option(
    "--db", help="A DuckDB file (default ./rasd.duckdb, or RASD_DB) or a postgresql:// URL.")]
CountryFilter = Annotated[Optional[str], typer.Option(
    "--country", help="Events in this country (ISO3, e.g. LBY).")]
TypeFilter = Annotated[Optional[list[str]], typer.Option(
    "--type", help="PLOVER type(s), e.g. ASSAULT; repeat or separate with commas.")]
ActorFilter = Annotated[Optional[str], typer.Option(
    "--actor", help="Source or target actor: id (LBY-HAFTAR), part of its name, or the "
                    "Arabic text as written.")]
PlaceFilter = Annotated[Optional[str], typer.Option(
    "--place", help="Place: part of its name, or the Arabic text as written.")]
SinceFilter = Annotated[Optional[str], typer.Option(
    "--since", help="Events on or after this date (YYYY-MM-DD).")]
UntilFilter = Annotated[Optional[str], typer.Option(
    "--until", help="Events on or before this date (YYYY-MM-DD).")]
LimitOpt = Annotated[Optional[int], typer.Option("--limit", help="At most this many events.")]


def _factuality_opt(default: str) -> object:
    return typer.Option(
        "--factuality", help="Factuality labels to keep, comma-separated (asserted, uncertain, "
                             f"negated, hypothetical) or 'all'. Default: {default}.")


class EventsFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


class ExportFormat(str, Enum):
    plover = "plover"
    acled = "acled"
    cameo = "cameo"
    geojson = "geojson"
    parquet = "parquet"
    csv = "csv"


def _db(db: str | None) -> str:
    return db or os.environ.get("RASD_DB") or "rasd.duckdb"


def _split(values: list[str] | None) -> tuple[str, ...]:
    out: list[str] = []
    for v in values or []:
        out += [p.strip().upper() for p in v.split(",") if p.strip()]
    return tuple(out)


def _filter(country, types, actor, place, since, until, factuality, limit=None, *,
            default_factuality: str = "all"):
    from rasd.model import FACTUALITY
    from rasd.store import EventFilter

    fact = (factuality or default_factuality).strip().lower()
    facts = () if fact == "all" else tuple(p.strip() for p in fact.split(",") if p.strip())
    if facts == FACTUALITY:
        facts = ()
    return EventFilter(country=country, types=_split(types), actor=actor, place=place,
                       since=since, until=until, factuality=facts, limit=limit).validate()


def _read_events(db: str | None, flt):
    from rasd.store import Store, query

    with Store.open(_db(db), read_only=True) as store:
        return query(store, flt)


def ingest(
    paths: Annotated[list[str], typer.Argument(
        help="JSONL files (lines with id, text, optional published, source, url), .txt files, "
             "directories of them, or - for JSONL on stdin.")],
    db: DbOpt = None,
    max_bytes: Annotated[int, typer.Option(
        "--max-bytes", help="Reject articles larger than this many bytes of UTF-8.")
    ] = 1_000_000,
    published: Annotated[Optional[str], typer.Option(
        "--published", help="Publication date (YYYY-MM-DD) for articles that have none.")
    ] = None,
    country: Annotated[Optional[str], typer.Option(
        "--country", help="Context country (ISO3) for every article, e.g. a one-country feed.")
    ] = None,
    actors: Annotated[Optional[list[Path]], typer.Option(
        "--actors", help="A directory of your own actor dictionaries (also RASD_ACTORS).")
    ] = None,
    merge_days: Annotated[Optional[int], typer.Option(
        "--merge-days", help="Merge reports of the same event dated this many days apart "
                             "(default 2; fixed when the database is created).")] = None,
    progress: Annotated[Optional[bool], typer.Option(
        "--progress/--no-progress", help="Show a progress bar (default: on a terminal).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    workers: Annotated[Optional[int], typer.Option(
        "--workers", min=1, help="Extract on a local Dask cluster of N worker processes.")
    ] = None,
    scheduler: Annotated[Optional[str], typer.Option(
        "--scheduler", help="Extract on an existing Dask cluster (tcp://HOST:8786).")] = None,
) -> None:
    """Extract events from articles and store them; re-running adds only what is new.

    Example: [bold]rasd ingest ../shared/data/news/conflict.jsonl --db libya.duckdb[/]

    On every core (Dask): [bold]rasd ingest news.jsonl --db news.duckdb --workers 4[/]
    """
    from rasd.cli import _actor_dirs, _say, _validate_date
    from rasd.store import IngestOptions

    _validate_date(published, "--published")
    if max_bytes <= 0:
        raise ConfigError("--max-bytes must be a positive number of bytes")
    options = IngestOptions(max_bytes=max_bytes, published=published,
                            country=country.upper() if country else None)
    show = sys.stderr.isatty() if progress is None else progress
    try:
        summary = _run_ingest(paths, _db(db), merge_days, options, show, _actor_dirs(actors),
                              workers, scheduler)
    except KeyboardInterrupt:
        _say("rasd: interrupted: every article committed so far is stored whole; run the same "
             "command again to resume")
        raise typer.Exit(130) from None
    if as_json:
        typer.echo(json.dumps(summary.to_json()))
    else:
        typer.echo(
            f"{summary.read:,} articles read: {summary.new:,} new, {summary.changed:,} changed, "
            f"{summary.present:,} already present; {summary.rejected:,} rejected; "
            f"{summary.events:,} events stored; {summary.seconds:.1f} s")
    if summary.read == 0:
        raise InputError(f"nothing could be read ({summary.rejected} bad "
                         f"input{'s' if summary.rejected != 1 else ''})")
    if summary.rejected:
        _say(f"rasd: warning: {summary.rejected} input{'s' if summary.rejected != 1 else ''} "
             "rejected (listed above, and kept in the rejects table)")


def _run_ingest(paths: list[str], db: str, merge_days: int | None, options: object, show: bool,
                actor_dirs: list[Path], workers: int | None = None,
                scheduler: str | None = None) -> object:
    """Open the store, build the pipeline, ingest (with a progress bar when `show`)."""
    from rasd.cli import _say
    from rasd.store import Store, count_articles

    with Store.open(db, merge_days=merge_days) as store:
        if workers is not None or scheduler is not None:
            from rasd.store.ingest import ingest_distributed
            def run_ingest(store, paths, _nlp, **kw):  # the workers build their pipelines
                return ingest_distributed(store, paths, workers=workers, scheduler=scheduler,
                                          actor_dirs=actor_dirs, **kw)
            nlp = None
        else:
            from rasd.pipeline import Pipeline
            from rasd.store import ingest as run_ingest
            nlp = Pipeline(actor_dirs=actor_dirs)
        if not show:
            return run_ingest(store, paths, nlp, options=options,
                              on_reject=lambda err: _say(str(err)))
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        total = count_articles(paths)
        console = Console(stderr=True)
        with Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(),
                      TextColumn("articles"), TimeElapsedColumn(), TimeRemainingColumn(),
                      console=console, transient=False) as bar:
            task = bar.add_task("ingest", total=total)
            summary = run_ingest(
                store, paths, nlp, options=options,
                on_reject=lambda err: console.print(str(err), markup=False, highlight=False,
                                                    soft_wrap=True),
                on_progress=lambda n: bar.advance(task, n))
            bar.update(task, completed=total if total is not None else None)
        return summary


def events(
    db: DbOpt = None,
    country: CountryFilter = None,
    type: TypeFilter = None,
    actor: ActorFilter = None,
    place: PlaceFilter = None,
    since: SinceFilter = None,
    until: UntilFilter = None,
    factuality: Annotated[Optional[str], _factuality_opt("all")] = None,
    limit: LimitOpt = None,
    format: Annotated[Optional[EventsFormat], typer.Option(
        "--format", "-f", help="table, jsonl or csv. Default: table on a terminal, jsonl "
                               "otherwise.")] = None,
) -> None:
    """List stored events (merged across articles), filtered.

    Example: [bold]rasd events --country LBY --type ASSAULT --since 2019-07-01[/]
    """
    from rasd.cli import _console
    from rasd.export.formats import write_csv as write_csv_events

    flt = _filter(country, type, actor, place, since, until, factuality, limit)
    found = _read_events(db, flt)
    fmt = format or (EventsFormat.table if sys.stdout.isatty() else EventsFormat.jsonl)
    if fmt is EventsFormat.jsonl:
        for ev in found:
            sys.stdout.write(json.dumps(ev.to_json(), ensure_ascii=False, default=str) + "\n")
    elif fmt is EventsFormat.csv:
        write_csv_events(found, sys.stdout)
    else:
        _console().print(_table(found))


def _table(found):
    from rich.table import Table

    table = Table(header_style="bold")
    for col in ("date", "type", "mode", "source → target", "place", "country", "sources",
                "factuality", "evidence"):
        table.add_column(col, overflow="fold")
    for ev in found:
        evidence = ev.reports[0].evidence["text"] if ev.reports else ""
        if len(evidence) > 140:
            evidence = evidence[:140] + "…"
        table.add_row(ev.date or "", ev.type, ev.mode or "",
                      f"{ev.source.name if ev.source else '—'} → "
                      f"{ev.target.name if ev.target else '—'}",
                      ev.place.name if ev.place else "", ev.country or "", str(ev.n_sources),
                      ev.factuality, evidence)
    table.caption = f"{len(found)} events"
    return table


def export(
    format: Annotated[ExportFormat, typer.Option(
        "--format", "-f", help="plover (PLOVER JSON Lines), acled (ACLED-style CSV), cameo "
                               "(CAMEO codes, GDELT columns), geojson, parquet, csv.")],
    out: Annotated[Optional[Path], typer.Option(
        "--out", "-o", help="Write here (needed for parquet); default: stdout.")] = None,
    db: DbOpt = None,
    country: CountryFilter = None,
    type: TypeFilter = None,
    actor: ActorFilter = None,
    place: PlaceFilter = None,
    since: SinceFilter = None,
    until: UntilFilter = None,
    factuality: Annotated[Optional[str], _factuality_opt("asserted,uncertain")] = None,
) -> None:
    """Export stored events as PLOVER JSON, ACLED-style CSV, CAMEO, GeoJSON, Parquet or CSV.

    Example: [bold]rasd export --format acled --country LBY --out libya-acled.csv[/]
    """
    from rasd.cli import _output, _say
    from rasd.export import BINARY
    from rasd.export import export as run_export

    fmt = format.value
    if fmt in BINARY and out is None:
        raise ConfigError(f"--format {fmt} writes a binary file: give it with --out FILE")
    flt = _filter(country, type, actor, place, since, until, factuality,
                  default_factuality="asserted,uncertain")
    found = _read_events(db, flt)
    if fmt in BINARY:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(f".{out.name}.tmp")
        try:
            n = run_export(found, fmt, tmp)
            tmp.replace(out)
        finally:
            tmp.unlink(missing_ok=True)
    else:
        with _output(out) as fh:
            n = run_export(found, fmt, fh)
    if out is not None:
        _say(f"{n:,} events written to {out}")


def network(
    out: Annotated[Path, typer.Option(
        "--out", "-o", help="FILE.html (interactive, self-contained), FILE.graphml or FILE.json.")],
    db: DbOpt = None,
    since: SinceFilter = None,
    until: UntilFilter = None,
    country: CountryFilter = None,
    type: TypeFilter = None,
    factuality: Annotated[Optional[str], _factuality_opt("asserted,uncertain")] = None,
    top: Annotated[Optional[int], typer.Option(
        "--top", help="Keep only the actors in most events (default: all; 200 for HTML).")
    ] = None,
    adhoc: Annotated[bool, typer.Option(
        "--adhoc", help="Also ad-hoc actors (names not in the actor dictionary).")] = False,
) -> None:
    """The actor network over a time window: cooperation and conflict, weighted.

    Example: [bold]rasd network --since 2019-01-01 --out libya.html[/]
    """
    from rasd.cli import _say
    from rasd.network import build_network, top_actors, write_network

    if out.suffix.lower() not in (".html", ".graphml", ".json"):
        raise ConfigError(f"--out must end in .html, .graphml or .json, not {out.name!r}")
    flt = _filter(country, type, None, None, since, until, factuality,
                  default_factuality="asserted,uncertain")
    g = build_network(_read_events(db, flt), since=since, until=until, adhoc=adhoc)
    if top is None and out.suffix.lower() == ".html":
        top = 200
    g = top_actors(g, top)
    write_network(g, out)
    _say(f"{g.number_of_nodes():,} actors, {g.number_of_edges():,} links written to {out}")


def register(app: typer.Typer) -> None:
    """Add the store commands to the main `rasd` app."""
    app.command("ingest")(ingest)
    app.command("events")(events)
    app.command("export")(export)
    app.command("network")(network)
