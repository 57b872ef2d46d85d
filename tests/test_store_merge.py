"""One event from many reports: the pairwise rule, connected groups, order independence."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from test_store_common import (
    BACKENDS,
    GNA,
    LIBYA,
    LNA,
    MISRATA,
    TRIPOLI,
    backend_url,
    dump,
    report,
)

from rasd.store import EventFilter, Store, query
from rasd.store.merge import Report, group, merge_key, merged, same_event


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from backend_url(request.param, tmp_path)



def _r(article: str, *, day: str | None = "2019-08-06", type: str = "ASSAULT",
       source: str | None = None, target: str | None = None, place: str | None = None,
       precision: str = "city", factuality: str = "asserted", seq: int = 0) -> Report:
    d = date.fromisoformat(day) if day else None
    key = merge_key(type, factuality, d, d, source, target, place,
                    precision if place else None)
    return Report(article, seq, "h", type, factuality, key, d, source_key=source,
                  target_key=target, place_key=place, place_country="LBY" if place else None,
                  place_precision=precision if place else None, date=day, date_basis="text",
                  date_start=d, date_end=d)


@pytest.mark.parametrize("a, b, same", [
    (_r("a", source="LBY-LNA"), _r("b", source="LBY-LNA"), True),
    (_r("a", source="LBY-LNA"), _r("b", source="LBY-LNA", day="2019-08-08"), True),
    (_r("a", source="LBY-LNA"), _r("b", source="LBY-LNA", day="2019-08-09"), False),
    (_r("a", source="LBY-LNA"), _r("b", source="LBY-GNA"), False),
    (_r("a", source="LBY-LNA"), _r("b", source="LBY-LNA", target="LBY-GNA"), False),
    (_r("a", place="misrata"), _r("b", place="misrata"), True),  # a place is an anchor
    (_r("a", source="LBY-LNA", place="misrata"), _r("b", source="LBY-LNA", place="tripoli"),
     False),
    (_r("a", source="LBY-LNA", place="misrata"), _r("b", source="LBY-LNA"), False),
    (_r("a", source="LBY-LNA", place="libya", precision="country"),
     _r("b", source="LBY-LNA", place="libya", precision="country"), True),
    (_r("a", place="libya", precision="country"), _r("b", place="libya", precision="country"),
     False),  # a whole country is no anchor
    (_r("a"), _r("b"), False),  # nothing in common but the type and the day
    (_r("a", source="~مسلحون"), _r("b", source="~مسلحون"), False),  # ad-hoc: no anchor
    (_r("a", source="~مسلحون", target="LBY-GNA"), _r("b", target="LBY-GNA"),
     True),  # ad-hoc and missing actors are both unknown: compatible
    (_r("a", source="LBY-LNA"), _r("b", source="LBY-LNA", type="COERCE"), False),
    (_r("a", source="LBY-LNA"), _r("b", source="LBY-LNA", factuality="hypothetical"), False),
    (_r("a", source="LBY-LNA"), _r("b", source="LBY-LNA", factuality="uncertain"), True),
    (_r("a", source="LBY-LNA"), _r("b", source="LBY-LNA", day=None), False),
])
def test_pairwise_rule(a: Report, b: Report, same: bool) -> None:
    assert same_event(a, b, 2) is same
    assert same_event(b, a, 2) is same


def test_groups_are_windows_of_runs_whatever_the_order() -> None:
    reports = [_r("a", source="LBY-LNA", day="2019-08-01"),
               _r("b", source="LBY-LNA", day="2019-08-02"),
               _r("c", source="LBY-LNA", day="2019-08-03"),
               _r("e", source="LBY-LNA", day="2019-08-04"),  # a run of 4 days: two windows
               _r("f", source="LBY-LNA", day="2019-08-09"),
               _r("g", source="LBY-GNA", day="2019-08-02"),
               _r("h", source="LBY-LNA", day="2019-08-02", factuality="negated")]
    expected = None
    for perm in itertools.permutations(reports):
        groups = [[r.article_id for r in g] for g in group(list(perm), 2)]
        assert expected is None or groups == expected
        expected = groups
    assert expected == [["a", "b", "c"], ["e"], ["f"], ["g"], ["h"]]
    for g in group(reports, 2):  # every merged event is a clique of the pairwise rule
        assert all(same_event(x, y, 2) for x in g for y in g if x is not y)


def test_merged_attributes_are_votes() -> None:
    members = [_r("a", source="LBY-LNA", place="misrata", day="2019-08-06"),
               _r("b", source="LBY-LNA", place="misrata", day="2019-08-06"),
               _r("c", source="LBY-LNA", place="misrata", day="2019-08-07")]
    m = merged(members)
    assert (m.source_key, m.place_key, m.date, m.n_sources, m.n_reports) == (
        "LBY-LNA", "misrata", "2019-08-06", 3, 3)
    assert merged(list(reversed(members))) == m


def test_three_reports_of_one_strike_are_one_event_with_three_sources(db_url: str) -> None:
    with Store.open(db_url) as store:
        store.write(report("s1", source=LNA, target=GNA, place=MISRATA, date="2019-08-06",
                           killed=5, outlet="Wire A"))
        store.write(report("s2", source=LNA, target=GNA, place=MISRATA, date="2019-08-07",
                           killed=4, outlet="Wire B", text="أغارت طائرات الجيش على الكلية."))
        store.write(report("s3", source=LNA, target=GNA, place=MISRATA, date="2019-08-05",
                           outlet="Wire C", text="استهدف قصف جوي مدينة مصراتة."))
        events = query(store, EventFilter(types=("ASSAULT",)))
        assert store.count("event_sources") == 3
    assert len(events) == 1
    ev = events[0]
    assert ev.n_sources == 3 and ev.articles == ["s1", "s2", "s3"]
    assert len(ev.reports) == 3 and all(r.evidence["text"] for r in ev.reports)
    assert {r.outlet for r in ev.reports} == {"Wire A", "Wire B", "Wire C"}
    assert ev.source and ev.source.id == "LBY-LNA" and ev.target and ev.target.id == "LBY-GNA"
    assert ev.place and ev.place.name == "Misrata"
    assert ev.killed == 4  # ACLED's conservative rule: the lowest figure reported
    assert ev.date == "2019-08-05"  # a three-way tie of days: the earliest


def test_two_different_strikes_on_the_same_day_stay_two(db_url: str) -> None:
    with Store.open(db_url) as store:
        store.write(report("d1", source=LNA, place=MISRATA, date="2019-08-06"))
        store.write(report("d2", source=LNA, place=TRIPOLI, date="2019-08-06"))
        store.write(report("d3", source=LNA, place=TRIPOLI, date="2019-08-06"))
        events = query(store)
    assert sorted(ev.articles for ev in events) == [["d1"], ["d2", "d3"]]


def _strikes() -> list:
    return [
        report("o1", source=LNA, place=MISRATA, date="2019-08-01"),
        report("o2", source=LNA, place=MISRATA, date="2019-08-02"),
        report("o3", source=LNA, place=MISRATA, date="2019-08-03"),
        report("o4", source=LNA, place=MISRATA, date="2019-08-04"),  # past o1's window
        report("o5", source=GNA, target=LNA, place=TRIPOLI, date="2019-08-03"),
        report("o6", place=LIBYA, date="2019-08-02"),  # no actor, a whole country: no anchor
        report("o7", source=LNA, place=MISRATA, date="2019-08-02", factuality="hypothetical"),
        report("o8", source=LNA, place=MISRATA, date="2019-08-07"),
    ]


def test_ingest_order_does_not_change_the_events(tmp_path) -> None:
    docs = _strikes()
    dumps = []
    for n, order in enumerate([docs, docs[::-1], [docs[i] for i in (2, 7, 5, 0, 6, 4, 1, 3)]]):
        url = str(tmp_path / f"order{n}.duckdb")
        with Store.open(url) as store:
            for doc in order:
                store.write(doc)
        dumps.append(dump(url))
    assert dumps[0] == dumps[1] == dumps[2]
    groups = {r[0]: r for r in dumps[0]["events"]}
    sizes = sorted(r[13] for r in groups.values())
    assert sizes == [1, 1, 1, 1, 1, 3]  # o1-o3 one window; o4, o5, o6, o7, o8 alone


def test_ingest_order_in_batches_and_singly_agree(db_url: str, tmp_path) -> None:
    from rasd.store.db import Article, article_hash

    docs = _strikes()
    with Store.open(db_url) as store:
        store.write_many([Article(d, article_hash(d.text)) for d in docs[::-1]])
    single = str(tmp_path / "single.duckdb")
    with Store.open(single) as store:
        for d in docs:
            store.write(d)
    assert dump(db_url)["events"] == dump(single)["events"]
    assert dump(db_url)["event_sources"] == dump(single)["event_sources"]


def test_a_changed_article_leaves_its_group_and_windows_shift(db_url: str, tmp_path) -> None:
    docs = _strikes()
    arrest = report("o1", type="COERCE", mode="arrest", source=GNA, date="2019-08-01",
                    text="اعتقلت قوات الوفاق خمسة أشخاص.")
    with Store.open(db_url) as store:
        for d in docs:
            store.write(d)
        # o1 opened the first window; its new text is about something else.
        assert store.write(arrest).status == "changed"
    fresh = str(tmp_path / "fresh.duckdb")
    with Store.open(fresh) as store:
        for d in docs[1:] + [arrest]:
            store.write(d)
    assert dump(db_url)["events"] == dump(fresh)["events"]
    with Store.open(db_url) as store:
        assault = query(store, EventFilter(types=("ASSAULT",), actor="LBY-LNA"))
    # The window now opens at o2: o2-o4 are one event.
    assert sorted(ev.articles for ev in assault) == [["o2", "o3", "o4"], ["o5"], ["o7"], ["o8"]]
