"""Factuality of an event: asserted, uncertain, negated or hypothetical (ANNOTATION.md).

Negation and modality are read in the trigger's clause (the words just before it), doubt in
its sentence (unnamed sources, allegations). Hypothetical wins over uncertain; a negation
right before the trigger wins over both.
"""

from __future__ import annotations

from collections.abc import Sequence

from rasd.events.lexicon import VERB, FactualityLexicon
from rasd.events.triggers import TriggerMatch
from rasd.model import Token

_MAY = "قد"
_RELATIVES = frozenset({"الذي", "التي", "الذين", "اللذين", "اللتين"})


def factuality(match: TriggerMatch, tokens: Sequence[Token], keys: Sequence[frozenset[str]],
               clause: tuple[int, int], sentence: tuple[int, int],
               governors_before: Sequence[TriggerMatch], lex: FactualityLexicon
               ) -> tuple[str, str]:
    """(label, rule id) for the trigger `match`; clause and sentence are token ranges."""
    first = match.first
    c_lo = clause[0]
    # Doubt phrases that contain a negator (لم يتأكد، لم يتسن) are not negation of the event.
    seq = lex.negated_doubt.find(keys, max(c_lo, first - 3), first)
    if seq:
        return "uncertain", f"factuality:uncertain:{' '.join(seq)}"
    # Negation: a negator just before the trigger (لم يقصف، عدم الاعتراف).
    for k in range(max(c_lo, first - lex.negation_window), first):
        hit = keys[k] & lex.negators
        if hit:
            return "negated", f"factuality:negated:{min(hit)}"
    seq = lex.denials.find(keys, sentence[0], first)
    if seq:
        return "negated", f"factuality:denial:{' '.join(seq)}"
    # Hypothetical: future prefix, قد + imperfect, modal/intention cues, governing request.
    if match.form.present and "س" in match.prefixes:
        return "hypothetical", "factuality:future-prefix"
    if first > c_lo and tokens[first - 1].norm == _MAY and match.form.present:
        return "hypothetical", "factuality:qad-imperfect"
    seq = lex.hypothetical_before.find(keys, max(c_lo, first - lex.hypothetical_window), first)
    if seq:
        return "hypothetical", f"factuality:hypothetical:{' '.join(seq)}"
    for k in range(match.last, clause[1]):
        if keys[k] & lex.hypothetical_after:
            return "hypothetical", "factuality:future-time"
    seq = lex.hypothetical_sentence.find(
        keys, max(sentence[0], first - lex.hypothetical_sentence_window), first)
    if seq:
        return "hypothetical", f"factuality:hypothetical:{' '.join(seq)}"
    # اللقاء الذي سيجمع…: a relative clause in the future makes its head a future act
    for k in range(match.last, min(clause[1], match.last + 2)):
        if tokens[k].norm in _RELATIVES and k + 1 < sentence[1]:
            nxt = tokens[k + 1].norm
            if len(nxt) > 3 and nxt[0] == "س" and nxt[1] in "يتن":
                return "hypothetical", "factuality:future-relative"
            break
    # The act a request or threat names is not done (طالب بوقف، هدد بقصف، دعا إلى الإفراج):
    # the governor is a verb, or the act is its prepositional object.
    prepositional = bool(match.prefixes and match.prefixes[0] in "بل") or (
        first > c_lo and tokens[first - 1].norm in ("الى", "ب", "ل"))
    for gov in governors_before:
        if (gov.type in lex.governors and 0 <= first - gov.last <= 3
                and (gov.form.pos == VERB or prepositional)):
            return "hypothetical", f"factuality:governed-by-{gov.type}"
    # Doubt anywhere in the sentence: unnamed sources, allegations, unconfirmed.
    seq = lex.hearsay.find(keys, sentence[0], first)
    if seq:
        return "uncertain", f"factuality:hearsay:{' '.join(seq)}"
    seq = lex.uncertain.find(keys, sentence[0], sentence[1])
    if seq:
        return "uncertain", f"factuality:uncertain:{' '.join(seq)}"
    return "asserted", "factuality:default"
