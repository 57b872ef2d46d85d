"""Rebuild the bundled demo sample (src/rasd/data/samples/articles.jsonl).

The sample is the seed article (examples/seed.txt) and a few Jawhara FM articles from the
ANT Corpus v1.1, whose repository ships an Apache-2.0 licence (data/news/README.md). No
other outlet may be bundled. Usage: RASD_SHARED=../shared python scripts/build_sample.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("RASD_SHARED", REPO.parent / "shared"))
# Conflict articles of Jawhara FM that are not in the dev gold set.
JAWHARA_IDS = ["jawharafm-1087", "jawharafm-1246", "jawharafm-1366", "jawharafm-1508",
               "jawharafm-1524", "jawharafm-338", "jawharafm-505", "jawharafm-449"]


def main() -> None:
    seed = json.loads((SHARED / "examples" / "seed.gold.jsonl").read_text(encoding="utf-8")
                      .splitlines()[0])
    out = [{"id": seed["id"], "source": seed["source"], "published": seed["published"],
            "text": seed["text"]}]
    wanted = set(JAWHARA_IDS)
    with open(SHARED / "data" / "news" / "articles.jsonl", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec["id"] in wanted:
                out.append({k: rec.get(k) for k in ("id", "source", "published", "url", "title",
                                                    "text")})
    order = {i: n for n, i in enumerate(["seed-000"] + JAWHARA_IDS)}
    out.sort(key=lambda r: order[r["id"]])
    dest = REPO / "src" / "rasd" / "data" / "samples" / "articles.jsonl"
    dest.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out),
                    encoding="utf-8")
    print(f"wrote {len(out)} articles to {dest}")


if __name__ == "__main__":
    main()
