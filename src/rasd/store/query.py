"""Reading merged events back: filters (country, type, actor, place, dates, factuality).

`query(store, EventFilter(country="LBY", types=("ASSAULT",), since="2019-07-01"))` returns
`StoredEvent`s, frozen dataclasses with their actors, place and every report (article,
evidence span) they were merged from: what `rasd events`, the exports and the network read.
`count`, `page_ids`, `summary`, `day_counts` and `located` answer the same filter with
aggregates or ids (what the REST API pages and charts need, without loading every event);
`get_event`, `events_by_id`, `events_of_articles`, `article_texts`, `list_actors`,
`find_actors`, `actor_events` and `actor_links` read single records.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rasd.errors import ConfigError
from rasd.model import EVENT_TYPES, FACTUALITY
from rasd.store.db import Store

REAL = ("asserted", "uncertain")


@dataclass(frozen=True, slots=True)
class StoredActor:
    key: str
    id: str | None
    name: str
    country: str | None
    sector: str | None
    kind: str | None

    def to_json(self) -> dict[str, Any]:
        return {"actor": self.id, "name": self.name, "country": self.country,
                "sector": self.sector}


@dataclass(frozen=True, slots=True)
class StoredPlace:
    key: str
    id: str | None
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    precision: str | None

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "country": self.country, "lat": self.lat, "lon": self.lon,
                "precision": self.precision}


@dataclass(frozen=True, slots=True)
class StoredReport:
    """One article's report of the event, with the exact spans it came from."""

    article_id: str
    seq: int
    outlet: str | None
    url: str | None
    published: str | None
    factuality: str
    trigger: dict[str, Any]
    evidence: dict[str, Any]
    source_text: str | None
    target_text: str | None
    place_text: str | None
    date: str | None
    date_basis: str | None
    rules: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"article": self.article_id, "seq": self.seq, "outlet": self.outlet,
                "url": self.url, "published": self.published, "factuality": self.factuality,
                "trigger": self.trigger, "evidence": self.evidence,
                "source_text": self.source_text, "target_text": self.target_text,
                "place_text": self.place_text, "date": self.date, "date_basis": self.date_basis}


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """A merged event: one real-world event and the reports it was merged from."""

    id: str
    type: str
    mode: str | None
    factuality: str
    source: StoredActor | None
    target: StoredActor | None
    place: StoredPlace | None
    country: str | None
    date: str | None
    date_start: date | None
    date_end: date | None
    killed: int | None
    wounded: int | None
    n_sources: int
    reports: tuple[StoredReport, ...] = field(default=())

    @property
    def articles(self) -> list[str]:
        return sorted({r.article_id for r in self.reports})

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "type": self.type, "mode": self.mode, "factuality": self.factuality,
            "date": self.date, "country": self.country,
            "source": self.source.to_json() if self.source else None,
            "target": self.target.to_json() if self.target else None,
            "location": self.place.to_json() if self.place else None,
            "casualties": {"killed": self.killed, "wounded": self.wounded},
            "n_sources": self.n_sources, "articles": self.articles,
            "reports": [r.to_json() for r in self.reports],
        }


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class EventFilter:
    country: str | None = None
    types: tuple[str, ...] = ()
    actor: str | None = None
    place: str | None = None
    since: str | None = None
    until: str | None = None
    factuality: tuple[str, ...] = ()
    limit: int | None = None
    offset: int = 0
    sort: str | None = None  # one of SORTS; None: date then id, as `rasd events` lists them

    def validate(self) -> EventFilter:
        for t in self.types:
            if t not in EVENT_TYPES:
                raise ConfigError(f"--type {t!r} is not a PLOVER type; use one of "
                                  f"{', '.join(EVENT_TYPES)}")
        for f in self.factuality:
            if f not in FACTUALITY:
                raise ConfigError(f"--factuality {f!r} is not one of {', '.join(FACTUALITY)}")
        for opt, value in (("--since", self.since), ("--until", self.until)):
            if value is not None:
                try:
                    if not _DATE.match(value):
                        raise ValueError
                    date.fromisoformat(value)
                except ValueError:
                    raise ConfigError(f"{opt} must be a date as YYYY-MM-DD, not {value!r}"
                                      ) from None
        if self.country is not None and not re.fullmatch(r"[A-Za-z]{3}", self.country):
            raise ConfigError(f"--country must be an ISO3 code such as LBY, not {self.country!r}")
        if self.limit is not None and self.limit < 0:
            raise ConfigError("--limit must be 0 or more")
        if self.offset < 0:
            raise ConfigError("--offset must be 0 or more")
        if self.sort is not None and self.sort not in SORTS:
            raise ConfigError(f"--sort {self.sort!r} is not one of {', '.join(SORTS)}")
        return self

    def where(self) -> tuple[str, list[Any]]:
        """SQL condition on `events e` (joined with actors sa, ta and places p) and params."""
        sql, params = ["1 = 1"], []
        if self.country:
            sql.append("e.country = ?")
            params.append(self.country.upper())
        if self.types:
            sql.append(f"e.type IN ({', '.join('?' * len(self.types))})")
            params += list(self.types)
        if self.factuality:
            sql.append(f"e.factuality IN ({', '.join('?' * len(self.factuality))})")
            params += list(self.factuality)
        # An event is in the window when its whole date is: "2018" is not in April 2018.
        if self.since:
            sql.append("e.date_start >= ?")
            params.append(date.fromisoformat(self.since))
        if self.until:
            sql.append("e.date_end <= ?")
            params.append(date.fromisoformat(self.until))
        if self.actor:
            needle = self.actor.lower()
            sql.append(
                "(lower(sa.name) LIKE ? OR lower(ta.name) LIKE ? OR lower(sa.actor_id) = ? "
                "OR lower(ta.actor_id) = ? OR EXISTS (SELECT 1 FROM event_sources x "
                "WHERE x.event_id = e.id AND (x.source_text LIKE ? OR x.target_text LIKE ?)))")
            like = f"%{needle}%"
            params += [like, like, needle, needle, f"%{self.actor}%", f"%{self.actor}%"]
        if self.place:
            sql.append("(lower(p.name) LIKE ? OR EXISTS (SELECT 1 FROM event_sources x "
                       "WHERE x.event_id = e.id AND x.place_text LIKE ?))")
            params += [f"%{self.place.lower()}%", f"%{self.place}%"]
        return " AND ".join(sql), params


