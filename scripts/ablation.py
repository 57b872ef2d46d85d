"""Ablation: what each part of the pipeline adds to the dev scores (docs/quality.md).

    python scripts/ablation.py                  # prints a markdown table
    python scripts/ablation.py --gold path/to/gold.jsonl

Each row turns one part off and scores the pipeline with `rasd.evaluate.events.score`,
exactly as `rasd eval` does. Parts are switched off from outside (a stage left out, a
function replaced for the run), so the package carries no ablation flags.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("RASD_SHARED", REPO.parent / "shared"))
sys.path.insert(0, str(REPO / "src"))

import rasd  # noqa: E402
from rasd.evaluate.events import load_gold, score  # noqa: E402
from rasd.pipeline import default_stages  # noqa: E402


@contextmanager
def patched(obj: Any, name: str, value: Any) -> Iterator[None]:
    old = getattr(obj, name)
    setattr(obj, name, value)
    try:
        yield
    finally:
        setattr(obj, name, old)


def run(gold: list[dict], nlp: rasd.Pipeline) -> dict[str, Any]:
    system = {}
    for g in gold:
        # as `rasd eval` reads a gold line: the gold's own country is not given to the system
        rec = {"id": g["id"], "text": g["text"], "published": g.get("published"),
               "source": g.get("source")}
        docs = list(nlp.pipe([rec]))
        system[g["id"]] = [e.to_json() for e in docs[0].events] if docs else []
    return score(gold, system).to_json()


def variants() -> list[tuple[str, Callable[[], Any]]]:
    """(name, context manager factory) for each ablation; the factory yields a pipeline."""
    import rasd.events.coder as coder
    import rasd.events.roles as roles
    import rasd.text.stage as text_stage
    from rasd.actors.stage import ActorStage

    def with_stages(keep: Callable[[Any], bool]) -> Callable[[], Any]:
        @contextmanager
        def cm() -> Iterator[rasd.Pipeline]:
            yield rasd.Pipeline([s for s in default_stages() if keep(s)])
        return cm

    def with_patch(obj: Any, name: str, value: Any) -> Callable[[], Any]:
        @contextmanager
        def cm() -> Iterator[rasd.Pipeline]:
            with patched(obj, name, value):
                yield rasd.Pipeline()
        return cm

    @contextmanager
    def no_bare_agents() -> Iterator[rasd.Pipeline]:
        stages = [ActorStage(bare_agents=False) if s.name == "actors" else s
                  for s in default_stages()]
        yield rasd.Pipeline(stages)

    @contextmanager
    def nearest_actors() -> Iterator[rasd.Pipeline]:
        # no clause structure: the nearest actor before is the source, after the target
        def naive(match, text, tokens, actors, clause, sentence, parts=None, others=()):
            lo, hi = sentence
            parts = parts or roles.participants(tokens, actors, lo, hi)
            before = [p for p in parts if p.last <= match.first]
            after = [p for p in parts if p.first >= match.last]
            return (before[-1].actor if before else None,
                    after[0].actor if after else None, ["role:naive"])
        with patched(coder, "attach_roles", naive):
            yield rasd.Pipeline()

    return [
        ("full pipeline", with_stages(lambda s: True)),
        ("without NER (dictionary actors and places only)", with_stages(lambda s: s.name != "ner")),
        ("without bare agents (القوات، مسلحون)", no_bare_agents),
        ("roles: nearest actor before/after, no clause structure", nearest_actors),
        ("without factuality (all asserted)",
         with_patch(coder, "factuality", lambda *a, **k: ("asserted", "factuality:off"))),
        ("without event coreference", with_patch(coder, "refers_back", lambda *a: False)),
        ("without victims as targets (قتل 13 متمردا … في مواجهات)",
         with_patch(coder, "victims", lambda *a, **k: None)),
        ("without not-an-occasion filters (habits, relative descriptions, generic)",
         with_patch(coder, "not_an_occasion", lambda *a, **k: None)),
        ("without datelines", with_patch(text_stage, "find_dateline", lambda text: None)),
    ]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, default=SHARED / "gold" / "dev.jsonl")
    args = ap.parse_args()
    gold = load_gold(args.gold)
    print("| configuration | event F1 | event+actors F1 | actor country | location | date "
          "| factuality | marked |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, factory in variants():
        with factory() as nlp:
            s = run(gold, nlp)
        print(f"| {name} | {s['event']['f1']:.3f} | {s['event_actors']['f1']:.3f} | "
              f"{s['actor_country']['accuracy']:.3f} | {s['location']['accuracy']:.3f} | "
              f"{s['date']['accuracy']:.3f} | {s['factuality']['accuracy']:.3f} | "
              f"{s['factuality_marked']['accuracy']:.3f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
