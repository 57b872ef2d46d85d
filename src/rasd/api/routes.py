"""The endpoints under /api: thin handlers over rasd.store.query and rasd.network.

Handlers are plain functions (FastAPI runs them in its thread pool, each with a reader from
`StoreAccess`), except `GET /api/events`, which answers a cached page on the event loop and
sends only database work to the pool; the one write, `POST /api/articles`, checks the token
before it reads the body, then extracts and stores under the write lock. Answers are dicts
serialised straight to JSON; their shapes are the models in `rasd.api.schemas`.
"""

from __future__ import annotations

import hmac
import json
import re
from dataclasses import replace
from datetime import date, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, Security
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.responses import Response

from rasd.api import schemas
from rasd.api.access import StoreAccess
from rasd.api.cache import dumps
from rasd.api.errors import ApiError, cli_words
from rasd.errors import ConfigError
from rasd.model import EVENT_TYPES, FACTUALITY
from rasd.store.query import (
    EventFilter,
    actor_events,
    actor_links,
    article_texts,
    count,
    day_counts,
    events_by_id,
    events_of_articles,
    find_actors,
    get_event,
    list_actors,
    located,
    page_ids,
    summary,
)
from rasd.store.query import query as query_events

MAX_ARTICLES = 100
MAX_FEATURES = 50_000
ACTOR_EVENTS = 200
DEFAULT_FACTUALITY = "asserted,uncertain"

# The four relations of the actor network (INTERFACES.md) over PLOVER's types: giving or
# backing, working together or backing down, talking or asking, and every kind of conflict.
RELATION = {
    "SUPPORT": "support", "AID": "support",
    "AGREE": "cooperation", "COOPERATE": "cooperation", "CONCEDE": "cooperation",
    "RETREAT": "cooperation",
    "CONSULT": "consultation", "REQUEST": "consultation",
}
RELATIONS = ("support", "cooperation", "consultation", "hostility")


def relation(event_type: str) -> str:
    return RELATION.get(event_type, "hostility")


router = APIRouter(prefix="/api")


def _json(obj: Any, status: int = 200) -> Response:
    return Response(dumps(obj).encode("utf-8"), status_code=status,
                    media_type="application/json")


def _access(request: Request) -> StoreAccess:
    return request.app.state.access


def _errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    words = {400: "Bad parameter (the message says which)", 401: "No or wrong bearer token",
             403: "Writes are disabled: the server has no token", 404: "Not found",
             413: "Body over 5 MB, or more than 100 articles", 500: "Server error"}
    return {s: {"model": schemas.ErrorBody, "description": words[s]} for s in (*statuses, 500)}


def _ok(model: type, description: str) -> dict[int | str, dict[str, Any]]:
    return {200: {"model": model, "description": description}}


# The filters' exact syntax, in the schema and checked here (with messages that say what to
# write): the schema promises what is accepted, and schemathesis holds it to that.
_TYPE = "(?:" + "|".join(EVENT_TYPES) + ")"
_FACT = "(?:" + "|".join(FACTUALITY) + ")"
TYPES_RE = f"^{_TYPE}(?:,{_TYPE})*$"
FACTUALITY_RE = f"^(?:all|{_FACT}(?:,{_FACT})*)$"
DATE_RE = r"^\d{4}-\d{2}-\d{2}$"
COUNTRY_RE = "^[A-Za-z]{3}$"
TEXT_RE = "^[^\\x00]*$"  # NUL can be stored by no database


def _text(value: str | None, name: str) -> str | None:
    if value is not None and "\x00" in value:
        raise ApiError(400, f"{name} must not contain NUL characters")
    return value


Country = Annotated[str | None, Query(
    description="Events in this country (ISO3)", examples=["LBY"],
    json_schema_extra={"pattern": COUNTRY_RE})]
Types = Annotated[list[str] | None, Query(
    description="PLOVER type(s), upper case: repeat the parameter or separate with commas",
    examples=[["ASSAULT"]], json_schema_extra={"items": {"type": "string",
                                                          "pattern": TYPES_RE}})]
Actor = Annotated[str | None, Query(
    description="Source or target actor: dictionary id, part of its name, or the Arabic "
                "text as written", examples=["LBY-HAFTAR"],
    json_schema_extra={"pattern": TEXT_RE})]
