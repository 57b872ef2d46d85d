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


# Modes a weapon platform in the agent's own name shows (طيران التحالف، مدفعية الجيش); not
# drone, whose مسيرة is as often a march.
_PLATFORM_MODES = ("aerial", "shelling")
# Trigger entries of strikes, whose agent's weapon is how they were made (not ground taken
# with air support: تحرير، سيطرة).
_STRIKES = frozenset({"qasf", "istihdaf", "hujum", "qatl", "shann", "itida"})


def mode_of_agent(match: TriggerMatch, keys: Sequence[frozenset[str]], agent: tuple[int, int],
                  lex: ModeLexicon) -> tuple[str | None, str | None]:
    """(mode, rule id) from the tokens of an attack's source when its clause named no mode:
    an air force or artillery that attacks does so from the air or with shells (ودمر طيران
    التحالف عربة، بعد أن قصف موقعا)."""
    if match.type != "ASSAULT" or match.entry_id not in _STRIKES:
        return None, None
    for mode, cues in lex.cues.get("ASSAULT", ()):
        if mode in _PLATFORM_MODES and cues.find(keys, agent[0], agent[1]):
            return mode, f"mode:{mode}:agent"
    return None, None

