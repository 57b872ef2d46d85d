"""The extraction snapshot: a digest of rasd's output on every dev-gold article.

    python scripts/snapshot.py            # rewrite tests/fixtures/dev_snapshot.json

tests/test_snapshot.py re-extracts the same articles and compares digests, so a change
meant only to make rasd faster or tidier cannot change what it codes unnoticed. When a
change to extraction is meant, rerun this script, run `rasd eval`, and record the new
scores in docs/quality.md in the same commit. Only digests are stored, no article text.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("RASD_SHARED", REPO.parent / "shared"))
SNAPSHOT = REPO / "tests" / "fixtures" / "dev_snapshot.json"


def digests(gold_path: Path) -> dict[str, str]:
    """Article id → sha256 of its output line (GOLD.md system format), as `rasd eval` runs."""
    import rasd
    from rasd.evaluate.events import load_gold

    gold = load_gold(gold_path)
    records = [{"id": g["id"], "text": g["text"], "published": g.get("published"),
                "source": g.get("source")} for g in gold]
    out = {}
    for doc in rasd.Pipeline().pipe(records):
        line = json.dumps(doc.to_json(), ensure_ascii=False, sort_keys=True)
        out[doc.id] = hashlib.sha256(line.encode("utf-8")).hexdigest()[:16]
    return out


def main() -> int:
    sys.path.insert(0, str(REPO / "src"))
    data = digests(SHARED / "gold" / "dev.jsonl")
    SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
    SNAPSHOT.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(data)} article digests written to {SNAPSHOT.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
