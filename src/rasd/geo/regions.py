"""Places described relative to another: directions (جنوب دمشق، شرق ليبيا، شمال البلاد),
countryside and outskirts (ريف حلب الشمالي، محيط سرت), and containment (همدان بمدينة الحزم).

News locates most events this way. A direction or countryside phrase becomes one place that
covers the whole phrase and replaces its anchor: an area, so `admin1` precision, and a
named locality in the same clause (مخيم اليرموك in "جنوب دمشق وتحديداً في مخيم اليرموك")
stays more specific than it. Its point is the anchor's for a city or province, and for a
country the matching part of the country (the spread of its towns in the gazetteer).

Containment checks a reading: in "X بمدينة Y" or "X جنوب Y" X lies in or next to Y, so an
X read in another country than Y (همدان as Hamadan, Iran, in "همدان بمدينة الحزم") is re-read
near Y, or kept as a locality at Y's point when no reading of X is near it.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Sequence
from functools import lru_cache

from rasd.geo.gazetteer import PREFIXES, Gazetteer, PlaceCandidate
from rasd.geo.resolve import NEAR_KM, distance_km
from rasd.model import Place
from rasd.text.normalize import Normalized, norm

# Normalised direction words → (north, east) sign and English adjective.
DIRECTIONS: dict[str, tuple[int, int, str]] = {
    "شمال": (1, 0, "north"), "جنوب": (-1, 0, "south"), "شرق": (0, 1, "east"),
    "غرب": (0, -1, "west"), "وسط": (0, 0, "centre"),
}
# Adjective forms after the noun: ريف حلب الشمالي، ريف إدلب الجنوبي الشرقي.
DIRECTION_ADJECTIVES: dict[str, str] = {
    "الشمالي": "شمال", "الجنوبي": "جنوب", "الشرقي": "شرق", "الغربي": "غرب",
    "الشماليه": "شمال", "الجنوبيه": "جنوب", "الشرقيه": "شرق", "الغربيه": "غرب",
}
# Area nouns: the land around a town (ريف، محيط، أطراف، ضواحي، مشارف).
SURROUNDS: dict[str, str] = {"ريف": "countryside", "محيط": "surroundings",
                             "اطراف": "outskirts", "ضواحي": "suburbs", "مشارف": "outskirts"}
# The country the article is about, named as "the country".
THE_COUNTRY = "البلاد"
# "X بمدينة Y", "X في محافظة Y", "X بريف Y", "X جنوب Y": what may stand between a place
# and its container. A bare preposition before a country is no such sign: in "مشروع طهران
# في العراق" or "علاقة الخرطوم بالجزائر" the city stands for its government.
_CONTAINER_CUES = ("مدينه", "بلده", "محافظه", "ولايه", "منطقه", "مديريه", "ناحيه", "قضاء",
                   "اقليم", "ريف")
_CONTAINS_CUED = re.compile(
    r"^ +(?:و?(?:ب|في +))(?:" + "|".join(_CONTAINER_CUES) + r") +$")
_CONTAINS = re.compile(
    r"^ +(?:(?:و?(?:ب|في +))"
    r"|(?:ب|في +)?(?:ال)?(?:شمال|جنوب|شرق|غرب)ي?(?: +(?:ال)?(?:شرق|غرب)ي?)? +)$")
_SETTLEMENT_KINDS = frozenset({"city", "town", "village", "district", "camp"})
_WORD = re.compile(r"[\u0621-\u064a]+")


def _strip(word: str) -> str:
    """A word without a proclitic that makes it a direction or area noun (بشرق، وجنوب)."""
    if word in DIRECTIONS or word in SURROUNDS or word == THE_COUNTRY:
        return word
    for k in (1, 2):
        if word[:k] in PREFIXES and (word[k:] in DIRECTIONS or word[k:] in SURROUNDS
                                     or word[k:] == THE_COUNTRY):
            return word[k:]
    return word


def _direction(word: str) -> str | None:
    """The direction a word names: شمال، شمالي (and the same with a proclitic)."""
    w = _strip(word)
    if w in DIRECTIONS:
        return w
    if w.endswith("ي") and w[:-1] in DIRECTIONS:
        return w[:-1]
    return None


def _words_before(m: str, pos: int, k: int) -> list[tuple[str, int]]:
    """Up to `k` words ending before `pos`, nearest first, each with its start."""
    out: list[tuple[str, int]] = []
    end = pos
    while len(out) < k:
        if end < 2 or m[end - 1] != " " or m[end - 2] == " ":
            break  # words one space apart only: a comma or a line ends the phrase
        end -= 1
        start = m.rfind(" ", 0, end) + 1
        word = m[start:end]
        if not _WORD.fullmatch(word):
            break
        out.append((word, start))
        end = start
    return out


def _words_after(m: str, pos: int, k: int) -> list[tuple[str, int]]:
    """Up to `k` words starting after `pos` (one space apart), each with its end."""
    out: list[tuple[str, int]] = []
    at = pos
    while len(out) < k and at < len(m) and m[at] == " ":
        start = at + 1
        end = m.find(" ", start)
        end = len(m) if end == -1 else end
        word = m[start:end]
        if not _WORD.fullmatch(word):
            break
        out.append((word, end))
        at = end
    return out


@lru_cache(maxsize=256)
def _country_box(gaz: Gazetteer, country: str) -> tuple[float, float, float, float] | None:
    """The 10th–90th percentile spread (lat lo, lat hi, lon lo, lon hi) of a country's towns."""
    pts = [(e.lat, e.lon) for e in gaz.entries
           if e.country == country and e.kind in ("city", "town")]
    if len(pts) < 5:
        return None
    lats, lons = sorted(p[0] for p in pts), sorted(p[1] for p in pts)
    lo, hi = len(pts) // 10, len(pts) - 1 - len(pts) // 10
    return lats[lo], lats[hi], lons[lo], lons[hi]


