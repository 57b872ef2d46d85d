"""Every export format, written by `rasd export` and read back with what a user would use."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from test_store_common import GNA, LNA, MISRATA, TRIPOLI, report, run

from rasd.export import ACLED_COLUMNS, CAMEO_COLUMNS, FLAT_COLUMNS, export
from rasd.model import EVENT_TYPES
from rasd.resources import data_path
from rasd.store import EventFilter, Store, query

CIVILIANS = (None, "civilians", None, "CIV")  # an ad-hoc actor


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The bundled sample articles plus hand-made reports covering the mappings."""
    path = str(tmp_path_factory.mktemp("export") / "export.duckdb")
    out = run("ingest", str(data_path("samples", "articles.jsonl")), "--db", path)
    assert out.returncode == 0, out.stderr
    with Store.open(path) as store:
        for doc in [
            report("x1", source=LNA, target=GNA, place=MISRATA, date="2021-03-06", killed=3),
            report("x2", source=LNA, target=GNA, place=MISRATA, date="2021-03-07", killed=5,
                   outlet="Other Wire"),
            report("x3", mode="firearms", target=CIVILIANS, place=TRIPOLI, date="2021-03-08"),
            report("x4", type="PROTEST", mode="demo", place=TRIPOLI, date="2021-03-09"),
            report("x5", type="ACCUSE", mode=None, source=GNA, target=LNA, date="2021-03-09"),
            report("x6", type="AGREE", mode=None, source=GNA, target=LNA, date="2021-03",
                   factuality="hypothetical"),
            report("x7", type="AGREE", mode=None, source=GNA, target=LNA, date="2021-04"),
        ]:
            store.write(doc)
    return path


def _export(db: str, fmt: str, *extra: str) -> str:
    out = run("export", "--format", fmt, "--db", db, *extra)
    assert out.returncode == 0, out.stderr
    return out.stdout


def _events(db: str, **flt) -> list:
    with Store.open(db, read_only=True) as store:
        return query(store, EventFilter(**flt))


def test_plover_json_lines(db: str) -> None:
    lines = _export(db, "plover").splitlines()
    real = _events(db, factuality=("asserted", "uncertain"))
    assert len(lines) == len(real)
    records = [json.loads(x) for x in lines]
    for rec in records:
        assert {"id", "date", "source", "recipient", "event", "mode", "event_loc", "event_text",
                "quad_code", "cite_info"} <= set(rec)
        assert rec["event"][0] in EVENT_TYPES and rec["quad_code"] in (1, 2, 3, 4)
        assert isinstance(rec["source"], list) and isinstance(rec["recipient"], list)
        assert rec["event_text"] and all(isinstance(t, str) and t for t in rec["event_text"])
        assert rec["date"] is None or len(rec["date"]) == 10
    merged = next(r for r in records if r["articles"] == ["x1", "x2"])
    assert merged["source"][0]["code"] == "LBY" and merged["source"][0]["sector"] == "MIL"
    assert merged["recipient"][0]["identifier_id"] == "LBY-GNA"
    assert merged["event_loc"]["name"] == "Misrata" and merged["event_loc"]["cc3"] == "LBY"
    assert merged["size_info"]["dead"] == 3 and len(merged["cite_info"]) == 2
    # --factuality all brings the hypothetical agreement back.
    every = [json.loads(x) for x in _export(db, "plover", "--factuality", "all").splitlines()]
    assert any(r["event"] == ["AGREE"] and r["factuality"] == "hypothetical" for r in every)


def test_acled_csv(db: str) -> None:
    df = pd.read_csv(io.StringIO(_export(db, "acled")), dtype={"interaction": str})
    assert list(df.columns) == list(ACLED_COLUMNS)
    assert set(df["disorder_type"]) <= {"Political violence", "Demonstrations",
                                        "Strategic developments"}
    strike = df[df["notes"].str.contains("2 sources: x1, x2", na=False, regex=False)]
    assert len(strike) == 1
    row = strike.iloc[0]
    assert (row["event_type"], row["sub_event_type"]) == ("Explosions/Remote violence",
                                                          "Air/drone strike")
    assert row["actor1"] == "Libyan National Army" and row["inter1"] == 1
    assert row["actor2"] == "Government of National Accord" and row["interaction"] == "11"
    assert row["country"] == "Libya" and row["location"] == "Misrata"
    assert row["fatalities"] == 3 and row["geo_precision"] == 1
    assert row["source"] == "Other Wire; Test Wire"
    assert pd.to_datetime(df["event_date"], format="%Y-%m-%d").notna().all()
    assert (df["year"] == pd.to_datetime(df["event_date"]).dt.year).all()
    civ = df[df["actor2"] == "civilians"].iloc[0]
    assert civ["event_type"] == "Violence against civilians" and civ["inter2"] == 7
    assert civ["actor1"] == "Unidentified Armed Group (Libya)" and civ["interaction"] == "37"
    protest = df[df["event_type"] == "Protests"].iloc[0]
    assert protest["sub_event_type"] == "Peaceful protest"
    assert protest["actor1"] == "Protesters (Libya)" and protest["interaction"] == "60"
    agreement = df[df["sub_event_type"] == "Agreement"]
    month = agreement[agreement["notes"].str.startswith("[date: 2021-04]")].iloc[0]
    assert month["event_date"] == "2021-04-01" and month["disorder_type"] == "Strategic developments"
    # ACCUSE is not an ACLED event: left out.
    assert not df["notes"].isna().all()
    assert len(df) < len(_events(db, factuality=("asserted", "uncertain")))


