"""Where a coordinated clause begins inside a sentence, on rasd's tokens.

Trigger context, casualty tolls and roles all stop at the same boundary, a comma before a
word with و (…، وقالت الوزارة إن …): one test, so that they read it alike.
"""

from __future__ import annotations

from collections.abc import Sequence

from rasd.model import Token
from rasd.text.normalize import DAMMA, norm

# Pronouns a verb or verbal noun carries as its object (اعتقله، شنتها، أيده الله).
OBJECT_PRONOUNS = ("ه", "ها", "هم", "هما")

# Complementisers: what follows is a reported clause with subjects of its own (قال إن الحركة
# شنت…، أكد أنها…). Roles and factuality both stop at them.
COMPLEMENTISERS = frozenset(norm(w) for w in (
    "إن", "أن", "إنه", "أنه", "إنها", "أنها", "بأن", "بأنه", "بأنها"))


def opens_conjunct(tokens: Sequence[Token], k: int, end: int) -> bool:
    """Whether tokens[k] is a comma before a word with و (longer than a bare conjunction)
    that stands before `end`."""
    return (tokens[k].norm == "," and k + 1 < end and tokens[k + 1].norm.startswith("و")
            and len(tokens[k + 1].norm) > 3)


# Words that begin like a future verb (س + يـ/تـ/نـ) but are nouns or past verbs.
_NOT_FUTURE = ("سيطر", "سياس", "سيار", "سياد", "سيد", "ستة", "ستين", "سيناء", "سينا", "سيول",
               "سياق", "سير", "ستار", "سيف", "سين", "سيت", "سيم", "ستو", "ستر", "سنو", "سنه",
               "سني", "سنت")


def future_verb(tok: Token) -> bool:
    """س + an imperfect (ستعود، سيبدأ، سنرد), with or without و or ف before it; not a noun
    that begins the same way (سيارة، سياسة، سيطرة، سنوات)."""
    w = tok.norm
    if w[:1] in ("و", "ف"):
        w = w[1:]
    return len(w) >= 5 and w[0] == "س" and w[1] in "يتن" and not w.startswith(_NOT_FUTURE) \
        and not tok.text.endswith("ة")


def written_passive(verb: Token) -> bool:
    """Whether a verb is written with a damma on its first letters (قُتل، أُطلقت): a passive,
    which has no subject of its own."""
    return DAMMA in verb.text[:3]
