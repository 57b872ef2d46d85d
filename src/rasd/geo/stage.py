"""The places stage: gazetteer matches resolved by the article's country context.

The context country is the caller's (`Document.country`) or, for articles that arrive
without one, the country the article's places point to; later stages read it from
`Document.country`.
"""

from __future__ import annotations

import dataclasses

from rasd.geo.gazetteer import Gazetteer
from rasd.geo.resolve import infer_country, resolve
from rasd.model import Document


class GeoStage:
    name = "geo"

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer or Gazetteer.default()

    def __call__(self, doc: Document) -> Document:
        candidates = self.gazetteer.find(doc.normalized)
        country = doc.country or infer_country(candidates)
        places = tuple(sorted(resolve(candidates, country), key=lambda p: p.start))
        return dataclasses.replace(doc, places=places, country=country)