Place = Annotated[str | None, Query(
    description="Place: part of its name, or the Arabic text as written",
    examples=["Misrata"], json_schema_extra={"pattern": TEXT_RE})]
Since = Annotated[str | None, Query(
    description="Events on or after this day (YYYY-MM-DD)", examples=["2019-01-01"],
    json_schema_extra={"pattern": DATE_RE, "format": "date"})]
Until = Annotated[str | None, Query(
    description="Events on or before this day (YYYY-MM-DD)", examples=["2019-12-31"],
    json_schema_extra={"pattern": DATE_RE, "format": "date"})]
Factuality = Annotated[str, Query(
    description="Comma list of asserted, uncertain, negated, hypothetical; or `all`",
    examples=["asserted,uncertain"], json_schema_extra={"pattern": FACTUALITY_RE})]


async def event_filter(country: Country = None, type: Types = None, actor: Actor = None,
                 place: Place = None, since: Since = None, until: Until = None,
                 factuality: Factuality = DEFAULT_FACTUALITY) -> EventFilter:
    """The filters of `rasd events` as query parameters."""
    types: list[str] = []
    for value in type or []:
        if not re.match(TYPES_RE, value):
            raise ApiError(400, f"type {value!r} is not a PLOVER type or a comma list of "
                                f"them; use {', '.join(EVENT_TYPES)}")
        types += value.split(",")
    if not re.match(FACTUALITY_RE, factuality):
        raise ApiError(400, f"factuality {factuality!r} is not 'all' or a comma list of "
                            f"{', '.join(FACTUALITY)}")
    facts = () if factuality == "all" else tuple(dict.fromkeys(factuality.split(",")))
    if set(facts) == set(FACTUALITY):
        facts = ()
    try:
        return EventFilter(
            country=country, types=tuple(dict.fromkeys(types)),
            actor=_text(actor, "actor") or None, place=_text(place, "place") or None,
            since=since, until=until, factuality=facts).validate()
    except ConfigError as exc:
        raise ApiError(400, cli_words(str(exc))) from None


Filter = Annotated[EventFilter, Depends(event_filter)]


# -- reads ------------------------------------------------------------------------------

@router.get("/health", response_model=None, tags=["meta"],
            responses={**_ok(schemas.Health, "The server is up; the store's size"),
                       **_errors()})
def health(request: Request) -> Response:
    """Liveness, version and how many events and articles the store holds."""
    from rasd import __version__

    with _access(request).read() as store:
        return _json({"status": "ok", "version": __version__,
                      "events": store.count("events"), "articles": store.count("articles")})


@router.get("/events", response_model=None, tags=["events"],
            responses={**_ok(schemas.EventsPage, "A page of matching events"),
                       **_errors(400)})
async def events(request: Request, flt: Filter,
                 limit: Annotated[int, Query(ge=1, le=1000,
                                             description="Events per page")] = 100,
                 offset: Annotated[int, Query(ge=0, le=1_000_000_000,
                                              description="Events to skip")] = 0,
                 sort: Annotated[Literal["date", "-date", "type", "-type", "n_sources",
                                         "-n_sources"], Query(
                     description="Order; `-` for descending. Ties are broken by date, "
                                 "then id")] = "-date") -> Response:
    """Merged events matching the filters, a page at a time, with the total count."""
    access = _access(request)
    every = replace(flt, sort=sort)
    # A page already in the cache is answered here, on the event loop; anything that needs
    # the database goes to a worker thread.
    page = None if access.postgres else access.cache.page(
        access.generation(None), flt, every, offset, limit)
    hit = page is not None
    if page is None:
        hit, page = await run_in_threadpool(_events_page, access, flt, every, offset, limit)
    total, found = page
    head = dumps({"total": total, "limit": limit, "offset": offset})
    body = head[:-1] + ',"events":[' + ",".join(found) + "]}"
    return Response(body.encode("utf-8"), media_type="application/json",
                    headers={"X-Rasd-Cache": "hit" if hit else "miss"})


