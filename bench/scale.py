"""Scaling benchmark: extraction to a JSONL file on a Dask LocalCluster of 1 and of 2 workers.

    python bench/scale.py                          # 10,000 articles, workers 1 then 2
    python bench/scale.py --repeat 3 --record      # median of 3 runs each, row appended to
                                                   # docs/scale-results.md
    python bench/scale.py --limit 2000 --workers 1,2,4 --plain

Each run is what `rasd extract FILE --workers N -o out.jsonl` does: read the corpus as a
stream, extract on a fresh LocalCluster of N single-threaded worker processes (the same code
as `rasd.scale.distributed_extract(..., json_lines=True)`), write one JSON line per article in input order. The
time is end to end: cluster start-up, loading the pipeline in every worker, extraction,
writing and shutdown. "first" is the time to the first output line (start-up, pipeline load
and the first batch). `--plain` adds the same run in this one process without Dask.
Reads the corpus from $RASD_SHARED (default ../shared).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("RASD_SHARED", REPO.parent / "shared"))
RESULTS = REPO / "docs" / "scale-results.md"

HEADER = """# Scaling results

Measured with `bench/scale.py`: extraction of the first N articles of
`$RASD_SHARED/data/news/articles.jsonl` to a JSONL file on a Dask LocalCluster of 1 and of 2
single-threaded worker processes, end to end (cluster start-up and pipeline loading
included). Times are the median of the runs; "per worker" is the 2-worker rate divided by 2.
"load" is the 1-minute load average when the benchmark started (other processes on the
machine slow every run); "note" says how it was run (e.g. under `nice -n -10`, to keep
other work on a shared machine from taking the benchmark's cores). Rows appended by `python bench/scale.py --record`.

| date | host | cores | load | articles | batch | runs | 1 worker s | 1 worker art/s | 2 workers s | 2 workers art/s | speed-up | per worker art/s | worker RSS MB | note |
| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |
"""


def _rss() -> int:
    import psutil
    return psutil.Process().memory_info().rss


def _records(corpus: Path, limit: int):
    from rasd.io import iter_records
    return islice((r for r in iter_records([corpus]) if isinstance(r, dict)), limit)


def run_dask(corpus: Path, limit: int, workers: int, batch: int) -> dict:
    from rasd.scale import ExtractFailure, extract_lines_batch, open_client, ordered_map

    t0 = time.perf_counter()
    c0 = time.process_time()
    first = None
    n = failed = 0
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8") as out:
        with open_client(workers=workers) as client:
            for item in ordered_map(client, _records(corpus, limit), extract_lines_batch,
                                    batch_size=batch, actor_dirs=()):
                if first is None:
                    first = time.perf_counter() - t0
                if isinstance(item, ExtractFailure):
                    failed += 1
                    continue
                out.write(item + "\n")
                n += 1
            rss = max(client.run(_rss).values()) / 2**20
        out.flush()
    secs = time.perf_counter() - t0
    return {"workers": workers, "articles": n, "failed": failed, "seconds": secs,
            "first": first or 0.0, "rate": n / secs, "rss_mb": rss,
            "client_cpu": time.process_time() - c0}


def run_plain(corpus: Path, limit: int) -> dict:
    t0 = time.perf_counter()
    from rasd import Pipeline
    nlp = Pipeline()
    n = 0
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8") as out:
        for doc in nlp.pipe(_records(corpus, limit)):
            out.write(json.dumps(doc.to_json(), ensure_ascii=False) + "\n")
            n += 1
    secs = time.perf_counter() - t0
    return {"workers": 0, "articles": n, "failed": len(nlp.failures), "seconds": secs,
            "first": 0.0, "rate": n / secs, "rss_mb": _rss() / 2**20, "client_cpu": 0.0}


def show(r: dict) -> None:
    name = "plain (no Dask)" if r["workers"] == 0 else f"{r['workers']} worker(s)"
    print(f"  {name:16s} {r['articles']:,} articles in {r['seconds']:6.1f} s = "
          f"{r['rate']:6.1f} art/s  (first output {r['first']:4.1f} s, "
          f"worker RSS {r['rss_mb']:.0f} MB, this process {r['client_cpu']:.1f} s CPU)",
          flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=SHARED / "data" / "news" / "articles.jsonl")
    ap.add_argument("--limit", type=int, default=10_000)
    ap.add_argument("--workers", default="1,2", help="comma-separated worker counts (1,2)")
    ap.add_argument("--batch-size", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=1, help="runs per worker count (median)")
    ap.add_argument("--plain", action="store_true", help="also run without Dask")
    ap.add_argument("--record", action="store_true", help=f"append a row to {RESULTS.name}")
    ap.add_argument("--note", default="", help="a remark for the recorded row")
    args = ap.parse_args()

    counts = [int(w) for w in args.workers.split(",")]
    load = os.getloadavg()[0]
    print(f"{args.limit:,} articles, batch {args.batch_size}, {os.cpu_count()} cores, "
          f"load {load:.1f}", flush=True)
    runs: dict[int, list[dict]] = {w: [] for w in counts}
    if args.plain:
        runs[0] = []
    for i in range(args.repeat):
        print(f"run {i + 1}/{args.repeat}", flush=True)
        if args.plain:
            runs[0].append(run_plain(args.corpus, args.limit))
            show(runs[0][-1])
        for w in counts:
            runs[w].append(run_dask(args.corpus, args.limit, w, args.batch_size))
            show(runs[w][-1])

    med = {w: {"seconds": statistics.median(r["seconds"] for r in rs),
               "rate": statistics.median(r["rate"] for r in rs),
               "rss_mb": max(r["rss_mb"] for r in rs), "articles": rs[0]["articles"]}
           for w, rs in runs.items()}
    print("median:")
    for w, m in med.items():
        name = "plain (no Dask)" if w == 0 else f"{w} worker(s)"
        print(f"  {name:16s} {m['seconds']:6.1f} s  {m['rate']:6.1f} art/s  "
              f"{m['rate'] / max(w, 1):6.1f} art/s per worker")
    if 1 in med:
        for w in counts:
            if w != 1:
                print(f"speed-up {w} vs 1 worker: {med[w]['rate'] / med[1]['rate']:.2f}x "
                      f"(median times {med[1]['seconds']:.1f} s / {med[w]['seconds']:.1f} s)")
    if args.record:
        if not (1 in med and 2 in med):
            sys.exit("--record needs --workers with 1 and 2")
        one, two = med[1], med[2]
        row = (f"| {dt.date.today()} | {platform.node() or '-'} | {os.cpu_count()} | {load:.1f} "
               f"| {one['articles']:,} | {args.batch_size} | {args.repeat} "
               f"| {one['seconds']:.1f} | {one['rate']:.0f} | {two['seconds']:.1f} "
               f"| {two['rate']:.0f} | {two['rate'] / one['rate']:.2f}x | {two['rate'] / 2:.0f} "
               f"| {max(one['rss_mb'], two['rss_mb']):.0f} | {args.note} |\n")
        if not RESULTS.exists():
            RESULTS.write_text(HEADER, encoding="utf-8")
        with open(RESULTS, "a", encoding="utf-8") as fh:
            fh.write(row)
        print(f"recorded in {RESULTS.relative_to(REPO)}")


if __name__ == "__main__":
    main()
