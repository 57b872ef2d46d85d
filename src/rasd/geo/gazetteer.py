"""Find gazetteer place names in normalised Arabic text.

`Gazetteer.find(n)` runs one Aho-Corasick automaton over the normalised text and keeps the
hits that sit on word boundaries, allowing the proclitics news writes on names (بطرابلس،
وبنغازي، لمصراتة، للموصل) and tolerating the article where the data and the text disagree
(data خرطوم, text الخرطوم). Overlapping hits are settled longest first. A place name that is
also an ordinary word (السلام، الشهداء) is on the stoplist and counts only after a place cue
(قرية السلام). "قاعدة/مطار/ميناء + place" becomes a facility mention.

Which place a name means is `rasd.geo.resolve`'s job; `find` only lists the possibilities.
"""

from __future__ import annotations

import re
from bisect import bisect_left as _bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import ahocorasick

from rasd.geo.packed import GeoEntry, read_capitals, read_entries, read_stopnames
from rasd.text.normalize import Normalized, norm

ARTICLE = "ال"
# Arab League members and Western Sahara. Arabic names of Arab places vary in the article
# (خرطوم / الخرطوم, جفرة / الجفرة); foreign names never take it, so only Arab entries get
# the article-toggled variants (otherwise الليل "the night" would be Lille).
ARAB_WORLD = frozenset({
    "DZA", "BHR", "COM", "DJI", "EGY", "IRQ", "JOR", "KWT", "LBN", "LBY", "MRT", "MAR", "OMN",
    "PSE", "QAT", "SAU", "SOM", "SDN", "SYR", "TUN", "ARE", "YEM", "ESH",
})
# Proclitic strings allowed before a name: conjunction, preposition, or both (وبطرابلس).
PREFIXES = frozenset({"", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك"})
# ل + ال is written لل: "للموصل" is the preposition plus "الموصل" with its alef dropped.
LAM_PREFIXES = frozenset({"لل", "ولل", "فلل"})
_MAX_PREFIX = 3
# Shorter names are almost always fragments of words or abbreviations in the sources.
MIN_KEY_LEN = 3

# Words that say the next name is a place: they tell resolve which reading is meant
# (محافظة حمص = the governorate, not the city), and some rescue stoplisted names.
PLACE_CUES = frozenset({
    "مدينه", "بلده", "قريه", "محافظه", "ولايه", "اقليم", "مخيم", "ناحيه", "قضاء", "مديريه",
    "بلديه", "منطقه", "جزيره", "شعبيه", "عاصمه", "دوله", "جمهوريه", "سلطنه", "اماره", "مملكه",
})
ADMIN_CUES = frozenset({"محافظه", "ولايه", "اقليم", "شعبيه"})
# Cues strong enough to make a stoplisted name a place (قرية السلام، مدينة الباب); not
# منطقة or حي, which precede descriptions as often as names, nor ولاية ("term": ولاية ثانية).
RESCUE_CUES = frozenset({"مدينه", "بلده", "قريه", "مخيم", "محافظه", "اقليم", "مديريه",
                         "ناحيه", "قضاء", "دوله", "جمهوريه"})
MIN_RESCUE_LEN = 4  # a short stopword after a cue is usually the start of an unknown name
# A country whose name is also a word (مالي "financial") is the country after a preposition
# of place: "في مالي" is never "in financial".
COUNTRY_RESCUE_WORDS = frozenset({"في", "الي", "داخل", "شمال", "جنوب", "شرق", "غرب", "وسط",
                                  "شمالي", "جنوبي", "شرقي", "غربي"})
# "قاعدة مصراتة" names the air base, not the city. The kind decides the English label.
FACILITY_CUES: dict[str, str] = {"قاعده": "base", "مطار": "airport", "ميناء": "port",
                                 "مرفا": "port"}
FACILITY_ADJECTIVES = frozenset({"الجويه", "الجوي", "الدولي", "العسكري", "العسكريه",
                                 "البحري", "البحريه", "التجاري"})
# Nouns that make the name after them part of an organisation's name, not a place: وكالة
# الأناضول, قناة الجزيرة, صحيفة الشرق الأوسط, أنصار بيت المقدس, جيش الإسلام, لواء القدس.
# Quotes may stand between (عناصر «بيت المقدس»). Not جامعة or حكومة: جامعة دمشق and حكومة
# طرابلس are where they are, and an event there happens in that place.
ORG_CUES = frozenset({
    "وكاله", "قناه", "صحيفه", "جريده", "مجله", "اذاعه", "تلفزيون", "انصار", "عناصر", "تنظيم",
    "جماعه", "حركه", "جبهه", "كتائب", "كتيبه", "لواء", "جيش", "سرايا", "فيلق", "نادي",
    "منتخب", "فريق", "شركه", "مصرف", "بنك",
})

_NON_WORD = re.compile(r"[\W_]+")
_NON_WORD_CHAR = re.compile(r"[^\w ]|_")  # spaces are already spaces
_BRACKETED = re.compile(r"\s*[(\[][^)\]]*[)\]]\s*")


@dataclass(frozen=True, slots=True)
class PlaceCandidate:
    """A place name found in the text and every gazetteer entry it may refer to.

    `start`/`end` are original-text offsets of the name: the article ال is inside the span,
    a separate proclitic letter (the ب of بطرابلس) is not. For a facility phrase
    (قاعدة مصراتة الجوية) the span covers the whole phrase and `facility` names its kind.
    """

    start: int
    end: int
    text: str
    key: str  # the normalised gazetteer name that matched
    entries: tuple[GeoEntry, ...]
    exact: bool = True  # False when the article had to be added or dropped to match
    facility: str | None = None  # "base", "airport", "port" for a cue + place name
    cue: str | None = None  # normalised place cue before the name (محافظه, مدينه …)


@dataclass(frozen=True, slots=True)
class _KeyRecord:
    """What one automaton key stands for.

    `exact`: entries spelled exactly so. `with_article`: the key is ال + an entry name
    written without it (text الخرطوم, data خرطوم). `bare`: the key is an entry name without
    its ال (text جفرة, or للجفرة where the article hides in لل).
    """

    key: str
    exact: tuple[GeoEntry, ...]
    with_article: tuple[GeoEntry, ...]
    bare: tuple[GeoEntry, ...]
    stop: bool

    @property
    def arab_exact(self) -> tuple[GeoEntry, ...]:
        """Exact entries in the Arab world: only their names may take the article."""
        return tuple(e for e in self.exact if e.country in ARAB_WORLD)


def name_keys(name: str) -> list[str]:
    """The normalised matching key of one gazetteer spelling (none if it is empty).

    Disambiguators in brackets are dropped (الجزائر (مدينة) → الجزائر) and hyphens become
    spaces, as in running text.
    """
    if "(" in name or "[" in name:
        name = _BRACKETED.sub(" ", name)
    key = " ".join(_NON_WORD.sub(" ", norm(name)).split())
    return [key] if key else []


def _data_dir() -> Path:
    return Path(str(resources.files("rasd").joinpath("data", "geo")))


class Gazetteer:
    """The compiled gazetteer: entries plus one automaton over all their spellings."""

    def __init__(self, entries: Iterable[GeoEntry], stop_keys: Iterable[str] = (),
                 capitals: dict[str, str] | None = None) -> None:
        self.entries: tuple[GeoEntry, ...] = tuple(entries)
        self.stop_keys: frozenset[str] = frozenset(stop_keys)
        self.by_id: dict[str, GeoEntry] = {e.id: e for e in self.entries}
        # ISO3 → the country's own entry (شرق ليبيا، الأراضي السورية)
        self.countries: dict[str, GeoEntry] = {}
        for e in self.entries:
            if e.kind == "country" and e.country:
                self.countries.setdefault(e.country, e)
        # ISO3 → the capital's entry (العاصمة السورية); ids the entries lack are ignored
        self.capitals: dict[str, GeoEntry] = {
            iso3: self.by_id[ident] for iso3, ident in (capitals or {}).items()
            if ident in self.by_id}
        exact: dict[str, list[GeoEntry]] = {}
        with_article: dict[str, list[GeoEntry]] = {}
        bare: dict[str, list[GeoEntry]] = {}

        def add(index: dict[str, list[GeoEntry]], key: str, e: GeoEntry) -> None:
            # An entry's spellings are added one after another, so a repeat (two spellings
            # with one key) can only be the last one added: no set needed, which keeps
            # loading fast.
            entries = index.get(key)
            if entries is None:
                index[key] = [e]
            elif entries[-1] is not e:
                entries.append(e)

        for e in self.entries:
            min_len = 1 if e.origin == "extra" else MIN_KEY_LEN
            arab = e.country in ARAB_WORLD
            for name in e.names_ar:
                for key in name_keys(name):
                    if len(key) < min_len:
                        continue
                    add(exact, key, e)
                    if not arab:
                        continue
                    if key.startswith(ARTICLE):
                        stem = key[len(ARTICLE):]
                        if len(stem) >= MIN_KEY_LEN:
                            add(bare, stem, e)
                    else:
                        add(with_article, ARTICLE + key, e)
        self._records: dict[str, _KeyRecord] = {}
        self._automaton = ahocorasick.Automaton()
        stop_keys = self.stop_keys
        for key in sorted(exact.keys() | with_article.keys() | bare.keys()):
            rec = _KeyRecord(key, tuple(exact.get(key, ())), tuple(with_article.get(key, ())),
                             tuple(bare.get(key, ())), key in stop_keys)
            self._records[key] = rec
            # The trailing space makes every hit end at a word end (see match_string).
            self._automaton.add_word(key + " ", rec)
        self._automaton.make_automaton()

    @classmethod
    def load(cls, directory: Path | None = None) -> Gazetteer:
        """Load places.tsv.gz and stopnames.tsv from `directory` (default: packaged data)."""
        d = directory or _data_dir()
        entries = list(read_entries(d / "places.tsv.gz"))
        stop_path = d / "stopnames.tsv"
        stops = [s.key for s in read_stopnames(stop_path)] if stop_path.exists() else []
        capitals_path = d / "capitals.tsv"
        capitals = dict(read_capitals(capitals_path)) if capitals_path.exists() else {}
        return cls(entries, stops, capitals)

    @staticmethod
    def default() -> Gazetteer:
        """The packaged gazetteer, loaded once per process."""
        return _default()

    def entries_for(self, key: str) -> tuple[GeoEntry, ...]:
        """The entries a normalised name means when it stands alone in the text.

        Entries spelled exactly so; only when there are none, those reached by adding or
        dropping the article — the same preference `find` applies.
        """
        rec = self._records.get(key)
        if rec is None:
            return ()
        return rec.exact or rec.with_article + rec.bare

    def find(self, n: Normalized) -> list[PlaceCandidate]:
        """Place-name candidates in `n`, in text order, non-overlapping."""
        m = match_string(n.text)
        hits: list[tuple[int, int, int, _KeyRecord, tuple[GeoEntry, ...], bool, bool]] = []
        for last, rec in self._automaton.iter(m):
            end = last  # the matched trailing space sits at `last`
            start = end - len(rec.key)
            ws = m.rfind(" ", 0, start) + 1  # the word's start
            if start - ws > _MAX_PREFIX:
                continue  # inside a longer word
            prefix = m[ws:start]
            if prefix in LAM_PREFIXES:
                # للموصل: the article is there, its alef dropped after the preposition; the
                # span keeps the article's lam (لموصل) as بالموصل keeps الموصل.
                if rec.bare:
                    entries, exact = rec.bare, True
                elif rec.arab_exact and not rec.key.startswith(ARTICLE):
                    entries, exact = rec.arab_exact, False
                else:
                    continue
                start -= 1
                # The stoplist judged the bare word (خرطوم "hose"); here it has the article.
                with_al = ARTICLE + rec.key
                stop = with_al in self.stop_keys if with_al in self._records else rec.stop
            elif prefix in PREFIXES:
                if prefix[:1] == "ف" and not _clause_initial(n.text, ws):
                    continue  # وكالة فرانس برس، مايكل فلين، "فبركة": no ف + رانس, لين, بركة
                if rec.exact:
                    entries, exact = rec.exact, True
                else:
                    entries, exact = _unique(rec.with_article + rec.bare), False
                stop = rec.stop
            else:
                continue
            hits.append((ws, start, end, rec, entries, exact, stop))
        if not hits:
            return []
        # Longest name first; among equals the exact spelling, then the earlier one.
        hits.sort(key=lambda h: (h[1] - h[2], not h[5], h[1]))
        taken = bytearray(len(m))  # 1 where a chosen name (with its proclitic) lies
        chosen = []
        for h in hits:
            ws, _, end, *_ = h
            if taken.find(1, ws, end) != -1:
                continue
            taken[ws:end] = b"\x01" * (end - ws)
            chosen.append(h)
        chosen.sort(key=lambda h: h[1])
        out = []
        for ws, start, end, rec, entries, exact, stop in chosen:
            cand = self._candidate(n, m, ws, start, end, rec, entries, exact, stop)
            if cand is not None:
                out.append(cand)
        return out

    def _candidate(self, n: Normalized, m: str, ws: int, start: int, end: int,
                   rec: _KeyRecord, entries: tuple[GeoEntry, ...], exact: bool,
                   stop: bool) -> PlaceCandidate | None:
        if rec.key in PLACE_CUES and _next_word(m, end):
            return None  # مطار مدينة النجف: مدينة introduces the name after it, not Medina
        prev, prev_start = _previous_word(m, ws)
        facility = None
        if prev in FACILITY_CUES and not any(e.precision == "facility" for e in entries):
            facility = FACILITY_CUES[prev]
            start = prev_start
            nxt = _next_word(m, end)
            if nxt in FACILITY_ADJECTIVES:
                end = end + 1 + len(nxt)
        cue = prev if prev in PLACE_CUES else None
        if stop and facility is None and (cue not in RESCUE_CUES
                                           or len(rec.key) < MIN_RESCUE_LEN):
            if not (ws == start and _raw_previous_word(m, ws) in COUNTRY_RESCUE_WORDS
                    and any(e.kind == "country" for e in entries)):
                return None
            entries = tuple(e for e in entries if e.kind == "country")
        if _org_word_before(m, ws) or _backer(m, ws):  # after the stoplist, which is cheaper
            return None
        ostart, oend = n.span(start, end)
        return PlaceCandidate(ostart, oend, n.original[ostart:oend], rec.key, entries,
                              exact, facility, cue)


def _unique(entries: Sequence[GeoEntry]) -> tuple[GeoEntry, ...]:
    if len(entries) < 2:
        return tuple(entries)
    seen: dict[str, GeoEntry] = {}
    for e in entries:
        seen.setdefault(e.id, e)
    return tuple(seen.values())


def match_string(text: str) -> str:
    """`text` with every non-word run turned into spaces, same length, plus a final space.

    Keys end in a space, so an automaton hit always ends at a word end; equal length keeps
    indices valid for `Normalized.span`.
    """
    global _last_match
    last = _last_match  # one read: another thread may replace it meanwhile
    if last[0] is text:  # the gazetteer and the locality finder ask for the same text
        return last[1]
    m = _NON_WORD_CHAR.sub(" ", text) + " "
    _last_match = (text, m)
    return m


_last_match: tuple[str, str] = ("", " ")


def _clause_initial(text: str, ws: int) -> bool:
    """Whether the word at `ws` opens a sentence or clause. The conjunction ف stands on a
    name only there (فتركيا لا تملك، فصنعاء اليوم); elsewhere a word that begins with ف is
    itself a word or a name (فرانس برس، فلين، فبركة), not ف on a place."""
    k = ws - 1
    while k >= 0 and text[k] == " ":
        k -= 1
    return k < 0 or text[k] in _CLAUSE_MARKS


_CLAUSE_MARKS = frozenset(".,;:!?)\n")


def _previous_word(m: str, ws: int) -> tuple[str | None, int]:
    """The word before position `ws` (one space apart), stripped of its proclitics."""
    if ws < 2 or m[ws - 1] != " " or m[ws - 2] == " ":
        return None, ws
    ps = m.rfind(" ", 0, ws - 1) + 1
    word = m[ps:ws - 1]
    if word in PLACE_CUES or word in FACILITY_CUES:
        return word, ps
    for k in range(1, min(_MAX_PREFIX, len(word) - 2) + 1):
        if word[:k] in PREFIXES and (word[k:] in PLACE_CUES or word[k:] in FACILITY_CUES):
            return word[k:], ps + k
    return None, ws


def is_org_name(n: Normalized, original_start: int, m: str | None = None) -> bool:
    """Whether the name starting at `original_start` follows an organisation noun
    (وكالة الأناضول) or names a backer (قوات تدعمها إيران), so is no place: for spans found by
    other means than the gazetteer, such as NER. `m` is `match_string(n.text)` when the
    caller checks many spans of one text."""
    i = original_start if n.offsets is None else _bisect_left(n.offsets, original_start)
    if m is None:
        m = match_string(n.text)
    ws = i
    while ws > 0 and m[ws - 1] != " " and i - ws < _MAX_PREFIX:
        ws -= 1
    return _org_word_before(m, ws) or _backer(m, ws)


def _org_word_before(m: str, ws: int) -> bool:
    """Whether the word before `ws` (across spaces and quotes) is an organisation noun."""
    pe = ws
    while pe > 0 and m[pe - 1] == " ":
        pe -= 1
    if pe == 0 or ws - pe > 3:
        return False
    ps = m.rfind(" ", 0, pe) + 1
    word = m[ps:pe]
    for k in range(min(_MAX_PREFIX, len(word) - 3) + 1):
        if word[:k] in PREFIXES and word[k:] in ORG_CUES:
            return True
    return False


# Words after which a state is a backer, not a place (متمردين موالين لروسيا، قوات تدعمها
# إيران، المدعومة من تركيا): the event is not there, nor is the article about it.
_BACKING = frozenset(norm(w) for w in """موال موالي موالين موالون موالية الموالي الموالين
الموالون الموالية مدعوم مدعومة مدعومين المدعوم المدعومة المدعومين تدعمها يدعمها تدعمه يدعمه
تدعمهم يدعمهم حليف حلفاء""".split())


def _backer(m: str, ws: int) -> bool:
    """Whether the name at `ws` follows a backing word, directly or after من."""
    prev = _raw_previous_word(m, ws)
    if prev == "من":
        prev = _raw_previous_word(m, ws - 3)  # the word before "من "
    return prev in _BACKING


def _raw_previous_word(m: str, ws: int) -> str | None:
    if ws < 2 or m[ws - 1] != " " or m[ws - 2] == " ":
        return None
    return m[m.rfind(" ", 0, ws - 1) + 1:ws - 1]


def _next_word(m: str, end: int) -> str | None:
    if end + 1 >= len(m) or m[end] != " " or m[end + 1] == " ":
        return None
    ne = m.find(" ", end + 1)
    return m[end + 1:ne]


@lru_cache(maxsize=1)
def _default() -> Gazetteer:
    return Gazetteer.load()

