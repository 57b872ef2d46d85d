"""The REST API against a real store (the sample articles, on DuckDB and on PostgreSQL):
every endpoint's answer checked against the store's own queries, the error shape, the body
limit, and the token on every write."""

from __future__ import annotations

import shutil
import time
from collections import Counter
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from test_api_common import (
    AUTH,
    TOKEN,
    assert_error,
    counts,
    news_articles,
    sample_store,
)
from test_store_common import BACKENDS, report

import rasd
from rasd.api import create_app
from rasd.api.access import PG_RECHECK
from rasd.api.routes import RELATIONS, relation
from rasd.network import build_network
from rasd.store import EventFilter, Store, query
from rasd.store.query import SORTS

REAL = ("asserted", "uncertain")


@pytest.fixture(scope="module", params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
              nlp: Any) -> Any:
    yield from sample_store(request.param, tmp_path_factory.mktemp("api"), nlp)


@pytest.fixture(scope="module")
def app(store_url: str, nlp: Any) -> Any:
    app = create_app(store_url, token=TOKEN, pipeline=nlp)
    yield app
    app.state.access.close()


@pytest.fixture(scope="module")
def client(app: Any) -> TestClient:
    return TestClient(app)


def events_of(app: Any, flt: EventFilter) -> list:
    with app.state.access.read() as store:
        return query(store, flt)


FILTERS: list[tuple[dict[str, Any], EventFilter]] = [
    ({}, EventFilter(factuality=REAL)),
    ({"factuality": "all"}, EventFilter()),
    ({"country": "lby"}, EventFilter(country="LBY", factuality=REAL)),
    ({"type": ["ASSAULT", "CONSULT"]}, EventFilter(types=("ASSAULT", "CONSULT"),
                                                    factuality=REAL)),
    ({"type": "ASSAULT,CONSULT"}, EventFilter(types=("ASSAULT", "CONSULT"), factuality=REAL)),
    ({"actor": "haftar", "factuality": "all"}, EventFilter(actor="haftar")),
    ({"place": "Tripoli"}, EventFilter(place="Tripoli", factuality=REAL)),
    ({"since": "2019-01-01", "until": "2019-08-31"},
     EventFilter(since="2019-01-01", until="2019-08-31", factuality=REAL)),
    ({"factuality": "negated,hypothetical"}, EventFilter(factuality=("negated",
                                                                     "hypothetical"))),
]


def test_health(client: TestClient, app: Any) -> None:
    body = client.get("/api/health").json()
    assert body == {"status": "ok", "version": rasd.__version__,
                    "events": counts(app)["events"], "articles": 9}
    assert body["events"] > 50


@pytest.mark.parametrize(("params", "flt"), FILTERS)
def test_events_total_is_the_query_count(client: TestClient, app: Any, params: dict,
                                         flt: EventFilter) -> None:
    expected = events_of(app, flt)
    r = client.get("/api/events", params={**params, "limit": 1000})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["total"] == len(expected)
    assert (body["limit"], body["offset"]) == (1000, 0)
    assert {e["id"] for e in body["events"]} == {e.id for e in expected}
    by_id = {e.id: e.to_json() for e in expected}
    for ev in body["events"]:
        assert ev == by_id[ev["id"]]  # the same JSON as `rasd events`, reports and all


def test_filters_narrow(client: TestClient) -> None:
    total = client.get("/api/events").json()["total"]
    every = client.get("/api/events", params={"factuality": "all"}).json()["total"]
    lby = client.get("/api/events", params={"country": "LBY"}).json()["total"]
    assert 0 < lby < total < every


@pytest.mark.parametrize("sort", list(SORTS))
def test_pages_are_disjoint_and_cover_the_total(client: TestClient, app: Any,
                                                sort: str) -> None:
    total = client.get("/api/events", params={"factuality": "all"}).json()["total"]
    seen: list[dict] = []
    for offset in range(0, total + 7, 7):
        page = client.get("/api/events", params={"factuality": "all", "limit": 7,
                                                 "offset": offset, "sort": sort}).json()
        assert page["total"] == total
        assert len(page["events"]) == max(0, min(7, total - offset))
        seen += page["events"]
    ids = [e["id"] for e in seen]
    assert len(ids) == len(set(ids)) == total
    first_day = {e.id: e.date_start for e in events_of(app, EventFilter())}
    field, desc = sort.lstrip("-"), sort.startswith("-")
    if field == "date":  # by first day, undated last whichever the direction
        days = [first_day[i] for i in ids]
        dated = [d for d in days if d is not None]
        assert days[:len(dated)] == dated
        assert dated == sorted(dated, reverse=desc)
    else:
        keys = [e[field] for e in seen]
        assert keys == sorted(keys, reverse=desc)


