"""Build the NER tagger's auto-tagged lexicon src/rasd/data/ner/autolex.tsv.

    .venv/bin/python scripts/ner_autolex.py --model STAGE1_MODEL [--news shared/data/news/articles.jsonl]
                                            [--out src/rasd/data/ner/autolex.tsv]

A first NER model (trained on ANERcorp train only; its stage 1 is used) tags the unlabelled
news. Every word's tags are counted over the whole corpus, and words (and multi-word names)
that the model tags as one type often enough are written out with a category:

    APER ALOC AORG AMISC   word seen >= MIN_WORD times, tagged as that type in >= HI of its uses
    aPER aLOC aORG aMISC   ... in >= LO of its uses (and < HI)
    MPER MLOC MORG MMISC   multi-word name (2-5 words) tagged as a whole >= MIN_MULTI times, and
                           as that type in >= MULTI_SHARE of those

The file has the same format as gazetteer.tsv (form<TAB>category); the tagger reads it as
more gazetteer categories (rasd.ner.features.Featurizer, use_autolex). A word that recurs
as a name across thousands of articles is likely a name in a new text too, even where the
local context is weak (a lone surname, a foreign name); the CRF learns how much to trust it.

Only the ANT-corpus articles are read: ids starting with EXCLUDE_PREFIXES (SaudiNewsNet,
`snn-*`, CC BY-NC-SA 4.0) are skipped, as that material must not ship in the package in any
form. Only single words and short names with a category are written, never text.

For a fair dev-slice experiment the first model must not have seen the dev slice (train it
with dev_fraction) and the lexicon built from it is used to train and score that slice.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from rasd.evaluate.ner import chunks  # noqa: E402
from rasd.ner.tagger import Tagger  # noqa: E402
from rasd.text.normalize import norm, normalize  # noqa: E402

EXCLUDE_PREFIXES = ("snn-",)  # SaudiNewsNet: CC BY-NC-SA, must not ship (shared/data/README.md)
_TOKEN = re.compile(r"\w+|[^\w\s]", re.UNICODE)
_ARABIC = re.compile(r"^[\u0621-\u064A]+$")
_END = {".", "!", "?", "؟"}
TYPES = ("PER", "LOC", "ORG", "MISC")
MIN_WORD = 3
HI = 0.5
LO = 0.15
MIN_MULTI = 3
MULTI_SHARE = 0.7


def sentences_of(rec: dict) -> list[list[str]]:
    text = (rec.get("title") or "") + "\n" + (rec.get("text") or "")
    out: list[list[str]] = []
    for para in normalize(text).text.split("\n"):
        cur: list[str] = []
        for t in _TOKEN.findall(para):
            cur.append(t)
            if t in _END or len(cur) >= 80:
                out.append(cur)
                cur = []
        if cur:
            out.append(cur)
    return out


def main() -> None:
    root = Path(__file__).resolve().parents[1]
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--news", default=str(root.parent / "shared/data/news/articles.jsonl"))
    ap.add_argument("--out", default=str(root / "src/rasd/data/ner/autolex.tsv"))
    ap.add_argument("--stages", type=int, default=1)
    args = ap.parse_args()
    t0 = time.time()
    tagger = Tagger.load(args.model, cache=False)
    total: Counter[str] = Counter()
    typed: dict[str, Counter[str]] = defaultdict(Counter)
    multi: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    n_art = n_tok = 0
    with open(args.news, encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if str(rec.get("id", "")).startswith(EXCLUDE_PREFIXES):
                continue
            sents = sentences_of(rec)
            if not sents:
                continue
            n_art += 1
            tags = tagger.tag_sents(sents, stages=args.stages)
            for toks, tg in zip(sents, tags):
                ns = [norm(t) or t for t in toks]
                n_tok += len(ns)
                for n, t in zip(ns, tg):
                    if not _ARABIC.match(n):
                        continue
                    total[n] += 1
                    if t != "O":
                        typed[n][t[2:]] += 1
                for typ, a, b in chunks(tg):
                    if 2 <= b - a <= 5 and all(_ARABIC.match(n) for n in ns[a:b]):
                        multi[tuple(ns[a:b])][typ] += 1
            if n_art % 2000 == 0:
                print(f"{n_art} articles, {n_tok} tokens ({time.time()-t0:.0f}s)", file=sys.stderr)
    entries: set[tuple[str, str]] = set()
    for n, c in total.items():
        if c < MIN_WORD or len(n) < 2 or n not in typed:
            continue
        for typ, k in typed[n].items():
            r = k / c
            if r >= HI:
                entries.add((n, "A" + typ))
            elif r >= LO:
                entries.add((n, "a" + typ))
    for words, td in multi.items():
        c = sum(td.values())
        typ, k = td.most_common(1)[0]
        if c >= MIN_MULTI and k / c >= MULTI_SHARE:
            entries.add((" ".join(words), "M" + typ))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        fh.write("# form\tcategory (see scripts/ner_autolex.py)\n")
        for form, cat in sorted(entries):
            fh.write(f"{form}\t{cat}\n")
    counts = Counter(c for _, c in entries)
    print(f"{n_art} articles, {n_tok} tokens; wrote {len(entries)} entries to {out}: {dict(sorted(counts.items()))} "
          f"({time.time()-t0:.0f}s)", file=sys.stderr)


if __name__ == "__main__":
    main()
