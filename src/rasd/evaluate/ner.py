"""CoNLL entity-level precision, recall and F1 (exact span and type), micro over all types.

An entity starts at a B-X tag, or at an I-X tag that does not continue an entity of type X
(after O, after another type, or at the start of a sentence), as conlleval and seqeval do.
It continues through following I-X tags.
"""

from __future__ import annotations

from collections.abc import Sequence

TYPES = ("PER", "LOC", "ORG", "MISC")


def chunks(tags: Sequence[str]) -> list[tuple[str, int, int]]:
    """Entities of one sentence as (type, start, end) with `end` exclusive."""
    out: list[tuple[str, int, int]] = []
    cur: str | None = None
    start = 0
    for i, tag in enumerate(tags):
        if tag == "O" or not tag or len(tag) < 3 or tag[1] != "-":
            if cur is not None:
                out.append((cur, start, i))
            cur = None
            continue
        prefix, typ = tag[0], tag[2:]
        if prefix == "I" and cur == typ:
            continue
        if cur is not None:
            out.append((cur, start, i))
        cur, start = typ, i
    if cur is not None:
        out.append((cur, start, len(tags)))
    return out


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def conll_scores(gold_tags: Sequence[Sequence[str]], pred_tags: Sequence[Sequence[str]]) -> dict:
    """Scores in the `rasd ner-eval --json` shape:
    {"overall": {"p","r","f1","tp","fp","fn"}, "PER": {…}, "LOC": {…}, "ORG": {…}, "MISC": {…}}.

    P, R and F1 are rounded to 4 decimals. Types other than the four (none in ANERcorp) are
    counted in "overall" and get their own key.
    """
    if len(gold_tags) != len(pred_tags):
        raise ValueError(f"{len(gold_tags)} gold sentences but {len(pred_tags)} predicted")
    counts: dict[str, list[int]] = {t: [0, 0, 0] for t in TYPES}
    for si, (g, p) in enumerate(zip(gold_tags, pred_tags)):
        if len(g) != len(p):
            raise ValueError(f"sentence {si + 1}: {len(g)} gold tags but {len(p)} predicted")
        gs = set(chunks(g))
        ps = set(chunks(p))
        for typ, _, _ in gs & ps:
            counts.setdefault(typ, [0, 0, 0])[0] += 1
        for typ, _, _ in ps - gs:
            counts.setdefault(typ, [0, 0, 0])[1] += 1
        for typ, _, _ in gs - ps:
            counts.setdefault(typ, [0, 0, 0])[2] += 1
    tp = sum(c[0] for c in counts.values())
    fp = sum(c[1] for c in counts.values())
    fn = sum(c[2] for c in counts.values())
    out = {"overall": _prf(tp, fp, fn)}
    for typ, c in counts.items():
        out[typ] = _prf(*c)
    return out
