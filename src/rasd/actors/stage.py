"""The actors stage: dictionary names, agent descriptions and roles resolved to actors.

Roles are resolved on the article's date (the prime minister of 2019 is not the one of
2022) and role phrases without a country word within the article's country context.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Sequence
from pathlib import Path

from rasd.actors.dictionary import ActorDictionary
from rasd.actors.matcher import ActorMatcher
from rasd.model import Actor, Document, Token
from rasd.text.normalize import norm

# بلاده، بلادها، بلادهم: "his / its / their country", normalised.
_OWN_COUNTRY = ("بلاده", "بلادها", "بلادهم")
# Proclitics a surname can carry (والسراج، للهاروني، بحفتر).
_SURNAME_PROCLITICS = frozenset({"و", "ف", "ل", "ب", "وب", "ول", "فل", "فب"})


# Head nouns of place names (قاعدة ناصر الجوية، وادي حسان، مطار رفيق الحريري، حي الشيخ
# جراح): a person's or an unknown name right after one is part of the place's name. Only
# the construct form: القاعدة alone is al-Qaeda. (Not facilities that belong to a body, مركز
# الشرطة، مدرسة الأونروا، بوابة الجيش: that body is whom an attack on them hit.)
_PLACE_HEADS = frozenset(norm(w) for w in (
    "قاعدة", "وادي", "جبل", "مطار", "ميناء", "شارع", "حي", "مستشفى", "جامعة", "مسجد",
    "ساحة", "جسر", "سد", "معبر", "مخيم", "ملعب", "مدينة", "بلدة", "قرية", "منطقة",
    "محافظة", "ولاية", "سجن", "فندق"))


# Heads of natural features and streets, whose names often repeat a city's (جبل القاهرة in
# Yemen, شارع بيروت): a state or capital right after one is part of the name, not the
# state. (مطار دمشق، مدينة غزة do stand for the city, and keep it.)
_FEATURE_HEADS = frozenset(norm(w) for w in ("جبل", "جبال", "وادي", "تلة", "شارع", "حي",
                                             "ساحة"))


def _in_a_place_name(actor: Actor, tokens: Sequence[Token], starts: Sequence[int]) -> bool:
    """Whether a person or a name no dictionary knows stands right after the head of a
    place name (with a proclitic on the head: بمطار، ولقاعدة), or a state's name right
    after the head of a feature's name (جبل القاهرة)."""
    heads = _PLACE_HEADS
    if actor.kind == "state":
        heads = _FEATURE_HEADS
    elif actor.kind != "person" and actor.id is not None:
        return False
    k = bisect.bisect_right(starts, actor.start) - 1  # the token the actor begins in
    if k <= 0 or tokens[k].start != actor.start:
        return False  # a proclitic on the name (لحسان) ends any construct
    head = tokens[k - 1].norm
    return head in heads or (head[:1] in "وبلف" and head[1:] in heads)


# A definite head noun alone (التنظيم، الحركة، الجماعة) refers back to the last group whose
# name it heads (تنظيم داعش، حركة المقاومة الإسلامية حماس): head as written → name's head.
_ANAPHORIC_HEADS = {norm(k): tuple(norm(v) for v in vs) for k, vs in {
    "التنظيم": ("تنظيم",), "الحركة": ("حركة",), "الجماعة": ("جماعة",), "الحزب": ("حزب",),
    "المنظمة": ("منظمة",), "الجبهة": ("جبهة",), "الميليشيا": ("ميليشيا", "مليشيا"),
    "المليشيا": ("ميليشيا", "مليشيا"), "الميليشيات": ("ميليشيات", "مليشيات", "ميليشيا"),
    "المليشيات": ("ميليشيات", "مليشيات", "مليشيا"), "الفصيل": ("فصيل",),
}.items()}


