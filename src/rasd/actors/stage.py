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
from rasd.model import Actor, Document


# NER labels that name actors, and the kind they give an ad-hoc actor.
ADHOC_LABELS = {"PER": "person"}


class ActorStage:
    name = "actors"

    def __init__(self, actor_dirs: Sequence[Path] = (), *, bare_agents: bool = True) -> None:
        dictionary = (ActorDictionary.load(actor_dirs) if actor_dirs
                      else ActorDictionary.default())
        self.matcher = ActorMatcher(dictionary, bare_agents=bare_agents)

    def __call__(self, doc: Document) -> Document:
        matches = self.matcher.find(doc.normalized, on=doc.published, country=doc.country)
        actors = [m.to_actor() for m in matches]
        # Names the tagger found that no dictionary entry covers (a new commander, a local
        # militia) become ad-hoc actors rather than being dropped.
        for men in doc.mentions:
            if men.label in ADHOC_LABELS and not any(
                    a.start < men.end and men.start < a.end for a in actors):
                actors.append(Actor(men.start, men.end, men.text, None, men.text, None,
                                    None, ADHOC_LABELS[men.label]))
        if doc.dateline is not None:  # the bureau's city and state act in no event
            actors = [a for a in actors if a.start >= doc.dateline.end]
        actors.sort(key=lambda a: a.start)
        if doc.country:
            # An actor of unstated nationality (القوات، مسلحون، IS without a branch) takes the
            # country where the article's events happen (ANNOTATION.md "Countries of actors").
            actors = [a if a.country not in (None, "IMG") else dataclasses.replace(
                a, country=doc.country) for a in actors]
        return dataclasses.replace(doc, actors=tuple(actors))
