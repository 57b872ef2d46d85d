"""The API's JSON shapes as pydantic models: they document the OpenAPI schema (with
examples) and validate request bodies. Responses are built as plain dicts and serialised
directly (FastAPI's generic encoder costs more than the query on a page of 100 events); the
tests check every answer against these models through the OpenAPI schema.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

_OPEN = ConfigDict(extra="allow")

EXAMPLE_EVENT: dict[str, Any] = {
    "id": "ev-3f2a9c1d0b7e", "type": "ASSAULT", "mode": "aerial", "factuality": "asserted",
    "date": "2019-08-04", "country": "LBY",
    "source": {"actor": "LBY-HAFTAR", "name": "Khalifa Haftar", "country": "LBY",
               "sector": "MIL"},
    "target": {"actor": "LBY-MISRATA", "name": "Misrata armed groups", "country": "LBY",
               "sector": "REB"},
    "location": {"name": "Misrata", "country": "LBY", "lat": 32.3754, "lon": 15.0925,
                 "precision": "city"},
    "casualties": {"killed": 3, "wounded": None}, "n_sources": 1,
    "articles": ["sample-0004"],
    "reports": [{
        "article": "sample-0004", "seq": 0, "outlet": "Libya Observer",
        "url": "https://example.org/sample-0004", "published": "2019-08-06",
        "factuality": "asserted", "trigger": {"text": "قصفت", "start": 12, "end": 16},
        "evidence": {"text": "قصفت طائرات حفتر الكلية الجوية في مصراتة.", "start": 12,
                     "end": 53},
        "source_text": "حفتر", "target_text": None, "place_text": "مصراتة",
        "date": "2019-08-04", "date_basis": "text"}],
}


class Problem(BaseModel):
    status: int = Field(examples=[404])
    code: Literal["not_found", "bad_request", "unauthorized", "too_large", "forbidden",
                  "server_error"]
    message: str = Field(examples=["no event with id 'ev-0'"])


class ErrorBody(BaseModel):
    """Every error: its HTTP status, a stable code and a sentence for people."""

    error: Problem


class Health(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"status": "ok", "version": "0.1.0", "events": 80, "articles": 9}]})
    status: Literal["ok"]
    version: str
    events: int
    articles: int


class ActorRef(BaseModel):
    model_config = _OPEN
    actor: str | None = Field(description="Dictionary id; null for an ad-hoc actor")
    name: str
    country: str | None
    sector: str | None


class PlaceRef(BaseModel):
    model_config = _OPEN
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    precision: str | None


class SpanRef(BaseModel):
    text: str
    start: int = Field(description="Offset into the article text (Python string index)")
    end: int


class Casualties(BaseModel):
    killed: int | None
    wounded: int | None


class Report(BaseModel):
    model_config = _OPEN
    article: str
    seq: int
    outlet: str | None
    url: str | None
    published: str | None
    factuality: str
    trigger: SpanRef
    evidence: SpanRef
    source_text: str | None
    target_text: str | None
    place_text: str | None
    date: str | None
    date_basis: str | None


class Event(BaseModel):
    """A merged event: one real-world event and the reports it was merged from."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [EXAMPLE_EVENT]})
    id: str
    type: str
    mode: str | None
    factuality: str
    date: str | None
    country: str | None
    source: ActorRef | None
    target: ActorRef | None
    location: PlaceRef | None
    casualties: Casualties
    n_sources: int
    articles: list[str]
    reports: list[Report]


class EventsPage(BaseModel):
    total: int = Field(description="Events matching the filter (all pages)")
    limit: int
    offset: int
    events: list[Event]


class Source(BaseModel):
    """One article's report of the event, with the article's full text."""

    model_config = _OPEN
    article: str
    url: str | None
    outlet: str | None
    published: str | None
    text: str | None = Field(description="The full article text; the offsets index into it")
    evidence: SpanRef
    trigger: SpanRef


class EventDetail(Event):
    sources: list[Source]


class ActorRow(BaseModel):
    model_config = _OPEN
    actor: str | None
    name: str
    country: str | None
    sector: str | None
    events: int = Field(description="Merged events with this actor as source or target")


class ActorsPage(BaseModel):
    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [
        {"total": 1, "limit": 100, "offset": 0, "actors": [
            {"actor": "LBY-HAFTAR", "name": "Khalifa Haftar", "country": "LBY",
             "sector": "MIL", "events": 12}]}]})
    total: int
    actors: list[ActorRow]


class Relation(BaseModel):
    model_config = _OPEN
    actor: str | None
    name: str
    relation: Literal["support", "cooperation", "consultation", "hostility"]
    weight: int = Field(description="Merged events of this relation")
    direction: Literal["out", "in"] = Field(
        description="out: this actor is the source; in: the other actor is")


class ActorDetail(BaseModel):
    model_config = _OPEN
    actor: str | None
    name: str
    country: str | None
    sector: str | None
    n_events: int = Field(description="All merged events of the actor")
    events: list[Event] = Field(description="The latest 200 of them")
    relations: list[Relation]


