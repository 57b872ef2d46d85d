"""End-to-end throughput as users run it: `rasd extract FILE --format jsonl --output OUT`.

    python bench/cli.py                       # 2,000 and 10,000 articles, 3 runs each, core 0
    python bench/cli.py --sizes 2000 --runs 5 --record

Each run is a fresh process pinned to one core (`taskset -c CORE`), so start-up (imports,
every dictionary and model) is included, as issue 8 measures it. Beside each size it times
the floor in the same way: a process that reads the same articles and normalises their
text. The pipeline's cost as a ratio to that floor is stable on a noisy machine, where
articles/second is not. Peak RSS is the child's own (os.wait4). Reads the corpus from
$RASD_SHARED (default ../shared); `--record` appends rows to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("RASD_SHARED", REPO.parent / "shared"))
RASD = str(Path(sys.executable).with_name("rasd"))

FLOOR = """
import json, sys
from rasd.text.normalize import normalize
with open(sys.argv[1], encoding="utf-8") as fh:
    for line in fh:
        normalize(json.loads(line)["text"])
"""


def timed(cmd: list[str]) -> tuple[float, float]:
    """(wall seconds, peak RSS MB) of one child process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    if status != 0:
        err = proc.stderr.read().decode() if proc.stderr else ""
        raise SystemExit(f"{' '.join(cmd)} failed ({status}): {err[-500:]}")
    return wall, usage.ru_maxrss / 1024


def pinned(core: int, cmd: list[str]) -> list[str]:
    return (["taskset", "-c", str(core)] if shutil.which("taskset") else []) + cmd


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=SHARED / "data" / "news" / "articles.jsonl")
    ap.add_argument("--sizes", type=int, nargs="+", default=[2000, 10000])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--core", type=int, default=0)
    ap.add_argument("--record", action="store_true", help="append rows to docs/benchmarks.md")
    args = ap.parse_args()

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        one = Path(tmp) / "one.jsonl"
        with open(args.corpus, encoding="utf-8") as fh:
            one.write_text(next(fh), encoding="utf-8")
        starts = [timed(pinned(args.core, [RASD, "extract", str(one), "--format", "jsonl",
                                           "--output", str(Path(tmp) / "one.out")]))[0]
                  for _ in range(args.runs)]
        startup = statistics.median(starts)
        print(f"start-up (rasd extract of one article): median {startup:.2f} s of {args.runs}")
        for size in args.sizes:
            src = Path(tmp) / f"news-{size}.jsonl"
            with open(args.corpus, encoding="utf-8") as fh, open(src, "w", encoding="utf-8") as out:
                out.writelines(islice(fh, size))
            words = sum(len(line.split()) for line in src.open(encoding="utf-8"))
            runs, floors, rss = [], [], []
            for _ in range(args.runs):
                wall, peak = timed(pinned(args.core, [RASD, "extract", str(src), "--format",
                                                      "jsonl", "--output",
                                                      str(Path(tmp) / "out.jsonl")]))
                runs.append(wall)
                rss.append(peak)
                floors.append(timed(pinned(args.core, [sys.executable, "-c", FLOOR,
                                                       str(src)]))[0])
            wall, floor = statistics.median(runs), statistics.median(floors)
            row = {"size": size, "wall": wall, "rate": size / wall, "words": words / wall,
                   "rss": max(rss), "floor": floor, "ratio": wall / floor,
                   "runs": ", ".join(f"{r:.1f}" for r in runs)}
            rows.append(row)
            print(f"{size:>6,} articles: median {wall:.1f} s ({row['runs']}) → "
                  f"{row['rate']:.0f} articles/s, {row['words']:,.0f} words/s; peak RSS "
                  f"{row['rss']:.0f} MB; floor {floor:.2f} s, ratio {row['ratio']:.0f}x")
    if args.record:
        with open(REPO / "docs" / "benchmarks.md", "a", encoding="utf-8") as fh:
            for r in rows:
                fh.write(f"| {dt.date.today()} | `taskset -c {args.core} rasd extract` | "
                         f"{os.cpu_count()} | {r['size']:,} | {r['rate']:.0f} | "
                         f"{r['words']:,.0f} | {startup:.2f} | {r['rss']:.0f} | "
                         f"{r['ratio']:.0f}x | median of {args.runs}: {r['runs']} s |\n")
        print("recorded in docs/benchmarks.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
