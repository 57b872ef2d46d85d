"""PLOVER mode of an event from cue words in its clause (modes.yaml)."""

from __future__ import annotations

from collections.abc import Sequence

from rasd.events.lexicon import ModeLexicon
from rasd.events.triggers import TriggerMatch

# Cues so specific that they override the trigger's own default mode.
_OVERRIDING = frozenset({"suicide", "drone"})


def mode_of(match: TriggerMatch, keys: Sequence[frozenset[str]], clause: tuple[int, int],
            lex: ModeLexicon) -> tuple[str | None, str | None]:
    """(mode, rule id) for a trigger; the trigger entry's mode unless a cue says otherwise."""
    options = lex.cues.get(match.type)
    default = match.form.entry.mode if match.form.entry.type == match.type else None
    if not options:
        return default, None
    for mode, cues in options:
        if default is not None and mode not in _OVERRIDING:
            continue
        if cues.find(keys, clause[0], clause[1]):
            return mode, f"mode:{mode}"
    return default, (f"mode:{default}:trigger" if default else None)
