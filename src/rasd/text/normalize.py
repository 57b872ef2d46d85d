"""Arabic normalisation for matching, with a map back to the original offsets.

Matching happens on a normalised copy of the text (alef forms → ا, ى → ي, ة → ه, no
diacritics or tatweel, Western digits, ASCII punctuation, no bidi or zero-width marks);
results are always reported as spans of the *original* text through `Normalized.span`.
Mapping is one original character to zero, one or more normalised characters, so every
normalised index has exactly one original index behind it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# One character in, a string out ('' deletes). Applied with str.translate.
_MAP: dict[int, str] = {}


def _add(chars: str, to: str) -> None:
    for ch in chars:
        _MAP[ord(ch)] = to


_add("أإآٱٲٳ", "ا")  # alef with hamza/madda/wasla → bare alef
_add("ى", "ي")  # alef maqsura → ya
_add("ی", "ي")  # Persian ya
_add("ک", "ك")  # Persian kaf
_add("ة", "ه")  # ta marbuta → ha
_add("ۀ", "ه")
# Diacritics (tashkeel), Quranic marks, superscript alef, tatweel: removed.
TASHKEEL = "".join(chr(c) for c in range(0x064B, 0x0660))  # short vowels and other marks
_add(TASHKEEL, "")
_add("\u0670\u0640\u06D6\u06D7\u06D8\u06D9\u06DA\u06DB\u06DC\u06DF\u06E0\u06E1\u06E2\u06E3\u06E4"
     "\u06E7\u06E8\u06EA\u06EB\u06EC\u06ED\u0610\u0611\u0612\u0613\u0614\u0615\u0616\u0617"
     "\u0618\u0619\u061A", "")
# Bidi controls, zero-width characters, BOM, soft hyphen: removed.
_add("\u200B\u200C\u200D\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069"
     "\u061C\uFEFF\u00AD", "")
# Digits: Arabic-Indic and Extended (Persian) → ASCII.
for _i in range(10):
    _MAP[0x0660 + _i] = str(_i)
    _MAP[0x06F0 + _i] = str(_i)
# Arabic punctuation → ASCII equivalents; typographic quotes → '"'.
_add("،", ",")
_add("؛", ";")
_add("؟", "?")
_add("٪", "%")
_add("٫", ".")
_add("٬", ",")
_add("۔", ".")
_add("«»“”„″", '"')
_add("‘’‚′", "'")
_add("\u00A0\u2007\u202F\u2009\u200A\u2002\u2003", " ")
_add("–—―", "-")
# A hashtag (#كوريا_الشمالية، #ميليشيا_الحوثي) is words: its mark and the underscores that
# join them are spaces, so the names inside are read as the sentence's own words
# (مقاتلات #التحالف_العربي is the coalition's fighter jets).
_add("#_", " ")

# Presentation forms (ﻻ, ﺍ, …) decompose by NFKC, possibly into several letters.
for _c in list(range(0xFB50, 0xFE00)) + list(range(0xFE70, 0xFEFF)):
    _ch = chr(_c)
    _k = unicodedata.normalize("NFKC", _ch)
    if _k != _ch and _k.strip():
        _MAP[_c] = "".join(_MAP.get(ord(x), x) for x in _k)

_TABLE = str.maketrans(_MAP)
# Characters whose replacement is not exactly one character: these force the slow path.
_RESIZING = re.compile("[" + "".join(re.escape(chr(c)) for c, v in _MAP.items() if len(v) != 1) + "]")
# Deleted characters that belong to the preceding letter (diacritics, tatweel): a span
# ending on a letter takes them along. Bidi and zero-width marks do not belong to a word.
TRAILING_MARKS = frozenset(chr(c) for c, v in _MAP.items()
                      if v == "" and unicodedata.category(chr(c)) in ("Mn", "Lm"))


@dataclass(frozen=True, slots=True)
class Normalized:
    """A normalised copy of `original` and, for each of its characters, the original index.

    `offsets` is None when the mapping is the identity (no character was deleted or
    expanded), the common case for news text, which keeps this cheap.
    """

    original: str
    text: str
    offsets: tuple[int, ...] | None

    def orig(self, i: int) -> int:
        """Original index of normalised index `i` (`i == len(text)` maps to the end)."""
        if self.offsets is None:
            return i
        if i >= len(self.text):
            return len(self.original)
        return self.offsets[i]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) of the normalised [start, end), trailing marks included."""
        if end <= start:
            o = self.orig(start)
            return o, o
        if self.offsets is None:
            ostart, oend = start, end
        else:
            ostart = self.offsets[start]
            oend = self.offsets[end - 1] + 1
        n = len(self.original)
        while oend < n and self.original[oend] in TRAILING_MARKS:
            oend += 1
        return ostart, oend


def normalize(text: str) -> Normalized:
    """Normalise `text` for matching and keep the map back to original offsets."""
    if not _RESIZING.search(text):
        return Normalized(text, text.translate(_TABLE), None)
    out: list[str] = []
    offsets: list[int] = []
    pos = 0
    for m in _RESIZING.finditer(text):
        i = m.start()
        if i > pos:
            out.append(text[pos:i].translate(_TABLE))
            offsets.extend(range(pos, i))
        rep = _MAP[ord(text[i])]
        if rep:
            out.append(rep)
            offsets.extend([i] * len(rep))
        pos = i + 1
    if pos < len(text):
        out.append(text[pos:].translate(_TABLE))
        offsets.extend(range(pos, len(text)))
    return Normalized(text, "".join(out), tuple(offsets))


# Size of every per-word cache (normalised forms, clitic readings, trigger and feature
# lookups). News vocabulary is Zipfian: the most frequent 32k words take nearly every
# lookup, and a bound that fills during the first articles keeps memory flat over a stream
# of any length (bench/memory.py).
# The damma, which normalisation strips: read on the original text, where a writer adds it to
# mark a passive (قُتل).
DAMMA = "\u064f"
WORD_CACHE = 32_768


@lru_cache(maxsize=WORD_CACHE)
def norm(text: str) -> str:
    """Normalised form of a short string (a dictionary entry, a word); cached."""
    return " ".join(text.translate(_TABLE).split()) if text else text