# Orders of a page of events; every one ends on the id, so pages never overlap.
_BY_DATE = "e.date_start NULLS LAST, e.id"
SORTS: dict[str, str] = {
    "date": _BY_DATE,
    "-date": "e.date_start DESC NULLS LAST, e.id",
    "type": f"e.type, {_BY_DATE}",
    "-type": f"e.type DESC, {_BY_DATE}",
    "n_sources": f"e.n_sources, {_BY_DATE}",
    "-n_sources": f"e.n_sources DESC, {_BY_DATE}",
}

_FROM = """
FROM events e
LEFT JOIN actors sa ON sa.key = e.source_key
LEFT JOIN actors ta ON ta.key = e.target_key
LEFT JOIN places p ON p.key = e.place_key
"""
_EVENTS = "FROM events e"
_ACTOR_COLS = "{a}.key, {a}.actor_id, {a}.name, {a}.country, {a}.sector, {a}.kind"


def _actor(row: Sequence[Any]) -> StoredActor | None:
    return StoredActor(*row) if row[0] is not None else None


def query(store: Store, flt: EventFilter | None = None, *, reports: bool = True
          ) -> list[StoredEvent]:
    """Merged events matching `flt`, ordered by date then id (or `flt.sort`), each with its
    reports (none when `reports` is False: the network needs only actors and types);
    `flt.limit` and `flt.offset` page through them."""
    flt = (flt or EventFilter()).validate()
    where, params = flt.where()
    return _events(store, where, params, SORTS[flt.sort or "date"], flt.limit, flt.offset,
                   _base(flt), reports=reports)


def _base(flt: EventFilter) -> str:
    """The FROM clause `flt.where()` needs: the actor and place joins only when it filters
    on them (joining every event before a LIMIT costs several times the query)."""
    return _FROM if flt.actor or flt.place else _EVENTS


