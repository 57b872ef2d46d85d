"""The shared data model: frozen dataclasses that every stage reads and writes.

The `Document` owns the original text; everything else is a span into it (`start`/`end`
are Python string indices into `Document.text`, half-open). Stages never mutate: they
return `dataclasses.replace(doc, field=...)`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

EVENT_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
FACTUALITY: tuple[str, ...] = ("asserted", "uncertain", "negated", "hypothetical")
PRECISIONS: tuple[str, ...] = ("country", "admin1", "city", "facility", "point")


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the original text."""

    start: int
    end: int
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class Token:
    """A word or punctuation mark with its clitic segmentation.

    `text` is the surface exactly as in the original (`doc.text[start:end]`); `norm` is the
    normalised whole word; `prefixes`, `stem` and `suffix` are its normalised segmentation
    (للقصف → prefixes ('ل', 'ال'), stem 'قصف'), chosen conservatively: a single-letter
    proclitic is split only when the split is unambiguous. Matchers that need other
    readings ask `rasd.text.clitics.readings(norm)`.
    """

    start: int
    end: int
    text: str
    norm: str
    prefixes: tuple[str, ...] = ()
    stem: str = ""
    suffix: str = ""
    is_word: bool = True


@dataclass(frozen=True, slots=True)
class Clause:
    """A clause: a stretch of a sentence between clause punctuation (، ؛ : quotes)."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str
    token_start: int  # index of the first token of the sentence in Document.tokens
    token_end: int  # one past the last
    clauses: tuple[Clause, ...] = ()


@dataclass(frozen=True, slots=True)
class Mention:
    """A name found in the text: by a dictionary, the gazetteer or the NER tagger."""

    start: int
    end: int
    text: str
    label: str  # PER, LOC, ORG, MISC (NER labels)
    origin: str  # "actors", "gazetteer", "ner"
    key: str | None = None  # actor id or place id when a dictionary matched


@dataclass(frozen=True, slots=True)
class Actor:
    """An actor as mentioned in the text, resolved to a canonical id where possible."""

    start: int
    end: int
    text: str
    id: str | None  # canonical id (ISO3-SLUG) or None for an ad-hoc actor
    name: str  # canonical English name (or the surface for ad-hoc actors)
    country: str | None  # ISO3, IGO or NGO
    sector: str | None = None  # GOV, MIL, REB, POL, IGO, NGO, MED, CIV, BUS, REL, OTHER
    kind: str | None = None  # person, organisation, armed group, state, IGO, NGO

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "actor": self.id,
                "name": self.name, "country": self.country, "sector": self.sector}


@dataclass(frozen=True, slots=True)
class Place:
    """A place mention geocoded to a gazetteer entry."""

    start: int
    end: int
    text: str
    name: str  # English name
    country: str | None
    lat: float | None
    lon: float | None
    precision: str  # one of PRECISIONS
    id: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "name": self.name,
                "country": self.country, "lat": self.lat, "lon": self.lon,
                "precision": self.precision}


@dataclass(frozen=True, slots=True)
class TimeExpression:
    """A date expression in the text resolved against the article's date.

    `value` is `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; None when it cannot be resolved
    (a relative expression in an article without a date).
    """

    start: int
    end: int
    text: str
    value: str | None
    granularity: str  # "year", "month", "day"
    relative: bool = False


@dataclass(frozen=True, slots=True)
class Casualties:
    killed: int | None = None
    wounded: int | None = None
    lower_bound: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"killed": self.killed, "wounded": self.wounded, "lower_bound": self.lower_bound}


@dataclass(frozen=True, slots=True)
class Event:
    """One coded event: PLOVER type and mode, who did it to whom, where, when, and why."""

    type: str
    trigger: Span
    evidence: Span
    factuality: str = "asserted"
    mode: str | None = None
    source: Actor | None = None
    target: Actor | None = None
    location: Place | None = None
    date: str | None = None
    date_basis: str | None = None  # "text" or "published"
    casualties: Casualties | None = None
    rules: tuple[str, ...] = ()  # ids of the cues and rules that fired, for auditing
    mentions: tuple[Span, ...] = ()  # other evidence spans of the same event

    def to_json(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "mode": self.mode,
            "factuality": self.factuality,
            "trigger": self.trigger.to_json(),
            "evidence": self.evidence.to_json(),
            "source": self.source.to_json() if self.source else None,
            "target": self.target.to_json() if self.target else None,
            "location": self.location.to_json() if self.location else None,
            "date": self.date,
            "date_basis": self.date_basis,
            "casualties": self.casualties.to_json() if self.casualties else None,
            "rules": list(self.rules),
            "mentions": [m.to_json() for m in self.mentions],
        }


@dataclass(frozen=True, slots=True)
class Document:
    """An article and everything the pipeline found in it."""

    text: str
    id: str = ""
    published: str | None = None  # YYYY-MM-DD
    source: str | None = None
    url: str | None = None
    country: str | None = None  # context country (ISO3) when the caller knows it
    sentences: tuple[Sentence, ...] = ()
    tokens: tuple[Token, ...] = ()
    mentions: tuple[Mention, ...] = ()
    actors: tuple[Actor, ...] = ()
    places: tuple[Place, ...] = ()
    times: tuple[TimeExpression, ...] = ()
    events: tuple[Event, ...] = ()
    # A wire dateline (دبي، الإمارات (CNN) --): its places and states are the bureau's, not
    # the events'; set by the text stage.
    dateline: Span | None = None
    # The normalised text and its offset map (rasd.text.Normalized), set by the text stage.
    normalized: Any = field(default=None, compare=False, hash=False, repr=False)
    meta: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def span(self, start: int, end: int) -> Span:
        return Span(start, end, self.text[start:end])

    def to_json(self) -> dict[str, Any]:
        """The per-article output line of GOLD.md."""
        return {"id": self.id, "events": [e.to_json() for e in self.events]}


# A frozen dataclass's own __init__ goes through object.__setattr__ once per field, three
# times the cost of setting the slots directly; tokens are made by the hundred per article,
# so the text stage makes them here. The result is the same: equal, hashable, frozen.
_new = object.__new__
(_s_start, _s_end, _s_text, _s_norm, _s_prefixes, _s_stem, _s_suffix,
 _s_is_word) = (Token.__dict__[f.name].__set__ for f in fields(Token))


def make_token(start: int, end: int, text: str, norm: str, prefixes: tuple[str, ...],
               stem: str, suffix: str, is_word: bool) -> Token:
    """`Token(start, end, text, norm, prefixes, stem, suffix, is_word)`, faster."""
    tok = _new(Token)
    _s_start(tok, start)
    _s_end(tok, end)
    _s_text(tok, text)
    _s_norm(tok, norm)
    _s_prefixes(tok, prefixes)
    _s_stem(tok, stem)
    _s_suffix(tok, suffix)
    _s_is_word(tok, is_word)
    return tok