def _head_forms() -> dict[str, tuple[str, int]]:
    """Every written form of an anaphoric head with its proclitics (وللتنظيم، بالحركة) →
    (the head, how many letters of proclitic to leave out of the mention)."""
    out: dict[str, tuple[str, int]] = {}
    for head in _ANAPHORIC_HEADS:
        for pre in ("", "و", "ف", "ب", "وب", "فب"):
            out[pre + head] = (head, len(pre))
        for pre in ("", "و", "ف"):  # ل + ال is written لل
            out[pre + "ل" + head[1:]] = (head, len(pre) + 1)
    return out


_HEAD_FORMS = _head_forms()


def resolve_head_anaphora(actors: list[Actor], tokens: Sequence[Token],
                          names: dict[str, str]) -> list[Actor]:
    """التنظيم، الحركة … alone name the last group the article called تنظيم X, حركة X
    (in its own words or in its dictionary name): a mention of that group. `names` maps an
    actor id to its dictionary name, normalised."""
    if not actors:
        return actors
    starts = [a.start for a in actors]
    reach: list[int] = []
    for a in actors:
        reach.append(max(reach[-1], a.end) if reach else a.end)
    out = list(actors)
    for tok in tokens:
        hit = _HEAD_FORMS.get(tok.norm)  # one probe per word: nearly all are no head
        if hit is None:
            continue
        head, n = hit
        k = bisect.bisect_right(starts, tok.start)
        if k and tok.start < reach[k - 1]:
            continue  # inside an actor (التنظيم الجهادي as a name of its own)
        heads = _ANAPHORIC_HEADS[head]
        antecedent = next((a for a in reversed(actors[:k]) if a.end <= tok.start and any(
            norm(a.text).startswith(h) or names.get(a.id or "", "").startswith(h)
            for h in heads)), None)
        if antecedent is not None:
            out.append(dataclasses.replace(antecedent, start=tok.start + n, end=tok.end,
                                           text=tok.text[n:]))
    out.sort(key=lambda a: a.start)
    return out


def _flags(actor: Actor) -> bool:
    """أعلام "flags" normalises like إعلام "media": the hamza above the alef tells them apart
    (رافعين أعلام النظام السابق is no media outlet, and the regime whose flags they are takes
    no part either)."""
    return actor.id is None and actor.text.lstrip("وفبل").startswith("أعلام")


def _surname_key(word: str) -> str:
    return word[2:] if word.startswith("ال") and len(word) > 4 else word


def resolve_surnames(actors: list[Actor], tokens: Sequence[Token]) -> list[Actor]:
    """A surname alone names the person the article named in full before (فريد أحمد مرشال
    … قال مرشال): that person, with their id, name and country.

    Unknown single-word names the tagger found are resolved, and a bare surname the tagger
    missed after the full name becomes that person's mention too.
    """
    people: dict[str, Actor] = {}  # surname key → the person, from their first full mention
    forms: dict[str, tuple[str, int]] = {}  # a surname as written (والسراج) → (key, clitics)
    out: list[Actor] = []
    for a in actors:
        words = norm(a.text).split()
        if a.kind == "person" and len(words) == 1 and a.id is None:
            known = people.get(_surname_key(words[0]))
            if known is not None:  # the tagger's single name: the person named before
                a = dataclasses.replace(a, id=known.id, name=known.name,
                                        country=known.country, sector=known.sector)
        elif a.kind == "person" and len(words) >= 2:
            key = _surname_key(words[-1])
            if key not in people:
                people[key] = a
                _add_forms(forms, key)
        out.append(a)
    if not forms:
        return out
    # Bare surnames the tagger missed: words outside every actor, after the full name.
    starts = [a.start for a in actors]
    reach: list[int] = []  # the furthest end of the actors that start at or before each one
    for a in actors:
        reach.append(max(reach[-1], a.end) if reach else a.end)
    taken = set(starts)
    for tok in tokens:
        hit = forms.get(tok.norm)  # one dictionary probe per word: most are no surname
        if hit is None or tok.start in taken:
            continue
        k = bisect.bisect_right(starts, tok.start)
        if k and tok.start < reach[k - 1]:
            continue  # inside an actor's span
        key, n = hit
        known = people[key]
        if tok.text.endswith("ى") != known.text.endswith("ى"):
            continue  # على "on" normalises like علي "Ali" (أبي أحمد علي): the spelling tells
        if known.end <= tok.start:
            out.append(dataclasses.replace(known, start=tok.start + n, end=tok.end,
                                           text=tok.text[n:]))
    out.sort(key=lambda a: a.start)
    return out


