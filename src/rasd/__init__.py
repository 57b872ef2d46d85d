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


def __getattr__(name: str):
    # Dask is an optional extra: `rasd.extract_bag` imports it only when asked for.
    if name == "extract_bag":
        from rasd.scale import extract_bag
        return extract_bag
    raise AttributeError(f"module 'rasd' has no attribute {name!r}")

__all__ = [
    "Actor", "Casualties", "Clause", "ConfigError", "DictionaryError", "Document", "Event",
    "InputError", "Mention", "ModelError", "Pipeline", "Place", "RasdError", "Sentence", "Span",
    "StoreError", "TimeExpression", "Token", "extract", "extract_bag", "__version__",
]