def test_pages_paged_by_the_database_match_the_cached_ones(client: TestClient, app: Any
                                                            ) -> None:
    """A filter selecting more events than the cache keeps lists of is paged by the
    database (LIMIT/OFFSET): the same pages as from a cached list."""
    params = {"factuality": "all", "limit": 9, "sort": "-date"}
    cached = [client.get("/api/events", params={**params, "offset": o}).json()
              for o in range(0, 90, 9)]
    cache = app.state.access.cache
    small = type(cache)(max_list=5)
    app.state.access.cache = small
    try:
        paged = [client.get("/api/events", params={**params, "offset": o}).json()
                 for o in range(0, 90, 9)]
        assert not small._cache.lists  # nothing was listed: every page came from the database
    finally:
        app.state.access.cache = cache
    assert paged == cached
    assert sum(len(p["events"]) for p in paged) == min(90, cached[0]["total"])


def test_cache_answers_repeated_pages(client: TestClient) -> None:
    params = {"country": "LBY", "limit": 3, "offset": 3}
    first = client.get("/api/events", params=params)
    again = client.get("/api/events", params=params)
    assert again.headers["x-rasd-cache"] == "hit"
    assert first.json() == again.json()


def test_default_sort_is_newest_first(client: TestClient) -> None:
    events = client.get("/api/events", params={"limit": 1000}).json()["events"]
    years = [e["date"][:4] for e in events if e["date"]]
    assert years == sorted(years, reverse=True) and years[0] == "2019"


def test_one_event_with_its_sources_and_evidence(client: TestClient, app: Any) -> None:
    page = client.get("/api/events", params={"factuality": "all", "limit": 1000}).json()
    checked = 0
    for ev in page["events"]:
        r = client.get(f"/api/events/{ev['id']}")
        assert r.status_code == 200, r.text
        detail = r.json()
        assert {k: detail[k] for k in ev} == ev
        assert len(detail["sources"]) == len(ev["reports"]) >= 1
        for src, rep in zip(detail["sources"], ev["reports"]):
            assert src["article"] == rep["article"]
            text = src["text"]
            ev_span, trig = src["evidence"], src["trigger"]
            assert text[ev_span["start"]:ev_span["end"]] == ev_span["text"]
            assert text[trig["start"]:trig["end"]] == trig["text"]
            assert ev_span["start"] <= trig["start"] < trig["end"] <= ev_span["end"]
            checked += 1
    assert checked >= len(page["events"]) > 50
    # The article texts are the stored ones.
    with app.state.access.read() as store:
        aid = page["events"][0]["reports"][0]["article"]
        stored = store.db.execute("SELECT text FROM articles WHERE id = ?", [aid])[0][0]
    first = client.get(f"/api/events/{page['events'][0]['id']}").json()
    assert first["sources"][0]["text"] == stored


def test_unknown_event_and_endpoint_are_404(client: TestClient) -> None:
    err = assert_error(client.get("/api/events/ev-does-not-exist"), 404, "not_found")
    assert "ev-does-not-exist" in err["message"]
    assert_error(client.get("/api/nothing-here"), 404, "not_found")
    assert_error(client.get("/api/actors/NOBODY-AT-ALL"), 404, "not_found")


