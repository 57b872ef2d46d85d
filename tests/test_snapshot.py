"""Output identity on the dev gold: speed work must not change what rasd codes.

The digests in tests/fixtures/dev_snapshot.json are rasd's output on each dev article
(scripts/snapshot.py). An intended change to extraction rewrites them in the same commit
as its docs/quality.md row; any other difference is a regression this test names.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _snapshot_module():
    spec = importlib.util.spec_from_file_location("snapshot", REPO / "scripts" / "snapshot.py")
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    return mod


def test_dev_output_matches_the_snapshot(shared) -> None:
    mod = _snapshot_module()
    expected = json.loads(mod.SNAPSHOT.read_text(encoding="utf-8"))
    got = mod.digests(shared / "gold" / "dev.jsonl")
    assert set(got) == set(expected)
    changed = sorted(k for k in got if got[k] != expected[k])
    assert not changed, (
        f"output changed on {len(changed)} dev articles ({', '.join(changed[:5])}…); if the "
        "change is intended, run `python scripts/snapshot.py` and record the new `rasd eval` "
        "scores in docs/quality.md")
