"""Choose which place each name means, and turn the choice into `rasd.model.Place`.

A name usually has one obvious referent, but the ones that matter in conflict news are
shared: طرابلس is in Libya and Lebanon (and Greece), الرقة in Syria and Kuwait, طرطوس in
Syria and Turkey. The evidence, strongest first:

1. the document's country (given by the caller, or `infer_country`: the country the
   article names most, counting both country names and the places in it);
2. the other places in the article: a reading in a country the article otherwise names, or
   close to where the other places are (طرابلس next to عكار is in Lebanon);
3. kind and size: a country before a province before a city, bigger cities first; but a
   governorate named after its capital (حمص، إدلب، صنعاء) is read as the city unless the
   text says محافظة/ولاية.

A small foreign village that nothing else in the article supports is dropped: when an
obscure namesake is the best reading, the word was usually not a place name at all.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence

from rasd.geo.gazetteer import ADMIN_CUES, PlaceCandidate
from rasd.geo.packed import GeoEntry
from rasd.model import Place

SETTLEMENTS = frozenset({"city", "town", "village"})
# Log10-population scale: a country outranks any province, a province most cities.
KIND_PRIOR: dict[str, float] = {
    "country": 8.0, "admin1": 6.0, "region": 6.5, "sea": 6.5, "base": 5.5, "airport": 5.5,
    "port": 5.5, "crossing": 5.0, "site": 5.0, "district": 4.5, "camp": 4.5,
}
# The entry is in the document's country; scaled by how sure that country is (1 when the
# caller gives it, the inferred country's share of the votes otherwise), so that a
# US-heavy article does not turn موسكو into a Texan town.
CONTEXT_BONUS = 2.0
SUPPORT_BONUS = 1.0  # another, unambiguous place of the article is in the entry's country
# Country evidence together never outweighs a hundredfold difference in size: in an Egyptian
# article الرياض is still Riyadh, not the Egyptian village of that name.
COUNTRY_EVIDENCE_CAP = 2.0
NEAR_BONUS = 2.0  # the entry is near where the article's other places are
NEAR_KM = 150.0
ADMIN_CUE_BONUS = 3.0  # محافظة X: the governorate
# A governorate sharing its name with a settlement of its country is named after its
# capital; without محافظة/ولاية the news means the city (and the city's point is better).
CAPITAL_NAME_PENALTY = 3.0
MIN_FOREIGN_PRIOR = 5.0  # below this (a town of 100k) an unsupported foreign reading is dropped
FACILITY_LABEL = {"base": "air base", "airport": "airport", "port": "port"}


def prior(e: GeoEntry) -> float:
    """How likely news means this entry, before context: kind, then population."""
    if e.kind in SETTLEMENTS:
        if e.population:
            return math.log10(max(e.population, 1000))
        # GeoNames has population 0 for some real towns (Tal Afar); curated ones are news.
        return 5.0 if e.origin == "extra" else 3.3
    return KIND_PRIOR[e.kind]


def distance_km(a: GeoEntry | Place, b: GeoEntry | Place) -> float:
    """Great-circle distance (haversine) in km between entries or places (a place without
    coordinates is taken at 0, 0: callers check first)."""
    alat, alon, blat, blon = a.lat or 0.0, a.lon or 0.0, b.lat or 0.0, b.lon or 0.0
    p1, p2 = math.radians(alat), math.radians(blat)
    dp, dl = p2 - p1, math.radians(blon - alon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def near(a: GeoEntry | Place, b: GeoEntry | Place, km: float = NEAR_KM) -> bool:
    """Whether a and b lie within `km`; most pairs are far apart, which a look at the
    latitudes settles without trigonometry (a degree of latitude is 111 km everywhere)."""
    if abs((a.lat or 0.0) - (b.lat or 0.0)) * 111.0 > km:
        return False
    return distance_km(a, b) <= km


def country_weights(c: PlaceCandidate) -> dict[str, float]:
    """One mention's vote per country, its readings weighted by exp(prior).

    A mention whose best reading is a village votes weakly: such matches are often a rare
    word (كسراً، داخله) that happens to name a hamlet somewhere.
    """
    w: dict[str, float] = defaultdict(float)
    ents = [e for e in c.entries if e.country]
    if not ents:
        return w
    top = max(prior(e) for e in ents)
    strength = 1.0 if top >= 5.0 else 0.5 if top >= 4.0 else 0.2
    total = sum(math.exp(prior(e) - top) for e in ents)
    for e in ents:
        w[e.country] += strength * math.exp(prior(e) - top) / total  # type: ignore[index]
    return w


def infer_country(candidates: Sequence[PlaceCandidate]) -> str | None:
    """The country the article is about: the one its place mentions point to most.

    Every mention counts once, split between the countries of its readings by their prior
    (طرابلس: mostly Libya, partly Lebanon); naming the country itself counts the same.
    None when the article names no place.
    """
    return _infer(candidates)[0]


def _infer(candidates: Sequence[PlaceCandidate]) -> tuple[str | None, float]:
    """The inferred country and its share of all votes."""
    votes: dict[str, float] = defaultdict(float)
    for c in candidates:
        for country, w in country_weights(c).items():
            votes[country] += w
    if not votes:
        return None, 0.0
    best = max(sorted(votes), key=lambda k: votes[k])
    return best, votes[best] / sum(votes.values())


def _score(e: GeoEntry, c: PlaceCandidate, context: tuple[str | None, float],
           support: set[str], same_country_settlement: set[str | None]) -> float:
    evidence = 0.0
    if context[0] and e.country == context[0]:
        evidence += CONTEXT_BONUS * context[1]
    if e.country in support:
        evidence += SUPPORT_BONUS
    s = prior(e) + min(evidence, COUNTRY_EVIDENCE_CAP)
    if e.kind == "admin1":
        if c.cue in ADMIN_CUES:
            s += ADMIN_CUE_BONUS
        elif e.country in same_country_settlement:
            s -= CAPITAL_NAME_PENALTY
    return s


def resolve(candidates: Sequence[PlaceCandidate], country: str | None = None) -> list[Place]:
    """One `Place` per candidate that resolves, in text order.

    `country` is the document's context country (ISO3) when the caller knows it; otherwise
    it is inferred from the candidates themselves.
    """
    if not candidates:
        return []
    context = (country, 1.0) if country else _infer(candidates)
    # Countries named by mentions that have only one possible country.
    anchors: dict[str, set[str]] = defaultdict(set)
    for c in candidates:
        cs = {e.country for e in c.entries if e.country}
        if len(cs) == 1:
            anchors[c.key] |= cs

    # how many mentions (by name) anchor each country: a mention's support is the countries
    # anchored by some other name
    anchored: Counter[str] = Counter(country for v in anchors.values() for country in v)
    supports: dict[str, set[str]] = {}

    def support_for(c: PlaceCandidate) -> set[str]:
        s = supports.get(c.key)
        if s is None:
            own = anchors.get(c.key, ())
            s = supports[c.key] = {k for k, n in anchored.items() if n > (k in own)}
        return s

    first: list[tuple[GeoEntry, float]] = []
    for c in candidates:
        settled = {e.country for e in c.entries if e.kind in SETTLEMENTS}
        support = support_for(c)
        scored = [(e, _score(e, c, context, support, settled)) for e in c.entries]
        first.append(max(scored, key=lambda es: es[1]))

    places: list[Place] = []
    for i, c in enumerate(candidates):
        best, best_score = first[i]
        if len(c.entries) > 1:
            # Second pass: prefer the reading near the other places' first choices.
            others = [first[j][0] for j, o in enumerate(candidates)
                      if o.key != c.key and first[j][0].kind not in ("country", "sea")]
            settled = {e.country for e in c.entries if e.kind in SETTLEMENTS}
            support = support_for(c)
            for e in c.entries:
                s = _score(e, c, context, support, settled)
                if e.kind != "country" and any(near(e, o) for o in others):
                    s += NEAR_BONUS
                if s > best_score:
                    best, best_score = e, s
        if _unsupported(best, c, context, candidates, first):
            continue
        places.append(_place(c, best))
    return places


def _unsupported(e: GeoEntry, c: PlaceCandidate, context: tuple[str | None, float],
                 candidates: Sequence[PlaceCandidate],
                 first: list[tuple[GeoEntry, float]]) -> bool:
    """A tiny foreign settlement that nothing in the article points to."""
    if c.cue or c.facility or prior(e) >= MIN_FOREIGN_PRIOR or e.kind not in SETTLEMENTS:
        return False
    if context[0] is None or e.country == context[0]:
        return False
    return not any(o.key != c.key and (f.country == e.country or near(f, e))
                   for o, (f, _) in zip(candidates, first))


def _place(c: PlaceCandidate, e: GeoEntry) -> Place:
    if c.facility:
        return Place(c.start, c.end, c.text, f"{e.name_en} {FACILITY_LABEL[c.facility]}",
                     e.country, e.lat, e.lon, "facility", e.id)
    return Place(c.start, c.end, c.text, e.name_en, e.country, e.lat, e.lon, e.precision, e.id)
