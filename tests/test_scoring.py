"""The event scorer, one GOLD.md "Scoring" rule per test, on tiny hand-made articles.

Each test states the expected counts worked out by hand. Texts are Latin so offsets are
easy to read; the scorer only sees character offsets.
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from rasd.errors import InputError
from rasd.evaluate.events import errors, format_table, load_gold, load_system, score

SHARED = Path(os.environ.get("RASD_SHARED", Path(__file__).resolve().parents[1].parent / "shared"))


def gev(text: str, evidence: str, trigger: str, type: str = "ASSAULT", factuality: str = "asserted",
        mentions: tuple[str, ...] = (), **kw: Any) -> dict[str, Any]:
    """A gold event whose offsets are the first occurrences (as goldcheck fills them)."""
    at = text.index(evidence)
    ev = {"type": type, "alt_types": [], "mode": None, "trigger": trigger,
          "trigger_at": at + evidence.index(trigger), "evidence": evidence, "evidence_at": at,
          "source": None, "target": None, "location": None, "date": None, "factuality": factuality,
          "mentions": [{"evidence": m, "evidence_at": text.index(m)} for m in mentions]}
    ev.update(kw)
    return ev


def sev(start: int, type: str = "ASSAULT", factuality: str = "asserted", **kw: Any) -> dict[str, Any]:
    """A system event whose trigger starts at `start`."""
    ev = {"type": type, "factuality": factuality, "trigger": {"text": "x", "start": start, "end": start + 1},
          "source": None, "target": None, "location": None, "date": None, "mode": None}
    ev.update(kw)
    return ev


def span(text: str, needle: str, nth: int = 0, **kw: Any) -> dict[str, Any]:
    """A system actor/location at the nth occurrence of needle."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    return {"text": needle, "start": at, "end": at + len(needle), **kw}


def run(text: str, gold_events: list[dict[str, Any]], sys_events: list[dict[str, Any]]) -> dict[str, Any]:
    return score([{"id": "d", "text": text, "events": gold_events}], {"d": sys_events}).to_json()


def counts(prf: dict[str, Any]) -> tuple[int, int, int]:
    return prf["tp"], prf["fp"], prf["fn"]


T = "Rebels bombed the base. Nothing else. The army said rebels bombed it again."
#    0         1         2         3         4         5         6         7
#    0123456789012345678901234567890123456789012345678901234567890123456789012345
# evidence "Rebels bombed the base." = [0, 23); trigger "bombed" at 7
# "Nothing else." = [24, 37); "The army said rebels bombed it again." = [38, 75), "bombed" at 59


def test_exact_match_is_tp() -> None:
    out = run(T, [gev(T, "Rebels bombed the base.", "bombed")], [sev(7)])
    assert counts(out["event"]) == (1, 0, 0) and out["event"]["f1"] == 1.0


def test_alt_types_match_and_other_types_do_not() -> None:
    g = gev(T, "Rebels bombed the base.", "bombed", type="THREATEN", alt_types=["ACCUSE"])
    assert counts(run(T, [g], [sev(7, type="ACCUSE")])["event"]) == (1, 0, 0)
    # COERCE is neither type nor alt type: no candidate -> gold FN, system FP
    assert counts(run(T, [g], [sev(7, type="COERCE")])["event"]) == (0, 1, 1)


def test_half_open_evidence_span() -> None:
    g = gev(T, "Rebels bombed the base.", "bombed")
    assert counts(run(T, [g], [sev(22)])["event"]) == (1, 0, 0)  # last char of the evidence
    assert counts(run(T, [g], [sev(23)])["event"]) == (0, 1, 1)  # one past the end: outside


def test_mentions_spans_are_searched() -> None:
    g = gev(T, "Rebels bombed the base.", "bombed", mentions=("The army said rebels bombed it again.",))
    assert counts(run(T, [g], [sev(59)])["event"]) == (1, 0, 0)
    # "Nothing else." is neither evidence nor mention: FP + FN
    assert counts(run(T, [g], [sev(25)])["event"]) == (0, 1, 1)


