"""Throughput benchmark: articles/second and words/second of the pipeline, one process.

    python bench/run.py                        # first 2,000 articles of the news corpus
    python bench/run.py --limit 10000 --record # and append a dated row to docs/benchmarks.md

Times, in one run: start-up (import + loading every dictionary and model), a floor (reading
the same articles and normalising their text only), and the full pipeline per stage. The
pipeline's cost is also given as a ratio to the floor, which is stable across noisy machines.
Reads the corpus from $RASD_SHARED (default ../shared).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("RASD_SHARED", REPO.parent / "shared"))


def load_articles(path: Path, limit: int) -> list[dict]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            out.append(json.loads(line))
            if len(out) >= limit:
                break
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=SHARED / "data" / "news" / "articles.jsonl")
    ap.add_argument("--limit", type=int, default=2000)
    ap.add_argument("--record", action="store_true", help="append a row to docs/benchmarks.md")
    args = ap.parse_args()

    t0 = time.perf_counter()
    import rasd
    from rasd.text.normalize import normalize
    nlp = rasd.Pipeline()
    startup = time.perf_counter() - t0

    articles = load_articles(args.corpus, args.limit)
    words = sum(len(a["text"].split()) for a in articles)

    t0 = time.perf_counter()
    for a in articles:
        normalize(a["text"])
    floor = time.perf_counter() - t0

    per_stage = {s.name: 0.0 for s in nlp.stages}
    events = 0
    t0 = time.perf_counter()
    for a in articles:
        doc = rasd.pipeline.to_document(a)
        for stage in nlp.stages:
            ts = time.perf_counter()
            doc = stage(doc)
            per_stage[stage.name] += time.perf_counter() - ts
        events += len(doc.events)
    total = time.perf_counter() - t0
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    n = len(articles)
    print(f"articles {n:,}  words {words:,} (mean {words / n:.0f})  events {events:,}")
    print(f"start-up {startup:.2f} s   pipeline {total:.2f} s   floor {floor:.3f} s")
    print(f"articles/s {n / total:,.0f}   words/s {words / total:,.0f}   "
          f"ratio to floor {total / floor:,.0f}x   peak RSS {rss_mb:,.0f} MB")
    for name, secs in per_stage.items():
        print(f"  {name:8s} {secs:7.2f} s  {100 * secs / total:5.1f}%")
    if args.record:
        row = (f"| {dt.date.today()} | {platform.node() or '-'} | {os.cpu_count()} | {n:,} | "
               f"{n / total:,.0f} | {words / total:,.0f} | {startup:.2f} | {rss_mb:,.0f} | "
               f"{total / floor:,.0f}x | "
               + ", ".join(f"{k} {100 * v / total:.0f}%" for k, v in per_stage.items()) + " |\n")
        with open(REPO / "docs" / "benchmarks.md", "a", encoding="utf-8") as fh:
            fh.write(row)
        print("recorded in docs/benchmarks.md")


if __name__ == "__main__":
    sys.exit(main())
