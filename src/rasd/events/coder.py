"""The event stage: triggers → typed events with mode, factuality, actors, place and date.

`code_events(doc)` reads the tokens, actors, places and time expressions earlier stages put
on the document and returns the document with its events. Every decision leaves a rule id
on the event (`Event.rules`), so an analyst can audit a row and a developer can find the
rule behind an error.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Sequence

from rasd.actors.dictionary import ActorDictionary
from rasd.dates.attach import date_for_event
from rasd.events.casualties import CAUSAL, counts_singular, find_casualties, is_count
from rasd.events.clauses import written_passive
from rasd.events.factuality import factuality
from rasd.events.lexicon import VERB, EventLexicons, load_lexicons
from rasd.events.modes import mode_of, mode_of_agent
from rasd.events.roles import (
    SYMMETRIC,
    TOLL_ENTRIES,
    Participant,
    attach_roles,
    participants,
    reports_only,
    victims,
)
from rasd.events.triggers import LazyKeys, TriggerMatch, find_triggers
from rasd.geo import country_part, distance_km
from rasd.model import Actor, Document, Event, Place, Sentence, Span, Token
from rasd.text.normalize import norm

MERGE_GAP = 2  # same-type triggers this close are one event (شنت غارات، قصف وغارات)
RELATIVE_PRONOUNS = frozenset({"التي", "الذي", "الذين", "اللذين", "اللتين", "اللاتي", "اللواتي"})
# "any attacks", "every attack": a class of acts, not an occasion.
GENERIC_DETERMINERS = frozenset({"اي", "ايه", "لاي", "باي", "كل", "بكل", "لكل"})
_STATE_UNDER = frozenset({"sayTara", "hisar"})  # control and siege: تحت … is a state
_PERIOD_STARTS = frozenset({"مطلع", "بدايه", "بدء", "مستهل", "اندلاع"})
# A present tense in a relative clause describes a standing relation (التي تدعمها الولايات
# المتحدة، التي تصنف إرهابية، العقوبات التي تستهدف إيران); only a siege or a ban, and a
# campaign waged, so described are going on (الموقع الذي تحاصره المقاومة، الحصار الذي
# تفرضه القوات، الغارات التي يشنها التحالف).
_ONGOING_TYPES = frozenset({"COERCE"})
_ONGOING_ENTRIES = frozenset({"shann"})
# الأكثر تدميرا، أشد قمعا: an accusative verbal noun after a comparative specifies it; no act.
COMPARATIVES = frozenset({"اكثر", "الاكثر", "والاكثر", "اشد", "الاشد", "والاشد", "اقل", "الاقل"})
# كثيرا ما تشن… / غالبا ما يضخمون… / تشن الهجمات بانتظام: habits, not occasions.
HABITUAL_BEFORE = frozenset({"كثيرا", "غالبا", "عاده", "دائما", "طالما"})
# tokens from "كثيرا ما" to the noun its verb carries (كثيرا ما تنفذ طائرات أميركية مسيرة هجمات)
HABITUAL_REACH = 6
HABITUAL_AFTER = frozenset({"بانتظام", "باستمرار", "عاده", "دائما"})


REAL = frozenset({"asserted", "uncertain"})
DEMONSTRATIVES = frozenset({"هذا", "هذه", "ذلك", "تلك", "هذين", "هاتين"})


def refers_back(m: TriggerMatch, tokens: Sequence[Token], lo: int) -> bool:
    """A definite or demonstrative verbal noun (الهجوم، هذه الغارات) names an act already
    reported: within an article it is a mention of that event, not a new one."""
    if m.form.pos == VERB or m.last - m.first > 1:
        return False
    prev = tokens[m.first - 1].norm if m.first > lo else ""
    return (bool(m.prefixes) and m.prefixes[-1] == "ال") or prev in DEMONSTRATIVES


def _ends_a_body_name(m: TriggerMatch, tokens: Sequence[Token], lo: int,
                      actors: Sequence[Actor]) -> bool:
    """Whether a لـ verbal noun ends a body's name no dictionary has: an organisation noun,
    with nisba adjectives after it, right before (الجماعة السورية للمساعدات الطبية). Not
    after a known actor, whose لـ phrase is another word's (عدم حضور جماعة الحوثي لمحادثات
    السلام: attending the talks)."""
    if m.form.pos == VERB or m.prefixes[:1] != ("ل",):
        return False
    start = tokens[m.first].start
    if any(a.id is not None and 0 <= start - a.end <= 1 for a in actors):
        return False
    return _names_a_body(tokens, m.first, lo)


def _names_a_body(tokens: Sequence[Token], first: int, lo: int) -> bool:
    """Whether the words right before `first` are an organisation noun with nisba
    adjectives after it (الجمعية الطبية السورية الأمريكية)."""
    k = first - 1
    while k >= lo and first - k <= 3 and tokens[k].norm.startswith("ال") \
            and tokens[k].norm.endswith(("ي", "يه")) and len(tokens[k].norm) > 4:
        k -= 1  # (the adjectives: العليا is no nisba, but السورية is)
    return k >= lo and tokens[k].norm.removeprefix("ال") in _BODIES


# Nouns that head a body's name.
_BODIES = frozenset(norm(w) for w in (
    "جمعية", "منظمة", "جماعة", "هيئة", "لجنة", "مؤسسة", "مركز", "صندوق", "وكالة", "مكتب",
    "مفوضية", "برنامج", "شبكة", "مرصد", "رابطة", "نقابة", "العليا"))


def in_hashtag(text: str, start: int) -> bool:
    """Whether the word at `start` is inside a hashtag or a tag of words joined by
    underscores (#الانقلاب_الحوثي، #طرد_دبلوماسيين_روس، التحالف_العربي_لدعم_الشرعية): a
    topic's label or a name, told in the text if it happened, not a mention."""
    k = start - 1
    while k >= 0 and start - k <= _HASHTAG_MAX and not text[k].isspace():
        if text[k] in "#_":
            return True
        k -= 1
    k = start
    while k < len(text) and k - start <= _HASHTAG_MAX and not text[k].isspace():
        if text[k] == "_":
            return True
        k += 1
    return False


_HASHTAG_MAX = 60  # characters either side of a word to look for a tag's # or _


def not_an_occasion(m: TriggerMatch, tokens: Sequence[Token], lo: int,
                    hi: int | None = None) -> str | None:
    """Why a trigger names no specific event (ANNOTATION.md "Do not code"), or None.

    - an imperfect verb in a relative clause describes a standing relation ("the SDF, which
      the United States backs"), unless it is a siege, a ban or a campaign waged;
    - a verbal noun after أي/كل names a class of acts, after a comparative (الأكثر تدميرا) a
      degree, and control or a siege after تحت a state;
    - an accusative "verb" after a count from 11 on is a counted noun (24 طالبا are students;
      a subject count keeps its verb: 57 قتلوا);
    - an imperfect after كثيرا ما / غالبا ما, or with بانتظام after it, is a habit;
    - a toll counted since a period began is a running total.
    """
    hi = len(tokens) if hi is None else hi
    prev = tokens[m.first - 1].norm if m.first > lo else ""
    if m.form.present and "س" not in m.prefixes and prev in RELATIVE_PRONOUNS \
            and m.type not in _ONGOING_TYPES and m.entry_id not in _ONGOING_ENTRIES:
        return "skip:relative-description"
    if m.form.pos != VERB and prev in GENERIC_DETERMINERS:
        return "skip:generic"
    if m.form.pos != VERB and prev in ("تحت", "وتحت") and m.entry_id in _STATE_UNDER:
        return "skip:state"  # منطقة تقع تحت سيطرتها، تحت الحصار: how things stand
    if m.form.pos != VERB and prev in COMPARATIVES and not m.prefixes \
            and tokens[m.first].norm.endswith("ا"):  # (not أكثر هجوم دموية: the deadliest)
        return "skip:comparative"
    word = tokens[m.first].norm
    if m.form.pos == VERB and not m.prefixes and m.first > lo and word.endswith("ا") \
            and not word.endswith("وا") and counts_singular(tokens[m.first - 1]):
        return "skip:counted-noun"
    # كثيرا ما تشن الحركة هجمات: the cue may stand before the verb that carries the noun
    habitual_before = any(tokens[k].norm == "ما" and k > lo
                          and tokens[k - 1].norm.removeprefix("و") in HABITUAL_BEFORE
                          for k in range(max(lo, m.first - HABITUAL_REACH), m.first))
    habitual_after = any(tokens[k].norm in HABITUAL_AFTER for k in range(m.last, hi))
    if (habitual_before or habitual_after) and (m.form.present or m.form.pos != VERB):
        return "skip:habitual"
    # قتل 22 مسلحا على الأقل منذ مطلع العام: a running total, not one occasion (a count by
    # the toll; وبمقتل الشابة رزان, one death, stays)
    since_start = any(tokens[k].norm == "منذ" and tokens[k + 1].norm in _PERIOD_STARTS
                      for k in range(lo, hi - 1))
    if since_start and m.entry_id in TOLL_ENTRIES and any(
            is_count(tokens[k]) for k in range(max(lo, m.first - 4), min(hi, m.last + 4))):
        return "skip:running-total"
    # (and so are arrests or strikes counted before their noun: 90 ألف حالة اعتقال منذ بدء
    # الانتفاضة; not an attack that caused a counted toll, في قصف … منذ بدء الحرب)
    if since_start and m.type in ("ASSAULT", "COERCE") and m.form.pos != VERB and any(
            is_count(tokens[k]) and all(tokens[j].is_word and tokens[j].norm not in CAUSAL
                                        for j in range(k + 1, m.first))
            for k in range(max(lo, m.first - 3), m.first)):
        return "skip:running-total"
    return None


_MENTIONED = ("المذكور", "السالف", "الانف")
_OWN_SIDES = frozenset({"role:source:bayna", "role:source:masdar-genitive",
                        "role:source:agent-marker", "role:source:masdar-lam-agent",
                        "role:source:nisba-agent"})


def _other_sides(m: TriggerMatch, text: str, tokens: Sequence[Token], actors: Sequence[Actor],
                 parts: Sequence[Participant], sentence: tuple[int, int],
                 antecedent: Event) -> bool:
    """Whether a definite mention names both its sides in its own phrase, both known, and
    neither took part in the earlier event (الاشتباكات بين قوات النظام وداعش after a strike
    by the coalition): a new event, not a mention of that one."""
    lo, hi = sentence
    if (m.first > lo and tokens[m.first - 1].norm in DEMONSTRATIVES) or (
            m.last < hi and tokens[m.last].norm.startswith(_MENTIONED)):
        return False  # تلك الاحتجاجات، عمليات الإعدام المذكورة: pointed back to
    source, target, rules = attach_roles(m, text, tokens, actors, sentence, sentence, parts)
    if source is None or target is None or source.id is None or target.id is None:
        return False
    # only the act's own phrase names its sides (بين A و B, its genitive and object, an agent
    # marker); a governing verb's subject is often just who speaks of the earlier event
    if not any(r in _OWN_SIDES for r in rules):
        return False
    # a state and its organs are one side (الاتهامات الروسية لبريطانيا is اتهمت وزارة
    # الدفاع الروسية بريطانيا); a new event shares no side with the earlier one
    known = {a.id for a in (antecedent.source, antecedent.target) if a is not None and a.id}
    return not any(_same_side(a.id, b) for a in (source, target) for b in known)


_OWN_DATE_REACH = 5  # tokens after a mention where a date of its own stands


def _other_time(doc: Document, m: TriggerMatch, tokens: Sequence[Token],
                clause: tuple[int, int], sent: Sentence, ev: Event) -> bool:
    """Whether the mention's own clause dates it apart from the event it would refer back
    to (الذي تمكن التنظيم من السيطرة عليه الشهر الماضي: last month's takeover, not today's)."""
    # the date must follow the mention closely in its clause (a date before it, further on,
    # or after منذ "since" belongs to another act or a span: بعد الهجومين … في حزيران)
    own = (tokens[m.last - 1].end, tokens[min(clause[1], m.last + _OWN_DATE_REACH) - 1].end)
    when = date_for_event(doc.times, tokens[m.first].start, own, own)
    if when is None or not when.value or not ev.date \
            or doc.text[max(0, when.start - 8):when.start].rstrip().endswith("منذ"):
        return False
    return not (when.value.startswith(ev.date) or ev.date.startswith(when.value))


def _same_side(a: str | None, b: str) -> bool:
    """Whether two actor ids name one side: equal, or a state and one of its organs
    (RUS, RUS-MOD); transnational groups (IMG-…) only when equal."""
    if a is None:
        return False
    state_a, state_b = a.split("-", 1)[0], b.split("-", 1)[0]
    return a == b or (state_a != "IMG" and (a == state_b or b == state_a))


# Lines a news site adds around an article: its tags (سمات، الوسوم) and links to other
# articles (اقرأ أيضا: headline), whose events are not this article's.
_FURNITURE = frozenset({"سمات", "الوسوم", "وسوم", "الكلمات", "كلمات"})
_READ_ALSO = frozenset({"اقرا", "إقرا", "اقرأ"})
_ALSO = frozenset({"ايضا", "أيضا", "المزيد"})


def _site_furniture(tokens: Sequence[Token], lo: int, hi: int) -> bool:
    """Whether a sentence is a tag line or a link to another article."""
    words = [t.norm for t in tokens[lo:min(hi, lo + 3)] if t.is_word]
    if not words:
        return False
    if words[0] in _READ_ALSO:
        return len(words) > 1 and words[1] in _ALSO
    if words[0] in _FURNITURE:
        # سمات اعدام العراق داعش: a list of tags has no punctuation and no verb-like start;
        # كلمات needs its qualifier (كلمات مفتاحية، الكلمات الدالة)
        return words[0] not in ("كلمات", "الكلمات") or (
            len(words) > 1 and words[1] in ("مفتاحيه", "الدالة", "الداله", "دالة", "داله"))
    return False


def inside_a_name(m: TriggerMatch, tokens: Sequence[Token], actors: Sequence[Actor]) -> bool:
    """The trigger word is part of a named organisation or person (حزب نداء تونس، تحالف
    دعم الشرعية، قوات الدعم السريع): a name, not an act."""
    a, b = tokens[m.first].start, tokens[m.last - 1].end
    return any(x.id is not None and x.kind not in (None, "state") and x.start <= a
               and b <= x.end and (x.end - x.start) > (b - a) for x in actors)


def _clause_of(sent: Sentence, tokens: Sequence[Token], tok_index: int) -> tuple[int, int]:
    """Token range of the clause of `sent` that holds token `tok_index`."""
    start = tokens[tok_index].start
    for clause in sent.clauses:
        if clause.start <= start < clause.end:
            lo = tok_index
            while lo > sent.token_start and tokens[lo - 1].start >= clause.start:
                lo -= 1
            hi = tok_index
            while hi < sent.token_end and tokens[hi].start < clause.end:
                hi += 1
            return lo, hi
    return sent.token_start, sent.token_end


# Gold takes the most specific place the text gives (ANNOTATION.md "location").
_SPECIFICITY = {"point": 0, "facility": 0, "city": 1, "admin1": 2, "country": 3}
_COUNTRY_PART = 2.5  # شرق ليبيا: coarser than a province, finer than the country
# A place after these is a landmark that locates another (قرب دمشق، على بعد 10 كلم من حلب).
_LANDMARK = re.compile(r"(?:قرب|بالقرب من|مقرب[ةه] من|قبال[ةه]|عل[ىي] بعد [^,.،]{0,30} من)\s*$")
# After these, a place is where the news came from, not where the event was (ANNOTATION.md):
# قتل سبعة … بحسب ما أفاد مصدر أمني في نجامينا.
_ATTRIBUTION = re.compile(r"(?:^|\s)[وف]?(?:ب?حسب(?:ما)?|وفق(?:ا|اً)?|طبقا|نقلاً? عن)\s")
_FOCUS_KM = 200.0  # how near a part of a country the article's main place must lie


def _specificity(x: Place, text: str) -> float:
    s = _SPECIFICITY.get(x.precision, 3) - (0.5 if x.id is None else 0)
    if country_part(x):
        s = _COUNTRY_PART
    # on the original text: a normaliser's cache is for words, not for slices
    if _LANDMARK.search(text, max(0, x.start - 40), x.start):
        s += 1.5
    return s


def _place_for(places: Sequence[Place], pos: int, lo: int, hi: int, text: str,
               actors: Sequence[Actor | None] = ()) -> Place | None:
    """The most specific place inside [lo, hi), the nearest to `pos` among equals; a place
    that is the event's source (الولايات المتحدة اتهمت…) is not where it happened (its
    target may be: قصف مدينة حلب); a landmark (قرب X) is less specific than what it locates."""
    taken = [(a.start, a.end) for a in actors if a is not None]
    inside = [x for x in places if lo <= x.start and x.end <= hi
              and not any(s < x.end and x.start < e for s, e in taken)
              and not (pos < x.start and _ATTRIBUTION.search(text, pos, x.start))
              and not _far_reference(text, x.start)]
    if not inside:
        return None
    # A locality placed at its anchor's coordinates (id None) is more specific than the anchor.
    return min(inside, key=lambda x: (_specificity(x, text), abs(x.start - pos), x.start))


# A distance measured from a place: تبعد 600 كيلومتر إلى الشرق من العاصمة بماكو، على بعد
# 125 كلم من … (not a range, مداه 800 كيلومتر, nor an area in square kilometres)
_DISTANCE = re.compile(
    r"(?:على\s+بعد|تبعد|يبعد|وتبعد|ويبعد)\s+(?:نحو\s+|حوالي\s+|قرابة\s+)?(\d+)\s*"
    r"(?:كيلومترا?|كيلو\s+مترا?|كلم|كم|ميلا?)(?![\u0621-\u064a])"
    r"[^.،,]{0,30}?\s(?:من|عن)\s+(?:العاصمة\s+|مدينة\s+)?[بل]?$")
_FAR_KM = 50  # beyond this, the place a distance is measured from is not where it happened


def _far_reference(text: str, start: int) -> bool:
    """Whether the place at `start` is the point a long distance is measured from (بلدة
    سيفاري التي تبعد 600 كيلومتر عن العاصمة بماكو: the event is in Sévaré, not Bamako)."""
    m = _DISTANCE.search(text, max(0, start - 90), start)
    if m is None:
        return False
    km = int(m.group(1)) * (1.609 if "ميل" in m.group(0) else 1)
    return km >= _FAR_KM


def _place_in_sentence(doc: Document, m: TriggerMatch, pos: int, clause: tuple[int, int],
                       sent: Sentence, source: Actor | None) -> Place | None:
    """Where the sentence says the event happened, or None."""
    text = doc.text
    if m.form.entry.mode == "visit" and m.form.pos == VERB:
        # زار وفد … أوزبكستان: the place visited is the object, in the verb's own stretch of
        # the clause (not past a reported clause: زار المنطقة وأكد أن فرنسا ستقدم…)
        reach = _VISIT_REACH.search(text, pos, clause[1])
        end = reach.start() if reach else clause[1]
        visited = [x for x in doc.places if pos < x.start and x.end <= end
                   and not (source is not None and source.start < x.end and x.start < source.end)
                   and not _after_preposition(text, x.start)]
        if visited:
            return visited[0]
        # nor is any place of the reported clause the visit's
        return _place_for(doc.places, pos, clause[0], end, text, (source,))
    # a complementiser opens another verb's clause, whose places are its own (ودمر … في
    # لجفينة جنوب غرب مأرب بعد أن قصف موقعا في منطقة الحوبان)
    after = _LATER_CLAUSE.search(text, pos, sent.end)
    lo, hi = sent.start, (after.start() if after else sent.end)
    place = _place_for(doc.places, pos, max(clause[0], lo), min(clause[1], hi), text, (source,))
    in_sent = _place_for(doc.places, pos, lo, hi, text, (source,))
    if place is None:
        return in_sent
    # A province or country in the clause, a town or site elsewhere in the sentence: the
    # town, if it may lie there or the clause's country is no locative but an actor (قوات
    # تدعمها إيران); not a town abroad (ميونخ … وحدث انقلاب بتركيا).
    if (in_sent is not None and _specificity(place, text) >= 2
            and _specificity(in_sent, text) < _specificity(place, text)
            and (_inside(in_sent, place) or not _after_preposition(text, place.start))):
        return in_sent
    return place


# A later verb's clause: بعد أن قصف، قبل أن، وقال … إن (not غارة يرجح أنها روسية، استهدفت…).
_LATER_CLAUSE = re.compile(r"\s(?:بعد|قبل|منذ)\s+[أا]ن\s"
                           r"|\s[وف](?:قال|قالت|[أا]ضاف|[أا]ضافت|[أا]كد|[أا]كدت)\s")
# Where a visit verb's object can no longer be: a complementiser or a new verb after و.
_VISIT_REACH = re.compile(r"\s(?:[إأا]ن|ب[أا]ن|[إأا]نه|[إأا]نها)\s|\sو(?:[أا]كد|قال|[أا]ضاف|[أا]علن|شدد)")


_PREPOSITION = re.compile(r"(?:^|\s)(?:في|من|عن|الى|إلى|على|مع|قرب)\s+$")


def _after_preposition(text: str, start: int) -> bool:
    """Whether a place is a prepositional phrase (في قطر، بتركيا), not a verb's object."""
    return (start > 0 and text[start - 1].isalpha()) or bool(
        _PREPOSITION.search(text, max(0, start - 8), start))


_ADMIN_KM = 300.0  # how far from a province's point a town in it may lie


def _inside(town: Place, area: Place) -> bool:
    """Whether `town` may lie in `area` (same country; near a province's point)."""
    if town.country != area.country:
        return False
    if area.precision == "country" or country_part(area) or None in (town.lat, area.lat):
        return True
    return distance_km(town, area) <= _ADMIN_KM


def _focus_place(doc: Document, country: str | None) -> Place | None:
    """The article's main town or site: a gazetteer place of `country` named at least twice."""
    counts: dict[str, int] = {}
    first: dict[str, Place] = {}
    for p in doc.places:
        if p.precision in ("city", "facility", "point") and p.id and "#" not in p.id \
                and (country is None or p.country == country):
            counts[p.id] = counts.get(p.id, 0) + 1
            first.setdefault(p.id, p)
    if not counts:
        return None
    best = max(counts, key=lambda k: (counts[k], -first[k].start))
    return first[best] if counts[best] >= 2 else None


def _previous_place(places: Sequence[Place], before: int) -> Place | None:
    """The last place named before `before`: a report goes on where it last said it was."""
    earlier = [p for p in places if p.end <= before]
    return earlier[-1] if earlier else None


_SUPPORT_ENTRIES = frozenset({"shann"})  # شن: a verb whose act is the noun it carries
_SUPPORT_REACH = 6  # tokens from a support verb to its noun, past a long subject
# past a subject with its name in apposition and a time between commas (شن وزير الخارجية
# الألماني، هايكو ماس، اليوم الجمعة، هجوما حادا)
_SUPPORT_REACH_APPOSITION = 12


_CLAIM_WORDS = frozenset(norm(w) for w in ("تبنى", "تبنت", "تبنوا", "وتبنى", "وتبنت",
                                             "وتبنوا", "يتبنى", "تتبنى"))


def _claimed(tokens: Sequence[Token], lo: int, first: int) -> bool:
    """Whether a claim of responsibility stands before tokens[first] in its sentence
    (أعلن … مسؤوليته عن، تبنى التنظيم الهجوم)."""
    return any(t.norm in _CLAIM_WORDS or t.norm.startswith(("مسؤوليت", "مسئوليت"))
               for t in tokens[lo:first])


def _carried_by(verb: TriggerMatch, noun: TriggerMatch, tokens: Sequence[Token]) -> bool:
    """Whether a support verb carries the noun after it: past a long subject, or, when the
    noun is one the verb needs, past an apposition and a time between commas."""
    gap = tokens[verb.last:noun.first]
    if len(gap) <= _SUPPORT_REACH and all(t.is_word for t in gap):
        return True
    return len(gap) <= _SUPPORT_REACH_APPOSITION \
        and tokens[noun.first].norm in verb.form.entry.needs \
        and all(t.is_word or t.norm in ("،", ",") for t in gap)


def _merge_adjacent(matches: list[TriggerMatch], tokens: Sequence[Token]) -> list[TriggerMatch]:
    out: list[TriggerMatch] = []
    for m in matches:
        prev = out[-1] if out else None
        if (prev is not None and prev.entry_id in _SUPPORT_ENTRIES and m.form.pos != VERB
                and (m.first - prev.last > MERGE_GAP or m.type != prev.type)
                and _carried_by(prev, m, tokens)):
            # شن طيران التحالف العربي غارات، شن حفتر هجوما حادا: one act, the noun's (whose
            # type a qualifier may have changed); its subject is the verb's
            out[-1] = dataclasses.replace(m, rules=m.rules + (f"merged:{prev.entry_id}",))
            continue
        # a verb after a noun opens a clause of its own (الهجمات التي قد تستهدف), and so does
        # a verb after punctuation, a comma or a quote (قتلوا، حينما قمعت القوات…): not merged
        if (prev is not None and prev.type == m.type and m.first - prev.last <= MERGE_GAP
                and not (prev.form.pos != VERB and m.form.pos == VERB)
                and not (m.form.pos == VERB and any(
                    not t.is_word for t in tokens[prev.last:m.first]))):
            out[-1] = dataclasses.replace(prev, rules=prev.rules + (f"merged:{m.entry_id}",),
                                          absorbed=prev.absorbed or m)
            continue
        out.append(m)
    return out


def _names_a_place(actor: Actor, places: Sequence[Place]) -> bool:
    """Whether a target is a bare phrase (no actor of the dictionary or an agent noun) that
    holds a place: مدينة القريتين، الكيلو 16 بمحافظة الحديدة. سكان مدينة حلب is an agent
    noun (سكان) with a place, and stays."""
    return actor.id is None and actor.sector is None and actor.kind is None and any(
        p.start < actor.end and actor.start < p.end for p in places)


_OPPONENT_REACH = 15  # tokens after the trigger where the side that lost ground is named


def _opponent(parts: Sequence[Participant], tokens: Sequence[Token], after: int,
              source: Actor | None) -> Actor | None:
    """The first participant right after مع or من following the trigger."""
    for p in parts:
        if p.first < after or p.first - after > _OPPONENT_REACH or p.first == 0:
            continue
        if source is not None and p.actor.start == source.start:
            continue
        # من قبل X is an agent: there the word before X is قبل, not من
        if tokens[p.first - 1].norm in ("مع", "من"):
            return p.actor
    return None


_ORIGIN = re.compile(r"\s+من\s+$")


def _origin(actor: Actor, doc: Document, actor_starts: Sequence[int]) -> str | None:
    """The country of the actor an unnamed one comes from: وفد من طالبان، عناصر من الجيش."""
    k = bisect.bisect_left(actor_starts, actor.end)
    nxt = doc.actors[k] if k < len(doc.actors) else None
    if nxt is None or nxt.country in (None, "IMG") or nxt.start - actor.end > 6:
        return None
    return nxt.country if _ORIGIN.fullmatch(doc.text, actor.end, nxt.start) else None


# Verbs that carry an act named by the noun after them (شن غارات، نفذ هجوما، أجرى اتصالا).
_SUPPORT_VERBS = frozenset({"شن", "وشن", "نفذ", "ونفذ", "اجري", "واجري", "شنت", "وشنت",
                            "نفذت", "ونفذت", "اجرت", "واجرت"})


def _after_support_verb(tokens: Sequence[Token], first: int, lo: int) -> bool:
    """Whether the trigger noun is the object of a support verb with no subject between
    (وشن 6 غارات): the verb's subject was named before."""
    k = first - 1
    if k > lo and tokens[k].norm[:1].isdigit():
        k -= 1  # a count between: شن 6 غارات
    return k >= lo and tokens[k].norm in _SUPPORT_VERBS


def _with_country(actor: Actor | None, where: str | None, doc: Document,
                  actor_starts: Sequence[int]) -> Actor | None:
    """The actor with the country ANNOTATION.md gives it: a description's nisba (21
    فلسطينيا), else, for an actor of unstated nationality or a transnational group (القوات،
    مسلحون، IS without a branch), the country where this event happens. The actors stage
    gave such actors the article's country, which a report from abroad gets wrong."""
    if actor is None or actor.country not in (None, "IMG", doc.country):
        return actor
    if actor.id is not None and actor.country != "IMG":
        entry = ActorDictionary.default().get(actor.id)
        if entry is None or entry.country != "IMG":
            return actor
    stated = None
    if actor.id is None:
        stated = (ActorDictionary.default().phrase_country(actor.text)
                  or _origin(actor, doc, actor_starts))
    country = stated or where
    if country is None or country == actor.country:
        return actor
    return dataclasses.replace(actor, country=country)


def code_events(doc: Document, lexicons: EventLexicons | None = None) -> Document:
    lex = lexicons or load_lexicons()
    tokens = doc.tokens
    keys = LazyKeys(tokens)
    actor_starts = [a.start for a in doc.actors]
    events: list[Event] = []
    last_source = None
    for sent in doc.sentences:
        lo, hi = sent.token_start, sent.token_end
        if _site_furniture(tokens, lo, hi):
            continue
        matches = _merge_adjacent(find_triggers(tokens, lex.triggers, lo, hi, keys), tokens)
        if not matches:
            continue
        a, b = bisect.bisect_left(actor_starts, sent.start), bisect.bisect_left(actor_starts, sent.end)
        sent_actors = doc.actors[a:b]
        casualties = (find_casualties(tokens, lo, hi)
                      if any(m.type == "ASSAULT" for m in matches) else None)
        casualties_given = False
        parts = None  # the sentence's participants, computed once when a trigger needs them
        # a trigger word inside a name (تحالف دعم الشرعية) is neither an event nor a
        # boundary of another trigger's roles
        in_name = [inside_a_name(o, tokens, sent_actors) for o in matches]
        for i, m in enumerate(matches):
            if in_name[i] or not_an_occasion(m, tokens, lo, hi) \
                    or in_hashtag(doc.text, tokens[m.first].start) \
                    or _ends_a_body_name(m, tokens, lo, sent_actors):
                continue
            clause_tokens = _clause_of(sent, tokens, m.first)
            rules = list(m.rules)
            label, frule = factuality(m, tokens, keys, clause_tokens, (lo, hi), matches[:i],
                                      lex.factuality)
            rules.append(frule)
            # A later mention of a reported act is that act; a planned or denied one is not
            # the one that happened, so the antecedent must be as real as the mention.
            antecedent = next((k for k in range(len(events) - 1, -1, -1)
                               if events[k].type == m.type
                               and events[k].evidence.start < sent.start
                               and (events[k].factuality in REAL) == (label in REAL)), None)
            if antecedent is not None and refers_back(m, tokens, lo):
                if parts is None:
                    parts = participants(tokens, sent_actors, lo, hi)
                ev = events[antecedent]
                if not _other_sides(m, doc.text, tokens, sent_actors, parts, (lo, hi), ev) \
                        and not _other_time(doc, m, tokens, clause_tokens, sent, ev):
                    span = Span(sent.start, sent.end, sent.text)
                    if span not in ev.mentions:
                        ev = events[antecedent] = dataclasses.replace(
                            ev, mentions=ev.mentions + (span,),
                            rules=ev.rules + (f"coreference:{m.entry_id}",))
                    if ev.source is None and _claimed(tokens, lo, m.first):
                        # وأعلن تنظيم داعش مسؤوليته عن الهجوم: the claimant is the act's
                        # source (ANNOTATION.md "Claims of responsibility")
                        claimant, _, _ = attach_roles(m, doc.text, tokens, sent_actors,
                                                      clause_tokens, (lo, hi), parts)
                        if claimant is not None:
                            events[antecedent] = dataclasses.replace(
                                ev, source=_with_country(claimant, ev.location.country
                                                         if ev.location else doc.country,
                                                         doc, actor_starts),
                                rules=ev.rules + ("role:source:claim",))
                    continue
            mode, mrule = mode_of(m, keys, clause_tokens, lex.modes)
            if mrule:
                rules.append(mrule)
            if parts is None:
                parts = participants(tokens, sent_actors, lo, hi)
            others = [o.first for j, o in enumerate(matches) if j != i and not in_name[j]]
            source, target, role_rules = attach_roles(
                m, doc.text, tokens, sent_actors, clause_tokens, (lo, hi), parts, others)
            rules += role_rules
            if "role:source:governing-subject" in role_rules and m.form.pos != VERB \
                    and m.prefixes[:1] == ("و",) and i > 0:
                # اقتحمت الميليشيا منزل فلان واختطاف شقيقه: a verbal noun joined to the act
                # before shares its agent (not the nearest name, which is its object's)
                prev_start = tokens[matches[i - 1].first].start
                prev = next((e for e in reversed(events) if e.trigger.start == prev_start), None)
                if prev is not None and prev.source is not None:
                    source = prev.source
                    rules[rules.index("role:source:governing-subject")] = \
                        "role:source:coordinated-act"
            condemning = matches[i - 1] if i > 0 else None
            if "role:source:governing-subject" in rules and condemning is not None \
                    and condemning.entry_id in _CONDEMNING \
                    and 0 <= m.first - condemning.last <= _CONDEMNED_REACH \
                    and source is not None and not _in_adjunct(tokens, condemning.last, m.first) \
                    and (source.start < tokens[condemning.first].start
                        or source.start == tokens[condemning.last].start):
                # ونددت الحكومة بقصف المدنيين: who condemns an act (the condemning verb's
                # subject, before it or right after it) did not do it; but استنكرت إقدام
                # الحوثيين على اختطاف names the doer inside the object
                source = None
                rules[rules.index("role:source:governing-subject")] = "role:source:condemner-dropped"
            elif "role:source:governing-subject" in rules and condemning is not None \
                    and condemning.type == "REQUEST" and source is not None and (
                        condemning.form.pos == VERB
                        or source.start == tokens[condemning.last].start) \
                    and condemning.entry_id not in _OWN_PROPOSALS and m.type not in SYMMETRIC \
                    and m.type != "PROTEST" \
                    and 0 <= m.first - condemning.last <= _REQUESTED_REACH and (
                        source.start < tokens[condemning.first].start
                        or source.start == tokens[condemning.last].start):
                # ودعا الوزير إلى وقف القصف، دعت الحكومة الحوثيين إلى الإفراج عن…، بناء على
                # طلب أنقرة اعتقاله: who asks for an act (a request verb's subject, a request
                # noun's genitive) does not do it; the one asked does, when named
                # (a named actor, not a phrase: دعت الأطراف إلى العودة إلى المفاوضات).
                # Only when the source is the request's own asker, nobody else.
                start = tokens[condemning.first].start
                asking = next((e for e in reversed(events) if e.trigger.start == start), None)
                if asking is not None and asking.source is not None \
                        and source.start < asking.source.end and asking.source.start < source.end:
                    asked = asking.target
                    source = asked if asked is not None and asked.start < tokens[m.first].start \
                        and (asked.id or asked.kind or asked.sector) else None
                    rules[rules.index("role:source:governing-subject")] = \
                        "role:source:the-one-asked" if source is not None else \
                        "role:source:requester-dropped"
            if source is None and m.absorbed is not None and m.entry_id in TOLL_ENTRIES:
                # قتلوا في كمين نصبه الحوثيون: the act a toll was merged with names the agent
                # in its own phrase (only a toll's: شُنت ردا على هجوم شنته القوات is two acts)
                agent, _, agent_rules = attach_roles(
                    m.absorbed, doc.text, tokens, sent_actors, clause_tokens, (lo, hi), parts,
                    others)
                agent_rule = next((r for r in agent_rules if r.startswith("role:source:")), "")
                if agent is not None and agent_rule in _MERGED_AGENT_RULES \
                        and (target is None or not (agent.start < target.end
                                                    and target.start < agent.end)):
                    source = agent
                    rules.append(agent_rule + ":merged")
            if m.type == "ASSAULT" and target is not None and _names_a_place(target, doc.places) \
                    and "role:target:aimed-at" not in role_rules:  # fired at a zone: its target
                # تحرير الكيلو 16 … بعد مواجهات مع الحوثيين: ground taken is where, not whom;
                # the side it was taken from is named after مع or من, if at all
                target = _opponent(parts, tokens, m.last, source)
                rules.append("role:target:opponent" if target else "role:target:place-dropped")
            if target is None and m.type == "ASSAULT":
                # قتل 13 متمردا … في مواجهات: those the toll names are whom it hit
                target = victims(m, doc.text, tokens, parts, lo, source)
                if target is not None:
                    rules.append("role:target:victims")
            passive = any(r in _PASSIVE_RULES for r in role_rules)  # (no subject to carry)
            passive = passive or "role:source:circumstantial" in role_rules  # (nor here)
            passive = passive or "role:source:unknown-subject" in role_rules  # (one unknown)
            # (a relative clause's subject is its antecedent, an actor or not: الأسباب التي دعت)
            passive = passive or "role:source:relative-antecedent" in role_rules
            # (a verb written passive carries no subject either, patient found or not: قُتل
            # يوم الخميس; a count after a verb, وأطلقت 105 صواريخ, may follow an active one)
            passive = passive or (m.form.pos == VERB and written_passive(tokens[m.first]))
            if source is None and last_source is not None and not passive \
                    and not reports_only(last_source, m.type) and (
                    m.form.pos == VERB or _after_support_verb(tokens, m.first, lo)):
                # وأضاف… وانتقد: a verb with no subject of its own continues the last one's,
                # and so does a verbal noun after one (وشن 6 غارات)
                source = last_source
                rules.append("role:source:previous-subject")
            if source is not None and not (m.first > lo
                                           and tokens[m.first - 1].norm in RELATIVE_PRONOUNS):
                last_source = source  # (a relative clause's subject continues no clause)
            trig_start, trig_end = tokens[m.first].start, tokens[m.last - 1].end
            c_start = tokens[clause_tokens[0]].start
            c_end = tokens[clause_tokens[1] - 1].end
            place = _place_in_sentence(doc, m, trig_start, (c_start, c_end), sent, source)
            if place is None:
                # a report goes on where its last event was
                place = next((e.location for e in reversed(events) if e.location is not None),
                             None) or _previous_place(doc.places, sent.start)
                if place is not None:
                    rules.append("place:previous-sentence")
            if place is None or place.precision == "country" or country_part(place):
                # only a country (or a part of one): the article's main town in it
                focus = _focus_place(doc, place.country if place is not None else doc.country)
                if focus is not None and (place is None or place.precision == "country"
                                          or distance_km(focus, place) <= _FOCUS_KM):
                    place = focus
                    rules.append("place:article-focus")
            # a description's nisba names its country (21 فلسطينيا); else the nationality is
            # unstated: the country where it happens (ANNOTATION.md)
            # (not a place that is itself one of the two: واتهم الوزير إيران)
            where = place.country if place is not None and place.country and not any(
                a is not None and a.start < place.end and place.start < a.end
                for a in (source, target)) else doc.country
            target = _with_country(target, where, doc, actor_starts)
            source = _with_country(source, where, doc, actor_starts)
            time = date_for_event(doc.times, trig_start, (c_start, c_end),
                                  (sent.start, sent.end))
            if time is not None and time.value:
                date, basis = time.value, "text"
                rules.append("date:text")
            elif doc.published:
                date, basis = doc.published, "published"
                rules.append("date:published")
            else:
                date, basis = None, None
            if mode is None and source is not None and m.type == "ASSAULT":
                first = bisect.bisect_left(tokens, source.start, lo, hi, key=_token_start)
                last = bisect.bisect_left(tokens, source.end, first, hi, key=_token_start)
                mode, mrule = mode_of_agent(m, keys, (first, last), lex.modes)
                if mrule:
                    rules.append(mrule)
            # The sentence's casualty count goes to its first violent event.
            toll = None
            if casualties is not None and m.type == "ASSAULT" and not casualties_given:
                toll, casualties_given = casualties, True
                rules.append("casualties:sentence")
            event = Event(
                type=m.type, mode=mode, factuality=label,
                trigger=Span(trig_start, trig_end, doc.text[trig_start:trig_end]),
                evidence=Span(sent.start, sent.end, sent.text),
                source=source, target=target, location=place,
                date=date, date_basis=basis, casualties=toll, rules=tuple(rules),
            )
            if "role:target:victims" in rules:
                event = _absorb_toll(events, event)
            if m.entry_id in _AIMING_ENTRIES and _aims_previous(events, event):
                continue
            events.append(event)
    return dataclasses.replace(doc, events=tuple(events))


_REPLY = re.compile(r"(?:^|\s)(?:[إأا]ن|[إأا]نه|[إأا]نها|ب[أا]ن|رد[اً]+|تزامن[اً]+|بالتزامن"
                    r"|[وف]?قال|[وف]?قالت)(?:\s|$)")
_AIMING_ENTRIES = frozenset({"istihdaf"})  # استهدف: names what an act was aimed at
_WEAK_SOURCE = ("role:source:previous-subject", "role:source:governing-subject")


def _in_adjunct(tokens: Sequence[Token], lo: int, hi: int) -> bool:
    """Whether a time adjunct opens between tokens lo and hi (أدانه ماكرون خلال محادثة مع
    ترامب: the talk is when he condemned, not what)."""
    return any(tokens[k].norm in _ADJUNCTS for k in range(lo, hi))


def _aims_previous(events: list[Event], aim: Event) -> bool:
    """شنت مروحيات غارة جوية، استهدفت خلالها المعاقل…، شنت هجومها عبر استهداف الحواجز:
    the targeting is the attack before it in the sentence, which names no target of its own
    (or only the victims of its toll).
    That attack takes the target (one event, not two); True when it did."""
    if aim.target is None or not events:
        return False
    prev = events[-1]
    # (a target that is only the toll's victims yields to the one aimed at: قتل ستة في عملية
    # نفذتها طالبان واستهدفت الشرطة)
    if prev.evidence != aim.evidence or prev.type != "ASSAULT" or (
            prev.target is not None and "role:target:victims" not in prev.rules) \
            or prev.factuality != aim.factuality \
            or "role:source:masdar-genitive" in prev.rules:
        return False
    # not across a reported clause or a reply (ردا على إطلاق صاروخ استهدف…، تزامنا مع…)
    if _REPLY.search(aim.evidence.text, prev.trigger.end - aim.evidence.start,
                     aim.trigger.start - aim.evidence.start):
        return False
    same_agent = aim.source is None or any(r in _WEAK_SOURCE for r in aim.rules) or (
        prev.source is not None and (aim.source.start == prev.source.start or (
            aim.source.id is not None and aim.source.id == prev.source.id)))
    if not same_agent:
        return False
    events[-1] = dataclasses.replace(
        prev, target=aim.target, mentions=tuple(dict.fromkeys(prev.mentions + aim.mentions)),
        rules=prev.rules + (f"merged:aim:{aim.trigger.text}",))
    return True


# Rules by which a merged act's own phrase names its agent (كمين نصبه الحوثيون، هجوم شنه
# داعش، غارة للتحالف على…, برصاص القوات), not guesses from elsewhere in the sentence.
# Entries of condemning and criticising (أدان، ندد، استنكر، انتقد): the act they name is
# someone else's.
_CONDEMNING = frozenset({"intiqad"})
_CONDEMNED_REACH = 4
_ADJUNCTS = frozenset(norm(w) for w in ("خلال", "أثناء", "اثناء", "عقب", "إثر", "بعد", "قبل", "لدى"))
_REQUESTED_REACH = 8
# Requests whose act is the requester's own (اقترح إردوغان الإفراج عن برونسون); and meetings
# and agreements (SYMMETRIC) take the one who asks for them as a party (روسيا طلبت زيارة…),
# and protests the side that calls for them (دعت المعارضة إلى احتجاجات).
_OWN_PROPOSALS = frozenset({"iqtirah"})
_MERGED_AGENT_RULES = frozenset({"role:source:agent-verb", "role:source:agent-marker",
                                 "role:source:masdar-lam-agent", "role:source:min-agent"})
def _token_start(token: Token) -> int:
    return token.start


_PASSIVE_RULES = frozenset({"role:target:passive-subject", "role:target:passive-noun-phrase",
                            "role:target:toll-subject", "role:target:relative-passive"})
_TOLL_AGENT_RULES = frozenset({"role:source:agent-marker", "role:source:vso",
                               "role:source:svo", "role:source:svo-adjacent"})
_TOLL_GAP = 30  # characters between a toll's verb and its victims (مقتل ما لا يقل عن 18)


def _absorb_toll(events: list[Event], event: Event) -> Event:
    """One event, not two: قتل 13 متمردا في مواجهات is the clash, whose victims the toll
    names. The toll's own event (its verb right before or after the victims) is taken out
    of `events`, and the clash keeps its casualties and, if it has none, its agent (قُتل
    سبعة برصاص القوات خلال صدامات)."""
    victims = event.target
    if victims is None:
        return event
    for k in range(len(events) - 1, -1, -1):
        toll = events[k]
        if toll.evidence != event.evidence:
            break
        near = (0 <= victims.start - toll.trigger.end <= _TOLL_GAP
                or 0 <= toll.trigger.start - victims.end <= 3)  # 4 جنود قتلوا
        if toll.type == "ASSAULT" and near and toll.factuality == event.factuality:
            del events[k]
            # only an agent the toll's own clause names (برصاص القوات, a verb's subject), not
            # a guess from the governing verb or an earlier sentence, nor the victims
            agent = toll.source if toll.source is not None and any(
                r in _TOLL_AGENT_RULES for r in toll.rules) and not (
                toll.source.start < victims.end and victims.start < toll.source.end) else None
            return dataclasses.replace(
                event, source=event.source or agent,
                casualties=event.casualties or toll.casualties,
                mentions=tuple(dict.fromkeys(toll.mentions + event.mentions)),
                rules=event.rules + (f"merged:toll:{toll.trigger.text}",))
    return event