def test_nearest_trigger_wins() -> None:
    # candidates at 2 (distance 5) and 9 (distance 2): 9 is taken; only it has the right date
    g = gev(T, "Rebels bombed the base.", "bombed", date="2019-07")
    out = run(T, [g], [sev(2, date="1999"), sev(9, date="2019-07")])
    assert out["date"] == {"accuracy": 1.0, "n": 1}
    assert counts(out["event"]) == (1, 0, 0)  # the other is a repeat mention


def test_tie_goes_to_the_earlier_trigger() -> None:
    # 5 and 9 are both 2 away from 7: the earlier (5) is taken, whatever the output order
    g = gev(T, "Rebels bombed the base.", "bombed", date="2019-07")
    out = run(T, [g], [sev(9, date="1999"), sev(5, date="2019-07")])
    assert out["date"] == {"accuracy": 1.0, "n": 1}


def test_repeat_mentions_count_nowhere() -> None:
    g = gev(T, "Rebels bombed the base.", "bombed", mentions=("The army said rebels bombed it again.",))
    # taken: 7; repeats: 0 (evidence) and 59 (mention) -> TP 1, FP 0
    out = run(T, [g], [sev(0), sev(7), sev(59)])
    assert counts(out["event"]) == (1, 0, 0)
    assert counts(out["event_actors"]) == (1, 0, 0)


def test_other_type_inside_span_is_not_a_repeat_mention() -> None:
    # our reading: a repeat mention must be type-compatible; a real PROTEST in the span is a FP
    g = gev(T, "Rebels bombed the base.", "bombed")
    out = run(T, [g], [sev(7), sev(0, type="PROTEST")])
    assert counts(out["event"]) == (1, 1, 0)
    assert counts(out["per_type"]["PROTEST"]) == (0, 1, 0)


def test_later_gold_event_can_take_an_event_in_an_earlier_ones_span() -> None:
    # gold A's evidence [0, 37) contains gold B's evidence [24, 37); both ASSAULT.
    # A takes 7; the event at 32 is free when B's turn comes, so B takes it: TP 2, not 1 TP + 1 FN.
    a = gev(T, "Rebels bombed the base. Nothing else.", "bombed")
    b = gev(T, "Nothing else.", "else")
    assert counts(run(T, [a, b], [sev(7), sev(32)])["event"]) == (2, 0, 0)


def test_unmatched_unreal_system_events_count_nowhere() -> None:
    out = run(T, [], [sev(7, factuality="hypothetical"), sev(30, factuality="negated"), sev(60, factuality="uncertain")])
    assert counts(out["event"]) == (0, 1, 0)  # only the uncertain one is a claim
    assert out["factuality"] == {"accuracy": None, "n": 0}


def test_unreal_gold_matched_by_real_system_is_fp() -> None:
    g = gev(T, "Rebels bombed the base.", "bombed", factuality="hypothetical")
    out = run(T, [g], [sev(7, factuality="asserted")])
    assert counts(out["event"]) == (0, 1, 0)
    assert out["factuality"] == {"accuracy": 0.0, "n": 1}
    assert out["factuality_marked"] == {"accuracy": 0.0, "n": 1}


def test_unreal_gold_matched_by_unreal_system_counts_only_for_factuality() -> None:
    g = gev(T, "Rebels bombed the base.", "bombed", factuality="negated")
    out = run(T, [g], [sev(7, factuality="negated")])
    assert counts(out["event"]) == (0, 0, 0)
    assert out["factuality"] == out["factuality_marked"] == {"accuracy": 1.0, "n": 1}
    # unmatched unreal gold: nothing at all
    assert counts(run(T, [g], [])["event"]) == (0, 0, 0)


def test_real_gold_matched_by_negated_system_is_fn() -> None:
    g = gev(T, "Rebels bombed the base.", "bombed")
    out = run(T, [g], [sev(7, factuality="negated")])
    assert counts(out["event"]) == (0, 0, 1)
    assert out["factuality"] == {"accuracy": 0.0, "n": 1}
    assert out["factuality_marked"] == {"accuracy": None, "n": 0}  # gold is asserted


def test_uncertain_is_real() -> None:
    g = gev(T, "Rebels bombed the base.", "bombed", factuality="uncertain")
    out = run(T, [g], [sev(7, factuality="uncertain")])
    assert counts(out["event"]) == (1, 0, 0)
    assert out["factuality_marked"] == {"accuracy": 1.0, "n": 1}