def _add_forms(forms: dict[str, tuple[str, int]], key: str) -> None:
    """Every written form of a surname key: with or without the article, after no, one or
    two letters of proclitics (السراج، سراج، والسراج، وبالسراج)."""
    bases = [key] + (["ال" + key] if len(key) > 2 else [])
    for base in bases:
        if _surname_key(base) != key or len(base) < 3:
            continue
        for p in ("", *_SURNAME_PROCLITICS):
            forms.setdefault(p + base, (key, len(p)))


# NER labels that name actors, and the kind they give an ad-hoc actor.
ADHOC_LABELS = {"PER": "person"}


class ActorStage:
    name = "actors"

    def __init__(self, actor_dirs: Sequence[Path] = (), *, bare_agents: bool = True) -> None:
        dictionary = (ActorDictionary.load(actor_dirs) if actor_dirs
                      else ActorDictionary.default())
        self.matcher = ActorMatcher(dictionary, bare_agents=bare_agents)
        self._names = {e.id: norm(e.ar) for e in dictionary if e.ar}

    def _own_country(self, actors: list[Actor], doc: Document) -> list[Actor]:
        """بلاده / بلادها (his, its country) is the state of the sentence's first person or
        body before it: وصف وزير الخارجية الإيراني اتهامات واشنطن لبلاده → Iran."""
        if "بلاد" not in doc.normalized.text:  # the common case, at C speed
            return actors
        out = list(actors)
        starts = [a.start for a in actors]
        for sent in doc.sentences:
            for tok in doc.tokens[sent.token_start:sent.token_end]:
                word = tok.norm
                if "بلاد" not in word:  # most words: one substring test
                    continue
                suffix = next((s for s in _OWN_COUNTRY if word.endswith(s)), None)
                if suffix is None or len(word) - len(suffix) > 2:  # وبلاده، لبلادها at most
                    continue
                k = bisect.bisect_left(starts, tok.start)
                before = [a for a in actors[:k] if a.start >= sent.start
                          and a.country not in (None, "IGO", "NGO")]
                # the possessor is the clause's subject, named first (a person or a body
                # speaks of "his country"), not the nearest state
                owner = next((a for a in before if a.kind != "state"),
                             before[-1] if before else None)
                if owner is None:
                    continue
                state = self.matcher.dictionary.entries.get(owner.country)
                start = tok.end - len("بلاد") - (len(suffix) - len("بلاد"))
                out.append(Actor(start, tok.end, doc.text[start:tok.end],
                                 state.id if state else None,
                                 state.name if state else owner.country, owner.country,
                                 None, "state"))
        out.sort(key=lambda a: a.start)
        return out

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
        starts = [t.start for t in doc.tokens]
        flag_ends = {a.end for a in actors if _flags(a)}
        actors = [a for a in actors if not _in_a_place_name(a, doc.tokens, starts)
                  and a.end not in flag_ends and a.start - 1 not in flag_ends]
        actors.sort(key=lambda a: a.start)
        actors = resolve_surnames(actors, doc.tokens)
        actors = resolve_head_anaphora(actors, doc.tokens, self._names)
        actors = self._own_country(actors, doc)
        if doc.country:
            # An actor of unstated nationality (القوات، مسلحون، IS without a branch) takes the
            # country where the article's events happen (ANNOTATION.md "Countries of actors").
            actors = [a if a.country not in (None, "IMG") else dataclasses.replace(
                a, country=doc.country) for a in actors]
        return dataclasses.replace(doc, actors=tuple(actors))
