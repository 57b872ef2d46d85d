"""The event store: articles and their events written together, merged across articles.

    store = Store.open("rasd.duckdb")            # or "postgresql://user@host/db"
    store.write(doc, text_hash=article_hash(doc.text))
    store.close()

`write` is one transaction per article (`write_many`, one for several whole articles): the
article, its reports (event_sources), new actors and places, and the merged events those
reports join or split all commit together, or none of it does. An article already present
with the same text hash is left alone; with another hash it is replaced.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from rasd.errors import ConfigError, StoreError
from rasd.model import Actor, Document, Event, Place
from rasd.store import merge
from rasd.store.backends import DEFAULT_DB, Backend, connect, is_postgres, redact
from rasd.store.merge import Report
from rasd.store.migrate import migrate, needs_upgrade

DEFAULT_MERGE_DAYS = 2
_CHUNK = 500  # parameters per IN (...) list

_ES_COLUMNS = (
    "article_id", "seq", "event_id", "type", "mode", "factuality",
    "trigger_start", "trigger_end", "trigger_text", "evidence_start", "evidence_end",
    "evidence_text", "source_key", "source_country", "source_text", "source_start",
    "source_end", "target_key", "target_country", "target_text", "target_start", "target_end",
    "place_key", "place_country", "place_precision", "place_text", "place_start", "place_end",
    "date", "date_basis", "date_start", "date_end", "merge_key",
    "killed", "wounded", "lower_bound", "rules", "mentions",
)
_ARTICLE_COLUMNS = ("id", "text_hash", "source", "url", "published", "country", "text", "file",
                    "line", "n_events")
_EVENT_COLUMNS = ("id", "type", "mode", "factuality", "source_key", "target_key", "place_key",
                  "country", "date", "date_start", "date_end", "killed", "wounded",
                  "n_sources", "n_reports")

# A report as merging needs it: the event_sources row joined with its article.
_REPORT_SELECT = """
SELECT es.article_id, es.seq, a.text_hash, es.type, es.factuality, es.merge_key, es.date_start,
       es.source_key, es.target_key, es.place_key, es.place_country, es.place_precision,
       es.mode, es.date, es.date_basis, es.date_end, es.killed, es.wounded, a.country,
       es.source_country, es.target_country, es.event_id
FROM event_sources es
JOIN articles a ON a.id = es.article_id
"""


def article_hash(text: str) -> str:
    """sha256 of the normalised text: the article's identity along with its id."""
    from rasd.text.normalize import normalize

    return hashlib.sha256(normalize(text).text.encode("utf-8")).hexdigest()


def actor_key(actor: Actor | None) -> str | None:
    if actor is None:
        return None
    if actor.id:
        return actor.id
    from rasd.text.normalize import norm

    return "~" + (norm(actor.name or actor.text) or actor.text)


def place_key(place: Place | None) -> str | None:
    if place is None:
        return None
    return place.id or f"{place.name}|{place.country or ''}"


def date_range(value: str | None) -> tuple[date | None, date | None]:
    """'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' as its first and last day; (None, None) if invalid."""
    if not value:
        return None, None
    try:
        parts = [int(p) for p in value.split("-")]
        if len(parts) == 3:
            d = date(*parts)
            return d, d
        if len(parts) == 2:
            first = date(parts[0], parts[1], 1)
            nxt = date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
            return first, date.fromordinal(nxt.toordinal() - 1)
        if len(parts) == 1:
            return date(parts[0], 1, 1), date(parts[0], 12, 31)
    except ValueError:
        pass
    return None, None


def _in(values: Sequence[Any]) -> str:
    return "(" + ", ".join("?" * len(values)) + ")" if values else "(NULL)"


def _chunks(values: Sequence[Any], n: int = _CHUNK) -> Iterator[Sequence[Any]]:
    for i in range(0, len(values), n):
        yield values[i:i + n]


@dataclass(frozen=True, slots=True)
class Article:
    """An article to write: the extracted document and its identity hash."""

    doc: Document
    text_hash: str
    file: str | None = None
    line: int | None = None


