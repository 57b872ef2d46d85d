"""Load test of the REST API on loopback: GET /api/events under concurrency, against `rasd serve`.

    python bench/load.py                      # build (or reuse) a 10k-event store, 2,000 requests
    python bench/load.py --record             # and add a dated row to docs/benchmarks.md
    python bench/load.py --db my.duckdb       # an existing store instead

Builds a DuckDB store from the first --articles articles of $RASD_SHARED/data/news/
articles.jsonl (cached in the system temp directory under rasd-bench/, reused while it holds
at least --min-events events), starts `rasd serve` on a free 127.0.0.1 port, sends --warmup
requests (the same mix drawn with another seed, not measured), then --requests GET
/api/events requests, --concurrency at a time (httpx.AsyncClient, in --clients processes),
with mixed filters, sorts, page sizes and pages, and reports errors, latency percentiles and
requests/s. Exits 1 when a request failed or p95 is over --max-p95 ms. Traffic goes to 127.0.0.1 only; the
request count is bounded and the server is stopped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("RASD_SHARED", REPO.parent / "shared"))
RASD = str(Path(sys.executable).with_name("rasd"))
SECTION = "## REST API load (bench/load.py)"
HEADER = """\
`python bench/load.py --record`: `rasd serve` (one uvicorn process) over a DuckDB store of
news-corpus events, GET /api/events with mixed filters (country, type, actor, dates,
factuality), sorts, page sizes (20/50/100) and pages, 20 in flight from httpx.AsyncClients
in two other processes (10 each) on the same 2 cores, after a warm-up of 500 requests of the
same mix drawn with another seed (not measured; `--warmup 0` measures a cold server).
Latency is per request, as the client sees it.

