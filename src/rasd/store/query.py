"""Reading merged events back: filters (country, type, actor, place, dates, factuality).

`query(store, EventFilter(country="LBY", types=("ASSAULT",), since="2019-07-01"))` returns
`StoredEvent`s, frozen dataclasses with their actors, place and every report (article,
evidence span) they were merged from: what `rasd events`, the exports and the network read.
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


_FROM = """
FROM events e
LEFT JOIN actors sa ON sa.key = e.source_key
LEFT JOIN actors ta ON ta.key = e.target_key
LEFT JOIN places p ON p.key = e.place_key
"""
_ACTOR_COLS = "{a}.key, {a}.actor_id, {a}.name, {a}.country, {a}.sector, {a}.kind"


def _actor(row: Sequence[Any]) -> StoredActor | None:
    return StoredActor(*row) if row[0] is not None else None


def query(store: Store, flt: EventFilter | None = None) -> list[StoredEvent]:
    """Merged events matching `flt`, ordered by date then id, each with its reports."""
    flt = (flt or EventFilter()).validate()
    where, params = flt.where()
    limit = f" LIMIT {int(flt.limit)}" if flt.limit is not None else ""
    rows = store.db.execute(
        "SELECT e.id, e.type, e.mode, e.factuality, e.country, e.date, e.date_start, "
        "e.date_end, e.killed, e.wounded, e.n_sources, "
        f"{_ACTOR_COLS.format(a='sa')}, {_ACTOR_COLS.format(a='ta')}, "
        "p.key, p.place_id, p.name, p.country, p.lat, p.lon, p.precision "
        f"{_FROM} WHERE {where} ORDER BY e.date_start NULLS LAST, e.id{limit}", params)
    reports: dict[str, list[StoredReport]] = {}
    select = (
        "SELECT es.event_id, es.article_id, es.seq, a.source, a.url, a.published, es.factuality, "
        "es.trigger_start, es.trigger_end, es.trigger_text, es.evidence_start, es.evidence_end, "
        "es.evidence_text, es.source_text, es.target_text, es.place_text, es.date, "
        "es.date_basis, es.rules FROM event_sources es JOIN articles a ON a.id = es.article_id ")
    report_rows: list[tuple] = []
    if rows and limit:
        ids = [r[0] for r in rows]
        for i in range(0, len(ids), 500):
            part = ids[i:i + 500]
            report_rows += store.db.execute(
                select + f"WHERE es.event_id IN ({', '.join('?' * len(part))})", part)
    elif rows:
        report_rows = store.db.execute(
            select + f"WHERE es.event_id IN (SELECT e.id {_FROM} WHERE {where})", params)
    report_rows.sort(key=lambda r: (r[1], r[2]))
    for r in report_rows:
        reports.setdefault(r[0], []).append(StoredReport(
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
            reports=tuple(reports.get(r[0], ()))))
    return out


def rejects(store: Store) -> list[tuple[str, int, str | None, str]]:
    """(file, line, article id, reason) of every stored reject."""
    return [tuple(r) for r in store.db.execute(
        "SELECT file, line, article_id, reason FROM rejects ORDER BY file, line")]
