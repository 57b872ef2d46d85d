"""Pick the date of an event from the article's time expressions.

An event takes the time expression of its own clause (the one nearest its trigger), else
the nearest one in its sentence, else none; the caller then falls back to the publication
date where the annotation rules allow it. Expressions that could not be resolved (a
relative date in an undated article) are skipped: they carry no date to give.
"""

from __future__ import annotations

from typing import Sequence

from rasd.model import TimeExpression


def _distance(t: TimeExpression, trigger_start: int) -> int:
    if t.start <= trigger_start < t.end:
        return 0
    if trigger_start < t.start:
        return t.start - trigger_start
    return trigger_start - t.end


def _nearest(times: Sequence[TimeExpression], trigger_start: int, lo: int,
             hi: int) -> TimeExpression | None:
    best: TimeExpression | None = None
    best_d = 0
    for t in times:
        if t.value is None or t.start < lo or t.end > hi:
            continue
        d = _distance(t, trigger_start)
        # Ties go to the earlier expression (times are sorted, so the first seen).
        if best is None or d < best_d:
            best, best_d = t, d
    return best


def date_for_event(times: Sequence[TimeExpression], trigger_start: int,
                   clause: tuple[int, int], sentence: tuple[int, int]) -> TimeExpression | None:
    """The time expression for an event whose trigger starts at `trigger_start`.

    `clause` and `sentence` are the (start, end) original offsets of the trigger's clause
    and sentence; an expression belongs to a stretch when it lies wholly inside it.
    """
    found = _nearest(times, trigger_start, clause[0], clause[1])
    if found is None:
        found = _nearest(times, trigger_start, sentence[0], sentence[1])
    return found
