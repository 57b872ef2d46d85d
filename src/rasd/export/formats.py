"""The export formats: PLOVER JSON, ACLED-style CSV, CAMEO, GeoJSON, flat CSV and Parquet.

Each writer takes merged events (`rasd.store.StoredEvent`) and writes one format; field
mappings are in docs/store.md and the data files under src/rasd/data/export/.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

import rasd
from rasd.export import mapping
from rasd.store.query import StoredActor, StoredEvent

# -- flat rows: `rasd events --format csv`, `rasd export --format csv|parquet` -------------

FLAT_COLUMNS = (
    "id", "type", "mode", "quad_class", "factuality", "date", "date_start", "date_end",
    "country", "source_id", "source_name", "source_country", "source_sector",
    "target_id", "target_name", "target_country", "target_sector",
    "place", "place_country", "latitude", "longitude", "precision",
    "killed", "wounded", "n_sources", "articles", "evidence",
)


def _actor_cols(a: StoredActor | None) -> list[Any]:
    return [a.id, a.name, a.country, a.sector] if a else [None, None, None, None]


def flat_row(ev: StoredEvent) -> dict[str, Any]:
    """One event as a flat record; `articles` and `evidence` are lists (one per report)."""
    p = ev.place
    values = [
        ev.id, ev.type, ev.mode, mapping.quad_classes()[ev.type][1], ev.factuality, ev.date,
        ev.date_start, ev.date_end, ev.country, *_actor_cols(ev.source), *_actor_cols(ev.target),
        p.name if p else None, p.country if p else None, p.lat if p else None,
        p.lon if p else None, p.precision if p else None,
        ev.killed, ev.wounded, ev.n_sources, ev.articles,
        [r.evidence["text"] for r in ev.reports],
    ]
    return dict(zip(FLAT_COLUMNS, values))


def write_csv(events: Sequence[StoredEvent], out: IO[str]) -> int:
    """Flat CSV; lists are joined with ' | '."""
    w = csv.writer(out, lineterminator="\n")
    w.writerow(FLAT_COLUMNS)
    for ev in events:
        row = flat_row(ev)
        row["articles"] = " | ".join(row["articles"])
        row["evidence"] = " | ".join(row["evidence"])
        w.writerow(["" if v is None else v for v in row.values()])
    return len(events)


def write_parquet(events: Sequence[StoredEvent], path: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    s, i, f = pa.string(), pa.int64(), pa.float64()
    types = {"date_start": pa.date32(), "date_end": pa.date32(), "latitude": f, "longitude": f,
             "killed": i, "wounded": i, "n_sources": i, "articles": pa.list_(s),
             "evidence": pa.list_(s)}
    schema = pa.schema([(c, types.get(c, s)) for c in FLAT_COLUMNS])
    rows = [flat_row(ev) for ev in events]
    table = pa.table({c: [r[c] for r in rows] for c in FLAT_COLUMNS}, schema=schema)
    pq.write_table(table, path)
    return len(events)


# -- PLOVER JSON (JSON Lines, PLOVER's field names) ----------------------------------------

def _plover_actor(a: StoredActor | None, texts: list[str]) -> list[dict[str, Any]]:
    if a is None:
        return []
    return [{"code": a.country, "sector": a.sector, "actor_text": texts[0] if texts else a.name,
             "identifier_id": a.id, "identifier_text": a.name}]


def plover_record(ev: StoredEvent) -> dict[str, Any]:
    quad = mapping.quad_classes()[ev.type][0]
    p = ev.place
    loc = None
    if p is not None:
        loc = {"name": p.name, "latitude": p.lat, "longitude": p.lon, "cc3": p.country,
               "precision": p.precision}
        texts = [r.place_text for r in ev.reports if r.place_text]
        if texts:
            loc["place_text"] = texts[0]
    return {
        "id": ev.id,
        "date": ev.date_start.isoformat() if ev.date_start else None,
        "enddate": (ev.date_end.isoformat() if ev.date_end and ev.date_end != ev.date_start
                    else None),
        "source": _plover_actor(ev.source, [r.source_text for r in ev.reports if r.source_text]),
        "recipient": _plover_actor(ev.target,
                                   [r.target_text for r in ev.reports if r.target_text]),
        "event": [ev.type],
        "mode": ev.mode,
        "context": [],
        "event_loc": loc,
        "event_text": [r.evidence["text"] for r in ev.reports],
        "quad_code": quad,
        "size_info": {"dead": ev.killed, "injured": ev.wounded},
        "cite_info": [{"url": r.url, "publication": r.outlet, "language": "ar",
                       "citation": r.article_id, "date": r.published} for r in ev.reports],
        "coder": f"rasd {rasd.__version__}",
        # rasd's additions (PLOVER lets providers add named fields):
        "factuality": ev.factuality,
        "date_text": ev.date,
        "country": ev.country,
        "num_sources": ev.n_sources,
        "articles": ev.articles,
        "text_info": [{"article": r.article_id, "start": r.evidence["start"],
                       "end": r.evidence["end"], "trigger": r.trigger} for r in ev.reports],
    }


def write_plover(events: Sequence[StoredEvent], out: IO[str]) -> int:
    for ev in events:
        out.write(json.dumps(plover_record(ev), ensure_ascii=False) + "\n")
    return len(events)


# -- ACLED-style CSV ------------------------------------------------------------------------

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "country", "admin1", "location", "latitude", "longitude", "geo_precision", "source",
    "source_scale", "notes", "fatalities",
)


def _inter(actor: StoredActor | None, ev: StoredEvent, role: str) -> int:
    spec = mapping.acled().inter
    if actor is None:
        return 0
    if role == "source" and ev.type == "PROTEST":
        return int(spec.get("riot_source" if ev.mode == "riot" else "protest_source", 6))
    if (actor.sector in ("GOV", "MIL") and actor.country and ev.country
            and len(actor.country) == 3 and actor.country != ev.country):
        return int(spec.get("foreign_state_forces", 8))
    return int((spec.get("sectors") or {}).get(actor.sector, spec.get("unknown_actor", 8)))


def acled_record(ev: StoredEvent) -> dict[str, Any] | None:
    """An ACLED-style row, or None for event types ACLED does not code."""
    m = mapping.acled()
    target_sector = ev.target.sector if ev.target else None
    kind = m.classify(ev.type, ev.mode, target_sector)
    if kind is None or ev.date_start is None:
        return None
    disorder, event_type, sub = kind
    country = mapping.country_name(ev.country)
    actor1, inter1 = (ev.source.name, _inter(ev.source, ev, "source")) if ev.source else ("", 0)
    if ev.source is None and disorder in m.unnamed_source:
        unnamed = m.unnamed_source[disorder]
        actor1 = unnamed["name"].format(country=country or "unknown country")
        inter1 = int(unnamed["inter"])
    actor2, inter2 = (ev.target.name, _inter(ev.target, ev, "target")) if ev.target else ("", 0)
    lo, hi = sorted((inter1, inter2))
    interaction = f"{lo}{hi}" if lo else f"{hi}0"
    p = ev.place
    outlets = sorted({r.outlet for r in ev.reports if r.outlet})
    first = ev.reports[0] if ev.reports else None
    note = first.evidence["text"] if first else ""
    if ev.date and len(ev.date) < 10:  # ACLED's time_precision: say the date is not a day
        note = f"[date: {ev.date}] {note}"
    if ev.n_sources > 1:
        note += f" [{ev.n_sources} sources: {', '.join(ev.articles)}]"
    return {
        "event_id_cnty": f"{ev.country or 'XXX'}-{ev.id.removeprefix('ev-')}",
        "event_date": ev.date_start.isoformat(),
        "year": ev.date_start.year,
        "disorder_type": disorder, "event_type": event_type, "sub_event_type": sub,
        "actor1": actor1, "assoc_actor_1": "", "inter1": inter1,
        "actor2": actor2, "assoc_actor_2": "", "inter2": inter2 if ev.target else "",
        "interaction": interaction if inter1 else "",
        "country": country,
        "admin1": p.name if p and p.precision == "admin1" else "",
        "location": p.name if p else "",
        "latitude": p.lat if p and p.lat is not None else "",
        "longitude": p.lon if p and p.lon is not None else "",
        "geo_precision": m.geo_precision.get(p.precision or "", 3) if p else "",
        "source": "; ".join(outlets),
        "source_scale": "",
        "notes": note,
        "fatalities": ev.killed or 0,
    }


def write_acled(events: Sequence[StoredEvent], out: IO[str]) -> int:
    w = csv.DictWriter(out, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    w.writeheader()
    n = 0
    for ev in events:
        row = acled_record(ev)
        if row is not None:
            w.writerow(row)
            n += 1
    return n


# -- CAMEO (GDELT 2.0 event-table column names) ----------------------------------------------

CAMEO_COLUMNS = (
    "GlobalEventID", "Day", "MonthYear", "Year", "Actor1Code", "Actor1Name",
    "Actor1CountryCode", "Actor1Type1Code", "Actor2Code", "Actor2Name", "Actor2CountryCode",
    "Actor2Type1Code", "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode",
    "QuadClass", "NumMentions", "NumSources", "NumArticles", "ActionGeo_FullName",
    "ActionGeo_CountryCode", "ActionGeo_Lat", "ActionGeo_Long", "SOURCEURL",
)


def cameo_record(ev: StoredEvent) -> dict[str, Any]:
    c = mapping.cameo()
    code, root = c.code(ev.type, ev.mode, ev.factuality)
    day = ev.date_start

    def actor(a: StoredActor | None) -> list[Any]:
        if a is None:
            return ["", "", "", ""]
        return [mapping.cameo_actor_code(a.country, a.sector), a.name, a.country or "",
                c.sectors.get(a.sector or "", "")]

    p = ev.place
    url = next((r.url for r in ev.reports if r.url), "")
    values = [
        ev.id, day.strftime("%Y%m%d") if day else "", day.strftime("%Y%m") if day else "",
        day.year if day else "", *actor(ev.source), *actor(ev.target), 1, code, code[:3], root,
        mapping.quad_classes()[ev.type][0], len(ev.reports),
        len({r.outlet for r in ev.reports if r.outlet}) or len(ev.articles), len(ev.articles),
        p.name if p else "", p.country if p else (ev.country or ""),
        p.lat if p and p.lat is not None else "", p.lon if p and p.lon is not None else "", url,
    ]
    return dict(zip(CAMEO_COLUMNS, values))


def write_cameo(events: Sequence[StoredEvent], out: IO[str]) -> int:
    w = csv.DictWriter(out, fieldnames=CAMEO_COLUMNS, lineterminator="\n")
    w.writeheader()
    for ev in events:
        w.writerow(cameo_record(ev))
    return len(events)


# -- GeoJSON -----------------------------------------------------------------------------------

def geojson_feature(ev: StoredEvent) -> dict[str, Any] | None:
    p = ev.place
    if p is None or p.lat is None or p.lon is None:
        return None
    return {
        "type": "Feature",
        "id": ev.id,
        "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
        "properties": {
            "id": ev.id, "type": ev.type, "mode": ev.mode, "factuality": ev.factuality,
            "date": ev.date, "country": ev.country,
            "source": ev.source.name if ev.source else None,
            "target": ev.target.name if ev.target else None,
            "place": p.name, "precision": p.precision, "killed": ev.killed,
            "n_sources": ev.n_sources, "articles": ev.articles,
            "evidence": ev.reports[0].evidence["text"] if ev.reports else None,
        },
    }


def write_geojson(events: Sequence[StoredEvent], out: IO[str]) -> int:
    """A FeatureCollection of the events that have coordinates (others are left out)."""
    features = [f for f in (geojson_feature(ev) for ev in events) if f is not None]
    json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False)
    out.write("\n")
    return len(features)