@pytest.mark.parametrize(("params", "word"), [
    ({"since": "2019-13-01"}, "since"),
    ({"until": "yesterday"}, "until"),
    ({"type": "BOMBING"}, "BOMBING"),
    ({"type": "assault"}, "PLOVER"),
    ({"country": ""}, "country"),
    ({"factuality": "asserted, uncertain"}, "factuality"),
    ({"country": "LIBYA"}, "country"),
    ({"factuality": "maybe"}, "maybe"),
    ({"limit": 0}, "limit"),
    ({"limit": 1001}, "limit"),
    ({"limit": "ten"}, "limit"),
    ({"offset": -1}, "offset"),
    ({"sort": "size"}, "sort"),
    ({"actor": "a\x00b"}, "NUL"),
])
def test_bad_filters_are_400(client: TestClient, params: dict, word: str) -> None:
    err = assert_error(client.get("/api/events", params=params), 400, "bad_request")
    assert word in err["message"]
    assert "--" not in err["message"]  # the API names parameters, not CLI options


@pytest.mark.parametrize("path", ["/api/timeline", "/api/places", "/api/stats",
                                  "/api/network"])
def test_every_filtered_endpoint_rejects_a_bad_date(client: TestClient, path: str) -> None:
    assert_error(client.get(path, params={"since": "2019-02-30"}), 400, "bad_request")


def test_other_bad_parameters(client: TestClient) -> None:
    assert_error(client.get("/api/timeline", params={"interval": "day"}), 400, "bad_request")
    assert_error(client.get("/api/actors", params={"limit": 5000}), 400, "bad_request")
    assert_error(client.delete("/api/events"), 405, "bad_request")


def test_actors_list(client: TestClient, app: Any) -> None:
    body = client.get("/api/actors", params={"limit": 1000}).json()
    assert body["total"] == counts(app)["actors"] == len(body["actors"])
    n = [a["events"] for a in body["actors"]]
    assert n == sorted(n, reverse=True) and n[0] > 0
    # Each count is the number of merged events (any factuality) with the actor on a side.
    every = events_of(app, EventFilter())
    by_name = Counter()
    for ev in every:
        for side in {ev.source.key if ev.source else None, ev.target.key if ev.target else None}:
            if side is not None:
                by_name[side] += 1
    top = body["actors"][0]
    assert top["actor"] is not None and top["events"] == by_name[top["actor"]]
    assert top["events"] == max(by_name.values())
    haftar = next(a for a in body["actors"] if a["actor"] == "LBY-HAFTAR")
    assert haftar["events"] == by_name["LBY-HAFTAR"] > 0
    assert sum(a["events"] for a in body["actors"]) == sum(by_name.values())
    # Pages are disjoint and cover the list.
    names = []
    for offset in range(0, body["total"], 30):
        page = client.get("/api/actors", params={"limit": 30, "offset": offset}).json()
        names += [(a["actor"], a["name"]) for a in page["actors"]]
    assert names == [(a["actor"], a["name"]) for a in body["actors"]]
    found = client.get("/api/actors", params={"q": "HAFT"}).json()
    assert [a["actor"] for a in found["actors"]] == ["LBY-HAFTAR"] and found["total"] == 1


def test_one_actor_with_events_and_relations(client: TestClient, app: Any) -> None:
    r = client.get("/api/actors/LBY-HAFTAR")
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["actor"], body["name"]) == ("LBY-HAFTAR", "Khalifa Haftar")
    mine = [e for e in events_of(app, EventFilter())
            if "LBY-HAFTAR" in {e.source and e.source.key, e.target and e.target.key}]
    assert body["n_events"] == len(mine) == len(body["events"])
    assert {e["id"] for e in body["events"]} == {e.id for e in mine}
    expected: Counter = Counter()
    for e in mine:
        if e.source and e.target and e.source.key != e.target.key:
            out = e.source.key == "LBY-HAFTAR"
            other = e.target if out else e.source
            expected[(other.name, relation(e.type), "out" if out else "in")] += 1
    got = Counter({(r["name"], r["relation"], r["direction"]): r["weight"]
                   for r in body["relations"]})
    assert got == expected and got
    assert all(r["relation"] in RELATIONS for r in body["relations"])


def test_adhoc_actor_by_name(client: TestClient) -> None:
    actors = client.get("/api/actors", params={"limit": 1000}).json()["actors"]
    adhoc = next(a for a in actors if a["actor"] is None and a["events"] > 0)
    body = client.get(f"/api/actors/{adhoc['name']}").json()
    assert body["name"] == adhoc["name"] and body["actor"] is None
    assert body["n_events"] >= adhoc["events"] and body["events"]


