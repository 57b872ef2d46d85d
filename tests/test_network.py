"""The actor network: edges by PLOVER class, weighted; HTML, GraphML and JSON read back."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest
from test_store_common import GNA, LNA, MISRATA, TRIPOLI, report, run

from rasd.network import build_network, render_html, top_actors
from rasd.resources import data_path
from rasd.store import EventFilter, Store, query

TUR = ("TUR", "Turkey", "TUR", "GOV")


@pytest.fixture(scope="module")
def events(tmp_path_factory: pytest.TempPathFactory) -> list:
    path = str(tmp_path_factory.mktemp("net") / "net.duckdb")
    with Store.open(path) as store:
        for doc in [
            report("n1", source=LNA, target=GNA, place=MISRATA, date="2021-05-01"),
            report("n2", source=LNA, target=GNA, place=MISRATA, date="2021-05-02"),
            report("n3", source=LNA, target=GNA, place=TRIPOLI, date="2021-05-20"),
            report("n4", type="AID", mode="military", source=TUR, target=GNA, date="2021-05-03"),
            report("n5", type="ACCUSE", mode=None, source=GNA, target=LNA, date="2021-05-04"),
            report("n6", type="CONSULT", mode="meeting", source=TUR, target=GNA,
                   date="2021-06-04"),
            report("n7", type="AID", mode="military", source=TUR, target=GNA, date="2021-05-05",
                   factuality="hypothetical"),
            report("n8", source=LNA, target=(None, "civilians", None, "CIV"), place=TRIPOLI,
                   date="2021-05-06"),
        ]:
            store.write(doc)
        return query(store, EventFilter(factuality=("asserted", "uncertain")))


def test_edges_by_class_weighted_by_events_and_sources(events: list) -> None:
    g = build_network(events)
    assert set(g.nodes) == {"LBY-LNA", "LBY-GNA", "TUR"}
    e = g.edges["LBY-LNA", "LBY-GNA"]
    # n1 + n2 are one merged event with two sources; n3 is another.
    assert (e["events"], e["sources"]) == (2, 3)
    assert (e["material_conflict_events"], e["material_conflict_sources"]) == (2, 3)
    assert e["class"] == "material_conflict"
    aid = g.edges["TUR", "LBY-GNA"]
    assert aid["material_cooperation_events"] == 1  # the hypothetical one is left out
    assert aid["verbal_cooperation_events"] == 1
    assert g.edges["LBY-GNA", "LBY-LNA"]["class"] == "verbal_conflict"
    assert g.nodes["TUR"]["name"] == "Turkey" and g.nodes["LBY-LNA"]["sector"] == "MIL"
    assert top_actors(g, 2).number_of_nodes() == 2
    with_adhoc = build_network(events, adhoc=True)
    assert set(with_adhoc.nodes) == set(g.nodes) | {"~civilians"}
    assert with_adhoc.nodes["~civilians"]["canonical"] is False


def test_time_window(events: list) -> None:
    may = [ev for ev in events if ev.date_start and ev.date_start.month == 5]
    g = build_network(may, since="2021-05-01", until="2021-05-31")
    tur = g.edges["TUR", "LBY-GNA"]
    assert (tur["material_cooperation_events"], tur["verbal_cooperation_events"]) == (1, 0)
    assert g.graph["since"] == "2021-05-01"


def test_html_is_self_contained(events: list) -> None:
    html = render_html(build_network(events))
    assert html.startswith("<!DOCTYPE html>")
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=|@import|https?://(?!www\.w3\.org)",
                         html)
    data = re.search(r'<script id="data" type="application/json">(.*?)</script>', html, re.DOTALL)
    parsed = json.loads(data.group(1))
    assert {n["id"] for n in parsed["nodes"]} == {"LBY-LNA", "LBY-GNA", "TUR"}
    assert len(parsed["edges"]) == 3


def test_rasd_network_on_the_demo_data_writes_all_three_formats(tmp_path: Path) -> None:
    db = str(tmp_path / "demo.duckdb")
    assert run("ingest", str(data_path("samples", "articles.jsonl")), "--db", db).returncode == 0
    with Store.open(db, read_only=True) as store:
        expected = build_network(query(store, EventFilter(factuality=("asserted", "uncertain"))))
    for suffix in (".html", ".graphml", ".json"):
        dest = tmp_path / f"net{suffix}"
        out = run("network", "--db", db, "--out", str(dest))
        assert out.returncode == 0, out.stderr
        assert f"written to {dest}" in out.stderr
    g = nx.read_graphml(tmp_path / "net.graphml")
    assert set(g.nodes) == set(expected.nodes)
    assert g.number_of_edges() == expected.number_of_edges()
    doc = json.loads((tmp_path / "net.json").read_text(encoding="utf-8"))
    j = nx.node_link_graph(doc, edges="edges")
    assert set(j.nodes) == set(expected.nodes) and j.is_directed()
    html = (tmp_path / "net.html").read_text(encoding="utf-8")
    assert "<svg" in html and "</html>" in html
    windowed = run("network", "--db", db, "--since", "2019-08-01", "--until", "2019-08-31",
                   "--out", str(tmp_path / "w.json"))
    assert windowed.returncode == 0, windowed.stderr
    bad = run("network", "--db", db, "--out", str(tmp_path / "net.png"))
    assert bad.returncode == 1 and ".graphml" in bad.stderr