A = "Rebels bombed the base. Later the base was empty. The rebels fled."
# 0-22 "Rebels bombed the base."; "base" occurs at 18 and 34; lowercase "rebels" only at 54


def test_actor_overlap_anywhere_in_the_article() -> None:
    g = gev(A, "Rebels bombed the base.", "bombed", target={"text": ["base"], "name": "Base X", "country": "LBY"})
    # the system points at the *second* "base" (outside the evidence): still passes
    out = run(A, [g], [sev(7, target=span(A, "base", 1, country="LBY"))])
    assert counts(out["event_actors"]) == (1, 0, 0)
    assert out["actor_country"] == {"accuracy": 1.0, "n": 1}
    # partial overlap passes: span [16, 19) "e b" touches "base" [18, 22)
    assert counts(run(A, [g], [sev(7, target={"start": 16, "end": 19})])["event_actors"]) == (1, 0, 0)
    # adjacent is not overlapping (half-open): [14, 18) ends where "base" starts
    out = run(A, [g], [sev(7, target={"start": 14, "end": 18, "country": "TUN"})])
    assert counts(out["event_actors"]) == (0, 1, 1)  # a TP failing actors: one FP and one FN
    assert counts(out["event"]) == (1, 0, 0)
    assert out["actor_country"] == {"accuracy": 0.0, "n": 1}


def test_actor_by_canonical_name_case_insensitive() -> None:
    g = gev(A, "Rebels bombed the base.", "bombed", source={"text": ["rebels"], "name": "Libyan Rebels", "country": "LBY"})
    s = sev(7, source={"text": "Later", "start": 24, "end": 29, "name": "libyan rebels", "country": "LBY"})
    assert counts(run(A, [g], [s])["event_actors"]) == (1, 0, 0)
    s["source"]["name"] = "Someone Else"
    assert counts(run(A, [g], [s])["event_actors"]) == (0, 1, 1)


def test_missing_system_actor_fails_when_gold_has_one() -> None:
    g = gev(A, "Rebels bombed the base.", "bombed", source={"text": ["rebels"], "name": "R", "country": "LBY"})
    out = run(A, [g], [sev(7)])
    assert counts(out["event_actors"]) == (0, 1, 1)
    assert out["actor_country"] == {"accuracy": 0.0, "n": 1}  # missing system actor is wrong


def test_null_gold_actor_accepts_anything() -> None:
    g = gev(A, "Rebels bombed the base.", "bombed", source=None, target=None)
    s = sev(7, source={"text": "Later", "start": 24, "end": 29, "name": "Nobody", "country": "USA"})
    out = run(A, [g], [s])
    assert counts(out["event_actors"]) == (1, 0, 0)
    assert out["actor_country"] == {"accuracy": None, "n": 0}  # no gold actor: not scored


L = "Rebels bombed Sirte yesterday."
SIRTE = {"text": "Sirte", "name": "Sirte", "country": "LBY", "lat": 31.2, "lon": 16.6}


@pytest.mark.parametrize(("system_loc", "ok"), [
    (span(L, "Sirte", lat=32.2, lon=16.6), True),    # 1 degree of latitude: ~111 km
    (span(L, "Sirte", lat=33.2, lon=16.6), False),   # 2 degrees: ~222 km > 161
    (span(L, "Sirte"), False),                       # no system coordinates
    ({"text": "x", "start": 0, "end": 6, "lat": 31.2, "lon": 16.6}, False),  # span misses "Sirte"
    (None, False),
])
def test_location(system_loc: dict[str, Any] | None, ok: bool) -> None:
    g = gev(L, L, "bombed", location=SIRTE)
    out = run(L, [g], [sev(7, location=system_loc)])
    assert out["location"] == {"accuracy": 1.0 if ok else 0.0, "n": 1}


def test_location_without_gold_coordinates_needs_only_the_span() -> None:
    g = gev(L, L, "bombed", location={"text": "Sirte", "name": "Sirte", "country": "LBY"})
    assert run(L, [g], [sev(7, location=span(L, "Sirte"))])["location"] == {"accuracy": 1.0, "n": 1}
    assert run(L, [gev(L, L, "bombed")], [sev(7, location=span(L, "Sirte"))])["location"]["n"] == 0


