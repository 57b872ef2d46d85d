"""Extraction on Dask gives exactly what one process gives, in order, streaming.

The reference output is computed by `rasd.Pipeline().pipe(records)` in a subprocess with
the same PYTHONHASHSEED as the Dask workers (set below through dask's config), so that a
stage that depends on set iteration order cannot make the two differ for that reason alone
(today `CueSet.find` in rasd/events/lexicon.py names a different one of two cues that match
at the same word, e.g. `factuality:uncertain:حسب مصادر` / `بحسب مصادر`, depending on the seed).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from itertools import islice
from pathlib import Path

import pytest

dask = pytest.importorskip("dask")
distributed = pytest.importorskip("distributed")

import dask.bag as db

from rasd.errors import ConfigError, InputError
from rasd.io import iter_records
from rasd.scale import (
    ExtractFailure,
    _builds,
    distributed_extract,
    extract_bag,
)

N = 200
SEED = "4242"  # workers' and reference's hash seed
_SEED_KEY = "distributed.nanny.pre-spawn-environ.PYTHONHASHSEED"

_REFERENCE = """
import json, sys
from itertools import islice
import rasd
from rasd.io import iter_records
recs = list(islice((r for r in iter_records([sys.argv[1]]) if isinstance(r, dict)),
                   int(sys.argv[2])))
for doc in rasd.Pipeline().pipe(recs):
    print(json.dumps(doc.to_json(), ensure_ascii=False))
"""


@pytest.fixture(scope="module")
def records(shared) -> list[dict]:
    path = shared / "data" / "news" / "articles.jsonl"
    return list(islice((r for r in iter_records([path]) if isinstance(r, dict)), N))


@pytest.fixture(scope="module")
def reference(shared) -> list[dict]:
    """Single-process output on the first N articles, with the workers' hash seed."""
    path = shared / "data" / "news" / "articles.jsonl"
    proc = subprocess.run([sys.executable, "-c", _REFERENCE, str(path), str(N)],
                          capture_output=True, text=True, check=True,
                          env={**os.environ, "PYTHONHASHSEED": SEED})
    return [json.loads(line) for line in proc.stdout.splitlines()]


@pytest.fixture(scope="module")
def seeded():
    with dask.config.set({_SEED_KEY: SEED}):
        yield


@pytest.fixture(scope="module")
def cluster(seeded):
    """One LocalCluster of two workers, used through its address (an 'existing cluster')."""
    from distributed import LocalCluster
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as c:
        yield c


def test_two_workers_equal_one_process(seeded, records, reference):
    """--workers 2: a LocalCluster of its own; 200 articles, in order, byte for byte."""
    assert len(reference) == N
    out = list(distributed_extract(records, workers=2, batch_size=16))
    assert [o["id"] for o in out] == [r["id"] for r in records]
    assert out == reference


def test_existing_scheduler_and_one_pipeline_per_worker(cluster, records, reference):
    built_here = _builds()
    out = list(distributed_extract(records[:60], scheduler=cluster.scheduler_address,
                                   batch_size=7))
    assert out == reference[:60]
    from distributed import Client
    with Client(cluster.scheduler_address) as client:
        builds = client.run(_builds)
    # Nine batches over two workers, and no worker built its pipeline more than once.
    assert sorted(builds.values()) in ([0, 1], [1, 1]) and sum(builds.values()) >= 1
    assert _builds() == built_here  # no pipeline was built in this (the client's) process


def test_json_lines_are_the_output_lines(cluster, records, reference):
    out = list(distributed_extract(records[:20], scheduler=cluster.scheduler_address,
                                   batch_size=8, json_lines=True))
    assert out == [json.dumps(r, ensure_ascii=False) for r in reference[:20]]


def test_failures_and_other_items_keep_their_place(cluster, records, reference):
    bad_line = InputError("malformed JSON", file="in.jsonl", line=2)
    items = [records[0], bad_line, {"id": "no-text", "_file": "in.jsonl", "_line": 3},
             records[1]]
    out = list(distributed_extract(items, scheduler=cluster.scheduler_address, batch_size=2))
    assert out[0] == reference[0] and out[3] == reference[1]
    assert out[1] is bad_line
    failure = out[2]
    assert isinstance(failure, ExtractFailure)
    assert (failure.id, failure.stage, failure.file, failure.line) == (
        "no-text", "input", "in.jsonl", 3)
    assert str(failure).startswith("in.jsonl:3: input failed: ")
    assert failure.to_json()["error"] and "events" not in failure.to_json()


def test_streaming_reads_ahead_a_bounded_number_of_batches(cluster, records):
    read = 0

    def stream():
        nonlocal read
        for rec in records:
            read += 1
            yield rec

    batch = 5
    it = distributed_extract(stream(), scheduler=cluster.scheduler_address, batch_size=batch)
    first = next(it)
    assert first["id"] == records[0]["id"]
    window = 2 * 2  # two batches per worker thread
    assert read <= (window + 1) * batch < len(records)
    it.close()  # stopping early cancels what is in flight and closes the client


