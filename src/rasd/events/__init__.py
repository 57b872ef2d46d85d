"""Event coding: trigger lexicon, factuality, modes, roles, and the event stage."""

from __future__ import annotations

from rasd.events.coder import code_events
from rasd.model import Document


class EventStage:
    name = "events"

    def __call__(self, doc: Document) -> Document:
        return code_events(doc)


__all__ = ["EventStage", "code_events"]