| date | host | cores | events | requests | concurrency (clients) | errors | p50 ms | p95 ms | p99 ms | req/s | note |
| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |
"""


def count_events(db: str) -> int:
    import duckdb

    con = duckdb.connect(db, read_only=True)
    try:
        return con.execute("SELECT count(*) FROM events").fetchone()[0]
    finally:
        con.close()


def build_store(n_articles: int, min_events: int) -> str:
    """The cached bench store, built by `rasd ingest` from the first n articles if missing."""
    cache = Path(tempfile.gettempdir()) / "rasd-bench"
    cache.mkdir(exist_ok=True)
    db = cache / f"load-{n_articles}.duckdb"
    if db.exists() and count_events(str(db)) >= min_events:
        return str(db)
    corpus = SHARED / "data" / "news" / "articles.jsonl"
    part = cache / f"articles-{n_articles}.jsonl"
    with open(corpus, "rb") as src, open(part, "wb") as out:
        for i, line in enumerate(src):
            if i >= n_articles:
                break
            out.write(line)
    print(f"building {db} from {n_articles:,} articles of {corpus} ...", flush=True)
    subprocess.run([RASD, "ingest", str(part), "--db", str(db), "--no-progress"], check=True)
    n = count_events(str(db))
    if n < min_events:
        sys.exit(f"load.py: only {n:,} events from {n_articles:,} articles; "
                 "give more with --articles")
    return str(db)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def requests_mix(n: int, seed: int) -> list[dict[str, Any]]:
    """`n` query strings for /api/events: the filters a dashboard user would combine."""
    rng = random.Random(seed)
    countries = ["LBY", "SYR", "YEM", "IRQ", "EGY", "TUR", "SAU", "PSE", "LBN", "SDN"]
    types = ["ASSAULT", "CONSULT", "ACCUSE", "COERCE", "SUPPORT", "AID", "THREATEN",
             "ASSAULT,COERCE", "CONSULT,AGREE"]
    actors = ["haftar", "LBY-GNA", "USA", "TUR", "IMG-IS", "SYR-ASSAD"]
    windows = [("2012-01-01", "2012-12-31"), ("2013-01-01", None), (None, "2013-06-30"),
               ("2014-01-01", "2014-03-31")]
    facts = ["asserted,uncertain"] * 4 + ["all", "asserted", "negated,hypothetical"]
    out = []
    for _ in range(n):
        q: dict[str, Any] = {"factuality": rng.choice(facts),
                             "sort": rng.choice(["-date", "-date", "date", "type",
                                                 "-n_sources"]),
                             "limit": rng.choice([20, 50, 50, 100])}
        kind = rng.random()
        if kind < 0.3:
            q["country"] = rng.choice(countries)
        elif kind < 0.5:
            q["type"] = rng.choice(types)
        elif kind < 0.6:
            q["actor"] = rng.choice(actors)
        elif kind < 0.75:
            since, until = rng.choice(windows)
            if since:
                q["since"] = since
            if until:
                q["until"] = until
        if rng.random() < 0.2:
            q["country"] = rng.choice(countries[:4])
        q["offset"] = q["limit"] * rng.choice([0, 0, 0, 1, 1, 2, 3, 5, 10])
        out.append(q)
    return out


async def run_load(base: str, queries: list[dict[str, Any]], concurrency: int
                   ) -> tuple[list[float], list[str], float]:
    import httpx

    latencies: list[float] = []
    errors: list[str] = []
    todo = iter(enumerate(queries))
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:

        async def worker() -> None:
            for n, q in todo:
                t0 = time.perf_counter()
                try:
                    r = await client.get(f"/api/events?{urlencode(q)}")
                    body = r.content
                    # A page's frame is checked on every answer, its JSON on every 20th (the
                    # client shares the 2 cores with the server: parsing all would slow it).
                    ok = (r.status_code == 200 and body.startswith(b'{"total":')
                          and body.endswith(b"]}"))
                    if ok and n % 20 == 0:
                        page = json.loads(body)
                        ok = len(page["events"]) <= q["limit"]
                    if not ok:
                        errors.append(f"{r.status_code} {q}: {r.text[:200]}")
                except (httpx.HTTPError, ValueError, KeyError) as exc:
                    errors.append(f"{type(exc).__name__} {q}: {exc}")
                latencies.append(time.perf_counter() - t0)

        t0 = time.time()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        t1 = time.time()
    return latencies, errors, (t0, t1)


def _client(args: tuple[str, list[dict[str, Any]], int]) -> Any:
    return asyncio.run(run_load(*args))


def run_clients(base: str, queries: list[dict[str, Any]], concurrency: int, clients: int
                ) -> tuple[list[float], list[str], float]:
    """The queries sent by `clients` processes, `concurrency` in flight in all (a client is
    a Python event loop costing about as much per request as the server: one process would
    measure its own queue); returns latencies, errors and the wall time."""
    import multiprocessing

    clients = max(1, min(clients, concurrency))
    parts = [(base, queries[i::clients], concurrency // clients + (i < concurrency % clients))
             for i in range(clients)]
    if clients == 1:
        results = [_client(parts[0])]
    else:
        with multiprocessing.get_context("fork").Pool(clients) as pool:
            results = pool.map(_client, parts)
    latencies = [x for r in results for x in r[0]]
    errors = [x for r in results for x in r[1]]
    wall = max(r[2][1] for r in results) - min(r[2][0] for r in results)
    return latencies, errors, wall


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def record(row: str) -> None:
    """Add the row to this benchmark's table in docs/benchmarks.md (the section is made the
    first time, at the end)."""
    path = REPO / "docs" / "benchmarks.md"
    lines = path.read_text(encoding="utf-8").splitlines()
    if SECTION not in lines:
        text = "\n".join(lines).rstrip("\n") + f"\n\n{SECTION}\n\n{HEADER}{row}\n"
        path.write_text(text, encoding="utf-8")
        return
    i = lines.index(SECTION) + 1
    while i < len(lines) and not lines[i].startswith("| ---"):
        i += 1
    while i + 1 < len(lines) and lines[i + 1].startswith("|"):
        i += 1
    lines.insert(i + 1, row)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", help="an existing DuckDB store (default: build or reuse the cache)")
    ap.add_argument("--articles", type=int, default=1500,
                    help="articles to ingest for the cached store (default 1,500)")
    ap.add_argument("--min-events", type=int, default=10_000)
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--concurrency", type=int, default=20, help="requests in flight")
    ap.add_argument("--clients", type=int, default=2,
                    help="client processes sharing them (default 2, one per core)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--warmup", type=int, default=500,
                    help="requests of the same mix (another seed) sent first, not measured; "
                         "0 measures a cold server")
    ap.add_argument("--max-p95", type=float, default=200.0, help="ms; exit 1 above it")
    ap.add_argument("--note", default="", help="a word on the conditions, for the record")
    ap.add_argument("--record", action="store_true", help="add a row to docs/benchmarks.md")
    args = ap.parse_args()
    if not 0 < args.requests <= 100_000 or not 0 < args.concurrency <= 200 \
            or not 0 < args.clients <= 8:
        sys.exit("load.py: --requests must be 1..100000, --concurrency 1..200, --clients 1..8")

    db = args.db or build_store(args.articles, args.min_events)
    n_events = count_events(db)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if k != "RASD_TOKEN"}
    server = subprocess.Popen([RASD, "serve", "--db", db, "--port", str(port),
                               "--no-access-log"], env=env, stderr=subprocess.PIPE, text=True)
    try:
        import httpx

        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                sys.exit(f"load.py: rasd serve exited: {server.stderr.read()}")
            try:
                if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                sys.exit("load.py: rasd serve did not come up in 60 s")
            time.sleep(0.2)
        if args.warmup:  # the same mix, other draws: a server that has been in use
            run_clients(base, requests_mix(args.warmup, args.seed + 1), args.concurrency,
                        args.clients)
        queries = requests_mix(args.requests, args.seed)
        latencies, errors, wall = run_clients(base, queries, args.concurrency, args.clients)
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()

    ms = {p: percentile(latencies, p) * 1000 for p in (50, 95, 99)}
    rate = len(latencies) / wall
    print(f"{len(latencies):,} requests, {args.concurrency} concurrent from {args.clients} "
          f"client processes, {n_events:,} events: "
          f"{len(errors)} errors; p50 {ms[50]:.1f} ms, p95 {ms[95]:.1f} ms, "
          f"p99 {ms[99]:.1f} ms; {rate:.0f} requests/s ({wall:.1f} s; warm-up "
          f"{args.warmup} requests)")
    for err in errors[:10]:
        print("  error:", err)
    if args.record:
        row = (f"| {dt.date.today()} | {platform.node() or '-'} | {os.cpu_count()} | "
               f"{n_events:,} | {len(latencies):,} | {args.concurrency} ({args.clients}) | "
               f"{len(errors)} | "
               f"{ms[50]:.1f} | {ms[95]:.1f} | {ms[99]:.1f} | {rate:.0f} | {args.note} |")
        record(row)
        print("recorded in docs/benchmarks.md")
    if errors or ms[95] > args.max_p95:
        sys.exit(1)


if __name__ == "__main__":
    main()