_THE_COUNTRY_WORD = re.compile(r"(?<!\w)\w{0,2}" + THE_COUNTRY + r"(?!\w)")
_THE_COUNTRY_REACH = 400  # characters back to a country name "البلاد" may refer to


def country_part(p: Place) -> bool:
    """Whether `p` is a part of a country (شرق ليبيا، جنوب البلاد): an area coarser than a
    province, though its precision is `admin1`. Its id is the country entry's
    (ISO:slug:country, see scripts/build_gazetteer.py) plus "#" and a direction."""
    return bool(p.id) and "#" in p.id and \
        p.id.split("#", 1)[0].split("~", 1)[0].endswith(":country")


def _part_of_country(gaz: Gazetteer, country: str, dirs: Sequence[str],
                     fallback: tuple[float, float]) -> tuple[float, float]:
    box = _country_box(gaz, country)
    if box is None:
        return fallback
    la0, la1, lo0, lo1 = box
    n = sum(DIRECTIONS[d][0] for d in dirs)
    e = sum(DIRECTIONS[d][1] for d in dirs)
    lat = (la0 + la1) / 2 + max(-1, min(1, n)) * (la1 - la0) * 0.35
    lon = (lo0 + lo1) / 2 + max(-1, min(1, e)) * (lo1 - lo0) * 0.35
    return round(lat, 4), round(lon, 4)


def _label(dirs: Sequence[str], surround: str | None, anchor: str, of_country: bool) -> str:
    if surround:
        base = f"{anchor} {surround}"
        return f"{base} ({'-'.join(DIRECTIONS[d][2] for d in dirs)})" if dirs else base
    words = [DIRECTIONS[d][2] for d in dirs]
    if of_country:  # Eastern Libya, North-eastern Syria, Central Mali
        adjective = "-".join([*words[:-1], _ADJECTIVE[words[-1]].lower()])
        return f"{adjective.capitalize()} {anchor}"
    return f"{'-'.join(words)} of {anchor}"


_ADJECTIVE = {"north": "Northern", "south": "Southern", "east": "Eastern", "west": "Western",
              "centre": "Central"}


