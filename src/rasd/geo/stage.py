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

from rasd.geo.gazetteer import Gazetteer
from rasd.geo.resolve import infer_country, resolve
from rasd.model import Document, Place
from rasd.text.normalize import Normalized

# Words that introduce a named locality (قرية الجفينة، حي القدم، مخيم اليرموك): the one or
# two words after them name a place even when no gazetteer has it.
_LOCALITY_CUE = re.compile(
    r"(?<!\w)[وفبل]?(?:ال)?(?:قريه|بلده|حي|مخيم|منطقه|مديريه|ناحيه|وادي|جبل|سهل|ريف|جزيره|"
    r"ضاحيه|معسكر|سجن)\s+((?:ال)?[\u0621-\u064a]{3,}(?:\s+(?:ال)[\u0621-\u064a]{3,})?)")
_APPROXIMATE_FROM = ("city", "admin1", "facility")


def _localities(doc: Document, n: Normalized) -> list[tuple[int, int]]:
    """Original spans of place names no gazetteer holds: NER locations and cue phrases."""
    spans = [(m.start, m.end) for m in doc.mentions if m.label == "LOC"]
    for m in _LOCALITY_CUE.finditer(n.text):
        spans.append(n.span(m.start(), m.end()))
    return spans


def approximate(doc: Document, n: Normalized, places: Sequence[Place]) -> list[Place]:
    """Unknown localities, geocoded as ACLED does to the nearest known place: the nearest
    resolved city/region in the same sentence, else the article's most named one. They
    carry `id=None` and the anchor's coordinates and precision."""
    if not places:
        return []
    main = Counter(p.name for p in places if p.precision in _APPROXIMATE_FROM).most_common(1)
    default = next((p for p in places if main and p.name == main[0][0]), None)
    out: list[Place] = []
    for start, end in _localities(doc, n):
        if any(p.start < end and start < p.end for p in list(places) + out):
            continue
        sent = next((s for s in doc.sentences if s.start <= start < s.end), None)
        near = [p for p in places if p.precision in _APPROXIMATE_FROM and sent is not None
                and sent.start <= p.start < sent.end]
        anchor = min(near, key=lambda p: abs(p.start - start)) if near else default
        if anchor is None:
            continue
        text = doc.text[start:end]
        out.append(Place(start, end, text, text, anchor.country, anchor.lat, anchor.lon,
                         anchor.precision, None))
    return out


class GeoStage:
    name = "geo"

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer or Gazetteer.default()

    def __call__(self, doc: Document) -> Document:
        candidates = self.gazetteer.find(doc.normalized)
        country = doc.country or infer_country(candidates)
        known = resolve(candidates, country)
        places = tuple(sorted(known + approximate(doc, doc.normalized, known),
                              key=lambda p: p.start))
        return dataclasses.replace(doc, places=places, country=country)