def _events_page(access: StoreAccess, flt: EventFilter, every: EventFilter, offset: int,
                 limit: int) -> tuple[bool, tuple[int, list[str]]]:
    """(whether all came from the cache, (total, the page's events as JSON)): the page is a
    slice of the filter's ordered ids, read once with the count, unless the filter selects
    more events than the cache keeps lists of: then the database counts and pages."""
    cache = access.cache
    with access.read() as store:
        generation = access.generation(store)
        page = cache.page(generation, flt, every, offset, limit)
        if page is not None:
            return True, page
        known = cache.known_count(generation, flt)
        ordered = None
        if known is None or known <= cache.max_list:
            ordered = cache.ordered(generation, every, lambda: page_ids(
                store, replace(every, limit=cache.max_list + 1)))
        if ordered is not None and len(ordered) <= cache.max_list:
            total = cache.count(generation, flt, lambda: len(ordered))
            ids = ordered[offset:offset + limit]
        else:
            total = cache.count(generation, flt, lambda: count(store, flt))
            ids = page_ids(store, replace(every, limit=limit, offset=offset))
        return False, (total, cache.events(generation, ids,
                                           lambda missing: events_by_id(store, missing)))


@router.get("/events/{event_id}", response_model=None, tags=["events"],
            responses={**_ok(schemas.EventDetail, "The event, its reports and their articles"),
                       **_errors(404)})
def event(request: Request, event_id: Annotated[str, Path(
        description="A merged event's id", examples=["ev-3f2a9c1d0b7e"],
        json_schema_extra={"pattern": TEXT_RE})]) -> Response:
    """One event with each source article's full text and the evidence and trigger spans
    (offsets into that text)."""
    if "\x00" in event_id:
        raise ApiError(404, "no event with that id")
    with _access(request).read() as store:
        ev = get_event(store, event_id)
        if ev is None:
            raise ApiError(404, f"no event with id {event_id!r}")
        texts = article_texts(store, [r.article_id for r in ev.reports])
    out = ev.to_json()
    out["sources"] = [{"article": r.article_id, "url": r.url, "outlet": r.outlet,
                       "published": r.published, "text": texts.get(r.article_id),
                       "evidence": r.evidence, "trigger": r.trigger} for r in ev.reports]
    return _json(out)


@router.get("/actors", response_model=None, tags=["actors"],
            responses={**_ok(schemas.ActorsPage, "A page of actors, most events first"),
                       **_errors(400)})
def actors(request: Request,
           q_: Annotated[str | None, Query(
               alias="q", description="Part of the name or dictionary id",
               examples=["haftar"], json_schema_extra={"pattern": TEXT_RE})] = None,
           limit: Annotated[int, Query(ge=1, le=1000)] = 100,
           offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0) -> Response:
    """Actors (dictionary and ad-hoc) with the number of merged events they take part in."""
    needle = _text(q_, "q") or None
    with _access(request).read() as store:
        total, rows = list_actors(store, needle, limit, offset)
    return _json({"total": total, "limit": limit, "offset": offset,
                  "actors": [{**a.to_json(), "events": n} for a, n in rows]})


@router.get("/actors/{key}", response_model=None, tags=["actors"],
            responses={**_ok(schemas.ActorDetail, "The actor, its latest events, its "
                                                  "relations"), **_errors(404)})
def actor(request: Request, key: Annotated[str, Path(
        description="A dictionary id (LBY-HAFTAR), or the name of an ad-hoc actor",
        examples=["LBY-HAFTAR"], json_schema_extra={"pattern": TEXT_RE})]) -> Response:
    """One actor: its latest 200 events and who it supports, cooperates with, consults
    and fights (weighted by merged events, both directions)."""
    if "\x00" in key:
        raise ApiError(404, "no actor with that key")
    with _access(request).read() as store:
        found = find_actors(store, key)
        if not found:
            raise ApiError(404, f"no actor {key!r}; list them with /api/actors?q=NAME")
        keys = [a.key for a in found]
        n_events, latest = actor_events(store, keys, ACTOR_EVENTS)
        links = actor_links(store, keys)
    mine = set(keys)
    weights: dict[tuple[str, str, str], list[Any]] = {}
    for src, tgt, etype, n in links:
        if src.key in mine and tgt.key not in mine:
            other, direction = tgt, "out"
        elif tgt.key in mine and src.key not in mine:
            other, direction = src, "in"
        else:
            continue
        slot = weights.setdefault((other.key, relation(etype), direction), [other, 0])
        slot[1] += n
    relations = [{"actor": other.id, "name": other.name, "country": other.country,
                  "relation": rel, "weight": w, "direction": direction}
                 for (_, rel, direction), (other, w) in weights.items()]
    relations.sort(key=lambda r: (-r["weight"], r["name"], r["relation"], r["direction"]))
    head = found[0]
    return _json({**head.to_json(), "keys": keys, "n_events": n_events,
                  "events": [ev.to_json() for ev in latest], "relations": relations})