@pytest.mark.parametrize(("params", "flt"), FILTERS[:4])
def test_network_is_build_network(client: TestClient, app: Any, params: dict,
                                  flt: EventFilter) -> None:
    body = client.get("/api/network", params=params).json()
    g = build_network(events_of(app, flt))
    assert {n["id"] for n in body["nodes"]} == set(g.nodes)
    assert {(e["source"], e["target"]): e["weight"] for e in body["edges"]} == {
        (s, t): d["events"] for s, t, d in g.edges(data=True)}
    for n in body["nodes"]:
        assert n["label"] == g.nodes[n["id"]]["name"] and n["events"] == g.nodes[n["id"]]["events"]
    for e in body["edges"]:
        assert e["relation"] in RELATIONS
        assert sum(e["relations"].values()) == e["weight"]
        assert e["relations"][e["relation"]] == max(e["relations"].values())
    if not params:
        assert len(body["edges"]) > 3
    small = client.get("/api/network", params={**params, "top": 2}).json()
    assert len(small["nodes"]) == min(2, len(body["nodes"]))


@pytest.mark.parametrize("interval", ["week", "month"])
@pytest.mark.parametrize(("params", "flt"), FILTERS[:3])
def test_timeline_adds_up(client: TestClient, app: Any, interval: str, params: dict,
                          flt: EventFilter) -> None:
    body = client.get("/api/timeline", params={**params, "interval": interval}).json()
    total = client.get("/api/events", params=params).json()["total"]
    assert sum(b["total"] for b in body["buckets"]) + body["undated"] == total
    expected = events_of(app, flt)
    assert body["undated"] == sum(e.date_start is None for e in expected)
    assert body["types"] == [t for t in rasd.model.EVENT_TYPES
                             if any(e.type == t for e in expected)]
    periods = [date.fromisoformat(b["period"]) for b in body["buckets"]]
    assert periods == sorted(periods)
    for p, nxt in pairwise(periods):  # contiguous: no period skipped
        if interval == "week":
            assert p.weekday() == 0 and (nxt - p).days == 7
        else:
            assert p.day == 1 and (nxt.year * 12 + nxt.month) - (p.year * 12 + p.month) == 1
    for b in body["buckets"]:
        assert sum(b["counts"].values()) == b["total"]
        assert set(b["counts"]) == set(body["types"])
    # One event, counted where its first day falls.
    ev = next(e for e in expected if e.date_start is not None)
    day = ev.date_start
    bucket = (date.fromordinal(day.toordinal() - day.weekday()) if interval == "week"
              else day.replace(day=1)).isoformat()
    assert next(b for b in body["buckets"] if b["period"] == bucket)["counts"][ev.type] >= 1


@pytest.mark.parametrize(("params", "flt"), FILTERS)
def test_places_are_the_located_events(client: TestClient, app: Any, params: dict,
                                       flt: EventFilter) -> None:
    body = client.get("/api/places", params=params).json()
    expected = events_of(app, flt)
    located = {e.id: e for e in expected
               if e.place is not None and e.place.lat is not None and e.place.lon is not None}
    assert body["type"] == "FeatureCollection" and body["truncated"] is False
    assert body["total"] == len(expected)
    assert body["located"] == len(body["features"]) == len(located)
    for f in body["features"]:
        ev = located[f["properties"]["event"]]
        assert f["geometry"] == {"type": "Point", "coordinates": [ev.place.lon, ev.place.lat]}
        assert f["properties"] == {"event": ev.id, "type": ev.type, "date": ev.date,
                                   "place": ev.place.name, "country": ev.country,
                                   "factuality": ev.factuality}


@pytest.mark.parametrize(("params", "flt"), FILTERS)
def test_stats(client: TestClient, app: Any, params: dict, flt: EventFilter) -> None:
    body = client.get("/api/stats", params=params).json()
    expected = events_of(app, flt)
    assert body["events"] == len(expected)
    assert body["by_type"] == dict(Counter(e.type for e in expected))
    assert body["by_factuality"] == dict(Counter(e.factuality for e in expected))
    assert body["by_country"] == dict(Counter(e.country for e in expected if e.country))
    assert body["articles"] == len({a for e in expected for a in e.articles})
    days = sorted(e.date_start for e in expected if e.date_start is not None)
    assert (body["first_date"], body["last_date"]) == (
        (days[0].isoformat(), days[-1].isoformat()) if days else (None, None))


