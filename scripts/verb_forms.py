"""Build src/rasd/data/events/perfect_verbs.txt, the past-tense verb forms that role
attachment must not read as a noun phrase (قمة أولى عقدت في 2000: عقدت is no participant).

    .venv/bin/python scripts/verb_forms.py [--shared ../shared/data] [--out src/rasd/data/events/perfect_verbs.txt]

A word right after the particle قد (وقد، لقد، فقد) is a verb: قد before a past verb means "has
already", before a present one "may". Of those words this keeps the ones whose ending is a
subject suffix no noun has (ت but not the plural ات، وا، تا), or the masculine of a derived verb
whose verbal noun differs (استهدف، انسحب، اعتقل، and أسفر when أسفرت is seen too), seen at
least MIN_SEEN times, so that a masculine form that is also a verbal noun (قصف، دعم) is never
listed; the few forms that are also common nouns or first names are dropped by hand (NOT_VERBS).

The news corpus contributes single words only, and only its ANT-corpus articles: ids starting
with EXCLUDE_PREFIXES (SaudiNewsNet, `snn-*`, CC BY-NC-SA 4.0) are skipped, as that material
must not ship in the package in any form (src/rasd/data/events/ATTRIBUTION.md).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from itertools import pairwise
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from rasd.text.normalize import norm

EXCLUDE_PREFIXES = ("snn-",)
PARTICLES = frozenset(("قد", "وقد", "لقد", "فقد"))
MIN_SEEN = 2
# صوت "a voice", ثبت "a register", لفت, and first names (حكمت، رفعت، كرمت) that a clause
# can also hold as nouns.
NOT_VERBS = frozenset(norm(w) for w in ("صوت", "ثبت", "لفت", "حكمت", "رفعت", "كرمت", "عزت",
                                        "بنت", "سرت"))
_WORD = re.compile(r"[\u0621-\u064A\u0640\u064B-\u0652]+")


def verb_ending(w: str) -> bool:
    """A perfect verb's subject suffix that no noun ends in."""
    return (w.endswith("ت") and not w.endswith("ات")) or w.endswith(("وا", "تا"))


def derived_stem(w: str) -> bool:
    """The masculine past of a derived verb, whose verbal noun has another shape: استفعل
    (استهدف / استهداف), انفعل (انسحب / انسحاب), افتعل (اعتقل / اعتقال)."""
    return w.startswith("است") or (len(w) == 5 and (w.startswith("ان") or w[0] == "ا" and w[2] == "ت"))


def mine(articles: Path) -> Counter[str]:
    seen: Counter[str] = Counter()
    with open(articles, encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            if record["id"].startswith(EXCLUDE_PREFIXES):
                continue
            words = [norm(w) for w in _WORD.findall(record["text"])]
            seen.update(b for a, b in pairwise(words) if a in PARTICLES)
    return seen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path,
                        default=Path("src/rasd/data/events/perfect_verbs.txt"))
    args = parser.parse_args()
    seen = mine(args.shared / "news" / "articles.jsonl")
    forms = sorted(w for w, n in seen.items()
                   if n >= MIN_SEEN and w not in NOT_VERBS and (
                       verb_ending(w) or derived_stem(w)
                       # أفعل: the masculine of أسفرت، أعلنت, both seen (an elative such as
                       # أكثر has no such feminine)
                       or w.startswith("ا") and len(w) >= 4 and seen[w + "ت"] >= MIN_SEEN))
    header = ("# Past-tense verb forms (normalised) seen after قد in the ANT-corpus news; "
              "built by scripts/verb_forms.py\n")
    args.out.write_text(header + "".join(f"{w}\n" for w in forms), encoding="utf-8")
    print(f"{len(forms)} forms -> {args.out}")


if __name__ == "__main__":
    main()