@pytest.mark.parametrize(("gold", "system", "ok"), [
    ("2019-07", "2019-07-15", True),
    ("2019-07-15", "2019-07", False),
    ("2019-07", "2019-07", True),
    ("2019", "2019-07-15", True),
    ("2019-07", "2019-08-01", False),
    ("2019-07", None, False),
])
def test_date_prefix(gold: str, system: str | None, ok: bool) -> None:
    out = run(L, [gev(L, L, "bombed", date=gold)], [sev(7, date=system)])
    assert out["date"] == {"accuracy": 1.0 if ok else 0.0, "n": 1}


def test_mode_scored_only_with_a_gold_mode() -> None:
    assert run(L, [gev(L, L, "bombed", mode="aerial")], [sev(7, mode="aerial")])["mode"] == {"accuracy": 1.0, "n": 1}
    assert run(L, [gev(L, L, "bombed", mode="aerial")], [sev(7)])["mode"] == {"accuracy": 0.0, "n": 1}
    assert run(L, [gev(L, L, "bombed")], [sev(7, mode="aerial")])["mode"] == {"accuracy": None, "n": 0}


def test_per_type_accounting() -> None:
    # THREATEN (alt ACCUSE) matched by ACCUSE   -> TP under THREATEN (gold type)
    # hypothetical ASSAULT (alt COERCE) matched by asserted COERCE -> FP under COERCE (system type)
    # PROTEST unmatched -> FN under PROTEST; a stray asserted SANCTION -> FP under SANCTION
    t = "They threatened him. They may raid it. They marched. They fined us."
    gold = [gev(t, "They threatened him.", "threatened", type="THREATEN", alt_types=["ACCUSE"]),
            gev(t, "They may raid it.", "raid", type="ASSAULT", alt_types=["COERCE"], factuality="hypothetical"),
            gev(t, "They marched.", "marched", type="PROTEST")]
    system = [sev(5, type="ACCUSE"), sev(t.index("raid"), type="COERCE"), sev(t.index("fined"), type="SANCTION")]
    out = run(t, gold, system)
    assert {k: counts(v) for k, v in out["per_type"].items()} == {
        "THREATEN": (1, 0, 0), "COERCE": (0, 1, 0), "PROTEST": (0, 0, 1), "SANCTION": (0, 1, 0)}
    # overall: TP 1, FP 2, FN 1 -> P = 1/3, R = 1/2, F1 = 2/5
    assert counts(out["event"]) == (1, 2, 1)
    assert out["event"]["p"] == pytest.approx(1 / 3)
    assert out["event"]["r"] == pytest.approx(1 / 2)
    assert out["event"]["f1"] == pytest.approx(0.4)


def test_zero_division_and_json_shape() -> None:
    out = score([], {}).to_json()
    assert set(out) == {"event", "event_actors", "actor_country", "location", "date", "factuality",
                        "factuality_marked", "mode", "per_type"}
    assert out["event"] == {"p": 0.0, "r": 0.0, "f1": 0.0, "tp": 0, "fp": 0, "fn": 0}
    assert out["location"] == {"accuracy": None, "n": 0}
    assert out["per_type"] == {}
    # only false positives: P = 0/1, R = 0/0 -> 0.0, F1 0.0
    only_fp = run(T, [], [sev(7)])
    assert only_fp["event"] == {"p": 0.0, "r": 0.0, "f1": 0.0, "tp": 0, "fp": 1, "fn": 0}
    json.dumps(out)  # serialisable as is


def test_missing_system_article_means_no_events() -> None:
    gold = [{"id": "d", "text": T, "events": [gev(T, "Rebels bombed the base.", "bombed")]}]
    assert counts(score(gold, {"other": [sev(7)]}).to_json()["event"]) == (0, 0, 1)


