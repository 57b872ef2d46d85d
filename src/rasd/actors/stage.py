"""The actors stage: dictionary names, agent descriptions and roles resolved to actors.

Roles are resolved on the article's date (the prime minister of 2019 is not the one of
2022) and role phrases without a country word within the article's country context.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

from rasd.actors.dictionary import ActorDictionary
from rasd.actors.matcher import ActorMatcher
from rasd.model import Document


class ActorStage:
    name = "actors"

    def __init__(self, actor_dirs: Sequence[Path] = (), *, bare_agents: bool = True) -> None:
        dictionary = (ActorDictionary.load(actor_dirs) if actor_dirs
                      else ActorDictionary.default())
        self.matcher = ActorMatcher(dictionary, bare_agents=bare_agents)

    def __call__(self, doc: Document) -> Document:
        matches = self.matcher.find(doc.normalized, on=doc.published, country=doc.country)
        actors = sorted((m.to_actor() for m in matches), key=lambda a: a.start)
        if doc.country:
            # An actor of unstated nationality (القوات، مسلحون، IS without a branch) takes the
            # country where the article's events happen (ANNOTATION.md "Countries of actors").
            actors = [a if a.country not in (None, "IMG") else dataclasses.replace(
                a, country=doc.country) for a in actors]
        return dataclasses.replace(doc, actors=tuple(actors))
