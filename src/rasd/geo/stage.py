"""The places stage: gazetteer matches resolved by the article's country context.

The context country is the caller's (`Document.country`) or, for articles that arrive
without one, the country the article's places point to; later stages read it from
`Document.country`.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Sequence

from rasd.geo import named_places
from rasd.geo.gazetteer import Gazetteer, is_org_name, match_string
from rasd.geo.regions import country_part
from rasd.model import Document, Place
from rasd.text.normalize import Normalized, norm

# Words that introduce a named locality (قرية الجفينة، حي القدم، مخيم اليرموك، تل حمكي): the
# one or two words after them name a place even when no gazetteer has it. The cue must be
# indefinite: القرية، المنطقة، الحي refer back ("المنطقة جاءت", "الحي على محاور").
_LOCALITY_CUE = re.compile(
    r"(?<!\w)[وفبل]?((?:قريه|بلده|حي|مخيم|منطقه|مديريه|ناحيه|وادي|جبل|سهل|ريف|جزيره|"
    r"ضاحيه|معسكر|سجن|تل|مدينه)\s+((?:ال)?[\u0621-\u064a]{3,}(?:\s+(?:ال)[\u0621-\u064a]{3,})?))")
# Words that follow a cue without naming anything: prepositions, demonstratives,
# relatives and common adjectives (منطقة عسكرية، قرية مجاورة).
_NOT_A_NAME = frozenset({
    "علي", "الي", "التي", "الذي", "الذين", "بين", "حيث", "عند", "منذ", "خلال", "بعد", "قبل",
    "حول", "نحو", "هذه", "هذا", "تلك", "ذلك", "كانت", "كان", "تقع", "واحده", "اخري", "اخر",
    "قريبه", "مجاوره", "حدوديه", "عسكريه", "امنه", "سكنيه", "صناعيه", "نائيه", "جديده",
    "كبيره", "صغيره", "واسعه", "تابعه", "فلسطينيه", "سوريه", "عراقيه", "ليبيه", "يمنيه",
    "ماهوله", "محتله", "محاصره", "محرره", "مدمره", "منكوبه", "مهجوره", "رئيسيه", "ساحليه",
    "جبليه", "ريفيه", "قديمه", "استراتيجيه", "كامله", "باكملها", "مهمه",
})
# Words that NER tags as locations but that only point back to a place named elsewhere.
_GENERIC = frozenset({
    "المدينه", "المنطقه", "البلاد", "العاصمه", "القريه", "البلده", "الحي", "المخيم",
    "الولايه", "المحافظه", "الاقليم", "الدوله", "المناطق", "المدن", "القري", "البلدات",
    "الاحياء", "الجزر", "الحدود", "المعبر", "الميناء", "المطار", "القاعده", "البحر", "البر",
    "الشرق", "الغرب", "الشمال", "الجنوب", "الوسط", "البحيره", "الجبل", "الوادي", "الريف",
})
# Continents and world regions: no locality of the country an article is about.
# (nor a state's bare title, جمهورية before a hashtag: #سوريا وجمهورية #الكونغو)
_NOT_LOCALITIES = frozenset({"اوروبا", "افريقيا", "اسيا", "امريكا", "اميركا", "اوراسيا",
                             "الغرب", "الشرق الاوسط", "العالم", "جمهوريه", "مملكه", "دوله",
                             "اماره", "سلطنه", "الجمهوريه", "المملكه"})
_APPROXIMATE_FROM = ("city", "admin1", "facility")
# محيطها، أطرافه، داخلها: "around it", "its edges" point back to a place already named.
_AROUND = frozenset({"محيط", "اطراف", "ضواحي", "داخل", "خارج", "وسط", "جوار", "ارجاء",
                     "انحاء", "قرب", "شمال", "جنوب", "شرق", "غرب"})


def _points_back(key: str) -> bool:
    for suffix in ("ها", "هم", "ه"):
        if key.endswith(suffix) and key[: -len(suffix)].lstrip("وب") in _AROUND:
            return True
    return False


def _names_an_actor(key: str) -> bool:
    """The tagger's LOC is a name the actor dictionary has as something other than a
    state or a place-like body."""
    from rasd.actors.dictionary import ActorDictionary
    entries = ActorDictionary.default().by_name(key)
    return bool(entries) and all(e.type not in ("state",) for e in entries)


def _is_name(words: str) -> bool:
    first = words.split()[0]
    # (و + a definite noun joins a list, it names nothing: المفاوضات من ناحية والعقوبات)
    return first not in _NOT_A_NAME and not first.startswith("وال") and not (
        not first.startswith("ال") and first.endswith("يه") and len(words.split()) == 1)


def _localities(doc: Document, n: Normalized, known: bytearray,
                gaz: Gazetteer | None = None) -> list[tuple[int, int]]:
    """Original spans of place names no gazetteer holds: NER locations and cue phrases.
    `known` marks the characters of places already read; a LOC on them is skipped first
    (most are), before the string tests."""
    spans = []
    words: str | None = None  # the match string, made once if any LOC needs it
    bureau = doc.dateline.end if doc.dateline is not None else 0
    for m in doc.mentions:
        if m.label != "LOC" or m.start < bureau or known.find(1, m.start, m.end) != -1:
            continue
        start = m.start
        key = norm(doc.text[m.start:m.end]).strip()
        if key[:2] == "وا" and key[1:3] == "ال" and len(key) > 4 and doc.text[start] == "و" \
                and not (gaz is not None and gaz.entries_for(key)):
            # والحوبان: the conjunction is no part of it (but واغادوجو keeps its و)
            key, start = key[1:], start + 1
        if gaz is not None and gaz.entries_for(key):
            continue  # a name geo knows and did not read as a place here (والسعودية)
        if key[:1] in "وف" and doc.text[start] == key[:1] and (
                (gaz is not None and gaz.entries_for(key[1:])) or key[1:] in _NOT_LOCALITIES
                or _names_an_actor(key[1:])):
            continue  # وحماس، وأوروبا، فإثيوبيا: a conjunction on a group, continent or place
        if key in _GENERIC or key[1:] in _GENERIC or key in _NOT_LOCALITIES \
                or key in _NOT_A_NAME or _points_back(key):
            continue
        if _names_an_actor(key):  # داعش tagged LOC is the group, not a place
            continue
        words = words if words is not None else match_string(n.text)
        if is_org_name(n, m.start, words):
            continue
        spans.append((start, m.end))
    for m in _LOCALITY_CUE.finditer(n.text):
        if _is_name(m.group(2)):
            start, end = n.span(m.start(1), m.end(1))
            cue = doc.text[start:end].split()[0] if doc.text[start:end].split() else ""
            if "أ" in cue or cue.endswith("ى"):
                continue  # وأدى القتال "led to", not وادي "valley": the spelling tells
            spans.append((start, end))
    return spans


def approximate(doc: Document, n: Normalized, places: Sequence[Place],
                taken: Sequence[Place] = (), gaz: Gazetteer | None = None) -> list[Place]:
    """Unknown localities, geocoded as ACLED does to the nearest known place: the nearest
    resolved city/region in the same sentence, else the article's most named one. They
    carry `id=None` and the anchor's coordinates and precision. Spans overlapping `places`
    or `taken` (words already read as part of a place phrase) are not localities."""
    if not places:
        return []
    main = Counter(p.name for p in places if p.precision in _APPROXIMATE_FROM).most_common(1)
    default = next((p for p in places if main and p.name == main[0][0]), None)
    out: list[Place] = []
    known = bytearray(len(doc.text) + 1)
    for p in (*places, *taken):
        known[p.start:p.end] = b"\x01" * (p.end - p.start)
    for start, end in _localities(doc, n, known, gaz):
        if any(p.start < end and start < p.end for p in [*places, *taken, *out]):
            continue
        sent = next((s for s in doc.sentences if s.start <= start < s.end), None)
        near = [p for p in places if p.precision in _APPROXIMATE_FROM and sent is not None
                and sent.start <= p.start < sent.end]
        # A part of a country (شرق ليبيا) is a poor anchor: its point is only roughly there.
        anchor = min(near, key=lambda p: (country_part(p), abs(p.start - start))) \
            if near else default
        if anchor is None:
            continue
        text = doc.text[start:end]
        capital = gaz.capitals.get(anchor.country) if gaz is not None and anchor.country \
            and _CAPITAL_BEFORE.search(doc.text, max(0, start - 12), start) else None
        if capital is not None:
            # العاصمة بماكو: a spelling the gazetteer lacks of the country's capital
            out.append(Place(start, end, text, capital.name_en, capital.country, capital.lat,
                             capital.lon, capital.precision, capital.id))
            continue
        out.append(Place(start, end, text, text, anchor.country, anchor.lat, anchor.lon,
                         _locality_precision(anchor, gaz), None))
    return out


# "the capital" right before an unknown name (العاصمة بماكو، للعاصمة).
_CAPITAL_BEFORE = re.compile(r"(?:ال|لل)عاصم[ةه]\s+$")


def _base(p: Place, gaz: Gazetteer | None) -> str | None:
    """The kind of the gazetteer entry a relative place (id "ENTRY#south") is built on."""
    if gaz is None or not p.id or "#" not in p.id:
        return None
    e = gaz.by_id.get(p.id.split("#", 1)[0])
    return e.precision if e else None




def _locality_precision(anchor: Place, gaz: Gazetteer | None) -> str:
    """A locality next to a town (جنوب دمشق, ريف حلب) is placed to within that town."""
    return "city" if _base(anchor, gaz) in ("city", "facility", "point") else anchor.precision


class GeoStage:
    name = "geo"

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer or Gazetteer.default()

    def __call__(self, doc: Document) -> Document:
        n = doc.normalized
        known, locators, country = named_places(
            n, self.gazetteer, doc.country, doc.dateline.end if doc.dateline else 0)
        places = tuple(sorted(known + approximate(doc, n, known, locators, self.gazetteer),
                              key=lambda p: p.start))
        return dataclasses.replace(doc, places=places, country=country)