@dataclass(frozen=True, slots=True)
class WriteResult:
    status: str  # "new", "changed" or "present"
    events: int  # reports stored for this article (0 when present)


class Store:
    """An opened, migrated store. One writer per DuckDB file; PostgreSQL takes many."""

    def __init__(self, db: Backend, *, merge_days: int | None = None) -> None:
        self.db = db
        try:
            self.merge_days = self._merge_setting(merge_days)
        except BaseException:
            db.close()
            raise

    @classmethod
    def open(cls, url: str | None = None, *, read_only: bool = False,
             merge_days: int | None = None) -> Store:
        """Open (creating and migrating as needed) the store at a DuckDB path or PG URL."""
        url = str(url or DEFAULT_DB)
        if read_only and not is_postgres(url):
            db = connect(url, read_only=True)
            if needs_upgrade(db):  # an older rasd made it: upgrade once, then read
                db.close()
                _migrate_file(url)
                db = connect(url, read_only=True)
            return cls(db, merge_days=merge_days)
        db = connect(url)
        try:
            migrate(db)
        except BaseException:
            db.close()
            raise
        return cls(db, merge_days=merge_days)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- settings ------------------------------------------------------------------------

    def _merge_setting(self, wanted: int | None) -> int:
        if wanted is not None and wanted < 0:
            raise ConfigError(f"the merge window must be 0 days or more, not {wanted}")
        rows = self.db.execute("SELECT value FROM settings WHERE key = 'merge_days'")
        if rows:
            stored = int(rows[0][0])
            if wanted is not None and wanted != stored:
                raise ConfigError(
                    f"{redact(self.db.url)} merges reports within {stored} days; a different window "
                    f"({wanted}) would need re-merging every event: ingest into a new database")
            return stored
        return wanted if wanted is not None else DEFAULT_MERGE_DAYS

    def _save_merge_setting(self) -> None:
        self.db.execute("INSERT INTO settings (key, value) VALUES ('merge_days', ?) "
                        "ON CONFLICT (key) DO NOTHING", [str(self.merge_days)])

    # -- reading -------------------------------------------------------------------------

    def hashes(self, ids: Sequence[str]) -> dict[str, str]:
        """Stored text hashes of these article ids (absent ids are missing)."""
        out: dict[str, str] = {}
        for part in _chunks(list(dict.fromkeys(ids))):
            for aid, h in self.db.execute(
                    f"SELECT id, text_hash FROM articles WHERE id IN {_in(part)}", part):
                out[aid] = h
        return out

    def count(self, table: str) -> int:
        if table not in ("articles", "events", "event_sources", "actors", "places", "rejects"):
            raise ValueError(table)
        return self.db.execute(f"SELECT count(*) FROM {table}")[0][0]

    # -- writing -------------------------------------------------------------------------

    def write(self, doc: Document, *, text_hash: str | None = None, file: str | None = None,
              line: int | None = None) -> WriteResult:
        """Store one article and its events in one transaction."""
        return self.write_many([Article(doc, text_hash or article_hash(doc.text), file, line)])[0]

    def write_many(self, articles: Sequence[Article]) -> list[WriteResult]:
        """Store whole articles, all in one transaction: all of them or none."""
        with self.db.transaction():
            self._save_merge_setting()
            return self._write_many(articles)

    def _write_many(self, articles: Sequence[Article]) -> list[WriteResult]:
        db = self.db
        for art in articles:
            if not art.doc.id:
                raise StoreError("an article needs an id to be stored")
        ids = sorted({a.doc.id for a in articles})
        db.lock([f"article:{i}" for i in ids])
        stored = self.hashes(ids)
        todo: dict[str, Article] = {}  # the last text given for an id wins
        results: list[WriteResult | None] = [None] * len(articles)
        for i, art in enumerate(articles):
            if stored.get(art.doc.id) == art.text_hash:
                results[i] = WriteResult("present", 0)
            else:
                todo[art.doc.id] = art
        if not todo:
            return [r or WriteResult("present", 0) for r in results]
        old_ids = sorted(i for i in todo if i in stored)
        broken: list[tuple[str, str | None, date | None]] = []  # event id, merge key, day
        old_types: set[str] = set()
        for part in _chunks(old_ids):
            for eid, etype, key, day in db.execute(
                    "SELECT event_id, type, merge_key, date_start FROM event_sources "
                    f"WHERE article_id IN {_in(part)}", part):
                broken.append((eid, key, day))
                old_types.add(etype)
        # Merging reads and rewrites events of the same type: writers queue per type.
        db.lock([f"type:{t}" for t in old_types | {e.type for a in todo.values()
                                                    for e in a.doc.events}])
        for part in _chunks(old_ids):
            db.execute(f"DELETE FROM event_sources WHERE article_id IN {_in(part)}", part)
            db.execute(f"DELETE FROM articles WHERE id IN {_in(part)}", part)
        arts = [todo[i] for i in sorted(todo)]
        self._insert("articles", _ARTICLE_COLUMNS, [
            [a.doc.id, a.text_hash, a.doc.source, a.doc.url, a.doc.published, a.doc.country,
             a.doc.text, a.file, a.line, len(a.doc.events)] for a in arts])
        self._write_actors_places([e for a in arts for e in a.doc.events])
        rows, fresh = [], []
        for a in arts:
            for seq, ev in enumerate(a.doc.events):
                row = self._report_row(a.doc.id, seq, ev, a.text_hash)
                rows.append(row)
                fresh.append(self._row_report(row, a.text_hash, a.doc.country))
        ids = self._merge(fresh, broken)  # the merged event of each new report
        for row, rep in zip(rows, fresh):
            row[2] = ids[rep.key]
        self._insert("event_sources", _ES_COLUMNS, rows)
        done = {i: WriteResult("changed" if i in stored else "new", len(todo[i].doc.events))
                for i in todo}
        out = []
        for i, art in enumerate(articles):
            r = results[i]
            if r is None:  # an id given twice with different texts: the last one is stored
                r = done.pop(art.doc.id, None) or WriteResult("changed", 0)
            out.append(r)
        return out

    def _insert(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]],
                conflict: str = "") -> None:
        self.db.insert(table, columns, rows, conflict)

    def _write_actors_places(self, events: Sequence[Event]) -> None:
        actors: dict[str, Actor] = {}
        places: dict[str, Place] = {}
        for ev in events:
            for a in (ev.source, ev.target):
                if a is not None:
                    actors.setdefault(actor_key(a) or "", a)
            if ev.location is not None:
                places.setdefault(place_key(ev.location) or "", ev.location)
        # Writers may disagree on an ad-hoc actor's attributes: keep the smallest value of
        # each, so the table ends the same whatever order the articles came in.
        for table, cols, rows in (
                ("actors", ("key", "actor_id", "name", "country", "sector", "kind"),
                 [[k, a.id, a.name or a.text, a.country, a.sector, a.kind]
                  for k, a in sorted(actors.items())]),
                ("places", ("key", "place_id", "name", "country", "lat", "lon", "precision"),
                 [[k, p.id, p.name, p.country, p.lat, p.lon, p.precision]
                  for k, p in sorted(places.items())])):
            least = ", ".join(f"{c} = least({table}.{c}, excluded.{c})" for c in cols[1:])
            self._insert(table, cols, rows, f" ON CONFLICT (key) DO UPDATE SET {least}")

    @staticmethod
    def _report_row(article_id: str, seq: int, ev: Event, text_hash: str) -> list[Any]:
        start, end = date_range(ev.date)
        cas = ev.casualties
        own = merge.event_id([Report(article_id, seq, text_hash, ev.type, ev.factuality, None,
                                     None)])
        src, tgt, loc = ev.source, ev.target, ev.location
        return [
            article_id, seq, own, ev.type, ev.mode, ev.factuality,
            ev.trigger.start, ev.trigger.end, ev.trigger.text,
            ev.evidence.start, ev.evidence.end, ev.evidence.text,
            actor_key(src), src.country if src else None, src.text if src else None,
            src.start if src else None, src.end if src else None,
            actor_key(tgt), tgt.country if tgt else None, tgt.text if tgt else None,
            tgt.start if tgt else None, tgt.end if tgt else None,
            place_key(loc), loc.country if loc else None, loc.precision if loc else None,
            loc.text if loc else None, loc.start if loc else None, loc.end if loc else None,
            ev.date, ev.date_basis, start, end,
            merge.merge_key(ev.type, ev.factuality, start, end, actor_key(src), actor_key(tgt),
                            place_key(loc), loc.precision if loc else None),
            cas.killed if cas else None, cas.wounded if cas else None,
            cas.lower_bound if cas else None,
            json.dumps(list(ev.rules), ensure_ascii=False),
            json.dumps([m.to_json() for m in ev.mentions], ensure_ascii=False),
        ]

    # -- merging -------------------------------------------------------------------------

    @staticmethod
    def _row_report(row: list[Any], text_hash: str, article_country: str | None) -> Report:
        """The Report of a new event_sources row (what `_reports` reads back once stored)."""
        v = dict(zip(_ES_COLUMNS, row))
        start, end = v["date_start"], v["date_end"]
        return Report(
            article_id=v["article_id"], seq=v["seq"], text_hash=text_hash, type=v["type"],
            factuality=v["factuality"], merge_key=v["merge_key"],
            day=start if start is not None and start == end else None,
            source_key=v["source_key"], target_key=v["target_key"], place_key=v["place_key"],
            place_country=v["place_country"], place_precision=v["place_precision"],
            mode=v["mode"], date=v["date"], date_basis=v["date_basis"], date_start=start,
            date_end=end, killed=v["killed"], wounded=v["wounded"],
            article_country=article_country, source_country=v["source_country"],
            target_country=v["target_country"], event_id=v["event_id"])

    def _reports(self, where: str, params: Sequence[Any]) -> list[Report]:
        rows = self.db.execute(_REPORT_SELECT + " WHERE " + where, params)
        return [Report(
            article_id=r[0], seq=r[1], text_hash=r[2], type=r[3], factuality=r[4],
            merge_key=r[5], day=r[6] if r[6] is not None and r[6] == r[15] else None,
            source_key=r[7], target_key=r[8],
            place_key=r[9], place_country=r[10], place_precision=r[11], mode=r[12], date=r[13],
            date_basis=r[14], date_start=r[6], date_end=r[15], killed=r[16], wounded=r[17],
            article_country=r[18], source_country=r[19], target_country=r[20], event_id=r[21],
        ) for r in rows]

    def _run(self, key: str, lo: date, hi: date) -> list[Report]:
        """Every report with this merge key in the runs that touch [lo, hi]: widen the range
        until no report of the key lies within the window beyond its ends."""
        window = self.merge_days
        while True:
            rows = self._reports("es.merge_key = ? AND es.date_start BETWEEN ? AND ?",
                                 [key, date.fromordinal(lo.toordinal() - window),
                                  date.fromordinal(hi.toordinal() + window)])
            days = [r.day for r in rows if r.day is not None]
            new_lo, new_hi = min(days + [lo]), max(days + [hi])
            if (new_lo, new_hi) == (lo, hi):
                return rows
            lo, hi = new_lo, new_hi

    def _runs(self, spans: dict[str, tuple[date, date]]) -> list[Report]:
        """The runs of every key around its span, in one query when they fit in a margin
        around the spans (the usual case); a run that reaches past it is walked by `_run`."""
        if not spans:
            return []
        window = self.merge_days
        margin = 8 * window + 1
        lo = date.fromordinal(min(a for a, _ in spans.values()).toordinal() - margin)
        hi = date.fromordinal(max(b for _, b in spans.values()).toordinal() + margin)
        by_key: dict[str, list[Report]] = {}
        keys = sorted(spans)
        for part in _chunks(keys):
            for r in self._reports(f"es.merge_key IN {_in(part)} AND es.date_start BETWEEN ? AND ?",
                                   [*part, lo, hi]):
                by_key.setdefault(r.merge_key or "", []).append(r)
        out: list[Report] = []
        for key in keys:
            rows = by_key.get(key, [])
            days = sorted({r.day for r in rows if r.day is not None})
            k_lo, k_hi = spans[key]
            for d in reversed(days):  # walk the run back from its span ...
                if d < k_lo:
                    if (k_lo - d).days > window:
                        break
                    k_lo = d
            for d in days:  # ... and forward
                if d > k_hi:
                    if (d - k_hi).days > window:
                        break
                    k_hi = d
            if (k_lo - lo).days <= window or (hi - k_hi).days <= window:
                out += self._run(key, k_lo, k_hi)
            else:
                out += [r for r in rows if r.day is not None and k_lo <= r.day <= k_hi]
        return out

    def _merge(self, fresh: Sequence[Report],
               broken: Sequence[tuple[str, str | None, date | None]]
               ) -> dict[tuple[str, int], str]:
        """Regroup the runs the new reports (not stored yet) join, and those the replaced
        reports left; write the merged events and move stored reports to their new events.
        Returns the merged event id of each new report."""
        spans: dict[str, tuple[date, date]] = {}
        for key, day in [(r.merge_key, r.day) for r in fresh] + [(k, d) for _, k, d in broken]:
            if key is not None and day is not None:
                lo, hi = spans.get(key, (day, day))
                spans[key] = (min(lo, day), max(hi, day))
        stored = {r.key: r for r in self._runs(spans)}
        groups = merge.group([*fresh, *stored.values()], self.merge_days)
        new_rows = {m.id: m for m in (merge.merged(g) for g in groups)}
        old_ids = sorted({m.event_id for m in stored.values()} | {eid for eid, _, _ in broken})
        existing: dict[str, tuple] = {}
        for part in _chunks(old_ids):
            for r in self.db.execute(f"SELECT {', '.join(_EVENT_COLUMNS)} FROM events "
                                     f"WHERE id IN {_in(part)}", part):
                existing[r[0]] = tuple(r)
        gone = sorted(set(existing) - set(new_rows))
        for part in _chunks(gone):
            self.db.execute(f"DELETE FROM events WHERE id IN {_in(part)}", part)
        inserts = []
        for eid, row in sorted(new_rows.items()):
            values = [getattr(row, c) for c in _EVENT_COLUMNS]
            if eid not in existing:
                inserts.append(values)
            elif existing[eid] != tuple(values):
                sets = ", ".join(f"{c} = ?" for c in _EVENT_COLUMNS[1:])
                self.db.execute(f"UPDATE events SET {sets} WHERE id = ?", values[1:] + [eid])
        self._insert("events", _EVENT_COLUMNS, inserts)
        ids: dict[tuple[str, int], str] = {}
        moves = []
        for g in groups:
            eid = merge.event_id(g)
            for m in g:
                ids[m.key] = eid
                if m.key in stored and m.event_id != eid:
                    moves.append([m.article_id, m.seq, eid])
        self.db.update("event_sources", ("article_id", "seq"), ("event_id",), moves)
        return ids

    # -- rejects -------------------------------------------------------------------------

    def reject_files(self) -> set[str]:
        """Files that have rejects stored."""
        return {r[0] for r in self.db.execute("SELECT DISTINCT file FROM rejects")}

    def clear_rejects(self, file: str) -> None:
        """Forget a file's rejects before reading it again (they are re-added as found)."""
        with self.db.transaction():
            self.db.execute("DELETE FROM rejects WHERE file = ?", [file])

    def reject(self, file: str, line: int | None, reason: str,
               article_id: str | None = None) -> None:
        sql = ("INSERT INTO rejects (file, line, article_id, reason) VALUES (?, ?, ?, ?) "
               "ON CONFLICT (file, line) DO UPDATE SET article_id = excluded.article_id, "
               "reason = excluded.reason")
        params = [file, line or 0, article_id, reason]
        with self.db.transaction():
            self.db.execute(sql, params)


def _migrate_file(url: str) -> None:
    db = connect(url)
    try:
        migrate(db)
    finally:
        db.close()
