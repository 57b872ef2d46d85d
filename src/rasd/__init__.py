"""rasd: Arabic news to structured conflict-event data.

    import rasd
    doc = rasd.extract(text, published="2019-08-06", country="LBY")
    for ev in doc.events:
        ev.type, ev.mode, ev.factuality, ev.trigger, ev.source, ev.target, ev.location, ev.date
"""

from rasd.errors import (
    ConfigError,
    DictionaryError,
    InputError,
    ModelError,
    RasdError,
    StoreError,
)
from rasd.model import (
    Actor,
    Casualties,
    Clause,
    Document,
    Event,
    Mention,
    Place,
    Sentence,
    Span,
    TimeExpression,
    Token,
)
from rasd.pipeline import Pipeline, extract

__version__ = "0.1.0"

__all__ = [
    "Actor", "Casualties", "Clause", "ConfigError", "DictionaryError", "Document", "Event",
    "InputError", "Mention", "ModelError", "Pipeline", "Place", "RasdError", "Sentence", "Span",
    "StoreError", "TimeExpression", "Token", "extract", "__version__",
]
