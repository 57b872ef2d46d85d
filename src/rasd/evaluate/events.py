"""Score system events against gold events exactly as spec/GOLD.md "Scoring" says.

    load_gold(path)            gold JSONL -> list of article dicts (offsets filled in)
    load_system(path)          `rasd extract --format jsonl` output -> {id: [event, ...]}
    score(gold_docs, system)   -> Scores (Scores.to_json() is the `rasd eval --json` shape)
    errors(gold_docs, system)  -> every FN, FP and actor failure, for error analysis
    format_table(scores)       -> rich tables for people

Readings of the spec where it leaves room (tests/test_scoring.py pins each one):
- "Used" means taken by a gold event. Repeat-mention status is settled after all gold
  events have chosen, so a later gold event can still take a system event lying in an
  earlier gold event's spans. An untaken system event is a repeat mention when its type
  is compatible (type or alt_types) with some gold event and its trigger start lies in
  that event's spans; one of another type is judged on its own (FP when real).
- System articles whose id is not in the gold file are ignored: gold fixes the articles.
- A tie in trigger distance goes to the earlier trigger start, then to output order.
- A system event without a `factuality` is read as `asserted` (a plain claim).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.table import Table

from rasd.errors import InputError

REAL = frozenset({"asserted", "uncertain"})
FACTUALITY = frozenset({"asserted", "uncertain", "negated", "hypothetical"})
LOCATION_TOLERANCE_KM = 161.0  # 100 miles, GOLD.md
EARTH_RADIUS_KM = 6371.0088


# ---------------------------------------------------------------- results


@dataclass(frozen=True)
class PRF:
    """Counts of one precision/recall score; the ratios are derived (0.0 on zero denominators)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def p(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def r(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def to_json(self) -> dict[str, Any]:
        return {"p": self.p, "r": self.r, "f1": self.f1, "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass(frozen=True)
class Accuracy:
    """Right answers out of n; accuracy is None when nothing was scored."""

    correct: int = 0
    n: int = 0

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.n if self.n else None

    def add(self, ok: bool) -> Accuracy:
        return Accuracy(self.correct + int(ok), self.n + 1)

    def to_json(self) -> dict[str, Any]:
        return {"accuracy": self.accuracy, "n": self.n}


ACCURACY_KEYS = ("actor_country", "location", "date", "factuality", "factuality_marked", "mode")


@dataclass(frozen=True)
class Scores:
    """Everything `rasd eval` reports."""

    event: PRF = PRF()
    event_actors: PRF = PRF()
    actor_country: Accuracy = Accuracy()
    location: Accuracy = Accuracy()
    date: Accuracy = Accuracy()
    factuality: Accuracy = Accuracy()
    factuality_marked: Accuracy = Accuracy()
    mode: Accuracy = Accuracy()
    per_type: dict[str, PRF] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"event": self.event.to_json(), "event_actors": self.event_actors.to_json()}
        out.update({key: getattr(self, key).to_json() for key in ACCURACY_KEYS})
        out["per_type"] = {t: prf.to_json() for t, prf in sorted(self.per_type.items())}
        return out


# ---------------------------------------------------------------- reading files


def _json_lines(path: str | Path) -> Iterator[tuple[int, Any]]:
    """(line number, parsed object) for each non-blank line; bad lines raise InputError."""
    try:
        raw_lines = Path(path).read_bytes().splitlines()
    except OSError as e:
        raise InputError(f"cannot read the file: {e.strerror}", file=str(path)) from e
    for n, raw in enumerate(raw_lines, 1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            raise InputError("not UTF-8 text", file=str(path), line=n) from e
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise InputError(f"malformed JSON: {e.msg}", file=str(path), line=n) from e
        if not isinstance(obj, dict) or not isinstance(obj.get("id"), str):
            raise InputError("a line must be a JSON object with a string 'id'", file=str(path), line=n)
        yield n, obj


def _fill_offsets(doc: dict[str, Any], path: str, n: int) -> None:
    """Check an article's events and fill missing offsets the way tools/goldcheck.py does."""
    text = doc.get("text")
    if not isinstance(text, str) or not isinstance(doc.get("events"), list):
        raise InputError("an article needs 'text' (a string) and 'events' (a list)", file=path, line=n)
    for i, ev in enumerate(doc["events"]):
        def bad(reason: str) -> InputError:
            return InputError(f"event {i}: {reason}", file=path, line=n)

        if not isinstance(ev, dict) or not isinstance(ev.get("type"), str):
            raise bad("an event needs a 'type'")
        if ev.get("factuality") not in FACTUALITY:
            raise bad(f"factuality must be one of {sorted(FACTUALITY)}")
        evidence, trigger = ev.get("evidence"), ev.get("trigger")
        if not isinstance(evidence, str) or not evidence or not isinstance(trigger, str) or not trigger:
            raise bad("an event needs non-empty 'evidence' and 'trigger' strings")
        if "evidence_at" not in ev:
            ev["evidence_at"] = text.find(evidence)
            if ev["evidence_at"] < 0:
                raise bad("evidence is not an exact substring of the text")
        if "trigger_at" not in ev:
            t_at = evidence.find(trigger)
            if t_at < 0:
                raise bad(f"trigger {trigger!r} is not inside the evidence")
            ev["trigger_at"] = ev["evidence_at"] + t_at
        for m in ev.get("mentions") or []:
            if "evidence_at" not in m:
                m["evidence_at"] = text.find(m.get("evidence") or "\0")
                if m["evidence_at"] < 0:
                    raise bad("a mention's evidence is not an exact substring of the text")


def load_gold(path: str | Path) -> list[dict[str, Any]]:
    """Read a gold JSONL file (GOLD.md); missing trigger_at/evidence_at are filled in."""
    docs: list[dict[str, Any]] = []
    seen: set[str] = set()
    for n, doc in _json_lines(path):
        if doc["id"] in seen:
            raise InputError(f"duplicate article id {doc['id']!r}", file=str(path), line=n)
        seen.add(doc["id"])
        _fill_offsets(doc, str(path), n)
        docs.append(doc)
    return docs


def load_system(path: str | Path) -> dict[str, list[dict[str, Any]]]:
    """Read `rasd extract --format jsonl` output: article id -> its events."""
    out: dict[str, list[dict[str, Any]]] = {}
    for n, doc in _json_lines(path):
        events = doc.get("events")
        if not isinstance(events, list) or doc["id"] in out:
            raise InputError("need an 'events' list and an id not seen before", file=str(path), line=n)
        for i, ev in enumerate(events):
            trig = ev.get("trigger") if isinstance(ev, dict) else None
            if not isinstance(ev, dict) or not isinstance(ev.get("type"), str) or not (
                isinstance(trig, dict) and isinstance(trig.get("start"), int)
            ):
                raise InputError(f"event {i}: needs 'type' and 'trigger' with an integer 'start'",
                                 file=str(path), line=n)
        out[doc["id"]] = events
    return out


# ---------------------------------------------------------------- matching


def _spans(gold: dict[str, Any]) -> list[tuple[int, int]]:
    """The gold event's evidence span and its mentions' spans, half-open."""
    spans = [(gold["evidence_at"], gold["evidence_at"] + len(gold["evidence"]))]
    spans += [(m["evidence_at"], m["evidence_at"] + len(m["evidence"])) for m in gold.get("mentions") or []]
    return spans


def _start(sys_ev: dict[str, Any]) -> int:
    return sys_ev["trigger"]["start"]


def _is_real(ev: dict[str, Any]) -> bool:
    return ev.get("factuality", "asserted") in REAL  # the system's default reading is a claim


def _compatible(gold: dict[str, Any], sys_ev: dict[str, Any]) -> bool:
    """Type-compatible and the trigger starts inside one of the gold event's spans."""
    types = {gold["type"], *(gold.get("alt_types") or [])}
    return sys_ev["type"] in types and any(a <= _start(sys_ev) < b for a, b in _spans(gold))


# ---------------------------------------------------------------- per-field checks


def _occurrences(text: str, needle: str) -> Iterator[tuple[int, int]]:
    """Every (overlapping) occurrence of needle in text as a half-open span."""
    if not needle:
        return
    at = text.find(needle)
    while at >= 0:
        yield at, at + len(needle)
        at = text.find(needle, at + 1)


def _overlaps_any(obj: dict[str, Any], text: str, needles: Iterable[str]) -> bool:
    start, end = obj.get("start"), obj.get("end")
    if not isinstance(start, int) or not isinstance(end, int):
        return False
    return any(start < b and a < end for needle in needles for a, b in _occurrences(text, needle))


def _actor_ok(gold: dict[str, Any] | None, sys_actor: dict[str, Any] | None, text: str) -> bool:
    if gold is None:
        return True
    if not sys_actor:
        return False
    mentions = [gold["text"]] if isinstance(gold.get("text"), str) else gold.get("text") or []
    g_name, s_name = gold.get("name"), sys_actor.get("name")
    same_name = bool(g_name) and bool(s_name) and g_name.strip().casefold() == s_name.strip().casefold()
    return same_name or _overlaps_any(sys_actor, text, mentions)


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _location_ok(gold: dict[str, Any], sys_loc: dict[str, Any] | None, text: str) -> bool:
    if not sys_loc or not _overlaps_any(sys_loc, text, [gold.get("text") or ""]):
        return False
    if gold.get("lat") is None or gold.get("lon") is None:
        return True
    if sys_loc.get("lat") is None or sys_loc.get("lon") is None:
        return False
    return _haversine_km(gold["lat"], gold["lon"], sys_loc["lat"], sys_loc["lon"]) <= LOCATION_TOLERANCE_KM


def _date_ok(gold: str, system: Any) -> bool:
    # gold 2019-07 accepts 2019-07-15 but gold 2019-07-15 rejects 2019-07: compare the gold-long prefix
    return isinstance(system, str) and len(system) >= len(gold) and system[: len(gold)] == gold


# ---------------------------------------------------------------- scoring


@dataclass(frozen=True)
class _Outcome:
    """How one gold event, system event or matched pair counts: kind is tp, fp, fn or none."""

    kind: str
    gold: dict[str, Any] | None
    system: dict[str, Any] | None


def _outcomes(gold_doc: dict[str, Any], sys_events: list[dict[str, Any]]) -> Iterator[_Outcome]:
    """Match one article's events (GOLD.md "Matching") and apply the real/unreal rules."""
    used: set[int] = set()  # indices into sys_events taken by a gold event
    for g in sorted(gold_doc["events"], key=lambda g: (g["evidence_at"], g["trigger_at"])):
        g_real = g["factuality"] in REAL
        cands = [i for i, s in enumerate(sys_events) if i not in used and _compatible(g, s)]
        if not cands:
            yield _Outcome("fn" if g_real else "none", g, None)
            continue
        # nearest trigger start; the tie goes to the earlier start, then to output order
        best = min(cands, key=lambda i: (abs(_start(sys_events[i]) - g["trigger_at"]),
                                         _start(sys_events[i]), i))
        used.add(best)
        s_real = _is_real(sys_events[best])
        if g_real:
            # matched by a negated/hypothetical system event: the system said it did not happen
            yield _Outcome("tp" if s_real else "fn", g, sys_events[best])
        else:
            # an unreal gold event claimed as real is the system's false positive
            yield _Outcome("fp" if s_real else "none", g, sys_events[best])
    for i, s in enumerate(sys_events):
        # An untaken event compatible with a gold event was one of its candidates (it was free
        # at that turn) and that gold event took another: a repeat mention, counted nowhere.
        if i in used or any(_compatible(g, s) for g in gold_doc["events"]):
            continue
        # saying an event did not (or may) happen is not claiming one
        yield _Outcome("fp" if _is_real(s) else "none", None, s)


def _actors_pass(g: dict[str, Any], s: dict[str, Any], text: str) -> bool:
    return all(_actor_ok(g.get(role), s.get(role), text) for role in ("source", "target"))


def score(gold_docs: list[dict[str, Any]], system: dict[str, list[dict[str, Any]]]) -> Scores:
    """Score system events against gold; an article missing from `system` has no events."""
    event, actors = PRF(), PRF()
    acc = {key: Accuracy() for key in ACCURACY_KEYS}
    per_type: dict[str, PRF] = {}
    unit = {"tp": PRF(tp=1), "fp": PRF(fp=1), "fn": PRF(fn=1)}
    for doc in gold_docs:
        text = doc["text"]
        for o in _outcomes(doc, system.get(doc["id"], [])):
            g, s = o.gold, o.system
            if g is not None and s is not None:
                same = s.get("factuality", "asserted") == g["factuality"]  # as _is_real reads it
                acc["factuality"] = acc["factuality"].add(same)
                if g["factuality"] != "asserted":
                    acc["factuality_marked"] = acc["factuality_marked"].add(same)
            if o.kind == "none":
                continue
            event += unit[o.kind]
            # TP and FN are the gold type's, FP the system's type
            counted = s if o.kind == "fp" else g
            assert counted is not None
            t = counted["type"]
            per_type[t] = per_type.get(t, PRF()) + unit[o.kind]
            if o.kind != "tp":
                actors += unit[o.kind]
                continue
            assert g is not None and s is not None
            actors += PRF(tp=1) if _actors_pass(g, s, text) else PRF(fp=1, fn=1)
            for role in ("source", "target"):
                if g.get(role) is not None:
                    ok = bool(s.get(role)) and s[role].get("country") == g[role].get("country")
                    acc["actor_country"] = acc["actor_country"].add(ok)
            if g.get("location") is not None:
                acc["location"] = acc["location"].add(_location_ok(g["location"], s.get("location"), text))
            if g.get("date") is not None:
                acc["date"] = acc["date"].add(_date_ok(g["date"], s.get("date")))
            if g.get("mode") is not None:
                acc["mode"] = acc["mode"].add(s.get("mode") == g["mode"])
    return Scores(event=event, event_actors=actors, per_type=per_type, **acc)


def _describe(actor: dict[str, Any] | None) -> str:
    return "none" if not actor else f"{actor.get('text')!r} ({actor.get('name')!r})"


def errors(gold_docs: list[dict[str, Any]], system: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Every false negative, false positive and true positive failing its actors, article by article.

    Each is {"id", "kind": "fn"|"fp"|"actor_fail", "type", "trigger", "at", "evidence", "reason"};
    type/trigger/at/evidence are the gold event's for fn and actor_fail, the system's for fp.
    """
    out: list[dict[str, Any]] = []
    for doc in gold_docs:
        doc_id, text = doc["id"], doc["text"]
        for o in _outcomes(doc, system.get(doc_id, [])):
            g, s = o.gold, o.system
            if g is not None and s is not None:
                reason = f"gold is {g['factuality']}, system says {s.get('factuality')}"
            elif g is not None:
                types = "/".join([g["type"], *(g.get("alt_types") or [])])
                reason = f"no system {types} event has its trigger in the evidence or mentions"
            else:
                reason = "no gold event of its type (or alt type) covers its trigger"
            if o.kind == "tp":
                assert g is not None and s is not None
                failed = [f"{role}: system {_describe(s.get(role))}, gold {_describe(g[role])}"
                          for role in ("source", "target") if not _actor_ok(g.get(role), s.get(role), text)]
                if not failed:
                    continue
                kind, reason = "actor_fail", "; ".join(failed)
            elif o.kind in ("fp", "fn"):
                kind = o.kind
            else:
                continue
            if kind == "fp":
                assert s is not None
                start = _start(s)
                # system evidence is optional: fall back to the text around the trigger
                evidence = (s.get("evidence") or {}).get("text") or text[max(0, start - 60): start + 60]
                out.append({"id": doc_id, "kind": kind, "type": s["type"],
                            "trigger": s["trigger"].get("text"), "at": start,
                            "evidence": evidence, "reason": reason})
            else:
                assert g is not None
                out.append({"id": doc_id, "kind": kind, "type": g["type"], "trigger": g["trigger"],
                            "at": g["trigger_at"], "evidence": g["evidence"], "reason": reason})
    return out


# ---------------------------------------------------------------- display


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.1f}"


def format_table(scores: Scores) -> list[Table]:
    """Two tables for people: the overall scores, then P/R/F1 per event type."""
    summary = Table(title="Event scores", title_justify="left")
    for col in ("score", "P", "R", "F1", "TP", "FP", "FN", "accuracy", "n"):
        summary.add_column(col, justify="left" if col == "score" else "right")
    for name, prf in (("event", scores.event), ("event + actors", scores.event_actors)):
        summary.add_row(name, _pct(prf.p), _pct(prf.r), _pct(prf.f1),
                        str(prf.tp), str(prf.fp), str(prf.fn), "", "")
    for key in ACCURACY_KEYS:
        a: Accuracy = getattr(scores, key)
        summary.add_row(key.replace("_", " "), "", "", "", "", "", "", _pct(a.accuracy), str(a.n))
    by_type = Table(title="Per event type", title_justify="left")
    for col in ("type", "P", "R", "F1", "TP", "FP", "FN"):
        by_type.add_column(col, justify="left" if col == "type" else "right")
    for t, prf in sorted(scores.per_type.items()):
        by_type.add_row(t, _pct(prf.p), _pct(prf.r), _pct(prf.f1), str(prf.tp), str(prf.fp), str(prf.fn))
    return [summary, by_type]
