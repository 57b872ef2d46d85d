"""Casualty counts: killed and wounded numbers stated near a casualty cue in a sentence.

مقتل 5 مدنيين → killed 5; 52 قتيلا وعشرات الجرحى → killed 52, wounded ≥ 20; سقوط قتلى →
killed ≥ 2 (a plural with no number). The count is the number as given; vague words
(عشرات، مئات) give their smallest value with `lower_bound` set, as ACLED's fatalities do.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rasd.events.clauses import opens_conjunct
from rasd.model import Casualties, Token
from rasd.resources import data_path, load_yaml
from rasd.text.clitics import prefix_readings
from rasd.text.normalize import DAMMA, norm

_DIGITS = re.compile(r"\d{1,6}")


@dataclass(frozen=True)
class CasualtyLexicon:
    window: int
    killed: frozenset[str]
    wounded: frozenset[str]
    counted: frozenset[str]
    toll: frozenset[str]
    toll_active: frozenset[str]
    toll_after_subject: frozenset[str]
    toll_end: frozenset[str]
    numbers: dict[str, int]
    lower_bounds: dict[str, int]


@lru_cache(maxsize=1)
def load_casualty_lexicon() -> CasualtyLexicon:
    raw = load_yaml(data_path("events", "casualties.yaml"))
    return CasualtyLexicon(
        window=int(raw.get("window", 3)),
        killed=frozenset(norm(w) for w in raw["killed"]),
        wounded=frozenset(norm(w) for w in raw["wounded"]),
        counted=frozenset(norm(w) for w in raw.get("counted", ())),
        toll=frozenset(norm(w) for w in raw.get("toll", ())),
        toll_active=frozenset(norm(w) for w in raw.get("toll_active", ())),
        toll_after_subject=frozenset(norm(w) for w in raw.get("toll_after_subject", ())),
        toll_end=frozenset(norm(w) for w in raw.get("toll_end", ())),
        numbers={norm(k): int(v) for k, v in raw["numbers"].items()},
        lower_bounds={norm(k): int(v) for k, v in raw["lower_bounds"].items()},
    )


_VAGUE_NUMERALS = frozenset(norm(w) for w in ("عشرات", "مئات", "آلاف", "العشرات", "المئات",
                                               "الآلاف"))


def _stems(word: str) -> list[str]:
    return [stem for _, stem in prefix_readings(word)]


def is_count(tok: Token) -> bool:
    """Whether a token is a number: digits or a number word (ثلاثة، عشرات، آلاف); not a
    word that only implies one (عدد، قتلى)."""
    if _DIGITS.fullmatch(tok.norm):
        return True
    lex = load_casualty_lexicon()
    return any(stem in lex.numbers or stem in _VAGUE_NUMERALS for stem in _stems(tok.norm))


def counts_singular(tok: Token) -> bool:
    """Whether a token is a count from 11 on (24, عشرات), which takes a singular noun in the
    accusative (24 طالبا); a four-digit number is taken for a year (في 2011 اعتقلت)."""
    if _DIGITS.fullmatch(tok.norm):
        return len(tok.norm) != 4 and int(tok.norm) >= 11
    got = _number(tok, load_casualty_lexicon())
    return got is not None and got[0] >= 11


def _number(tok: Token, lex: CasualtyLexicon) -> tuple[int, bool] | None:
    """(value, lower_bound) of a number token, or None."""
    if _DIGITS.fullmatch(tok.norm):
        return int(tok.norm), False
    for stem in _stems(tok.norm):
        if stem in lex.numbers:
            return lex.numbers[stem], False
        if stem in lex.lower_bounds:
            return lex.lower_bounds[stem], True
    return None


def find_casualties(tokens: Sequence[Token], lo: int, hi: int,
                    lex: CasualtyLexicon | None = None) -> Casualties | None:
    """Killed/wounded counts stated in tokens[lo:hi] (one sentence), or None."""
    lex = lex or load_casualty_lexicon()
    counts: dict[str, tuple[int, bool]] = {}
    for i in range(lo, hi):
        tok = tokens[i]
        if not tok.is_word:
            continue
        stems = _stems(tok.norm)
        kind = ("killed" if any(s in lex.killed for s in stems)
                else "wounded" if any(s in lex.wounded for s in stems) else None)
        if kind is None or kind in counts:
            continue
        # The nearest number within the window: before a counted noun (52 قتيلا), after a
        # verbal noun or verb (مقتل 5).
        before_first = any(s in lex.counted for s in stems)
        order = [k for d in range(1, lex.window + 1)
                 for k in ((i - d, i + d) if before_first else (i + d, i - d))]
        for k in order:
            if lo <= k < hi and tokens[k].is_word:
                value = _number(tokens[k], lex)
                if value is not None:
                    counts[kind] = value
                    break
        else:
            # A plural cue with no number (سقوط قتلى، عشرات الجرحى handled above) is ≥ 2.
            self_value = lex.lower_bounds.get(stems[-1]) if stems else None
            if self_value is not None:
                counts[kind] = (self_value, True)
    if not counts:
        return None
    killed, wounded = counts.get("killed"), counts.get("wounded")
    return Casualties(killed=killed[0] if killed else None,
                      wounded=wounded[0] if wounded else None,
                      lower_bound=any(lb for _, lb in counts.values()))


# Words before a count that qualify it (ما لا يقل عن 18، أكثر من 20، نحو 30).
_QUALIFIERS = frozenset(norm(w) for w in (
    "ما", "لا", "يقل", "عن", "أكثر", "اكثر", "من", "نحو", "حوالي", "قرابة", "زهاء"))
TOLL_REACH = 20  # tokens from a toll's verb to the attack that caused it
# Where the cause of a toll follows: قتل … في قصف، جراء تفجير، إثر هجوم، بسبب الغارات.
CAUSAL = frozenset(norm(w) for w in (
    "في", "جراء", "إثر", "اثر", "عقب", "خلال", "أثناء", "اثناء", "نتيجة", "بسبب", "بفعل"))
# Words that open another clause, which a toll is not read across (… وقالت الوزارة إن …).
_CLAUSE_OPENERS = frozenset(norm(w) for w in (
    "إن", "أن", "أنه", "أنها", "بأن", "حين", "عندما", "بينما", "حيث"))


def _clause_start(tokens: Sequence[Token], lo: int, before: int) -> int:
    """Where the clause holding tokens[before] begins, looking back at most TOLL_REACH
    tokens: after a complementiser or subordinator, or a comma before a word with و (a
    coordinated clause: قتل جندي الأحد، وقالت الوزارة إن قواتها ردت بقصف)."""
    start = max(lo, before - TOLL_REACH)
    for j in range(before - 1, start - 1, -1):
        w = tokens[j].norm
        if w in _CLAUSE_OPENERS or opens_conjunct(tokens, j, before):
            return j + 1
    return start


def victims_span(tokens: Sequence[Token], lo: int, before: int,
                 lex: CasualtyLexicon | None = None) -> tuple[int, int] | None:
    """Token range [start, end) of the words naming who was killed or wounded in the clause
    that ends at tokens[before]: after the first toll verb or verbal noun (مقتل 17 مدنيا،
    قُتل ما لا يقل عن 18 عنصرا، مقتل ستة أشخاص وجرح 13 آخرين → ستة أشخاص; لقي جنديان
    مصرعهما), or before a plural toll verb (4 جنود قتلوا). Counted nouns (52 قتيلا) and bare
    counts (أصيب 15) name no one; a toll word that may be an active verb (قتلت القوات…) is
    read as a toll only with a count, a dual or a damma after it."""
    lex = lex or load_casualty_lexicon()
    start = _clause_start(tokens, lo, before)
    for i in range(start, before - 1):
        tok = tokens[i]
        if not tok.is_word:
            continue
        stems = _stems(tok.norm)
        if any(s in lex.toll_after_subject for s in stems):
            k = i
            while k > start and i - k < 2 and tokens[k - 1].is_word \
                    and tokens[k - 1].norm not in CAUSAL:
                k -= 1
            if k < i:
                return k, i
            continue
        if i >= before - 2 or not any(s in lex.toll for s in stems):
            continue
        k = i + 1
        # past a count's qualifiers and a second toll word (قتل وجرح عدد، قُتل وأصيب 55)
        while k < before and (tokens[k].norm in _QUALIFIERS or any(
                s in lex.toll for s in _stems(tokens[k].norm))):
            k += 1
        if k >= before - 1 or not tokens[k].is_word:
            return None
        nxt = tokens[k].norm
        counted = bool(_DIGITS.fullmatch(nxt)) or _number(tokens[k], lex) is not None
        if counted and not (tokens[k + 1].is_word and tokens[k + 1].norm not in CAUSAL):
            continue  # أصيب 15 في…: a bare count names no one; a later toll may
        if any(s in lex.toll_active for s in stems) and not (
                counted or k > i + 1 or DAMMA in tok.text
                or (nxt.endswith("يان") and not nxt.startswith("ال"))):
            continue  # قتلت القوات العراقية 10 مسلحين: the verb's subject, not its victims
        end = next((j for j in range(k, before) if tokens[j].norm in lex.toll_end), before)
        return k, end
    return None
