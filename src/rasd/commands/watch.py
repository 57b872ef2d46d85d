"""Live-source commands: `rasd watch` (follow feeds and pages) and `rasd fetch` (one-off pages).

Thin commands over rasd.feeds: they parse options, run polls and print one summary line per
poll. Ctrl-C or SIGTERM stops cleanly between items (a second Ctrl-C quits at once);
everything stored before is whole, and the next run goes on where this one stopped.
"""

from __future__ import annotations

import json
import re
import signal
import sys
import threading
import time
from contextlib import contextmanager
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from rasd.errors import ConfigError, InputError, StoreError

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|sec|m|min|h|d)?\s*$", re.IGNORECASE)
_UNITS = {None: 1.0, "ms": 0.001, "s": 1.0, "sec": 1.0, "m": 60.0, "min": 60.0,
          "h": 3600.0, "d": 86400.0}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(b|kb|k|mb|m|gb|g)?\s*$", re.IGNORECASE)
_SIZES = {None: 1, "b": 1, "k": 1000, "kb": 1000, "m": 1_000_000, "mb": 1_000_000,
          "g": 1_000_000_000, "gb": 1_000_000_000}


def parse_duration(value: str, option: str) -> float:
    """Seconds in '15m', '1s', '500ms', '2h', '1.5' (seconds)."""
    m = _DURATION.match(value or "")
    if not m:
        raise ConfigError(f"{option} must be a duration such as 15m, 30s, 500ms or 1h, "
                          f"not {value!r}")
    return float(m.group(1)) * _UNITS[(m.group(2) or "").lower() or None]


def parse_size(value: str, option: str) -> int:
    """Bytes in '5MB', '500kB', '1000000'."""
    m = _SIZE.match(value or "")
    if not m:
        raise ConfigError(f"{option} must be a size such as 5MB or 500kB, not {value!r}")
    size = int(float(m.group(1)) * _SIZES[(m.group(2) or "").lower() or None])
    if size <= 0:
        raise ConfigError(f"{option} must be more than 0 bytes")
    return size


DbOpt = Annotated[Optional[str], typer.Option(
    "--db", help="A DuckDB file (default ./rasd.duckdb, or RASD_DB) or a postgresql:// URL.")]
DelayOpt = Annotated[str, typer.Option(
    "--delay", help="Pause between two requests to the same host (robots.txt Crawl-delay "
                    "wins when longer), e.g. 1s, 500ms.")]
TimeoutOpt = Annotated[str, typer.Option(
    "--timeout", help="Connect and read timeout of each request, e.g. 20s.")]
RetriesOpt = Annotated[int, typer.Option(
    "--retries", help="Extra attempts after a 5xx answer or a timeout (backoff 2 s, 4 s, …).")]
MaxBytesOpt = Annotated[str, typer.Option(
    "--max-bytes", help="Largest page or feed accepted, e.g. 5MB; bigger ones are skipped.")]
ActorsOpt = Annotated[Optional[list[Path]], typer.Option(
    "--actors", help="A directory of your own actor dictionaries (also RASD_ACTORS).")]


def _fetch_options(delay: str, timeout: str, retries: int, max_bytes: str):
    from rasd.feeds import FetchOptions

    if retries < 0:
        raise ConfigError("--retries must be 0 or more")
    seconds = parse_duration(timeout, "--timeout")
    if seconds <= 0:
        raise ConfigError("--timeout must be longer than 0 s")
    return FetchOptions(delay=parse_duration(delay, "--delay"), connect_timeout=seconds,
                        read_timeout=seconds, total_timeout=max(60.0, 6 * seconds),
                        retries=retries, max_bytes=parse_size(max_bytes, "--max-bytes"))


@contextmanager
def _graceful(stop: threading.Event):
    """Ctrl-C / SIGTERM set `stop` (finish the current item, then stop); a second Ctrl-C
    raises KeyboardInterrupt at once."""
    from rasd.cli import _say

    def handler(signum: int, frame: object) -> None:
        if stop.is_set() and signum == signal.SIGINT:
            raise KeyboardInterrupt
        stop.set()
        _say("rasd: stopping after the current item (Ctrl-C again to quit at once)")

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, h in old.items():
            signal.signal(s, h)


