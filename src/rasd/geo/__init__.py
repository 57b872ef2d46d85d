"""Stage 5, places: find place names in the text and geocode them.

    >>> from rasd.geo import geocode
    >>> [(p.text, p.country, p.precision) for p in geocode("قصف مطار معيتيقة في طرابلس")]
    [('مطار معيتيقة', 'LBY', 'facility'), ('طرابلس', 'LBY', 'city')]

`Gazetteer.default().find(normalized)` lists the candidates (every place a name may mean);
`resolve(candidates, country)` picks one per mention using the document's country, the other
places in the article, and kind and size; `rasd.geo.regions` then reads places given
relative to others (جنوب دمشق، شرق البلاد، همدان بمدينة الحزم) and `rasd.geo.nisba` the
places a nationality adjective names (العاصمة السورية). `named_places` does all of it,
`geocode` for a plain string.
"""

from __future__ import annotations

from rasd.geo.gazetteer import Gazetteer, PlaceCandidate
from rasd.geo.nisba import nisba_places
from rasd.geo.packed import GeoEntry
from rasd.geo.regions import contained, country_part, relative_places
from rasd.geo.resolve import distance_km, infer_country, resolve
from rasd.model import Place
from rasd.text.normalize import Normalized, normalize

__all__ = [
    "Gazetteer",
    "GeoEntry",
    "PlaceCandidate",
    "country_part",
    "distance_km",
    "geocode",
    "infer_country",
    "named_places",
    "resolve",
]


def geocode(text: str | Normalized, country: str | None = None,
            gazetteer: Gazetteer | None = None) -> list[Place]:
    """Places named in `text` (original offsets), disambiguated by `country` if given
    (otherwise by the country the text's places point to)."""
    n = normalize(text) if isinstance(text, str) else text
    return named_places(n, gazetteer or Gazetteer.default(), country)[0]


def named_places(n: Normalized, gaz: Gazetteer, country: str | None = None, after: int = 0
                 ) -> tuple[list[Place], list[Place], str | None]:
    """(places, locators, context country): the names of `n` from original offset `after`
    on (past a wire dateline, whose city is the bureau's), resolved, read relative to each
    other, and the places a nisba names (العاصمة السورية); locators are the words that
    placed others (جنوب in جنوب دمشق), for the locality finder to skip."""
    candidates = gaz.find(n)
    if after:
        candidates = [c for c in candidates if c.start >= after]
    context = country or infer_country(candidates)
    places = contained(n, resolve(candidates, context), candidates)
    places, locators = relative_places(n, places, context, gaz, candidates)
    places = sorted(places + [p for p in nisba_places(n, gaz, [*places, *locators])
                              if p.start >= after], key=lambda p: p.start)
    return places, locators, context