@router.get("/network", response_model=None, tags=["analysis"],
            responses={**_ok(schemas.Network, "Actors and weighted, directed relations"),
                       **_errors(400)})
def network(request: Request, flt: Filter,
            top: Annotated[int, Query(ge=1, le=5000, description=(
                "Keep the actors in most events"))] = 200,
            adhoc: Annotated[bool, Query(description=(
                "Also ad-hoc actors (names not in the dictionary)"))] = False) -> Response:
    """The actor network of the matching events (rasd.network): one edge per ordered pair,
    its relation the most frequent of support, cooperation, consultation and hostility,
    its weight the number of merged events."""
    from rasd.network import build_network, top_actors

    with _access(request).read() as store:
        found = query_events(store, flt, reports=False)
    g = top_actors(build_network(found, since=flt.since, until=flt.until, adhoc=adhoc), top)
    by_edge: dict[tuple[str, str], dict[str, int]] = {}
    for ev in found:
        if ev.source is not None and ev.target is not None:
            pair = (ev.source.key, ev.target.key)
            if g.has_edge(*pair):
                rels = by_edge.setdefault(pair, dict.fromkeys(RELATIONS, 0))
                rels[relation(ev.type)] += 1
    nodes = [{"id": k, "label": d["name"], "country": d["country"] or None,
              "events": d["events"], "actor": d["actor_id"] or None,
              "sector": d["sector"] or None}
             for k, d in sorted(g.nodes(data=True), key=lambda x: (-x[1]["events"], x[0]))]
    edges = []
    for s, t, d in sorted(g.edges(data=True), key=lambda x: (-x[2]["events"], x[0], x[1])):
        rels = by_edge[(s, t)]
        main = max(RELATIONS, key=lambda r: (rels[r], -RELATIONS.index(r)))
        edges.append({"source": s, "target": t, "relation": main, "weight": d["events"],
                      "relations": {r: n for r, n in rels.items() if n},
                      "class": d["class"], "sources": d["sources"]})
    return _json({"nodes": nodes, "edges": edges})


def _bucket(day: date, interval: str) -> date:
    return day - timedelta(days=day.weekday()) if interval == "week" else day.replace(day=1)


def _next_bucket(start: date, interval: str) -> date:
    if interval == "week":
        return start + timedelta(days=7)
    return date(start.year + (start.month == 12), start.month % 12 + 1, 1)


MAX_FILLED_BUCKETS = 5000


@router.get("/timeline", response_model=None, tags=["analysis"],
            responses={**_ok(schemas.Timeline, "Counts by period and type"), **_errors(400)})
def timeline(request: Request, flt: Filter,
             interval: Annotated[Literal["week", "month"], Query(
                 description="Bucket size; weeks start on Monday")] = "month") -> Response:
    """Matching events counted per week or month and type (an event counts on the first
    day of its date: a month-precise date in that month's first week); periods without
    events are included as zeros between the first and last."""
    with _access(request).read() as store:
        days, undated = day_counts(store, flt)
    counts: dict[date, dict[str, int]] = {}
    present: set[str] = set()
    for day, etype, n in days:
        slot = counts.setdefault(_bucket(day, interval), {})
        slot[etype] = slot.get(etype, 0) + n
        present.add(etype)
    types = [t for t in EVENT_TYPES if t in present] + sorted(present - set(EVENT_TYPES))
    periods = sorted(counts)
    if periods:
        first, last = periods[0], periods[-1]
        span = ((last - first).days // 7 if interval == "week"
                else (last.year - first.year) * 12 + last.month - first.month)
        if span < MAX_FILLED_BUCKETS:
            periods, b = [], first
            for _ in range(span + 1):
                periods.append(b)
                if b < last:
                    b = _next_bucket(b, interval)
    buckets = []
    for b in periods:
        slot = counts.get(b, {})
        buckets.append({"period": b.isoformat(), "counts": {t: slot.get(t, 0) for t in types},
                        "total": sum(slot.values())})
    return _json({"interval": interval, "types": types, "buckets": buckets,
                  "undated": undated})