class Node(BaseModel):
    model_config = _OPEN
    id: str
    label: str
    country: str | None
    events: int


class Edge(BaseModel):
    model_config = _OPEN
    source: str
    target: str
    relation: Literal["support", "cooperation", "consultation", "hostility"]
    weight: int


class Network(BaseModel):
    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [
        {"nodes": [{"id": "LBY-HAFTAR", "label": "Khalifa Haftar", "country": "LBY",
                    "events": 3},
                   {"id": "LBY-GNA", "label": "Government of National Accord",
                    "country": "LBY", "events": 3}],
         "edges": [{"source": "LBY-HAFTAR", "target": "LBY-GNA", "relation": "hostility",
                    "weight": 3}]}]})
    nodes: list[Node]
    edges: list[Edge]


class Bucket(BaseModel):
    period: str = Field(description="First day of the week (Monday) or month")
    counts: dict[str, int]
    total: int


class Timeline(BaseModel):
    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [
        {"interval": "month", "types": ["ASSAULT", "CONSULT"], "undated": 0,
         "buckets": [{"period": "2019-08-01", "counts": {"ASSAULT": 5, "CONSULT": 1},
                      "total": 6}]}]})
    interval: Literal["week", "month"]
    types: list[str]
    buckets: list[Bucket]
    undated: int = Field(description="Matching events without a date (in no bucket)")


class PointGeometry(BaseModel):
    type: Literal["Point"]
    coordinates: list[float] = Field(min_length=2, max_length=2, description="[lon, lat]")


class PlaceProperties(BaseModel):
    model_config = _OPEN
    event: str
    type: str
    date: str | None
    place: str
    country: str | None
    factuality: str


class Feature(BaseModel):
    type: Literal["Feature"]
    geometry: PointGeometry
    properties: PlaceProperties


class Places(BaseModel):
    """GeoJSON: one point per matching event whose place has coordinates."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [
        {"type": "FeatureCollection", "total": 1, "located": 1, "truncated": False,
         "features": [{"type": "Feature",
                       "geometry": {"type": "Point", "coordinates": [15.0925, 32.3754]},
                       "properties": {"event": "ev-3f2a9c1d0b7e", "type": "ASSAULT",
                                      "date": "2019-08-04", "place": "Misrata",
                                      "country": "LBY", "factuality": "asserted"}}]}]})
    type: Literal["FeatureCollection"]
    features: list[Feature]
    total: int = Field(description="Events matching the filter")
    located: int = Field(description="Features returned")
    truncated: bool = Field(description="True when more than 50,000 were located")


class Stats(BaseModel):
    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [
        {"events": 71, "articles": 9, "by_type": {"ASSAULT": 30, "CONSULT": 9},
         "by_country": {"LBY": 50, "YEM": 10}, "by_factuality": {"asserted": 55,
                                                                 "uncertain": 16},
         "first_date": "2011-03-19", "last_date": "2019-08-06"}]})
    events: int
    articles: int = Field(description="Articles reporting the matching events")
    by_type: dict[str, int]
    by_country: dict[str, int] = Field(
        description="By ISO3 code; events with no country are counted in `events` only")
    by_factuality: dict[str, int]
    first_date: str | None
    last_date: str | None


class ArticleIn(BaseModel):
    """An article to code and store; the same fields as a line of `rasd ingest` JSONL."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(min_length=1, max_length=500, examples=["wire-2019-08-06-001"])
    text: str = Field(description="Arabic article text (at most 1,000,000 bytes)")
    published: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$",
                                  examples=["2019-08-06"])
    url: str | None = None
    source: str | None = Field(None, description="The outlet", examples=["Libya Observer"])
    country: str | None = Field(None, pattern=r"^[A-Za-z]{3}$",
                                description="Context country (ISO3)", examples=["LBY"])

    @field_validator("id", "text", "url", "source")
    @classmethod
    def _no_nul(cls, value: str | None) -> str | None:
        if value is not None and "\x00" in value:
            raise ValueError("must not contain NUL characters")
        return value


class ArticlesIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"articles": [{"id": "wire-2019-08-06-001", "published": "2019-08-06",
                       "source": "Libya Observer", "country": "LBY",
                       "text": "قصفت طائرات تابعة لقوات حفتر الكلية الجوية في مصراتة "
                               "صباح الأحد، ما أدى إلى مقتل ثلاثة أشخاص."}]}]})
    articles: list[ArticleIn] = Field(min_length=1, description="1 to 100 articles")


class IngestCounts(BaseModel):
    model_config = _OPEN
    new: int
    changed: int
    present: int
    rejected: int
    events: int


class Ingested(BaseModel):
    summary: IngestCounts
    rejects: list[str] = Field(description="`origin:line: reason` of each article refused")
    events: list[Event] = Field(description="Every merged event these articles report")
