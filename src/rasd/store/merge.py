"""One event from many reports: the pairwise merging rule and the groups it makes.

Two reports (events as coded in articles) are of the same real-world event when

  * both are real (asserted or uncertain) and dated to the day, at most `window` days apart;
  * they have the same PLOVER type;
  * the same source and the same target: the same canonical actor, or unknown in both
    (no actor, or an ad-hoc one that is not in the dictionary: unknowns are compatible with
    each other, not with a named actor);
  * the same place, or no place in both (a whole country counts as a place here);
  * and they have an anchor: a canonical source or target, or a place finer than a country
    (without one, every anonymous strike on nearby days would be one event).

Everything but the date is an exact key (`merge_key`), so the rule's connected groups are
runs of reports with the same key whose dates follow each other within the window. One
refinement keeps a daily campaign from becoming one month-long "event": a run longer than
the window is cut into consecutive windows from its earliest date, so every merged event's
reports are pairwise within the window (they are cliques of the rule). Groups depend only
on the set of reports, and a group's id is a hash of its members: the same articles give
the same events in whatever order they are ingested. A group's attributes are votes over its
members with ties broken by sort order, so they do not depend on the order either.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

REAL = frozenset({"asserted", "uncertain"})
_PRECISION_RANK = {"point": 0, "facility": 1, "city": 2, "admin1": 3, "country": 4}


def is_canonical(actor_key: str | None) -> bool:
    """Ad-hoc actors (not in the dictionary) have keys starting with '~'."""
    return bool(actor_key) and not actor_key.startswith("~")


def merge_key(type: str, factuality: str, date_start: date | None, date_end: date | None,
              source_key: str | None, target_key: str | None, place_key: str | None,
              place_precision: str | None) -> str | None:
    """What two reports must share to be the same event (all but the date); None when the
    report cannot be merged (not real, not dated to the day, or nothing to anchor it)."""
    if factuality not in REAL or date_start is None or date_start != date_end:
        return None
    src = source_key if is_canonical(source_key) else None
    tgt = target_key if is_canonical(target_key) else None
    fine_place = place_key is not None and place_precision != "country"
    if not (src or tgt or fine_place):
        return None
    return f"{type}:{src or '-'}>{tgt or '-'}@{place_key or '-'}"


@dataclass(frozen=True, slots=True)
class Report:
    """What merging needs of one stored report (a row of event_sources, with joins)."""

    article_id: str
    seq: int
    text_hash: str
    type: str
    factuality: str
    merge_key: str | None
    day: date | None  # the date, when it is a day
    source_key: str | None = None
    target_key: str | None = None
    place_key: str | None = None
    place_country: str | None = None
    place_precision: str | None = None
    mode: str | None = None
    date: str | None = None
    date_basis: str | None = None
    date_start: date | None = None
    date_end: date | None = None
    killed: int | None = None
    wounded: int | None = None
    article_country: str | None = None
    source_country: str | None = None
    target_country: str | None = None
    event_id: str | None = None

    @property
    def key(self) -> tuple[str, int]:
        return (self.article_id, self.seq)

    @property
    def member_key(self) -> str:
        return f"{self.article_id}\x1f{self.text_hash}\x1f{self.seq}"


def same_event(a: Report, b: Report, window: int) -> bool:
    """The pairwise rule (see the module docstring)."""
    return (a.merge_key is not None and a.merge_key == b.merge_key
            and a.day is not None and b.day is not None
            and abs((a.day - b.day).days) <= window)


def group(reports: Iterable[Report], window: int) -> list[list[Report]]:
    """The merged events of `reports`: runs of one key within the window, cut into windows
    from the earliest date; reports that cannot merge stay alone. `reports` must hold every
    report of the runs it touches (see `Store._merge`)."""
    by_key: dict[str, list[Report]] = {}
    out: list[list[Report]] = []
    for r in reports:
        if r.merge_key is None or r.day is None:
            out.append([r])
        else:
            by_key.setdefault(r.merge_key, []).append(r)
    for members in by_key.values():
        members.sort(key=lambda r: (r.day, r.key))
        current: list[Report] = []
        for r in members:
            if current and (r.day - current[0].day).days > window:
                out.append(current)
                current = []
            current.append(r)
        out.append(current)
    out = [sorted(g, key=lambda r: r.key) for g in out]
    return sorted(out, key=lambda g: g[0].key)


def event_id(members: Sequence[Report]) -> str:
    digest = hashlib.sha256("\n".join(sorted(m.member_key for m in members)).encode()).hexdigest()
    return "ev-" + digest[:20]


def _vote(values: Iterable[str | None], rank=None) -> str | None:
    """The most common non-empty value; ties go to the best rank, then the smallest value."""
    counts = Counter(v for v in values if v)
    if not counts:
        return None
    return min(counts, key=lambda v: (-counts[v], rank(v) if rank else 0, v))


def _min(values: Iterable[int | None]) -> int | None:
    known = [v for v in values if v is not None]
    return min(known) if known else None


@dataclass(frozen=True, slots=True)
class Merged:
    """A merged event's row (the `events` table)."""

    id: str
    type: str
    mode: str | None
    factuality: str
    source_key: str | None
    target_key: str | None
    place_key: str | None
    country: str | None
    date: str | None
    date_start: date | None
    date_end: date | None
    killed: int | None
    wounded: int | None
    n_sources: int
    n_reports: int


def _state(country: str | None) -> str | None:
    return country if country and len(country) == 3 and country not in ("IGO", "NGO") else None


def merged(members: Sequence[Report]) -> Merged:
    """The attributes of a group: votes over its members (order-independent).

    Date: the most common among dates read from the text (else publication dates), ties to
    the earliest. Actors, place and mode: the most common value (members share canonical
    actors and place; ad-hoc names are voted). Fatalities: the lowest reported figure
    (ACLED's conservative rule). Country: the place's, else the articles' context country,
    else the target's or the source's state.
    """
    members = sorted(members, key=lambda m: m.key)
    from_text = [m for m in members if m.date and m.date_basis == "text"]
    dated = from_text or [m for m in members if m.date]
    when = _vote((m.date for m in dated), rank=lambda d: d) if dated else None
    chosen = next((m for m in dated if m.date == when), None)
    place_rank = {m.place_key: _PRECISION_RANK.get(m.place_precision or "", 9) for m in members}
    place = _vote((m.place_key for m in members), rank=lambda k: place_rank.get(k, 9))
    place_country = next((m.place_country for m in members if m.place_key == place), None)
    source = _vote(m.source_key for m in members)
    target = _vote(m.target_key for m in members)
    country = (place_country or _vote(m.article_country for m in members)
               or _vote(_state(m.target_country) for m in members if m.target_key == target)
               or _vote(_state(m.source_country) for m in members if m.source_key == source))
    facts = {m.factuality for m in members}
    factuality = ("asserted" if "asserted" in facts else
                  _vote((m.factuality for m in members), rank=lambda f: f))
    return Merged(
        id=event_id(members),
        type=members[0].type,
        mode=_vote(m.mode for m in members),
        factuality=factuality or members[0].factuality,
        source_key=source, target_key=target, place_key=place, country=country,
        date=when,
        date_start=chosen.date_start if chosen else None,
        date_end=chosen.date_end if chosen else None,
        killed=_min(m.killed for m in members),
        wounded=_min(m.wounded for m in members),
        n_sources=len({m.article_id for m in members}),
        n_reports=len(members),
    )