def test_dashboard_is_served(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200 and "<html" in r.text.lower()
    assert r.headers["content-type"].startswith("text/html")


def test_openapi_documents_every_endpoint_with_examples(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for path in ("/api/health", "/api/events", "/api/events/{event_id}", "/api/actors",
                 "/api/actors/{key}", "/api/network", "/api/timeline", "/api/places",
                 "/api/stats", "/api/articles"):
        assert path in paths, path
    assert spec["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    assert paths["/api/articles"]["post"]["security"] == [{"HTTPBearer": []}]
    assert paths["/api/articles"]["post"]["requestBody"]["content"]["application/json"]
    assert "examples" in spec["components"]["schemas"]["Event"]
    assert "examples" in spec["components"]["schemas"]["ArticlesIn"]
    params = {p["name"]: p for p in paths["/api/events"]["get"]["parameters"]}
    assert params["country"].get("examples") or params["country"]["schema"].get("examples")
    assert "422" not in str(spec)


# -- writes ---------------------------------------------------------------------------------

@pytest.fixture()
def write_app(store_url: str, tmp_path: Path, nlp: Any, app: Any) -> Any:
    """An app over a copy of the sample store (DuckDB), or the shared one (PostgreSQL:
    the tests there only add articles with their own ids)."""
    if store_url.startswith("postgresql"):
        yield app
        return
    app.state.access.close()  # let go of the file so it can be copied whole
    copy = tmp_path / "write.duckdb"
    shutil.copy(store_url, copy)
    fresh = create_app(str(copy), token=TOKEN, pipeline=nlp)
    yield fresh
    fresh.state.access.close()


def write_ops(client: TestClient) -> list[tuple[str, str]]:
    spec = client.get("/openapi.json").json()
    ops = [(m.upper(), p) for p, item in spec["paths"].items() for m in item if m != "get"]
    assert ("POST", "/api/articles") in ops
    return ops


def test_every_write_without_the_right_token_is_401_and_changes_nothing(
        write_app: Any, shared: Path) -> None:
    client = TestClient(write_app)
    body = {"articles": news_articles(shared, 2)}
    before = counts(write_app)
    for method, path in write_ops(client):
        for headers in ({}, {"Authorization": "Bearer wrong-token"},
                        {"Authorization": f"Bearer {TOKEN}x"},
                        {"Authorization": TOKEN},  # no scheme
                        {"Authorization": f"Basic {TOKEN}"}):
            r = client.request(method, path, json=body, headers=headers)
            err = assert_error(r, 401, "unauthorized")
            assert "token" in err["message"].lower()
            assert r.headers["www-authenticate"] == "Bearer"
        # Even a body that is not JSON: the token is checked first.
        assert_error(client.request(method, path, content=b"{not json"), 401, "unauthorized")
    assert counts(write_app) == before


def test_writes_are_refused_without_a_configured_token(store_url: str, app: Any, nlp: Any,
                                                       shared: Path) -> None:
    if store_url.startswith("postgresql"):
        target = store_url
    else:
        app.state.access.close()
        target = store_url
    closed = create_app(target, token=None, pipeline=nlp)
    try:
        client = TestClient(closed)
        before = counts(closed)
        for method, path in write_ops(client):
            for headers in ({}, AUTH):
                r = client.request(method, path, json={"articles": news_articles(shared, 1)},
                                   headers=headers)
                err = assert_error(r, 403, "forbidden")
                assert "RASD_TOKEN" in err["message"] and "--token-file" in err["message"]
        assert counts(closed) == before
        assert client.get("/api/health").status_code == 200  # reads still work
    finally:
        closed.state.access.close()


def test_post_articles_stores_them_and_returns_their_events(write_app: Any,
                                                            shared: Path) -> None:
    client = TestClient(write_app)
    articles = news_articles(shared, 3, start=40)
    not_arabic = {"id": "api-test-english", "text": "The army shelled the port on Monday."}
    before = counts(write_app)
    listed = client.get("/api/events", params={"factuality": "all"}).json()["total"]
    assert listed == before["events"]  # (now cached: the write must make it stale)
    r = client.post("/api/articles", json={"articles": [*articles, not_arabic]}, headers=AUTH)
    assert r.status_code == 200, r.text
    body = r.json()
    s = body["summary"]
    assert (s["new"], s["changed"], s["present"], s["rejected"]) == (3, 0, 0, 1)
    assert body["rejects"] == [("POST /api/articles:4: not Arabic (only 0% of its letters "
                                "are Arabic; id api-test-english)")]
    after = counts(write_app)
    assert after["articles"] == before["articles"] + 3
    assert client.get("/api/events", params={"factuality": "all"}).json()["total"] == \
        after["events"] > before["events"]
    assert after["event_sources"] == before["event_sources"] + s["events"]
    assert s["events"] > 0 and body["events"]
    ids = {a["id"] for a in articles}
    for ev in body["events"]:
        assert ids & set(ev["articles"])
        assert client.get(f"/api/events/{ev['id']}").status_code == 200
    # Every event of these articles is returned: the store agrees.
    with write_app.state.access.read() as store:
        rows = store.db.execute(
            "SELECT DISTINCT event_id FROM event_sources WHERE article_id IN (?, ?, ?)",
            sorted(ids))
    assert {ev["id"] for ev in body["events"]} == {r[0] for r in rows}
    # Posting the same articles again changes nothing.
    again = client.post("/api/articles", json={"articles": articles}, headers=AUTH).json()
    assert again["summary"]["present"] == 3 and again["summary"]["new"] == 0
    assert {ev["id"] for ev in again["events"]} == {ev["id"] for ev in body["events"]}
    assert counts(write_app)["event_sources"] == after["event_sources"]


@pytest.mark.parametrize(("body", "word"), [
    ({"articles": []}, "articles"),
    ({"articles": [{"id": "x"}]}, "text"),
    ({"articles": [{"id": "x", "text": "نص", "published": "6 Aug 2019"}]}, "published"),
    ({"articles": [{"id": "x", "text": "نص", "extra": 1}]}, "extra"),
    ({"items": []}, "articles"),
    ([1, 2], "articles"),
])
def test_bad_bodies_are_400(write_app: Any, body: Any, word: str) -> None:
    client = TestClient(write_app)
    before = counts(write_app)
    err = assert_error(client.post("/api/articles", json=body, headers=AUTH), 400, "bad_request")
    assert word in err["message"]
    assert_error(client.post("/api/articles", content=b"{oops", headers=AUTH), 400,
                 "bad_request")
    assert counts(write_app) == before


def test_oversized_bodies_are_413(write_app: Any) -> None:
    client = TestClient(write_app)
    before = counts(write_app)
    big = "ا" * (3 * 1024 * 1024)  # 6 MB of UTF-8
    r = client.post("/api/articles", json={"articles": [{"id": "big", "text": big}]},
                    headers=AUTH)
    err = assert_error(r, 413, "too_large")
    assert "5 MB" in err["message"]

    def chunks():  # no Content-Length: the limit is counted as the body streams in
        yield b'{"articles": [{"id": "big", "text": "'
        for _ in range(6):
            yield ("ا" * (512 * 1024)).encode()
        yield b'"}]}'

    assert_error(client.post("/api/articles", content=chunks(), headers=AUTH), 413,
                 "too_large")
    many = [{"id": f"n{i}", "text": "قصفت الطائرات المدينة"} for i in range(101)]
    err = assert_error(client.post("/api/articles", json={"articles": many}, headers=AUTH),
                       413, "too_large")
    assert "100" in err["message"]
    assert counts(write_app) == before


def test_writes_by_another_process_show_within_a_second(store_url: str, app: Any,
                                                        client: TestClient) -> None:
    if not store_url.startswith("postgresql"):
        pytest.skip("a DuckDB file has one writer: the server itself")
    params = {"factuality": "all", "since": "2021-01-01"}
    before = client.get("/api/events", params=params).json()["total"]
    with Store.open(store_url) as other:  # as `rasd ingest` in another process would
        other.write(report("api-external-1", date="2021-05-01"))
    time.sleep(PG_RECHECK + 0.2)
    assert client.get("/api/events", params=params).json()["total"] == before + 1