def _stamp() -> str:
    return datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S")


def watch(
    sources: Annotated[Path, typer.Argument(
        help="A YAML file listing the sources: 'sources:' then items with 'name:' and "
             "'feed:' (RSS/Atom URL) or 'page:' (an article URL); optional 'country:' (ISO3).")],
    db: DbOpt = None,
    once: Annotated[bool, typer.Option(
        "--once", help="Poll every source once, then exit (for cron or a systemd timer).")
    ] = False,
    interval: Annotated[str, typer.Option(
        "--interval", help="Time from the start of one poll to the start of the next, "
                           "e.g. 15m, 1h.")] = "15m",
    delay: DelayOpt = "1s",
    timeout: TimeoutOpt = "20s",
    retries: RetriesOpt = 2,
    max_bytes: MaxBytesOpt = "5MB",
    workers: Annotated[int, typer.Option(
        "--workers", help="Hosts fetched at the same time (each host still gets one request "
                          "at a time).")] = 8,
    actors: ActorsOpt = None,
    as_json: Annotated[bool, typer.Option(
        "--json", help="Print each poll's summary as one JSON object.")] = False,
) -> None:
    """Follow news feeds and pages: store each new article's events, politely, without
    duplicates; state survives restarts.

    sources.yaml:

        sources:
          - name: Jawhara FM
            feed: https://www.jawharafm.net/ar/rss
          - name: One article
            page: https://outlet.example/news/123

    Example: [bold]rasd watch sources.yaml --db libya.duckdb --interval 15m[/]

    Prints one summary line per poll: sources ok/failed, items new/seen, articles stored.
    A failing source is reported on stderr and skipped. Ctrl-C stops between items.
    Running it as a service, and how many sources one process follows: docs/watch.md.
    """
    from rasd.cli import _actor_dirs, _say
    from rasd.commands.store import _db
    from rasd.feeds import Fetcher, Watcher, load_sources
    from rasd.pipeline import Pipeline
    from rasd.store import Store, redact

    every = parse_duration(interval, "--interval")
    if every <= 0:
        raise ConfigError("--interval must be longer than 0 s")
    if workers < 1:
        raise ConfigError("--workers must be 1 or more")
    options = _fetch_options(delay, timeout, retries, max_bytes)
    listed = load_sources(sources)
    url = _db(db)
    stop = threading.Event()
    fetcher = Fetcher(options, stop=stop)
    nlp = Pipeline(actor_dirs=_actor_dirs(actors))
    watcher = Watcher(fetcher, nlp, workers=workers, on_error=lambda m: _say(m))
    if not once:
        _say(f"rasd: watching {len(listed)} sources from {sources} into {redact(url)} every "
             f"{interval} ({options.delay:g} s between requests to a host); Ctrl-C stops")
    polls = 0
    with _graceful(stop):
        try:
            while True:
                started = time.monotonic()
                if polls:
                    try:
                        listed = load_sources(sources)  # edits apply without a restart
                    except InputError as exc:
                        _say(f"{exc} (keeping the {len(listed)} sources read before)")
                try:
                    with Store.open(url) as store:
                        summary = watcher.poll(store, listed)
                except StoreError as exc:
                    if once or not polls:
                        raise
                    _say(f"rasd: poll skipped: {exc}; trying again at the next poll")
                    summary = None
                polls += 1
                if summary is not None:
                    if as_json:
                        typer.echo(json.dumps({"time": _stamp(), **summary.to_json()}))
                    else:
                        typer.echo(f"{_stamp()} poll: {summary.line()}")
                    sys.stdout.flush()
                if once or stop.is_set():
                    break
                if stop.wait(max(0.0, every - (time.monotonic() - started))):
                    break
        except KeyboardInterrupt:
            _say("rasd: interrupted: every article committed so far is stored whole; the next "
                 "run goes on from there")
            raise typer.Exit(130) from None
    if stop.is_set():
        raise typer.Exit(130 if once else 0)
    if once and summary is not None and summary.sources_ok == 0:
        raise InputError(f"none of the {len(listed)} sources could be polled (reasons above)",
                         file=str(sources))