def relative_places(n: Normalized, places: Sequence[Place], country: str | None,
                    gaz: Gazetteer, candidates: Sequence[PlaceCandidate] = (),
                    ) -> tuple[list[Place], list[Place]]:
    """`places` with direction and countryside phrases merged into area places, plus
    "شرق البلاد"-style phrases about the article's `country`, sorted by start; and the
    locators left out.

    A direction phrase right after another place only says where that place is
    (نينوى بشمال العراق، غزنة شرق أفغانستان): it is left out, so that the place it locates
    is the one events take; it is returned second so that nothing else claims its words.
    """
    locators: list[Place] = []
    m = n.text + " "
    by_span = {(c.start, c.end): c for c in candidates}
    out: list[Place] = []
    for p in places:
        ns, ne = _norm_span(n, p)
        region = _region(n, m, ns, ne, p, gaz, by_span.get((p.start, p.end)))
        if region is not None and out and region.id and "#" in region.id \
                and _locates(n, out[-1], region):
            locators.append(region)
            continue
        out.append(region or p)
    named = sorted((p for p in out if p.precision == "country" or country_part(p)),
                   key=lambda p: p.start)
    for mt in (_THE_COUNTRY_WORD.finditer(m) if THE_COUNTRY in m else ()):
        if _strip(mt.group()) != THE_COUNTRY:
            continue
        before = _words_before(m, mt.start(), 2)
        dirs = _leading_directions(before)
        if not dirs:
            continue
        word, wstart = before[len(dirs) - 1]
        start = wstart + len(word) - len(_strip(word))
        end = _trailing_directions(m, mt.end(), [])
        os_, oe = n.span(start, end)
        # "the country" is the one named last, a few sentences back at most, else the
        # article's: a report on Chad that turns to Congo says "شرق البلاد" of Congo.
        last = next((p for p in reversed(named)
                     if p.end <= os_ and os_ - p.end <= _THE_COUNTRY_REACH), None)
        which = last.country if last is not None else country
        entry = gaz.countries.get(which) if which else None
        if entry is None or which is None:
            continue
        lat, lon = _part_of_country(gaz, which, dirs, (entry.lat, entry.lon))
        tag = "-".join(DIRECTIONS[d][2] for d in dirs)
        region = Place(os_, oe, n.original[os_:oe], _label(dirs, None, entry.name_en, True),
                       which, lat, lon, "admin1", f"{entry.id}#{tag}")
        prev = [p for p in out if p.end <= os_]
        if prev and _locates(n, prev[-1], region):
            locators.append(region)
            continue
        out.append(region)
    return sorted(out, key=lambda p: p.start), locators


# What may stand between a place and the direction phrase that locates it: a space, a
# comma, a preposition (بشمال, في شمال).
_LOCATOR_GAP = re.compile(r"^[ ,]*(?:و?(?:في|الي) +)?$")


def _locates(n: Normalized, place: Place, region: Place) -> bool:
    """Whether `region` directly follows `place` as its locator."""
    if place.precision == "country" or region.start < place.end:
        return False
    gap = n.text[_find_norm(n, place.end):_find_norm(n, region.start)]
    return bool(_LOCATOR_GAP.match(gap)) or gap.strip() in ("ب", "وب")


def _norm_span(n: Normalized, p: Place) -> tuple[int, int]:
    """Normalised offsets of a place's original span."""
    return _find_norm(n, p.start), _find_norm(n, p.end)


def _find_norm(n: Normalized, original: int) -> int:
    """The first normalised index whose original offset is at or after `original`."""
    if n.offsets is None:
        return original
    return bisect.bisect_left(n.offsets, original)


def _leading_directions(before: list[tuple[str, int]]) -> list[str]:
    """Direction words right before a name: [غرب] for "غرب ليبيا", [جنوب, غرب] for
    "جنوب غرب مأرب" (nearest word first in `before`, so read back to front)."""
    dirs: list[str] = []
    for word, _ in before:
        d = _direction(word)
        if d is None:
            break
        dirs.append(d)
    dirs.reverse()
    return dirs