@router.get("/places", response_model=None, tags=["analysis"],
            responses={**_ok(schemas.Places, "GeoJSON FeatureCollection"), **_errors(400)})
def places(request: Request, flt: Filter) -> Response:
    """A point for each matching event whose place has coordinates (at most 50,000)."""
    with _access(request).read() as store:
        total = count(store, flt)
        rows = located(store, flt, MAX_FEATURES + 1)
    truncated = len(rows) > MAX_FEATURES
    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                 "properties": {"event": eid, "type": etype, "date": day, "place": name,
                                "country": country, "factuality": fact}}
                for eid, etype, day, name, country, fact, lat, lon in rows[:MAX_FEATURES]]
    return _json({"type": "FeatureCollection", "features": features, "total": total,
                  "located": len(features), "truncated": truncated})


@router.get("/stats", response_model=None, tags=["analysis"],
            responses={**_ok(schemas.Stats, "Counts of the matching events"), **_errors(400)})
def stats(request: Request, flt: Filter) -> Response:
    """How many events match, and how they split by type, country and factuality."""
    with _access(request).read() as store:
        out = summary(store, flt)
    out["by_country"] = {k: v for k, v in out["by_country"].items() if k is not None}
    return _json(out)


# -- the one write ----------------------------------------------------------------------

bearer = HTTPBearer(auto_error=False, description="The token given to `rasd serve` "
                                                  "(RASD_TOKEN or --token-file)")


async def require_writer(request: Request, credentials: Annotated[
        HTTPAuthorizationCredentials | None, Security(bearer)] = None) -> None:
    """Writes need the server's token, compared in constant time."""
    token: str | None = request.app.state.token
    if token is None:
        raise ApiError(403, "writes are disabled on this server: start it with a token, "
                            "RASD_TOKEN=... rasd serve, or rasd serve --token-file FILE")
    challenge = {"WWW-Authenticate": "Bearer"}
    if credentials is None:
        raise ApiError(401, "this needs the header Authorization: Bearer <token>", challenge)
    if not hmac.compare_digest(credentials.credentials.encode("utf-8"), token.encode("utf-8")):
        raise ApiError(401, "wrong token", challenge)


@router.post(
    "/articles", response_model=None, tags=["ingest"],
    dependencies=[Depends(require_writer)],
    responses={**_ok(schemas.Ingested, "The counts, the refused articles, the events"),
               **_errors(400, 401, 403, 413)},
    openapi_extra={"requestBody": {"required": True, "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/ArticlesIn"}}}}})
async def post_articles(request: Request) -> Response:
    """Code and store up to 100 articles (the same idempotent path as `rasd ingest`: an
    article already stored with the same text is left alone) and return their events.
    Needs `Authorization: Bearer <token>`."""
    raw = await request.body()
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise ApiError(400, f"the body must be JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ApiError(400, 'the body must be a JSON object: {"articles": [...]}')
    if isinstance(data.get("articles"), list) and len(data["articles"]) > MAX_ARTICLES:
        raise ApiError(413, f"at most {MAX_ARTICLES} articles per request, not "
                            f"{len(data['articles'])}: send them in batches")
    body = schemas.ArticlesIn.model_validate(data)
    records = []
    for a in body.articles:
        rec = a.model_dump()
        if rec["country"]:
            rec["country"] = rec["country"].upper()
        records.append(rec)

    def work(store: Any, nlp: Any) -> tuple[Any, list[Any]]:
        from rasd.store import ingest_records

        result = ingest_records(store, records, nlp, origin="POST /api/articles")
        return result, events_of_articles(store, result.ids)

    result, found = await run_in_threadpool(_access(request).write, work)
    counts = {k: v for k, v in result.to_json().items() if k != "seconds"}
    return _json({"summary": counts, "rejects": [str(e) for e in result.rejects],
                  "events": [ev.to_json() for ev in found]})