def test_cameo_csv(db: str) -> None:
    df = pd.read_csv(io.StringIO(_export(db, "cameo")), dtype=str)
    assert list(df.columns) == list(CAMEO_COLUMNS)
    assert df["EventRootCode"].str.fullmatch(r"\d\d").all()
    assert set(df["QuadClass"]) <= {"1", "2", "3", "4"}
    merged_id = next(ev.id for ev in _events(db) if ev.articles == ["x1", "x2"])
    strike = df[df["GlobalEventID"] == merged_id].iloc[0]
    assert (strike["EventCode"], strike["EventRootCode"], strike["QuadClass"]) == ("195", "19",
                                                                                   "4")
    assert strike["Actor1Code"] == "LBYMIL" and strike["Actor2Code"] == "LBYGOV"
    assert strike["Day"] == "20210306" and strike["NumSources"] == "2"
    accuse = df[(df["EventRootCode"] == "11") & (df["Day"] == "20210309")].iloc[0]
    assert accuse["QuadClass"] == "3"


def test_geojson(db: str, tmp_path: Path) -> None:
    dest = tmp_path / "events.geojson"
    out = run("export", "--format", "geojson", "--db", db, "--out", str(dest))
    assert out.returncode == 0, out.stderr
    doc = json.loads(dest.read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection" and doc["features"]
    for f in doc["features"]:
        assert f["type"] == "Feature" and f["geometry"]["type"] == "Point"
        lon, lat = f["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert f["properties"]["type"] in EVENT_TYPES
    misrata = [f for f in doc["features"] if f["properties"]["articles"] == ["x1", "x2"]]
    assert misrata[0]["geometry"]["coordinates"] == [15.09, 32.38]


def test_parquet_needs_out_and_reads_back(db: str, tmp_path: Path) -> None:
    no_out = run("export", "--format", "parquet", "--db", db)
    assert no_out.returncode == 1 and "--out" in no_out.stderr
    dest = tmp_path / "events.parquet"
    out = run("export", "--format", "parquet", "--db", db, "--out", str(dest),
              "--factuality", "all")
    assert out.returncode == 0, out.stderr
    table = pq.read_table(dest)
    assert table.column_names == list(FLAT_COLUMNS)
    articles = table.schema.field("articles").type
    assert pa.types.is_list(articles) and pa.types.is_string(articles.value_type)
    df = pd.read_parquet(dest)
    assert len(df) == len(_events(db))
    strike = df[df["articles"].map(lambda a: list(a) == ["x1", "x2"])].iloc[0]
    assert list(strike["articles"]) == ["x1", "x2"] and strike["source_id"] == "LBY-LNA"
    assert str(strike["date_start"]) == "2021-03-06"


def test_csv_and_filters(db: str) -> None:
    df = pd.read_csv(io.StringIO(_export(db, "csv", "--type", "ASSAULT", "--country", "LBY")))
    assert list(df.columns) == list(FLAT_COLUMNS)
    assert set(df["type"]) == {"ASSAULT"} and set(df["country"]) == {"LBY"}
    assert len(df) == len(_events(db, types=("ASSAULT",), country="LBY",
                                  factuality=("asserted", "uncertain")))


def test_library_export_rejects_bad_targets(db: str, tmp_path: Path) -> None:
    from rasd.errors import ConfigError

    events = _events(db)
    with pytest.raises(ConfigError):
        export(events, "parquet", io.StringIO())
    with pytest.raises(ConfigError):
        export(events, "xml", io.StringIO())
    buf = io.StringIO()
    assert export(events, "plover", buf) == len(events)