def _trailing_directions(m: str, end: int, dirs: list[str]) -> int:
    """Extend past direction adjectives after the name (ريف حلب الشمالي الغربي)."""
    for word, wend in _words_after(m, end, 2):
        d = DIRECTION_ADJECTIVES.get(word)
        if d is None:
            break
        dirs.append(d)
        end = wend
    return end


def _region(n: Normalized, m: str, ns: int, ne: int, p: Place, gaz: Gazetteer,
            cand: PlaceCandidate | None) -> Place | None:
    if p.precision not in ("country", "admin1", "city", "facility"):
        return None
    before = _words_before(m, ns, 2)
    if not before:
        return None
    surround = None
    first_word, first_start = before[0]
    w = _strip(first_word)
    if w in SURROUNDS and p.precision in ("city", "facility", "admin1"):
        surround = SURROUNDS[w]
        dirs: list[str] = []
        start = first_start + len(first_word) - len(w)
        end = _trailing_directions(m, ne, dirs)
    else:
        dirs = _leading_directions(before)
        if not dirs:
            return None
        word, wstart = before[len(dirs) - 1]
        start = wstart + len(word) - len(_strip(word))
        end = ne
        # شرق الجزائر، شمال الكويت: a direction of a name that is a country and its capital
        # means the country.
        country_entry = next((e for e in (cand.entries if cand else ()) if e.kind == "country"),
                             None)
        if country_entry is not None and p.precision != "country":
            p = Place(p.start, p.end, p.text, country_entry.name_en, country_entry.country,
                      country_entry.lat, country_entry.lon, "country", country_entry.id)
    os_, oe = n.span(start, end)
    of_country = p.precision == "country"
    lat, lon = p.lat, p.lon
    if of_country and p.country and dirs:
        lat, lon = _part_of_country(gaz, p.country, dirs, (p.lat or 0.0, p.lon or 0.0))
    rid = f"{p.id}#{surround or '-'.join(DIRECTIONS[d][2] for d in dirs)}" if p.id else None
    return Place(os_, oe, n.original[os_:oe], _label(dirs, surround, p.name, of_country),
                 p.country, lat, lon, "admin1", rid)


def contained(n: Normalized, places: Sequence[Place],
              candidates: Sequence[PlaceCandidate]) -> list[Place]:
    """Re-read a place that the text puts in or next to the following one (X بمدينة Y,
    X جنوب Y) but that was resolved far from it."""
    by_span = {(c.start, c.end): c for c in candidates}
    out = list(places)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        # Only a reading in another country is doubted: within a country "X جنوب Y" may be
        # far apart (قسنطينة بشرق الجزائر).
        if (a.id is None or b.lat is None or a.lat is None or a.precision != "city"
                or a.country == b.country or b.country is None):
            continue
        between = n.text[_find_norm(n, a.end):_find_norm(n, b.start)]
        # ريف دمشق is itself a name with a container word in it
        cued = _CONTAINS_CUED.match(between) or (
            _CONTAINS.match(between) and norm(b.text).split()[0] in _CONTAINER_CUES)
        if not (cued or (b.precision not in ("country", "admin1") and _CONTAINS.match(between))):
            continue
        cand = by_span.get((a.start, a.end))
        near = [e for e in (cand.entries if cand else ()) if e.kind in _SETTLEMENT_KINDS
                and (e.country == b.country if b.precision in ("country", "admin1")
                     else distance_km(e, b) <= NEAR_KM)]
        if near:
            e = max(near, key=lambda e: e.population or 0)
            out[i] = dataclasses.replace(a, name=e.name_en, country=e.country, lat=e.lat,
                                         lon=e.lon, id=e.id)
        else:  # known to lie within b, and no more
            out[i] = dataclasses.replace(a, name=a.text, country=b.country, lat=b.lat,
                                         lon=b.lon, id=None,
                                         precision=b.precision if b.precision in
                                         ("admin1", "country") else "city")
    return out

