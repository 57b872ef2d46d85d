"""Helpers shared by the store, export and network tests (this module holds no tests).

`db_url` is parametrised over both backends: a DuckDB file in tmp_path, and a fresh schema
in the PostgreSQL server named by RASD_TEST_PG (skipped, with the reason, when it is unset;
`eval "$(sudo scripts/test-services.sh)"` starts one).
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from rasd.model import Actor, Document, Event, Place, Span

RASD = str(Path(sys.executable).with_name("rasd"))
PG_ENV = "RASD_TEST_PG"
PG_SKIP = (f"PostgreSQL store tests need {PG_ENV} (a postgresql:// URL); "
           'start a server with: eval "$(sudo scripts/test-services.sh)"')

# Tables and the columns that must match between two stores (no timestamps).
TABLES = {
    "articles": "id, text_hash, source, url, published, country, text, file, line, n_events",
    "events": "id, type, mode, factuality, source_key, target_key, place_key, country, date, "
              "date_start, date_end, killed, wounded, n_sources, n_reports",
    "event_sources": "*",
    "actors": "*",
    "places": "*",
    "rejects": "file, line, article_id, reason",
    "settings": "*",
    "schema_version": "version, name",
}


def run(*args: str, stdin: str | None = None, timeout: float = 300,
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([RASD, *args], input=stdin, capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **(env or {})}, check=False)


def pg_schema_url(base: str, schema: str) -> str:
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}"


def pg_fresh() -> Iterator[str]:
    """A URL whose search_path is a new, empty schema, dropped afterwards."""
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(PG_SKIP)
    import psycopg

    schema = f"rasd_t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as con:
        con.execute(f"CREATE SCHEMA {schema}")
    try:
        yield pg_schema_url(base, schema)
    finally:
        with psycopg.connect(base, autocommit=True) as con:
            con.execute(f"DROP SCHEMA {schema} CASCADE")


BACKENDS = ["duckdb", "postgresql"]


def backend_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """For a `db_url` fixture parametrised over BACKENDS (defined in each test module)."""
    if backend == "duckdb":
        yield str(tmp_path / "store.duckdb")
    else:
        yield from pg_fresh()


def dump(url: str) -> dict[str, list[tuple]]:
    """Every row of every table (sorted; no timestamps), for comparing two stores."""
    from rasd.store import Store

    out = {}
    with Store.open(url) as store:
        for table, cols in TABLES.items():
            rows = store.db.execute(f"SELECT {cols} FROM {table}")
            out[table] = sorted((tuple(r) for r in rows), key=repr)
    return out


def slice_file(shared: Path, dest: Path, n: int, start: int = 0) -> Path:
    """The first `n` lines (after `start`) of the shared news corpus, as a file."""
    src = shared / "data" / "news" / "articles.jsonl"
    with open(src, "rb") as fh, open(dest, "wb") as out:
        for i, line in enumerate(fh):
            if i >= start + n:
                break
            if i >= start:
                out.write(line)
    return dest


# -- hand-made documents for merging -------------------------------------------------------

LNA = ("LBY-LNA", "Libyan National Army", "LBY", "MIL")
GNA = ("LBY-GNA", "Government of National Accord", "LBY", "GOV")
MISRATA = ("Misrata", "LBY", 32.38, 15.09, "city", "geo-misrata")
TRIPOLI = ("Tripoli", "LBY", 32.89, 13.19, "city", "geo-tripoli")
LIBYA = ("Libya", "LBY", 27.0, 17.0, "country", "geo-libya")


def report(article: str, *, type: str = "ASSAULT", mode: str | None = "aerial",
           source: tuple | None = None, target: tuple | None = None, place: tuple | None = None,
           date: str | None = "2019-08-06", factuality: str = "asserted",
           killed: int | None = None, outlet: str = "Test Wire",
           text: str = "قصفت الطائرات قاعدة في المدينة أمس.") -> Document:
    """A one-event article, with the actors and place given as (id, name, country, sector)
    and (name, country, lat, lon, precision, id) tuples."""
    from rasd.model import Casualties

    def actor(spec: tuple | None, at: int) -> Actor | None:
        if spec is None:
            return None
        aid, name, country, sector = spec
        return Actor(at, at + 4, text[at:at + 4], aid, name, country, sector, "organisation")

    loc = None
    if place is not None:
        name, country, lat, lon, precision, pid = place
        loc = Place(10, 15, text[10:15], name, country, lat, lon, precision, pid)
    ev = Event(type=type, trigger=Span(0, 4, text[0:4]), evidence=Span(0, len(text), text),
               factuality=factuality, mode=mode, source=actor(source, 5),
               target=actor(target, 14), location=loc, date=date, date_basis="text",
               casualties=Casualties(killed=killed) if killed is not None else None,
               rules=("test",))
    return Document(text=text, id=article, published=date if date and len(date) == 10 else None,
                    source=outlet, url=f"https://example.org/{article}", country="LBY",
                    events=(ev,))