def _events(store: Store, where: str, params: Sequence[Any], order: str = _BY_DATE,
            limit: int | None = None, offset: int = 0, base: str = _FROM, *,
            reports: bool = True) -> list[StoredEvent]:
    """Events under a condition on `base` (`_FROM` or just `events e`), in `order`, with
    their actors, place and reports."""
    page = _page(limit, offset)
    rows = store.db.execute(
        "SELECT e.id, e.type, e.mode, e.factuality, e.country, e.date, e.date_start, "
        "e.date_end, e.killed, e.wounded, e.n_sources, "
        f"{_ACTOR_COLS.format(a='sa')}, {_ACTOR_COLS.format(a='ta')}, "
        "p.key, p.place_id, p.name, p.country, p.lat, p.lon, p.precision "
        f"FROM (SELECT e.* {base} WHERE {where} ORDER BY {order}{page}) e "
        "LEFT JOIN actors sa ON sa.key = e.source_key "
        "LEFT JOIN actors ta ON ta.key = e.target_key "
        f"LEFT JOIN places p ON p.key = e.place_key ORDER BY {order}", params)
    by_event: dict[str, list[StoredReport]] = {}
    select = (
        "SELECT es.event_id, es.article_id, es.seq, a.source, a.url, a.published, es.factuality, "
        "es.trigger_start, es.trigger_end, es.trigger_text, es.evidence_start, es.evidence_end, "
        "es.evidence_text, es.source_text, es.target_text, es.place_text, es.date, "
        "es.date_basis, es.rules FROM event_sources es JOIN articles a ON a.id = es.article_id ")
    report_rows: list[tuple] = []
    if rows and reports and page:
        ids = [r[0] for r in rows]
        for i in range(0, len(ids), 500):
            part = ids[i:i + 500]
            report_rows += store.db.execute(
                select + f"WHERE es.event_id IN ({', '.join('?' * len(part))})", part)
    elif rows and reports:
        report_rows = store.db.execute(
            select + f"WHERE es.event_id IN (SELECT e.id {base} WHERE {where})", params)
    report_rows.sort(key=lambda r: (r[1], r[2]))
    for r in report_rows:
        by_event.setdefault(r[0], []).append(StoredReport(
            article_id=r[1], seq=r[2], outlet=r[3], url=r[4], published=r[5], factuality=r[6],
            trigger={"text": r[9], "start": r[7], "end": r[8]},
            evidence={"text": r[12], "start": r[10], "end": r[11]},
            source_text=r[13], target_text=r[14], place_text=r[15], date=r[16],
            date_basis=r[17], rules=tuple(json.loads(r[18] or "[]"))))
    out = []
    for r in rows:
        place = StoredPlace(*r[23:30]) if r[23] is not None else None
        out.append(StoredEvent(
            id=r[0], type=r[1], mode=r[2], factuality=r[3], country=r[4], date=r[5],
            date_start=r[6], date_end=r[7], killed=r[8], wounded=r[9], n_sources=r[10],
            source=_actor(r[11:17]), target=_actor(r[17:23]), place=place,
            reports=tuple(by_event.get(r[0], ()))))
    return out


def _page(limit: int | None, offset: int = 0) -> str:
    return ((f" LIMIT {int(limit)}" if limit is not None else "")
            + (f" OFFSET {int(offset)}" if offset else ""))


def _marks(values: Sequence[Any]) -> str:
    return "(" + ", ".join("?" * len(values)) + ")" if values else "(NULL)"


def page_ids(store: Store, flt: EventFilter | None = None) -> list[str]:
    """The ids of the events `query(store, flt)` returns, in its order (without reading the
    events: a page of ids is a fraction of the cost of a page of events)."""
    flt = (flt or EventFilter()).validate()
    where, params = flt.where()
    order = SORTS[flt.sort or "date"]
    return [r[0] for r in store.db.execute(
        f"SELECT e.id {_base(flt)} WHERE {where} ORDER BY {order}"
        f"{_page(flt.limit, flt.offset)}", params)]


def count(store: Store, flt: EventFilter | None = None) -> int:
    """How many merged events match `flt` (its limit and offset aside)."""
    flt = (flt or EventFilter()).validate()
    where, params = flt.where()
    return store.db.execute(f"SELECT count(*) {_base(flt)} WHERE {where}", params)[0][0]


