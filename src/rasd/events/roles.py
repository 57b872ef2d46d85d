"""Source and target of an event from the actors around its trigger.

Arabic news order: verb-subject-object (قصفت الطائرات التركية مواقع…) and subject-verb
(الجيش قصف…); a verbal noun takes its target as genitive (اعتقال 21 فلسطينيا) and its agent
after من قبل / على يد or as the subject of the governing verb (أعلن الجيش اعتقال…); the target
of many triggers follows a preposition (على، ضد، لـ، مع، إلى، بـ).
"""

from __future__ import annotations

from collections.abc import Sequence

from rasd.events.lexicon import VERB
from rasd.events.triggers import TriggerMatch
from rasd.model import Actor, Token

TARGET_PREPOSITIONS = frozenset({"على", "ضد", "مع", "الى", "بين", "عن", "من"})
AGENT_MARKERS = (("من", "قبل"), ("على", "يد"), ("من", "جانب"), ("من", "طرف"))
GENITIVE_GAP = 2  # tokens allowed between a verbal noun and its genitive target


def _token_index(tokens: Sequence[Token], pos: int, lo: int, hi: int) -> int:
    """Index of the token containing (or first after) original offset `pos`."""
    for k in range(lo, hi):
        if tokens[k].end > pos:
            return k
    return hi


def attach_roles(match: TriggerMatch, tokens: Sequence[Token], actors: Sequence[Actor],
                 clause: tuple[int, int], sentence: tuple[int, int]
                 ) -> tuple[Actor | None, Actor | None, list[str]]:
    """(source, target, rule ids) for a trigger; actors are those of the sentence, by start."""
    if not actors:
        return None, None, []
    lo, hi = sentence
    pos = {id(a): _token_index(tokens, a.start, lo, hi) for a in actors}
    t_first, t_last = match.first, match.last
    c_lo, c_hi = clause
    after = [a for a in actors if t_last <= pos[id(a)] < c_hi]
    after_sentence = [a for a in actors if pos[id(a)] >= t_last]
    before = [a for a in actors if pos[id(a)] < t_first]
    rules: list[str] = []

    def preceded_by_preposition(a: Actor) -> bool:
        k = pos[id(a)]
        tok = tokens[k]
        if tok.start < a.start:  # a proclitic attached to the name: بـ، لـ
            pre = tok.text[: a.start - tok.start]
            if pre and pre[-1] in "لب":
                return True
        return k - 1 >= lo and tokens[k - 1].norm in TARGET_PREPOSITIONS

    def after_agent_marker(a: Actor) -> bool:
        k = pos[id(a)]
        return any(k - 2 >= lo and tokens[k - 2].norm == m1 and tokens[k - 1].norm == m2
                   for m1, m2 in AGENT_MARKERS)

    source = target = None
    agents = [a for a in after_sentence if after_agent_marker(a)]
    if agents:
        source = agents[0]
        rules.append("role:source:agent-marker")
    if match.form.pos == VERB:
        if source is None:
            subj = next((a for a in after if not preceded_by_preposition(a)), None)
            if subj is not None and pos[id(subj)] - t_last <= 3:
                source = subj
                rules.append("role:source:vso")
            elif before:
                source = before[-1]
                rules.append("role:source:svo")
        rest = [a for a in after if a is not source and (source is None or a.start > source.start)]
        if rest:
            target = rest[0]
            rules.append("role:target:object")
    else:
        gen = next((a for a in after if pos[id(a)] - t_last <= GENITIVE_GAP), None)
        if gen is not None and not after_agent_marker(gen):
            # قصف الطيران التركي لمواقع…: a genitive followed by a لـ-object is the agent.
            lam = next((a for a in after if a is not gen and preceded_by_preposition(a)), None)
            if lam is not None and source is None:
                source, target = gen, lam
                rules += ["role:source:masdar-genitive", "role:target:masdar-lam"]
            else:
                target = gen
                rules.append("role:target:genitive")
        elif after:
            cand = next((a for a in after if preceded_by_preposition(a) and a is not source), None)
            if cand is not None:
                target = cand
                rules.append("role:target:preposition")
        if source is None:
            near = [a for a in before if a is not target]
            if near:
                source = near[-1]
                rules.append("role:source:governing-subject")
    if source is not None and target is not None and source.id and source.id == target.id:
        target = None
    return source, target, rules
