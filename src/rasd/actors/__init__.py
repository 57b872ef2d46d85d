"""Stage 3: actors. The actor dictionary (data under `rasd/data/actors/`, schema in
docs/actors.md) and the matcher that finds actor mentions in normalised text.

    >>> from rasd.actors import ActorDictionary, ActorMatcher
    >>> d = ActorDictionary.default()
    >>> [m.id for m in ActorMatcher(d).find_text("قصفت القوات التركية مواقع لحفتر")]
    ['TUR-MIL', 'LBY-HAFTAR']
"""

from rasd.actors.dictionary import (
    Affiliation,
    ActorDictionary,
    ActorEntry,
    Agent,
    Role,
    check,
)
from rasd.actors.matcher import ActorMatch, ActorMatcher

__all__ = ["ActorDictionary", "ActorEntry", "ActorMatch", "ActorMatcher", "Affiliation", "Agent",
           "Role", "check"]