def summary(store: Store, flt: EventFilter | None = None) -> dict[str, Any]:
    """Counts of the matching events: in all, by type, country (None: unknown) and
    factuality, the articles reporting them, and the first and last event day."""
    flt = (flt or EventFilter()).validate()
    where, params = flt.where()
    base = _base(flt)
    out: dict[str, Any] = {}
    for name, column in (("by_type", "e.type"), ("by_country", "e.country"),
                         ("by_factuality", "e.factuality")):
        rows = store.db.execute(f"SELECT {column}, count(*) {base} WHERE {where} "
                                f"GROUP BY {column} ORDER BY count(*) DESC, {column}", params)
        out[name] = {r[0]: r[1] for r in rows}
    events, first, last = store.db.execute(
        f"SELECT count(*), min(e.date_start), max(e.date_start) {base} WHERE {where}",
        params)[0]
    articles = store.db.execute(
        "SELECT count(DISTINCT es.article_id) FROM event_sources es "
        f"WHERE es.event_id IN (SELECT e.id {base} WHERE {where})", params)[0][0]
    out.update(events=events, articles=articles, first_date=first, last_date=last)
    return out


def day_counts(store: Store, flt: EventFilter | None = None
               ) -> tuple[list[tuple[date, str, int]], int]:
    """(first day of the event's date, type, events) for the matching dated events, in day
    order, and how many matching events have no date."""
    flt = (flt or EventFilter()).validate()
    where, params = flt.where()
    base = _base(flt)
    rows = store.db.execute(
        f"SELECT e.date_start, e.type, count(*) {base} WHERE {where} "
        "AND e.date_start IS NOT NULL GROUP BY e.date_start, e.type "
        "ORDER BY e.date_start, e.type", params)
    undated = store.db.execute(
        f"SELECT count(*) {base} WHERE {where} AND e.date_start IS NULL", params)[0][0]
    return [(r[0], r[1], r[2]) for r in rows], undated


def located(store: Store, flt: EventFilter | None = None, limit: int | None = None
            ) -> list[tuple[str, str, str | None, str, str | None, str, float, float]]:
    """(event id, type, date, place name, country, factuality, lat, lon) of the matching
    events whose place has coordinates, in date order."""
    flt = (flt or EventFilter()).validate()
    where, params = flt.where()
    page = f" LIMIT {int(limit)}" if limit is not None else ""
    return [tuple(r) for r in store.db.execute(
        f"SELECT e.id, e.type, e.date, p.name, e.country, e.factuality, p.lat, p.lon {_FROM} "
        f"WHERE {where} AND p.lat IS NOT NULL AND p.lon IS NOT NULL "
        f"ORDER BY {_BY_DATE}{page}", params)]


def get_event(store: Store, event_id: str) -> StoredEvent | None:
    """One merged event by id, with its reports; None if there is none."""
    found = _events(store, "e.id = ?", [event_id], base=_EVENTS)
    return found[0] if found else None


def events_by_id(store: Store, ids: Sequence[str]) -> list[StoredEvent]:
    """These merged events (unknown ids are left out), in date order."""
    out: list[StoredEvent] = []
    ids = list(dict.fromkeys(ids))
    for i in range(0, len(ids), 500):
        part = ids[i:i + 500]
        out += _events(store, f"e.id IN {_marks(part)}", part, base=_EVENTS)
    return sorted(out, key=lambda e: (e.date_start is None, e.date_start or date.min, e.id))


def events_of_articles(store: Store, article_ids: Sequence[str]) -> list[StoredEvent]:
    """Every merged event that one of these articles reports, in date order."""
    ids: list[str] = []
    article_ids = list(dict.fromkeys(article_ids))
    for i in range(0, len(article_ids), 500):
        part = article_ids[i:i + 500]
        ids += [r[0] for r in store.db.execute(
            f"SELECT DISTINCT event_id FROM event_sources WHERE article_id IN {_marks(part)}",
            part)]
    return events_by_id(store, ids)


def article_texts(store: Store, ids: Sequence[str]) -> dict[str, str]:
    """The stored text of each of these articles (absent ids are missing)."""
    out: dict[str, str] = {}
    ids = list(dict.fromkeys(ids))
    for i in range(0, len(ids), 500):
        part = ids[i:i + 500]
        for aid, text in store.db.execute(
                f"SELECT id, text FROM articles WHERE id IN {_marks(part)}", part):
            out[aid] = text
    return out