def test_errors_lists_fn_fp_and_actor_failures() -> None:
    g1 = gev(A, "Rebels bombed the base.", "bombed", target={"text": ["base"], "name": "B", "country": "LBY"})
    g2 = gev(A, "The rebels fled.", "fled", type="RETREAT")
    gold = [{"id": "d", "text": A, "events": [g1, g2]}]
    found = errors(gold, {"d": [sev(7), sev(30, type="SANCTION")]})
    assert sorted((e["kind"], e["type"]) for e in found) == [
        ("actor_fail", "ASSAULT"), ("fn", "RETREAT"), ("fp", "SANCTION")]
    assert all({"id", "kind", "type", "trigger", "evidence", "reason"} <= set(e) for e in found)


def test_load_gold_fills_offsets_and_reports_bad_lines(tmp_path: Path) -> None:
    text = "Intro. Rebels bombed the base. Rebels bombed the base."
    ev = {"type": "ASSAULT", "alt_types": [], "trigger": "bombed", "evidence": "Rebels bombed the base.",
          "factuality": "asserted", "source": None, "target": None, "location": None, "date": None,
          "mentions": [{"evidence": "Intro."}]}
    path = tmp_path / "g.jsonl"
    path.write_text(json.dumps({"id": "a", "text": text, "events": [ev]}) + "\n\n", encoding="utf-8")
    [doc] = load_gold(path)
    got = doc["events"][0]
    assert (got["evidence_at"], got["trigger_at"], got["mentions"][0]["evidence_at"]) == (7, 14, 0)

    path.write_text(json.dumps({"id": "a", "text": text, "events": []}) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_gold(path)
    assert info.value.file == str(path) and info.value.line == 2

    bad = copy.deepcopy(ev) | {"trigger": "shelled"}
    path.write_text(json.dumps({"id": "a", "text": text, "events": [bad]}) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="trigger"):
        load_gold(path)


def test_load_system(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text(json.dumps({"id": "a", "events": [sev(7)]}) + "\n" + json.dumps({"id": "b", "events": []}) + "\n")
    assert load_system(path) == {"a": [sev(7)], "b": []}
    path.write_text(json.dumps({"id": "a", "events": [{"type": "ASSAULT", "trigger": "x"}]}) + "\n")
    with pytest.raises(InputError) as info:
        load_system(path)
    assert info.value.line == 1


def test_format_table_renders() -> None:
    scores = score([{"id": "d", "text": T, "events": [gev(T, "Rebels bombed the base.", "bombed")]}], {"d": [sev(7)]})
    console = Console(record=True, width=120)
    for renderable in format_table(scores):
        console.print(renderable)
    shown = console.export_text()
    assert "event + actors" in shown and "ASSAULT" in shown and "100.0" in shown


def _as_system(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """Gold events rewritten as system output: spans at the first occurrence of the first text."""
    def spanned(obj: dict[str, Any] | None, mention: str | None) -> dict[str, Any] | None:
        if obj is None:
            return None
        at = doc["text"].index(mention)
        return {**obj, "text": mention, "start": at, "end": at + len(mention)}

    out = []
    for g in doc["events"]:
        out.append({
            "type": g["type"], "mode": g.get("mode"), "factuality": g["factuality"], "date": g.get("date"),
            "trigger": {"text": g["trigger"], "start": g["trigger_at"], "end": g["trigger_at"] + len(g["trigger"])},
            "source": spanned(g.get("source"), (g.get("source") or {}).get("text", [None])[0]),
            "target": spanned(g.get("target"), (g.get("target") or {}).get("text", [None])[0]),
            "location": spanned(g.get("location"), (g.get("location") or {}).get("text")),
        })
    return out


def test_gold_scored_against_itself_is_perfect() -> None:
    path = SHARED / "gold" / "dev.jsonl"
    if not path.exists():
        pytest.skip(f"no shared gold at {path} (set RASD_SHARED)")
    gold = load_gold(path)
    out = score(gold, {d["id"]: _as_system(d) for d in gold}).to_json()
    assert out["event"]["f1"] == 1.0 and out["event"]["fp"] == 0
    assert out["event_actors"]["f1"] == 1.0
    for key in ("actor_country", "location", "date", "factuality", "mode"):
        assert out[key]["accuracy"] == 1.0, key
    assert errors(gold, {d["id"]: _as_system(d) for d in gold}) == []