def test_extract_bag_on_the_cluster(cluster, records, reference):
    from distributed import Client
    bag = db.from_sequence(records[:30], npartitions=3)
    with Client(cluster.scheduler_address):
        out = extract_bag(bag).compute()
    assert out == reference[:30]


def test_extract_bag_in_process(nlp, records):
    recs = records[:12] + [{"id": "empty"}]
    out = extract_bag(db.from_sequence(recs, npartitions=2)).compute(scheduler="sync")
    assert out[:12] == [d.to_json() for d in nlp.pipe(records[:12])]
    assert out[12]["id"] == "empty" and out[12]["stage"] == "input" and out[12]["error"]


def test_unreachable_scheduler_is_a_config_error():
    with pytest.raises(ConfigError, match="cannot reach a Dask scheduler at 'tcp://127.0.0.1:9'"):
        list(distributed_extract([{"id": "a", "text": "نص"}], scheduler="tcp://127.0.0.1:9",
                                 connect_timeout=1))


@pytest.mark.parametrize("address", ["10.0.0.5", "foo://10.0.0.5:8786"])
def test_malformed_scheduler_address_is_a_config_error(address):
    with pytest.raises(ConfigError, match="is not a Dask scheduler address"):
        list(distributed_extract([{"id": "a", "text": "نص"}], scheduler=address))


@pytest.mark.parametrize("kwargs, message", [
    ({"workers": 0}, "--workers must be 1 or more"),
    ({"workers": 2, "scheduler": "tcp://127.0.0.1:8786"}, "not both"),
    ({"scheduler": " "}, "needs an address"),
    ({"batch_size": 0}, "batch size must be 1 or more"),
])
def test_bad_options_fail_before_any_cluster_starts(kwargs, message):
    with pytest.raises(ConfigError, match=message):
        distributed_extract([], **kwargs)


# -- the command line, as users run it --------------------------------------------------------

CLI_N = 40


@pytest.fixture(scope="module")
def cli_input(shared, tmp_path_factory) -> Path:
    """The first CLI_N articles as a JSONL file."""
    path = tmp_path_factory.mktemp("cli") / "news.jsonl"
    src = shared / "data" / "news" / "articles.jsonl"
    with open(src, encoding="utf-8") as fh:
        path.write_text("".join(islice(fh, CLI_N)), encoding="utf-8")
    return path


def _seeded_env() -> dict[str, str]:
    # Workers start with the same hash seed as the parent, as in the library tests above.
    return {"PYTHONHASHSEED": SEED,
            "DASK_DISTRIBUTED__NANNY__PRE_SPAWN_ENVIRON__PYTHONHASHSEED": SEED}


def test_cli_extract_workers_equals_one_process(cli_input, tmp_path):
    from test_store_common import run

    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert run("extract", str(cli_input), "-f", "jsonl", "-o", str(one),
               env=_seeded_env()).returncode == 0
    res = run("extract", str(cli_input), "-f", "jsonl", "-o", str(two), "--workers", "2",
              env=_seeded_env())
    assert res.returncode == 0, res.stderr
    lines = two.read_text(encoding="utf-8").splitlines()
    assert len(lines) == CLI_N and sum(len(json.loads(x)["events"]) for x in lines) > 0
    assert two.read_bytes() == one.read_bytes()


@pytest.mark.parametrize("backend", ["duckdb", "postgresql"])
def test_cli_ingest_workers_stores_what_one_process_stores(backend, cli_input, tmp_path):
    from test_store_common import backend_url, run

    urls = [backend_url(backend, tmp_path / "a"), backend_url(backend, tmp_path / "b")]
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    one, two = next(urls[0]), next(urls[1])
    try:
        assert run("ingest", str(cli_input), "--db", one, env=_seeded_env()).returncode == 0
        res = run("ingest", str(cli_input), "--db", two, "--workers", "2", "--json",
                  env=_seeded_env())
        assert res.returncode == 0, res.stderr
        summary = json.loads(res.stdout)
        assert summary["new"] == CLI_N and summary["events"] > 0
        assert _stored(two) == _stored(one)
        again = run("ingest", str(cli_input), "--db", two, "--workers", "2", "--json")
        assert json.loads(again.stdout)["present"] == CLI_N
        assert json.loads(again.stdout)["events"] == 0
    finally:
        for gen in urls:
            gen.close()


def _stored(url: str) -> tuple[list[tuple], list[tuple], int]:
    """Articles, reports (article, seq, type, trigger) and the number of merged events."""
    from rasd.store import Store

    with Store.open(url) as store:
        arts = sorted(tuple(r) for r in store.db.execute(
            "SELECT id, text_hash, n_events FROM articles"))
        reports = sorted(tuple(r) for r in store.db.execute(
            "SELECT article_id, seq, type, trigger_start FROM event_sources"))
        return arts, reports, store.count("events")
