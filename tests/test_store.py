"""The store on both backends: migrations, idempotent ingest, bad input, queries, locking."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_store_common import (
    BACKENDS,
    backend_url,
    dump,
    pg_fresh,
    report,
    run,
    slice_file,
)

from rasd.errors import ConfigError, StoreError
from rasd.resources import data_path
from rasd.store import EventFilter, IngestOptions, Store, ingest, query, rejects
from rasd.store.backends import connect
from rasd.store.migrate import current_version, latest_version, migrate

SAMPLE = data_path("samples", "articles.jsonl")


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from backend_url(request.param, tmp_path)



# -- schema versions -------------------------------------------------------------------------

def test_new_store_has_every_migration(db_url: str) -> None:
    with Store.open(db_url) as store:
        assert current_version(store.db) == latest_version() >= 2
        assert {"articles", "events", "event_sources", "actors", "places", "rejects",
                "schema_version"} <= store.db.tables()


def test_older_database_is_upgraded_and_keeps_its_rows(db_url: str) -> None:
    db = connect(db_url)
    assert migrate(db, target=1) == 1  # what an older rasd made
    db.close()
    # An older rasd's rows survive the upgrade.
    db = connect(db_url)
    with db.transaction():
        db.execute("INSERT INTO articles (id, text_hash, text, n_events) VALUES ('old', 'h', "
                   "'نص', 0)")
    db.close()
    with Store.open(db_url) as store:
        assert current_version(store.db) == latest_version()
        assert store.count("articles") == 1


def test_newer_or_foreign_database_is_refused(db_url: str) -> None:
    with Store.open(db_url) as store:
        with store.db.transaction():
            store.db.execute("INSERT INTO schema_version (version, name) VALUES (999, 'future')")
    with pytest.raises(StoreError, match="newer rasd.*upgrade rasd"):
        Store.open(db_url)


def test_tables_without_schema_version_are_refused(tmp_path: Path) -> None:
    import duckdb

    path = tmp_path / "foreign.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE articles (id TEXT)")
    con.close()
    with pytest.raises(StoreError, match="no schema_version"):
        Store.open(str(path))


def test_read_only_open_upgrades_an_older_duckdb_file(tmp_path: Path) -> None:
    path = str(tmp_path / "old.duckdb")
    db = connect(path)
    migrate(db, target=1)
    db.close()
    with Store.open(path, read_only=True) as store:
        assert current_version(store.db) == latest_version()


def test_reading_a_missing_duckdb_file_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="rasd ingest"):
        Store.open(str(tmp_path / "none.duckdb"), read_only=True)


# -- ingest: idempotent, replacing, counting -------------------------------------------------

def test_second_ingest_adds_nothing(db_url: str, shared: Path, tmp_path: Path, nlp) -> None:
    src = slice_file(shared, tmp_path / "slice.jsonl", 40)
    with Store.open(db_url) as store:
        first = ingest(store, [src], nlp)
        counts = {t: store.count(t) for t in ("articles", "events", "event_sources")}
    assert first.new == 40 and first.rejected == 0 and first.events > 0
    assert counts["event_sources"] == first.events
    before = dump(db_url)
    with Store.open(db_url) as store:
        second = ingest(store, [src], nlp)
    assert (second.new, second.changed, second.present, second.events) == (0, 0, 40, 0)
    assert dump(db_url) == before


def test_changed_text_replaces_its_events(db_url: str, nlp) -> None:
    with Store.open(db_url) as store:
        a = store.write(report("x1", place=None, mode="aerial"))
        assert (a.status, a.events) == ("new", 1)
        again = store.write(report("x1", place=None, mode="aerial"))
        assert again.status == "present"
        changed = report("x1", text="اعتقلت الشرطة خمسة أشخاص في المدينة.", type="COERCE",
                         mode="arrest")
        assert store.write(changed).status == "changed"
        rows = store.db.execute("SELECT type, mode FROM event_sources WHERE article_id = 'x1'")
        assert rows == [("COERCE", "arrest")]
        assert store.count("events") == 1
        assert store.db.execute("SELECT type FROM events") == [("COERCE",)]


def test_every_article_has_exactly_its_events(db_url: str, nlp) -> None:
    with Store.open(db_url) as store:
        ingest(store, [SAMPLE], nlp)
        bad = store.db.execute(
            "SELECT a.id, a.n_events, count(es.seq) FROM articles a LEFT JOIN event_sources es "
            "ON es.article_id = a.id GROUP BY a.id, a.n_events HAVING a.n_events <> count(es.seq)")
        assert bad == []
        orphans = store.db.execute(
            "SELECT count(*) FROM event_sources es LEFT JOIN events e ON e.id = es.event_id "
            "WHERE e.id IS NULL")
        assert orphans == [(0,)]
        n = store.db.execute("SELECT sum(n_reports) FROM events")[0][0]
        assert n == store.count("event_sources")


def test_merge_window_is_fixed_when_the_store_is_made(db_url: str) -> None:
    with Store.open(db_url, merge_days=3) as store:
        store.write(report("w1"))
    with Store.open(db_url) as store:
        assert store.merge_days == 3
    with pytest.raises(ConfigError, match="within 3 days"):
        Store.open(db_url, merge_days=5)


# -- bad input -------------------------------------------------------------------------------

def _bad_inputs(tmp_path: Path) -> tuple[list[str], dict[str, str]]:
    """Good sample articles mixed with every kind of bad input; (paths, expected reasons)."""
    good = [json.loads(x) for x in SAMPLE.read_text(encoding="utf-8").splitlines()]
    english = "The army shelled the town yesterday, killing five people, officials said. " * 5
    mixed = tmp_path / "mixed.jsonl"
    with open(mixed, "wb") as fh:
        fh.write(json.dumps(good[0], ensure_ascii=False).encode() + b"\n")            # 1 good
        fh.write(b'{"id": "latin1", "text": "\xe9t\xe9 \xd9\x82"}\n')                  # 2 bytes
        fh.write(b'{"id": "broken", "text": \n')                                        # 3 JSON
        fh.write(json.dumps({"id": "notext", "title": "x"}).encode() + b"\n")           # 4
        fh.write(json.dumps(good[1], ensure_ascii=False).encode() + b"\n")            # 5 good
        fh.write(json.dumps({"id": "english", "text": english}).encode() + b"\n")       # 6
        big = {"id": "big", "text": good[2]["text"] * 40}
        fh.write(json.dumps(big, ensure_ascii=False).encode() + b"\n")                # 7 size
        for g in good[2:]:
            fh.write(json.dumps(g, ensure_ascii=False).encode() + b"\n")
    (tmp_path / "empty.jsonl").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("  \n\n", encoding="utf-8")
    (tmp_path / "image.jsonl").write_bytes(bytes(range(256)) * 64)
    (tmp_path / "noise.txt").write_bytes(bytes(range(128, 256)) * 64)
    paths = [str(mixed), str(tmp_path / "empty.jsonl"), str(tmp_path / "blank.txt"),
             str(tmp_path / "image.jsonl"), str(tmp_path / "noise.txt"),
             str(tmp_path / "missing.jsonl")]
    expected = {
        f"{mixed}:2": "not valid UTF-8", f"{mixed}:3": "malformed JSON",
        f"{mixed}:4": "no 'text'", f"{mixed}:6": "not Arabic", f"{mixed}:7": "larger than",
        f"{tmp_path / 'empty.jsonl'}": "empty file", f"{tmp_path / 'blank.txt'}": "empty",
        f"{tmp_path / 'image.jsonl'}": "binary", f"{tmp_path / 'noise.txt'}": "binary",
        f"{tmp_path / 'missing.jsonl'}": "no such file",
    }
    return paths, expected


def test_bad_input_is_rejected_and_good_articles_stored(db_url: str, tmp_path: Path,
                                                        nlp) -> None:
    paths, expected = _bad_inputs(tmp_path)
    seen = []
    with Store.open(db_url) as store:
        summary = ingest(store, paths, nlp, options=IngestOptions(max_bytes=20_000),
                         on_reject=seen.append)
        assert summary.new == 9 and summary.rejected == len(expected)
        stored = {r[0] for r in store.db.execute("SELECT id FROM articles")}
        table = rejects(store)
    good_ids = {json.loads(x)["id"] for x in SAMPLE.read_text(encoding="utf-8").splitlines()}
    assert stored == good_ids
    assert len(table) == len(expected)
    for file, line, _, reason in table:
        where = f"{file}:{line}" if line else file
        assert expected[where] in reason, (where, reason)
    assert sorted(str(e) for e in seen) == sorted(str(e) for e in summary.rejects)
    # Reading the same files again reports the same rejects once, not twice.
    with Store.open(db_url) as store:
        again = ingest(store, paths, nlp, options=IngestOptions(max_bytes=20_000))
        assert (again.new, again.present, again.rejected) == (0, 9, len(expected))
        assert len(rejects(store)) == len(expected)


def test_duplicate_ids_in_one_run_first_text_wins(db_url: str, tmp_path: Path, nlp) -> None:
    good = [json.loads(x) for x in SAMPLE.read_text(encoding="utf-8").splitlines()]
    f = tmp_path / "dups.jsonl"
    rows = [good[0], good[1], good[0], {**good[1], "text": good[2]["text"]}]
    f.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                 encoding="utf-8")
    for attempt in range(2):
        with Store.open(db_url) as store:
            s = ingest(store, [f], nlp)
            assert (s.new, s.present, s.rejected) == ((2, 1, 1) if attempt == 0 else (0, 3, 1))
            ((_, line, aid, reason),) = rejects(store)
        assert (line, aid) == (4, good[1]["id"]) and f"first read at {f}:2" in reason


def test_cli_bad_input_exit_0_with_warning_and_1_when_nothing_read(tmp_path: Path) -> None:
    paths, expected = _bad_inputs(tmp_path)
    db = str(tmp_path / "cli.duckdb")
    out = run("ingest", *paths, "--db", db, "--max-bytes", "20000")
    assert out.returncode == 0, out.stderr
    assert "9 new" in out.stdout and f"{len(expected)} rejected" in out.stdout
    lines = out.stderr.strip().splitlines()
    for where, reason in expected.items():
        assert any(x.startswith((f"{where}:", f"{where} ")) for x in lines
                   if reason in x), (where, lines)
    assert lines[-1].startswith("rasd: warning: 10 inputs rejected")
    nothing = run("ingest", str(tmp_path / "empty.jsonl"), str(tmp_path / "image.jsonl"),
                  "--db", db)
    assert nothing.returncode == 1
    last = nothing.stderr.strip().splitlines()[-1]
    assert last == "rasd: error: nothing could be read (2 bad inputs)"


def test_second_duckdb_writer_gets_a_clear_error(tmp_path: Path) -> None:
    path = str(tmp_path / "locked.duckdb")
    holder = run_python_holding(path)
    try:
        out = run("ingest", str(SAMPLE), "--db", path)
        assert out.returncode == 1
        assert "in use by another rasd" in out.stderr and "PostgreSQL" in out.stderr
    finally:
        holder.kill()
        holder.wait()


def run_python_holding(path: str):
    import subprocess
    import sys
    import time

    proc = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from rasd.store import Store; s = Store.open(sys.argv[1]); "
        "print('ready', flush=True); time.sleep(60)"), path], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    time.sleep(0.1)
    return proc


def test_postgres_connection_error_hides_the_password() -> None:
    with pytest.raises(StoreError) as err:
        Store.open("postgresql://someone:s3cret@127.0.0.1:1/nowhere")
    assert "s3cret" not in str(err.value) and "***" in str(err.value)


# -- queries ---------------------------------------------------------------------------------

def _filtered_store(url: str) -> None:
    from test_store_common import GNA, LNA, MISRATA, TRIPOLI

    with Store.open(url) as store:
        store.write(report("f1", source=LNA, place=MISRATA, date="2019-07-02"))
        store.write(report("f2", type="CONSULT", mode="meeting", source=GNA, target=LNA,
                           place=TRIPOLI, date="2019-08-10"))
        store.write(report("f3", source=GNA, date="2019-09-01", factuality="hypothetical"))


@pytest.mark.parametrize("flt, expected", [
    (EventFilter(), {"f1", "f2", "f3"}),
    (EventFilter(types=("ASSAULT",)), {"f1", "f3"}),
    (EventFilter(country="lby"), {"f1", "f2", "f3"}),
    (EventFilter(actor="LBY-LNA"), {"f1", "f2"}),
    (EventFilter(actor="national accord"), {"f2", "f3"}),
    (EventFilter(place="misrata"), {"f1"}),
    (EventFilter(since="2019-08-01"), {"f2", "f3"}),
    (EventFilter(until="2019-08-10"), {"f1", "f2"}),
    (EventFilter(since="2019-07-03", until="2019-08-31"), {"f2"}),
    (EventFilter(factuality=("asserted", "uncertain")), {"f1", "f2"}),
    (EventFilter(limit=1), {"f1"}),
])
def test_event_filters(db_url: str, flt: EventFilter, expected: set[str]) -> None:
    _filtered_store(db_url)
    with Store.open(db_url) as store:
        found = query(store, flt)
    assert {a for ev in found for a in ev.articles} == expected


@pytest.mark.parametrize("bad", [
    EventFilter(types=("BOMB",)), EventFilter(since="1 July"), EventFilter(country="Libya"),
    EventFilter(factuality=("maybe",)),
])
def test_bad_filters_are_config_errors(bad: EventFilter) -> None:
    with pytest.raises(ConfigError):
        bad.validate()


def test_cli_ingest_twice_then_events_in_every_format(tmp_path: Path) -> None:
    db = str(tmp_path / "ev.duckdb")
    first = run("ingest", str(SAMPLE), "--db", db, "--json")
    assert first.returncode == 0, first.stderr
    s1 = json.loads(first.stdout)
    assert s1["new"] == 9 and s1["events"] > 0
    second = json.loads(run("ingest", str(SAMPLE), "--db", db, "--json").stdout)
    assert (second["new"], second["present"], second["events"]) == (0, 9, 0)
    jl = run("events", "--db", db, "--format", "jsonl", "--type", "ASSAULT")
    assert jl.returncode == 0, jl.stderr
    rows = [json.loads(x) for x in jl.stdout.splitlines()]
    assert rows and all(r["type"] == "ASSAULT" for r in rows)
    for r in rows:
        for rep in r["reports"]:
            assert rep["evidence"]["text"] and rep["article"] in r["articles"]
    import csv
    import io

    c = run("events", "--db", db, "--format", "csv", "--type", "ASSAULT")
    assert len(list(csv.DictReader(io.StringIO(c.stdout)))) == len(rows)
    t = run("events", "--db", db, "--format", "table", "--limit", "3")
    assert t.returncode == 0 and "3 events" in t.stdout
    bad = run("events", "--db", db, "--since", "July")
    assert bad.returncode == 1 and "YYYY-MM-DD" in bad.stderr
    missing = run("events", "--db", str(tmp_path / "nope.duckdb"))
    assert missing.returncode == 1 and "rasd ingest" in missing.stderr


def test_postgres_param_skips_with_reason_when_unset(monkeypatch) -> None:
    monkeypatch.delenv("RASD_TEST_PG", raising=False)
    with pytest.raises(pytest.skip.Exception, match="RASD_TEST_PG"):
        next(pg_fresh())


@pytest.mark.parametrize("command", ["ingest", "events", "export", "network"])
def test_store_commands_have_help_with_an_example(command: str) -> None:
    out = run(command, "--help")
    assert out.returncode == 0 and "Example" in out.stdout
