"""Memory over a long stream: does resident memory stay flat after warm-up?

    python bench/memory.py                    # 10,000 articles, a sample every 500
    python bench/memory.py --record           # and append the result to docs/benchmarks.md

Streams articles through one `rasd.Pipeline` (as `rasd extract` does, output discarded)
and samples the process's resident set size (VmRSS) as it goes. Caches fill during the
first articles (word readings, feature ids); after `--warmup` articles, memory should grow
by no more than 10% (issue 8). Prints every sample and the growth after warm-up.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from itertools import islice
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("RASD_SHARED", REPO.parent / "shared"))


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=SHARED / "data" / "news" / "articles.jsonl")
    ap.add_argument("--limit", type=int, default=10_000)
    ap.add_argument("--every", type=int, default=500)
    ap.add_argument("--warmup", type=int, default=2_000)
    ap.add_argument("--record", action="store_true")
    args = ap.parse_args()

    import rasd
    nlp = rasd.Pipeline()
    samples: list[tuple[int, float]] = [(0, rss_mb())]
    t0 = time.perf_counter()
    with open(args.corpus, encoding="utf-8") as fh:
        records = (json.loads(line) for line in islice(fh, args.limit))
        for n, doc in enumerate(nlp.pipe(records), 1):
            json.dumps(doc.to_json(), ensure_ascii=False)
            if n % args.every == 0:
                samples.append((n, rss_mb()))
                print(f"{n:>7,} articles  RSS {samples[-1][1]:7.1f} MB", flush=True)
    secs = time.perf_counter() - t0
    base = next((mb for n, mb in samples if n >= args.warmup), samples[-1][1])
    peak_after = max(mb for n, mb in samples if n >= args.warmup)
    growth = (peak_after - base) / base
    verdict = "flat" if growth <= 0.10 else "GROWING"
    print(f"after warm-up ({args.warmup:,}): {base:.0f} MB → peak {peak_after:.0f} MB, "
          f"growth {100 * growth:.1f}% ({verdict}); {secs:.0f} s")
    if args.record:
        curve = ", ".join(f"{n // 1000}k {mb:.0f}" for n, mb in samples
                          if n % 2000 == 0 and n)
        with open(REPO / "docs" / "benchmarks.md", "a", encoding="utf-8") as fh:
            fh.write(f"| {dt.date.today()} | {args.limit:,} | {base:.0f} | {peak_after:.0f} | "
                     f"{100 * growth:.1f}% | {verdict} | MB at: {curve} |\n")
        print("recorded in docs/benchmarks.md")
    return 0 if growth <= 0.10 else 1


if __name__ == "__main__":
    sys.exit(main())
