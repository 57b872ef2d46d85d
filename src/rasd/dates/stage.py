"""The time stage: date expressions of the article, resolved against its publication date."""

from __future__ import annotations

import dataclasses

from rasd.dates.find import find_times
from rasd.model import Document


class DateStage:
    name = "dates"

    def __call__(self, doc: Document) -> Document:
        return dataclasses.replace(doc, times=tuple(find_times(doc.normalized, doc.published)))