# Events per actor key, as source or target (an event with one actor on both sides counts once).
_ACTOR_EVENTS = """
SELECT k, count(DISTINCT id) AS n FROM (
    SELECT source_key AS k, id FROM events WHERE source_key IS NOT NULL
    UNION ALL
    SELECT target_key AS k, id FROM events WHERE target_key IS NOT NULL
) x GROUP BY k
"""


def list_actors(store: Store, q: str | None = None, limit: int | None = None, offset: int = 0
                ) -> tuple[int, list[tuple[StoredActor, int]]]:
    """(how many actors match, a page of (actor, merged events it is source or target of)),
    most events first; `q` matches part of the name or of the dictionary id."""
    where, params = "1 = 1", []
    if q:
        where = "(lower(a.name) LIKE ? OR lower(a.actor_id) LIKE ? OR a.name LIKE ?)"
        params = [f"%{q.lower()}%", f"%{q.lower()}%", f"%{q}%"]
    total = store.db.execute(f"SELECT count(*) FROM actors a WHERE {where}", params)[0][0]
    page = _page(limit, offset)
    rows = store.db.execute(
        f"SELECT {_ACTOR_COLS.format(a='a')}, coalesce(n.n, 0) FROM actors a "
        f"LEFT JOIN ({_ACTOR_EVENTS}) n ON n.k = a.key WHERE {where} "
        f"ORDER BY coalesce(n.n, 0) DESC, a.name, a.key{page}", params)
    return total, [(StoredActor(*r[:6]), r[6]) for r in rows]


def find_actors(store: Store, key: str) -> list[StoredActor]:
    """The actors a key names: a dictionary id (LBY-HAFTAR), a stored key, or the exact
    name of ad-hoc actors (several ad-hoc keys may carry one name)."""
    rows = store.db.execute(
        f"SELECT {_ACTOR_COLS.format(a='a')} FROM actors a WHERE a.actor_id = ? OR a.key = ? "
        "ORDER BY a.key", [key, key])
    if not rows:
        rows = store.db.execute(
            f"SELECT {_ACTOR_COLS.format(a='a')} FROM actors a "
            "WHERE a.actor_id IS NULL AND a.name = ? ORDER BY a.key", [key])
    return [StoredActor(*r) for r in rows]


def _key_condition(keys: Sequence[str]) -> tuple[str, list[Any]]:
    return (f"(e.source_key IN {_marks(keys)} OR e.target_key IN {_marks(keys)})",
            [*keys, *keys])


def actor_events(store: Store, keys: Sequence[str], limit: int | None = None
                 ) -> tuple[int, list[StoredEvent]]:
    """(how many, the latest `limit`) merged events with one of these actors as source or
    target."""
    where, params = _key_condition(keys)
    total = store.db.execute(f"SELECT count(*) FROM events e WHERE {where}", params)[0][0]
    return total, _events(store, where, params, SORTS["-date"], limit, base=_EVENTS)


def actor_links(store: Store, keys: Sequence[str]
                ) -> list[tuple[StoredActor, StoredActor, str, int]]:
    """(source, target, PLOVER type, merged events) for the events with one of these actors
    on one side and another actor on the other."""
    where, params = _key_condition(keys)
    rows = store.db.execute(
        f"SELECT {_ACTOR_COLS.format(a='sa')}, {_ACTOR_COLS.format(a='ta')}, e.type, count(*) "
        f"FROM events e JOIN actors sa ON sa.key = e.source_key "
        f"JOIN actors ta ON ta.key = e.target_key WHERE {where} AND sa.key <> ta.key "
        "GROUP BY " + ", ".join(f"{a}.{c}" for a in ("sa", "ta") for c in
                                ("key", "actor_id", "name", "country", "sector", "kind")) +
        ", e.type ORDER BY count(*) DESC, sa.key, ta.key, e.type", params)
    return [(StoredActor(*r[0:6]), StoredActor(*r[6:12]), r[12], r[13]) for r in rows]


def rejects(store: Store) -> list[tuple[str, int, str | None, str]]:
    """(file, line, article id, reason) of every stored reject."""
    return [tuple(r) for r in store.db.execute(
        "SELECT file, line, article_id, reason FROM rejects ORDER BY file, line")]