class FetchFormat(str, Enum):
    jsonl = "jsonl"
    table = "table"


def fetch(
    urls: Annotated[list[str], typer.Argument(help="Article page URLs (http:// or https://).")],
    db: Annotated[Optional[str], typer.Option(
        "--db", help="Store the articles and their events in this DuckDB file or "
                     "postgresql:// URL instead of printing the events.")] = None,
    format: Annotated[Optional[FetchFormat], typer.Option(
        "--format", "-f", help="Without --db: jsonl (as `rasd extract`) or table. Default: "
                               "table on a terminal, jsonl otherwise.")] = None,
    country: Annotated[Optional[str], typer.Option(
        "--country", help="Context country (ISO3) for these articles.")] = None,
    delay: DelayOpt = "1s",
    timeout: TimeoutOpt = "20s",
    retries: RetriesOpt = 2,
    max_bytes: MaxBytesOpt = "5MB",
    actors: ActorsOpt = None,
) -> None:
    """Fetch news pages once, extract their main text and code its events.

    Example: [bold]rasd fetch https://outlet.example/news/123 --format jsonl[/]

    With --db the articles are stored (id = the URL; fetching again adds nothing).
    Arabic pages in windows-1256, even with a wrong charset header, are decoded correctly.
    """
    from rasd.cli import _actor_dirs, _console, _event_table, _say
    from rasd.feeds import Fetcher, FetchError, canonical_url, fetch_page
    from rasd.pipeline import Pipeline

    options = _fetch_options(delay, timeout, retries, max_bytes)
    records, bad = [], 0
    stop = threading.Event()
    fetcher = Fetcher(options, stop=stop)
    with _graceful(stop):
        for raw in urls:
            if stop.is_set():
                break
            if not re.match(r"^https?://[^/\s]+", raw.strip()):
                bad += 1
                _say(f"{raw}: not an http:// or https:// URL")
                continue
            url = canonical_url(raw)
            try:
                _, page = fetch_page(fetcher, url)
            except FetchError as exc:
                bad += 1
                _say(str(exc))
                continue
            except Exception as exc:  # noqa: BLE001 - Stopped, or a page trafilatura chokes on
                if stop.is_set():
                    break
                bad += 1
                _say(f"{url}: extraction failed: {type(exc).__name__}: {exc}")
                continue
            if page is None:
                bad += 1
                _say(f"{url}: no article text found on the page")
                continue
            records.append({"id": url, "url": url, "text": page.text,
                            "published": page.published, "title": page.title,
                            "country": country.upper() if country else None})
    if stop.is_set():
        raise typer.Exit(130)
    if not records:
        raise InputError(f"nothing could be fetched ({bad} failed)")
    nlp = Pipeline(actor_dirs=_actor_dirs(actors))
    if db is not None:
        from rasd.commands.store import _db
        from rasd.store import Store, ingest_records

        with Store.open(_db(db)) as store:
            new = present = rejected = events = 0
            for rec in records:
                s = ingest_records(store, [rec], nlp, origin=rec["id"],
                                   on_reject=lambda err: _say(str(err)))
                new, present = new + s.new + s.changed, present + s.present
                rejected, events = rejected + s.rejected, events + s.events
        typer.echo(f"{len(records)} pages fetched: {new} new, {present} already present, "
                   f"{rejected} rejected; {events} events stored; {bad} failed")
        return
    fmt = format or (FetchFormat.table if sys.stdout.isatty() else FetchFormat.jsonl)
    docs = []
    for rec in records:
        out = list(nlp.pipe([rec]))
        for f in nlp.failures:
            _say(f"{rec['id']}: {f.stage} failed: {f.reason}")
        nlp.failures.clear()
        for doc in out:
            if fmt is FetchFormat.table:
                docs.append(doc)
            else:
                sys.stdout.write(json.dumps(doc.to_json(), ensure_ascii=False) + "\n")
    if fmt is FetchFormat.table:
        _console().print(_event_table(docs, False))


def register(app: typer.Typer) -> None:
    """Add `rasd watch` and `rasd fetch` to the main `rasd` app."""
    app.command("watch")(watch)
    app.command("fetch")(fetch)
