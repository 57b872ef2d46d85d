"""Render `rasd eval --json` output as the markdown tables of docs/quality.md.

    rasd eval ../shared/gold/dev.jsonl --json | python scripts/quality_table.py
"""

from __future__ import annotations

import json
import sys


def pct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.1f}"


def main() -> None:
    s = json.load(sys.stdin)
    print("| score | P | R | F1 | TP | FP | FN |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for key in ("event", "event_actors"):
        v = s[key]
        print(f"| {key} | {pct(v['p'])} | {pct(v['r'])} | {pct(v['f1'])} | {v['tp']} | "
              f"{v['fp']} | {v['fn']} |")
    print()
    print("| accuracy | % | n |")
    print("| --- | ---: | ---: |")
    for key in ("actor_country", "location", "date", "factuality", "factuality_marked", "mode"):
        print(f"| {key} | {pct(s[key]['accuracy'])} | {s[key]['n']} |")
    print()
    print("| type | P | R | F1 | TP | FP | FN |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for t, v in sorted(s["per_type"].items()):
        print(f"| {t} | {pct(v['p'])} | {pct(v['r'])} | {pct(v['f1'])} | {v['tp']} | "
              f"{v['fp']} | {v['fn']} |")


if __name__ == "__main__":
    main()
