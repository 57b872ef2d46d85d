"""Source and target of an event from the actors around its trigger.

Arabic news order: verb-subject-object (قصفت الطائرات التركية مواقع…) and subject-verb
(الجيش قصف…); a verbal noun takes its target as genitive (اعتقال 21 فلسطينيا) and its agent
after من قبل / على يد or as the subject of the governing verb (أعلن الجيش اعتقال…); the
target of many triggers follows a preposition (على، ضد، لـ، مع، إلى، بـ).

Actors separated only by commas are one participant in apposition (وزير الخارجية الأمريكي،
مايك بومبيو،); a state after a locative preposition (في ليبيا) is a place, not a participant.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from rasd.dates.lexicon import lexicon as date_lexicon
from rasd.events.casualties import CAUSAL, load_casualty_lexicon, victims_span
from rasd.events.clauses import (
    COMPLEMENTISERS,
    OBJECT_PRONOUNS,
    future_verb,
    opens_conjunct,
    written_passive,
)
from rasd.events.lexicon import VERB, perfect_verbs
from rasd.events.triggers import TriggerMatch
from rasd.model import Actor, Token
from rasd.text.normalize import norm


def _norms(*words: str) -> frozenset[str]:
    """Word lists are written naturally and compared with normalised tokens (على → علي)."""
    return frozenset(norm(w) for w in words)


TARGET_PREPOSITIONS = _norms("على", "ضد", "مع", "إلى", "بين", "عن", "لدى", "تجاه", "نحو")
LOCATIVES = _norms("في", "داخل", "إلى", "نحو", "قرب", "حول", "شمال", "جنوب", "شرق", "غرب",
                   "شمالي", "جنوبي", "شرقي", "غربي", "وسط", "عبر")
AGENT_MARKERS = tuple(tuple(norm(w) for w in m.split()) for m in (
    "من قبل", "على يد", "على أيدي", "من جانب", "من طرف", "بواسطة", "بأيدي", "بيد", "برصاص",
    "بنيران", "بقذائف", "الصادرة عن", "الصادر عن", "الصادرة من", "بقيادة"))
_AGENT_REACH = 10  # tokens past which an agent marker beyond a conjunct is another act's
SUBJECT_GAP = 5  # tokens between a verb and its subject (dates, adverbs: رحبت البحرين، الثلاثاء،)
OBJECT_GAP = 10  # tokens between the subject (or the verb) and the object
GENITIVE_GAP = 2  # tokens between a verbal noun and its genitive
PREPOSITIONAL_GAP = 6


@dataclass(frozen=True, slots=True)
class Participant:
    """One or more actors in apposition, with their token range in the sentence."""

    actor: Actor  # the representative: the most specific of the group
    first: int
    last: int  # one past the last token
    marked: bool  # preceded by a target preposition or a لـ/بـ proclitic
    after_agent_marker: bool


def _token_index(ends: Sequence[int], pos: int, lo: int, hi: int) -> int:
    """Index of the token containing (or first after) original offset `pos`; `ends` are
    the tokens' end offsets (increasing)."""
    return bisect.bisect_right(ends, pos, lo, hi)


def _rank(a: Actor) -> int:
    """Which member of an apposition names the participant: a known person, then a known
    organisation, then anything with an id, then descriptions."""
    if a.id and a.kind == "person":
        return 0
    if a.id:
        return 1
    return 2


def _lam_prefixed(tok: Token) -> bool:
    """Whether a word reads as لـ + noun (لثلاث، لمواقع), not one that begins with lam
    (لأن، لكن، لدى) or the negation لا/لم/لن."""
    n = tok.norm
    return tok.is_word and (tok.prefixes[:1] == ("ل",) or (
        n[:1] == "ل" and len(n) >= 4 and n not in _LAM_WORDS))


# Words that begin with lam but hold no preposition لـ.
_LAM_WORDS = _norms("لكن", "لكنه", "لكنها", "لكنهم", "لدى", "لدي", "لديه", "لديها", "لديهم",
                    "لكي", "لأن", "لأنه", "لأنها", "لذلك", "لقد", "ليس", "ليست", "ليسوا", "لعل",
                    "لولا", "لماذا", "لهذا", "لهذه", "لذا", "لاسيما")


def _definite(actor: Actor) -> bool:
    """Whether an actor's phrase opens with the article (الشرطة، والقوات، للجيش)."""
    first = norm(actor.text).split(" ", 1)[0]
    return first.startswith(("ال", "لل")) or (first[:1] in "وفبل" and first[1:3] == "ال")


def _named(a: Actor) -> bool:
    """A name (an entry of the dictionary, or a person the tagger found), not a description."""
    return a.id is not None or a.kind == "person"


_ATTRIBUTION_SPAN = 8  # tokens an attribution phrase runs to, if no comma ends it first
_MAIN_CLAUSE = _norms("فقد", "فإن", "فان", "قد", "لقد")


# Words that tie the noun before them to a side (القوات الموالية للحكومة، فصائل مدعومة من
# تركيا): the side after them is part of that noun's description.
# (Not التابعة: مواقع تابعة للمسلحين are the militants' positions, and so whom a strike hit.)
_ALLEGIANCE = _norms("الموالي", "الموالية", "الموالين", "الموالون", "موالية", "موالين",
                     "موالون", "المدعوم", "المدعومة", "المدعومين", "مدعومة", "مدعومين",
                     "المقرب", "المقربة", "المقربين")


def _attributions(tokens: Sequence[Token], lo: int, hi: int) -> set[int]:
    """Indices of the tokens inside attribution phrases (بحسب وكالة سانا التابعة للنظام،
    نقلا عن مصادر، كما تقول البعثة): from the cue to the next comma, or _ATTRIBUTION_SPAN tokens."""
    inside: set[int] = set()
    for k in range(lo, hi):
        w = tokens[k].norm
        if w in _ATTRIBUTION or (w == "عن" and k > lo and tokens[k - 1].norm == "نقلا") or (
                w == "كما" and k + 1 < hi and tokens[k + 1].norm in _SAYING):
            for j in range(k + 1, min(hi, k + 1 + _ATTRIBUTION_SPAN)):
                # (to its comma, colon or reported clause: قال لوكالة الأنباء: إن المقاومة…)
                # (or to the main clause's opening: ووفق شهود عيان فقد فجر انتحاري…)
                if tokens[j].norm in (",", ".", ":") or tokens[j].norm in COMPLEMENTISERS \
                        or tokens[j].norm in _MAIN_CLAUSE \
                        or (j > k + 1 and tokens[j].norm in _QUOTES):  # (not بحسب "رويترز")
                    break
                inside.add(j)
    return inside


def participants(tokens: Sequence[Token], actors: Sequence[Actor], lo: int, hi: int
                 ) -> list[Participant]:
    """The sentence's actors grouped into participants, in text order."""
    spans = []
    ends = [t.end for t in tokens[lo:hi]]
    attributed = _attributions(tokens, lo, hi)
    for a in actors:
        first = lo + _token_index(ends, a.start, 0, hi - lo)
        last = max(first + 1, lo + _token_index(ends, a.end - 1, 0, hi - lo) + 1) \
            if a.end > a.start else first + 1
        tok = tokens[first] if first < hi else None
        proclitic = tok.text[: a.start - tok.start] if tok is not None and tok.start < a.start \
            else ""
        prev = tokens[first - 1].norm if first > lo else ""
        prev2 = tokens[first - 2].norm if first - 1 > lo else ""
        if a.kind == "state" and (prev in LOCATIVES or proclitic.endswith("ب")
                                  or prev[:1] in "وف" and prev[1:] in LOCATIVES):
            continue  # في ليبيا، وفي ليبيا: a place
        if tok is not None and (tok.norm,) in AGENT_MARKERS:
            continue  # بقيادة: the marker's own noun names no one
        if first in attributed:
            continue  # بحسب وكالة سانا التابعة للنظام: who reports it, not who takes part
        if proclitic.endswith("ل") and prev in _STATEMENTS:
            continue  # في بيان لوسائل الإعلام، في حديث لقناة: whom one spoke to
        if prev in _ALLEGIANCE or (prev == "من" and prev2 in _ALLEGIANCE):
            # القوات الموالية للحكومة، فصائل مدعومة من تركيا: whom the forces serve
            # describes them; it takes no role of its own
            continue
        if prev in _WHERE or (prev2 in _WHERE and prev in _SEATS):
            continue  # تظاهروا أمام السفارة، قرب مقر الحكومة: where it happened
        marked = prev in TARGET_PREPOSITIONS or proclitic[-1:] in ("ل", "ب")
        # (a title may stand between a one-word marker and the name: بقيادة الجنرال X)
        agent = any((m == (prev,)) or (m == (prev2, prev)) or (m == (prev2,))
                    for m in AGENT_MARKERS)
        spans.append((first, last, a, marked, agent, proclitic[:1] in ("و", "ف")))
    groups: list[list[tuple[int, int, Actor, bool, bool, bool]]] = []
    for item in spans:
        if groups:
            prev_last = groups[-1][-1][1]
            between = tokens[prev_last:item[0]]
            same = {x[2].id for x in groups[-1]} | {item[2].id}
            prev_actor = groups[-1][-1][2]
            # Side by side with nothing between, only a description and what it describes
            # are one (الرئيس الفلسطيني محمود عباس، وزير الداخلية); a name then another actor
            # is a verb's subject and object (دعا عباس الإسرائيليين), and so is a description
            # then a state (اتهم الوزير إيران: a state is no apposition of a person).
            # Two unnamed ones are one only in idafa, whose first noun has no article (قوات
            # الجيش); اعتقلت الشرطة مسلحين has a subject and an object.
            adjacent_ok = bool(between) or (not item[5] and (
                item[2].kind == "person" or (not _named(prev_actor) and item[2].kind != "state"
                                             and (_named(item[2]) or not _definite(prev_actor)))))
            # the same named actor twice with a word between: الرئيس الفرنسي فرنسوا هولاند
            same_name = (prev_actor.id is not None and prev_actor.id == item[2].id
                         and sum(t.is_word for t in between) <= 2)
            # an unnamed actor and where it comes from are one: وفد من طالبان، عناصر من الجيش
            origin = (prev_actor.id is None and len(between) == 1 and between[0].norm == "من"
                      and item[2].id is not None and prev_actor.kind != "state"
                      and item[2].kind != "state")  # مهاجرين من سوريا: people, not Syria
            if same_name or origin or (all(not t.is_word and t.norm == "," for t in between)
                                       and item[0] >= prev_last and len(same - {None}) <= 1
                                       and adjacent_ok):
                # appositions name one actor: same id, or a description beside a name
                groups[-1].append(item)
                continue
        groups.append([item])
    out = []
    for g in groups:
        # among equals the last: a title comes before the name (الرئيس المصري عبد الفتاح السيسي)
        # (a description's head is its first noun: المسلحين الملثمين)
        best = min(g, key=lambda it: (_rank(it[2]),
                                      -it[0] if it[2].kind == "person" else it[0]))[2]
        out.append(Participant(best, g[0][0], g[-1][1], g[0][3], g[0][4]))
    return out


# Verbs that end or stop a protest: their subject did not protest.
_SUPPRESSING = _norms("فرقت", "فرق", "فضت", "فض", "قمعت", "قمع", "منعت", "منع", "حظرت", "حظر",
                      "تفرق", "تفض", "تقمع", "تمنع", "يفرق", "يفض", "يقمع", "يمنع")
_SUPPRESSOR_REACH = 4  # the verb, its subject, the protest noun
_WHERE = _norms("أمام", "قرب", "بالقرب", "قبالة", "خلف", "محيط", "بمحيط")
_SEATS = _norms("مقر", "مبنى", "مكتب", "منزل", "سفارة", "قنصلية")
# Statements, which a لـ after names the outlet spoken to (في بيان لوسائل الإعلام).
_STATEMENTS = _norms("بيان", "بيانا", "تصريح", "تصريحا", "تصريحات", "حديث", "حديثا", "مقابلة",
                     "رسالة", "كلمة", "مداخلة")
# Attributions: what follows is where the report came from (بحسب المتحدث، وفقا لمصادر).
_ATTRIBUTION = _norms("بحسب", "حسب", "وبحسب", "وحسب", "حسبما", "وحسبما", "وفق", "ووفق", "وفقا",
                      "ووفقا", "طبقا", "وطبقا", "لوكالة", "لصحيفة")
# Words that end an object noun phrase: prepositions, conjunction-led clauses, reporting.
_PHRASE_STOP = _norms("في", "على", "من", "إلى", "عن", "مع", "ضد", "بعد", "قبل", "منذ", "خلال",
                      "حيث", "التي", "الذي", "الذين", "وذلك", "أن", "أنه", "أنها", "قال", "قالت",
                      "أضاف", "أضافت", "أمس", "اليوم", "بين", "عند", "حتى", "خاصة", "أيضا", "كما",
                      "لكن", "بينما", "أو", "ضمن", "جراء", "إثر", "عقب", "وسط", "برصاص", "بنيران",
                      "بقذائف",
                      "بواسطة", "بأيدي", "بيد", "تجاه", "نحو", "باتجاه", "صوب",
                      "بقيادة", "بزعامة",  # an agent marker: who leads, not more of the phrase
                      "فيما", "لو", "إذا", "كلما",  # a condition or contrast opens a clause
                      "لم", "لن", "ولم", "ولن", "ولا",  # so does a negated verb
                      "أثناء", "اثناء",  # a time (المزارعين أثناء قيامهم)
                      "نتيجة", "بسبب", "بفعل",  # a cause follows (60 فلسطينيا نتيجة…)
                      # where follows (المعاقل الإرهابية جنوب رفح)
                      "جنوب", "شمال", "شرق", "غرب", "جنوبي", "شمالي", "شرقي", "غربي",
                      # days end a phrase (50 فلسطينيا الاثنين)
                      "الأحد", "الاثنين", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس",
                      "الجمعة", "السبت",
                      # verbs of being, modality and the passive start a new predicate
                      # (هجمات أخرى يجب أن تمنع، تفجير انتحاري تم تنفيذه)
                      "يجب", "يمكن", "ينبغي", "يتم", "تم", "يكون", "تكون", "يعد", "تعد",
                      "يعتبر", "تعتبر", "يبدو", "تبدو")
_QUOTES = frozenset('"«»“”')
# A preposition with an attached pronoun (إليه، عليهم، لها) refers back; it starts no phrase.
_PRONOUN_PREPOSITIONS = frozenset(p + s for p in ("الي", "علي", "ل", "من", "عن", "ب", "في")
                                  for s in ("ه", "ها", "هم", "هما", "هن"))
# A time adjunct with a pronoun (خلالها، أثناءه، بعدها) between a verb and its object.
_ADJUNCT_PRONOUNS = frozenset(p + s for p in ("خلال", "اثناء", "بعد", "عقب")
                              for s in ("ه", "ها", "هم", "هما"))
# Prepositions that introduce a target phrase (هجوم على مبنى البرلمان، اتفاق مع الحكومة).
_TARGET_PHRASE_PREPOSITIONS = _norms("على", "ضد", "مع", "إلى", "لدى", "تجاه")
# Verbs that name the agent of a preceding verbal noun (عملية نفذتها حركة طالبان، هجوم شنه
# مسلحون، تفجير تبناه التنظيم): a claim of responsibility makes the claimant the source.
_AGENT_VERB_STEMS = tuple(norm(w) for w in ("نفذ", "شن", "تبنى", "تبنا", "تبنت", "ارتكب", "اعلن مسؤوليت",
                                             "نصب",  # كمين نصبه الحوثيون
                                             "وجه"))  # اتهامات وجهها له فلان
# قام به "did it": an act's agent follows (الاحتجاجات التي قامت بها جماعات يمينية)
_DID = _norms("قام", "قامت", "قاموا", "يقوم", "تقوم", "يقومون")
_WITH_IT = _norms("به", "بها", "بهم", "بهما")


def _did_it(tokens: Sequence[Token], k: int, hi: int) -> bool:
    """Whether tokens[k] is قام به / قامت بها, whose subject is the act's agent."""
    return tokens[k].norm.removeprefix("و") in _DID and k + 1 < hi \
        and tokens[k + 1].norm in _WITH_IT


_SVO_GAP = _norms("قد", "لقد", "قد", "فقد", "ثم", ",", '"', "«", "»", "“", "”")
# After a verbal noun's genitive, these introduce its object, which makes the genitive the
# agent (سيطرة المقاومة على عدن، انسحاب ترامب من الاتفاق، اتهامات واشنطن لطهران).
_OBJECT_PREPOSITIONS = _norms("على", "ضد", "مع", "من", "إلى", "تجاه", "بحق")
_DIGITS = re.compile(r"\d+")
# "X من" counting what follows: احتجاز عدد من الرهائن names the hostages, not an agent.
_PARTITIVE = _norms("عدد", "العديد", "عشرات", "مئات", "آلاف", "الاف", "بعض", "مجموعة",
                    "عددا", "كثير", "الكثير", "أحد", "احد", "إحدى", "احدى")
# Words before a partitive من (أعداد من المهاجرين، العشرات من أعضاء): who it counts, no agent.
_COUNTED_FROM = _PARTITIVE | _norms("أعداد", "أعدادا", "الآلاف", "المئات", "العشرات",
                                    "مجموعات", "جميع", "كافة", "معظم", "أغلب", "غالبية")


BAYNA_SPAN = 15  # tokens from بين to the second side
# tokens from a clash noun to its بين, across where and when (الاشتباكات العنيفة في ريف جسر
# الشغور … بمحافظة إدلب، بين A و B)
BAYNA_REACH = 20
_WITH_REACH = 12  # tokens from a noun of talks or a deal to the مع naming its other party
# Acts two parties do together: "A and B met / agreed / clashed" makes B the target.
SYMMETRIC = frozenset({"CONSULT", "AGREE", "COOPERATE"})


def _co_subject(parts: Sequence[Participant], tokens: Sequence[Token],
                source: Participant | None) -> Participant | None:
    """The participant joined to the subject by و (X، ونظيره Y): its partner in the act."""
    if source is None:
        return None
    nxt = next((p for p in parts if p.first >= source.last), None)
    if nxt is None or nxt.marked or nxt.first - source.last > 3:
        return None
    words = [t.norm for t in tokens[source.last:nxt.first + 1] if t.is_word]
    # و opens the partner's phrase: ونظيره الروسي فلاديمير بوتين، والرئيس المصري
    if words and words[0].startswith("و") and len(words[0]) > 2:
        return nxt
    return None


def _other_side(after: Sequence[Participant], tokens: Sequence[Token], first: Participant,
                bayna: int, hi: int) -> Participant | None:
    """The second side of بين A و B: a participant joined by و (not one inside A's own
    phrase, such as قوات موالية للحكومة); after a list, the one after "، و"."""
    # بين A و A' … من جهة، و B من جهة أخرى: "on one side" closes the first side's list (not
    # "من جهة أخرى" opening a new sentence part, nor من طرف X, an agent)
    side = next((k for k in range(first.last, min(hi - 2, bayna + 2 * BAYNA_SPAN))
                 if tokens[k].norm == "من" and tokens[k + 1].norm in ("جهه", "طرف")
                 and (tokens[k + 2].norm == "," or tokens[k + 2].norm.startswith("و"))), None)
    if side is not None:
        second = next((p for p in after if p.first > side + 1 and not p.marked
                       and not p.after_agent_marker and p.first - side <= 4), None)
        if second is not None:
            return second
    joined = [p for p in after if p.first >= first.last and not p.marked
              and p.first - bayna <= BAYNA_SPAN and tokens[p.first].norm.startswith("و")]
    after_comma = [p for p in joined if p.first > 0 and tokens[p.first - 1].norm == ","]
    if after_comma:
        return after_comma[0]
    return joined[0] if joined else None


def _first_within(after: Sequence[Participant], last_start: int) -> Participant | None:
    """The first participant (in text order) starting by `last_start` that is no agent
    after a marker; the scan stops at the first one beyond, since `after` is sorted."""
    for p in after:
        if p.first > last_start:
            return None
        if not p.after_agent_marker:
            return p
    return None


def _instrument(phrase: Actor, match: TriggerMatch) -> bool:
    """Whether a phrase holds one of the words the trigger needs to be an event: for
    أطلق those are the projectiles, which are what was fired, not whom at."""
    entry = match.form.entry
    needs = set(entry.needs) | set(entry.needs_verbs if match.form.pos == VERB else ())
    return bool(needs) and any(w in needs for w in norm(phrase.text).split())


def _aimed_at(text: str, tokens: Sequence[Token], start: int, hi: int) -> Actor | None:
    """The phrase after the first aiming preposition (على، تجاه، نحو، باتجاه) from `start`."""
    for k in range(start, min(hi, start + PREPOSITIONAL_GAP + 2)):
        if tokens[k].norm in _AIMING:
            return noun_phrase(text, tokens, k + 1, hi)
    return None


def _device(phrase: Actor) -> bool:
    """Whether an unnamed phrase is headed by a weapon or device (عبوات ناسفة، قنبلة), or
    is a vehicle made one (بسيارتين مفخختين)."""
    words = norm(phrase.text).split()
    head = words[0].removeprefix("ب") if words[0].startswith("ب") and len(words[0]) > 3 \
        else words[0]
    # (a device noun in second place is a genitive, مخزن قنابل, which can be hit; an
    # adjective there makes the head one)
    return head.removeprefix("ال") in _DEVICES or head in _DEVICES \
        or (len(words) > 1 and words[1].removeprefix("ال") in _DEVICE_ADJECTIVES)


_DEVICE_ADJECTIVES = _norms("ناسفة", "ناسفتين", "ناسفتان", "مفخخة", "مفخختين", "مفخختان",
                            "مفخخات", "ملغومة", "ملغمة")
_DEVICES = _norms("عبوة", "عبوات", "عبوتين", "عبوتان", "قنبلة", "قنابل", "قنبلتين", "حزام",
                  "أحزمة", "لغم", "ألغام", "متفجرات", "رصاص", "رصاصة", "قذيفة", "قذائف", "غاز",
                  "غازات") | _DEVICE_ADJECTIVES
# Verbs that report: a phrase after them is the report's, not the act's (هجوم قال بيان …)
_SAYING = _norms("قال", "قالت", "يقول", "تقول", "أضاف", "أضافت", "ذكر", "ذكرت", "أفاد",
                 "أفادت", "أكد", "أكدت", "أعلن", "أعلنت")


_AIMING = _norms("على", "تجاه", "نحو", "باتجاه", "صوب")


def _bayna_after(tokens: Sequence[Token], t_last: int, hi: int) -> int | None:
    """The بين of a clash noun's two sides, within reach and its own clause: the search
    stops at a reported clause (…، وقال المرصد إن الخلاف بين…), and من بين is "among"."""
    for k in range(t_last, min(hi, t_last + BAYNA_REACH)):
        norm_k = tokens[k].norm
        if norm_k in COMPLEMENTISERS:
            return None
        if norm_k == "بين" and tokens[k - 1].norm != "من":
            return k
    return None


def _in_relative(tokens: Sequence[Token], k: int, lo: int) -> bool:
    """Whether token k lies in a relative clause set off by commas (حمّل بومبيو، الذي يضع
    الحد من نفوذ إيران …، جماعات مسلحة مسؤولية): what it names is no object of the verb."""
    for j in range(k - 1, lo - 1, -1):
        if tokens[j].norm == ",":
            return j + 1 < k and tokens[j + 1].norm in _RELATIVE_PRONOUNS
    return False


def _after_relative(tokens: Sequence[Token], k: int, hi: int) -> int:
    """The index after a comma-delimited relative clause that opens at token k (، الذي …،),
    or k when none does."""
    if k + 1 < hi and tokens[k].norm == "," and tokens[k + 1].norm in _RELATIVE_PRONOUNS:
        end = next((j for j in range(k + 2, hi) if tokens[j].norm == ","), None)
        if end is not None:
            return end + 1
    return k


def _subject_before(before: Sequence[Participant], tokens: Sequence[Token],
                    t_first: int) -> bool:
    """Whether a participant stands right before the verb, or with only قد/ثم between: its
    subject (أن قوات الجيش قتلت 14 إرهابيا، الجيش الليبي قد اعتقل ثلاثة), which a count after
    the verb does not make passive."""
    if not before or before[-1].marked:
        return False
    return all(tokens[k].norm in _SVO_GAP and tokens[k].norm != ","
               for k in range(before[-1].last, t_first))


def is_passive(match: TriggerMatch, tokens: Sequence[Token], hi: int) -> bool:
    """A past verb read as passive: a damma written on it (قُتل، أُطلقت), or a count right
    after it (قتل 29 جنديا، أصيب 7): news states tolls in the passive."""
    if match.form.pos != VERB or match.form.present:
        return False
    if written_passive(tokens[match.first]):
        return True
    if match.first > 0 and tokens[match.first - 1].norm in _PRONOUN_SUBJECTS:
        return False  # أعلنت الشرطة أنها قتلت ثلاثة: "it" (the police) is who killed
    nxt = tokens[match.last] if match.last < hi else None
    if _carries_object(tokens[match.first]):
        return False  # شنتها 3 دول: a verb with an object pronoun is active
    if nxt is None or tokens[match.first].norm.endswith("وا"):
        # خطفوا أربعة صحفيين: the plural verb carries its subject, the count is its object
        return False
    if match.form.entry.id in TOLL_ENTRIES and _cause_follows(tokens, match.last, hi):
        return True  # قتل بغارة جوية القيادي: "was killed by", the cause where an object would be
    # a count in words after a verb of violence (قتل ثلاثة جنود); not after one that needs its
    # noun (شن عشر ضربات) nor after an intransitive act (تظاهر آلاف)
    violence = match.type in ("ASSAULT", "COERCE") and not match.form.entry.needs
    # a dual in the nominative after a toll verb (قتل جنديان) is news's passive toll too,
    # unless an accusative object follows (هاجم فلسطينيان جنديا: the dual is the subject)
    after_dual = tokens[match.last + 1].norm if match.last + 1 < hi else ""
    dual = nxt.is_word and len(nxt.norm) >= 5 and not nxt.norm.startswith("ال") \
        and nxt.norm.endswith("يان") and match.form.entry.id in TOLL_ENTRIES \
        and not (after_dual.endswith("ا") and not after_dual.startswith("ال"))
    return bool(_DIGITS.fullmatch(nxt.norm)) or (
        (nxt.norm in _COUNT_WORDS or dual) and violence and not _counted_doers(match, tokens, hi))


def _counted_doers(match: TriggerMatch, tokens: Sequence[Token], hi: int) -> bool:
    """Whether a count of a kind right after a verb of siege or raid names who did it
    (حاصر الآلاف من المتظاهرين القنصلية، اقتحم العشرات من المستوطنين المسجد), not, as after
    a toll or an arrest, its victims (قتل العشرات من المدنيين، اعتقل المئات من الشبان)."""
    k = match.last
    # (the verb opens its clause: after a noun it has its subject already, حملات اختطاف
    # استهدفت المئات من أبناء المدينة)
    opens = match.prefixes[:1] in (("و",), ("ف",)) or match.first == 0 \
        or not tokens[match.first - 1].is_word
    return opens and k + 2 < hi and tokens[k].norm in _COUNT_WORDS \
        and tokens[k + 1].norm == "من" and match.form.entry.id not in TOLL_ENTRIES \
        and match.form.entry.mode not in ("arrest", "abduct")


TOLL_ENTRIES = frozenset({"qatl"})  # trigger entries whose verb states a toll (قتل)
# Counts written in words (قتل ثلاثة جنود، أصيب عشرات المدنيين) read like digits.
_COUNT_WORDS = _norms("اثنان", "اثنين", "ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية",
                      "تسعة", "عشرة", "ثلاث", "أربع", "خمس", "ست", "سبع", "ثماني", "تسع", "عشر",
                      "عشرات", "مئات", "آلاف", "العشرات", "المئات", "الآلاف")


NOUN_PHRASE_MAX = 4
_RELATIVE_PRONOUNS = _norms("الذي", "التي", "الذين", "اللذين", "اللتين", "اللواتي", "اللاتي")
_CLAUSE_PREPOSITIONS = _norms("من", "في", "عن", "منذ", "بعد", "قبل", "خلال", "لدى", "عبر")
# Subordinators: what follows is another clause, with a subject and object of its own
# (… في حين فجر مسلح آخر، … عندما أرسلت الحكومة تعزيزات).
_SUBORDINATORS = _norms("حين", "حينما", "بينما", "عندما", "فيما", "بعدما", "كلما")
_CIRCUMSTANTIAL_PRONOUNS = _norms("وهو", "وهي", "وهم", "وهما", "وهن")
# Complementisers with a pronoun that is the reported clause's subject: its verb is active
# (not أنه, which is also the empty "it is that" before a passive: أنه قُتل ثلاثة).
_PRONOUN_SUBJECTS = _norms("أنها", "إنها", "بأنها", "أنهم", "إنهم", "بأنهم", "أنهما", "إنهما")
# Prepositions of a time adjunct (خلال مكالمة، أثناء زيارته، عقب لقائه).
# Definite words after a verb that do not begin its subject: times and relatives.
_NOT_SUBJECT_HEADS = _norms(
    "اليوم", "الأحد", "الاثنين", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة",
    "السبت", "الليلة", "البارحة", "الأسبوع", "الشهر", "العام", "السنة", "الماضي", "الماضية",
    "الذي", "التي", "الذين", "اللذين", "اللتين", "اللواتي", "اللاتي", "الآن", "الان",
    "إليه", "إليها", "إليهم", "إليهما", "إلينا", "إليكم", "إليك")
# Weapon platforms: what an attack is made with, never whom it hits.
# (not مسيرة, also a march, nor دبابات, as often hit as hitting)
_PLATFORMS = _norms("طائرة", "طائرات", "طائرتين", "طيران", "مقاتلات", "مقاتلة", "مروحية",
                    "مروحيات", "مدفعية", "بوارج", "بارجة", "راجمات", "زوارق", "زورق")
# Masculine heads of actor phrases: a feminine verb does not take them as its subject.
_MASCULINE_HEADS = _norms(
    "المجتمع", "الرئيس", "رئيس", "الوزير", "وزير", "مجلس", "المجلس", "الاتحاد", "الجيش",
    "جيش", "التحالف", "تنظيم", "التنظيم", "حزب", "الحزب", "المبعوث", "مبعوث", "الأمين",
    "النظام", "السفير", "سفير", "المتحدث", "متحدث", "الملك", "الأمير", "ولي", "نائب",
    "النائب", "قائد", "القائد", "الحرس", "الزعيم", "زعيم", "المرشد", "البرلمان", "الكونغرس",
    "الكرملين", "البيت", "المدعي", "المنسق", "المفوض", "الصليب", "الشعب")
# Verbs that announce a death (أعلنت الوزارة مقتل): their subject tells of it.
_ANNOUNCING = _norms("أعلن", "أعلنت", "أعلنا", "أكد", "أكدت", "أفاد", "أفادت", "ذكر", "ذكرت",
                     "نعى", "نعت", "أوضح", "أوضحت", "كشف", "كشفت", "أكدوا", "أعلنوا")
_ANNOUNCED_REACH = 6  # tokens from the announcing verb to the toll noun
# Words naming a cause (not في or إثر, which also place an act in time: قتلت القوات 10
# مسلحين في اشتباكات).
_CAUSE_OF = _norms("بسبب", "بفعل", "جراء", "نتيجة")
_ADJUNCT = _norms("خلال", "أثناء", "اثناء", "عقب", "إثر", "اثر", "لدى", "عند")
# A complementiser carrying "he/she/they": the reported verb's subject is the speaker.
_RESUMPTIVE = _norms("أنه", "أنها", "إنه", "إنها", "بأنه", "بأنها", "أنهم", "إنهم", "بأنهم")
# Speech verbs whose object takes a preposition (رحب بـ، أشاد بـ، ندد بـ، طالب بـ): a bare
# participant right after them is their subject (ورحبت الأمم المتحدة بالخطوة).
_PREPOSITIONAL_OBJECT = tuple(norm(w) for w in ("رحب", "أشاد", "أثنى", "أثنت", "ندد", "طالب"))
# Event types whose verbal noun's genitive is the actor, not the acted on.
_ACTOR_GENITIVE_TYPES = frozenset({"MOBILIZE", "PROTEST", "RETREAT"})
# Event types whose verbs report speech acts: after و, such a verb with one participant
# after it has dropped its subject (وصف X … واتهم واشنطن بـ…): the participant is the object.
_SPEECH_TYPES = frozenset({"ACCUSE", "REQUEST", "THREATEN", "SUPPORT", "REJECT"})


def _indefinite_object(tok: Token) -> bool:
    """An indefinite accusative noun (فندقا، مواقع not: only the tanwin alif shows it): the
    object right after a verb, so a name after it is not the subject (استهدف فندقا ملاصقا
    لمقر الاستخبارات). Adverbs look the same and are let through (مؤخرا، أيضا)."""
    w = tok.norm
    # (not a preposition with "her/it", فيها، عليها، منها: انسحبت منها القوات)
    return tok.is_word and len(w) > 3 and w.endswith("ا") and not w.endswith("ها") \
        and not w.startswith("ال") and not w[:1].isdigit() and w not in _NOT_PARTICIPANTS \
        and w not in _ADVERBS


# Adverbs in the accusative, which stand between a verb and its subject (وأكد أيضا الوزير).
_ADVERBS = _norms("مؤخرا", "حاليا", "رسميا", "سابقا", "لاحقا", "مجددا", "أخيرا", "فعلا",
                  "تماما", "كذلك", "خصوصا", "خاصة", "حديثا", "قريبا", "أولا", "ثانيا", "ليلا",
                  "نهارا", "صباحا", "ظهرا", "عصرا", "فجرا", "يوميا", "أسبوعيا", "شهريا",
                  "سنويا", "جزئيا", "كليا", "جوا", "برا", "بحرا", "عمدا", "قصدا", "مباشرة",
                  "مباشرا", "فورا", "تقريبا", "عموما", "أساسا", "أصلا", "دائما", "أبدا",
                  "مسبقا", "مطلقا", "معا", "جميعا", "بعيدا", "عادة", "شخصيا", "علنا", "سرا")


def _opens_a_prepositional_phrase(w: str) -> bool:
    """A preposition, or a word with بـ on a verbal noun (بعودة، بالإفراج). (Not من or
    نحو, which also count: عدد من الرهائن، نحو ألف جندي.)"""
    return w in _OBJECT_OPENERS or (w[:1] == "ب" and len(w) > 4 and not w.startswith(_TOWARDS))


# بـ words that point at whom an act is aimed (بإطلاق النار باتجاه المتظاهرين): the name
# after them is still the act's.
_TOWARDS = tuple(_norms("باتجاه", "بحق", "بوجه"))


_OBJECT_OPENERS = _norms("إلى", "على", "عن", "في", "ضد", "مع", "بين", "تجاه")


def _subject_end(tokens: Sequence[Token], after: Sequence[Participant],
                 source: Participant | None, t_last: int) -> int:
    """Where a verb's subject after it ends, with the doers joined to it by و (وحرر الجيش
    اليمني والتحالف العربي مديرية حيس: one more doer, not the object): the object comes
    after. Right after the verb when the subject stands elsewhere."""
    if source is None or source.first < t_last:
        return t_last
    end = source.last
    for p in after:
        if p.first == end and p.first > source.first and tokens[p.first].norm.startswith("و") \
                and p.actor.start > tokens[p.first].start:
            end = p.last
    return end


def _past_adjectives(tokens: Sequence[Token], after: Sequence[Participant], end: int) -> int:
    """Past the adjectives of the subject that ends at `end`, which no known actor's span
    holds: ضبط أحد العناصر الإرهابية قبل… names no الإرهابية. An actor there is the object
    (اتهم التحالف الحوثيين) unless it goes on a chain of them (حركة الشباب الإرهابية
    الصومالية)."""
    starts = {p.first for p in after}
    first = end
    while 0 < end < len(tokens) and (end not in starts or end > first) \
            and _nisba_of(tokens[end], tokens[end - 1]):
        end += 1
    return end


def _nisba_of(tok: Token, noun: Token) -> bool:
    """Whether `tok` is a relational adjective (الإرهابية، المسلحين) agreeing in definiteness
    with the noun before it."""
    w = tok.norm
    return tok.is_word and noun.is_word and len(w) > 5 \
        and _has_article(tok) == _has_article(noun) and w.startswith("ال") \
        and w.endswith(("يه", "يين", "يون"))


def reports_only(actor: Actor, event_type: str) -> bool:
    """Whether an actor can only have told of an act of this type, not done it: the press
    (a reporter, an agency, a paper) protests, speaks or apologises, but does not fight,
    meet, arrest or sign in the events it reports."""
    return actor.sector == "MED" and event_type not in _SPEECH_TYPES \
        and event_type not in ("PROTEST", "CONCEDE")


def _conjunct_verb_between(tokens: Sequence[Token], a: int, b: int) -> bool:
    """Whether tokens[a:b] hold a new conjunct clause: a comma before a word with و, or a
    past verb with و (واقتربت، وقتلوا): not a list of names (عدن ولحج والضالع)."""
    return any(opens_conjunct(tokens, k, b) or _conjunct_verb(tokens[k].norm)
               for k in range(a, b))


def _coordinated_between(tokens: Sequence[Token], a: int, b: int) -> bool:
    """Whether a past verb with و (a new conjunct: وأعلنته، واقتربت) stands in tokens[a:b];
    not an adjective (هجوما وحشيا على …) nor a name in a list."""
    return any(_conjunct_verb(tokens[k].norm) for k in range(a, b))


def _conjunct_verb(w: str) -> bool:
    """A word read as و + a past verb: its ending is a verb's (ت، وا) or one with an
    object pronoun (ته، تها، تهم، وه، وها)."""
    return w.startswith("و") and not w.startswith("وال") and len(w) > 4 and w.endswith(
        ("ت", "وا", "ته", "تها", "تهم", "وه", "وها"))


_LEADERSHIP = _norms("بقيادة", "بزعامة")
# Weapons and fire, which an act's sentence may make its subject (إن 110 صواريخ أطلقت، نيران
# الدبابة قتلت): instruments, no agent.
_WEAPONS = _norms("صاروخ", "صواريخ", "قذيف", "قذائف", "رصاص", "نيران", "قنبل", "عبو", "لغم",
                  "الغام", "مدفعي")


_LEADER_PHRASE = 8  # tokens after بقيادة that name and describe the leader


def _in_leadership(tokens: Sequence[Token], first: int, lo: int) -> bool:
    """Whether tokens[first] is inside a بقيادة phrase (بقيادة القائد السابق لحرس المنشآت
    إبراهيم الجضران): the leader and his titles are not whom the act hit."""
    for k in range(first - 1, max(lo, first - _LEADER_PHRASE) - 1, -1):
        if not tokens[k].is_word:
            return False
        if tokens[k].norm in _LEADERSHIP:
            return True
    return False


def _leads_the_subject(match: TriggerMatch, tokens: Sequence[Token],
                       after: Sequence[Participant], p: Participant) -> bool:
    """Whether an agent after بقيادة leads the subject a verb already has (وهاجمت جماعات
    مسلحة بقيادة الجضران: the groups attack, led by him), rather than naming its agent."""
    if match.form.pos != VERB or not any(
            tokens[k].norm in _LEADERSHIP for k in range(max(0, p.first - 3), p.first)):
        return False
    return any(not q.marked and match.last <= q.first < p.first
               and q.first - match.last <= SUBJECT_GAP for q in after)


_EXPOSED = _norms("تعرض", "تعرضت", "تعرضوا", "يتعرض", "تتعرض", "يتعرضون", "وتعرض", "وتعرضت",
                  "وتعرضوا", "ويتعرض", "وتتعرض")


# Verbs whose subject faces or receives the act their object names.
_FACING = _norms("واجه", "واجهت", "يواجه", "تواجه", "يواجهون", "وواجه", "ويواجه", "وتواجه",
                 "تلقت", "تلقوا")
# تلقى "received" as written: normalised it is تلقي, which is also تُلقي "delivers, throws"
# (تلقي الشرطة القبض، تلقي كلمة)
_RECEIVING = frozenset({"تلقى", "يتلقى", "تتلقى", "يتلقون"})
_EXPOSED_REACH = 5  # tokens from the exposed party to the verbal noun


def _an_adjective(match: TriggerMatch, p: Participant, tokens: Sequence[Token]) -> bool:
    """Whether a one-word unknown "actor" right after a verbal noun is its adjective (هجوم
    إرهابي، هجوم مسلح، الهجوم الإرهابي): after an indefinite noun a singular indefinite nisba
    or participle, as an adjective agreeing with the noun is, since such a genitive would be
    plural (هجوم مسلحين); after a definite noun a definite nisba."""
    w = tokens[p.first].norm
    if p.first != match.last or p.last - p.first != 1 or p.actor.id is not None:
        return False
    if "ال" in match.prefixes or tokens[match.last - 1].norm.startswith("ال"):
        # a definite noun is no construct, so a definite nisba after it is its adjective
        # (الهجوم الإرهابي، التفجير الانتحاري)
        return _has_article(tokens[p.first]) and w.endswith(("ي", "يه")) and len(w) > 5
    return (not w.startswith("ال") and not w.endswith(("ين", "ون", "ات"))
            # a nisba (إرهابي) or a short participle (مسلح); not a noun (اقتحام قوة من الجيش)
            and (w.endswith("ي") or (w.startswith("م") and len(w) <= 5)))


def _exposed(match: TriggerMatch, tokens: Sequence[Token], lo: int) -> bool:
    """Whether a verbal noun with لـ is governed by تعرض "was subjected to" within its
    clause (تعرضت دورية للجيش لهجوم), or one without a preposition by a verb of facing or
    receiving (يواجه إردوغان اتهامات من معارضيه، تلقى الوزير دعوة)."""
    if match.form.pos == VERB:
        return False
    window = range(max(lo, match.first - _EXPOSED_REACH), match.first)
    if match.prefixes[:1] == ("ل",):
        return any(tokens[k].norm in _EXPOSED for k in window)
    # (its object: no preposition between, not تواجه العملية في مناطق سيطرة الحوثيين)
    facing = next((k for k in reversed(window) if tokens[k].norm in _FACING
                   or tokens[k].text.removeprefix("و") in _RECEIVING), None)
    return not match.prefixes and facing is not None and not any(
        tokens[j].norm in _CLAUSE_PREPOSITIONS for j in range(facing + 1, match.first))


def _past_time_aside(tokens: Sequence[Token], k: int, hi: int) -> int:
    """The index past a time set off by commas at `k` (غارات النظام، الأحد، على الغوطة), else
    `k` itself."""
    if k + 2 < hi and tokens[k].norm == "," and tokens[k + 1].norm in _NOT_SUBJECT_HEADS \
            and tokens[k + 2].norm == ",":
        return k + 3
    return k


def _adjective(token: Token) -> bool:
    """Whether a word is a definite nisba adjective (الأسبوعي، الطارئة، العسكرية)."""
    w = token.norm
    return w.startswith("ال") and len(w) > 4 and w.endswith(("ي", "يه"))


def _definite_subject_before(tokens: Sequence[Token], t_last: int, subj: Participant) -> bool:
    """Whether the words between a verb and the first actor after it open with a definite
    noun that is no time word: they are the subject though no known actor, and the actor is
    the object (واتهم الزعماء في بيان إسرائيل، قصفت الطائرات الحربية مواقع الحوثيين). Not
    before a person, whom a title precedes (الرئيس الأميركي دونالد ترمب), nor before a
    nisba that ends the phrase (شنت الطائرات الروسية)."""
    if subj.first <= t_last or subj.actor.kind == "person" or not tokens[t_last].is_word:
        return False
    w = tokens[t_last].norm
    if not w.startswith("ال") or len(w) <= 3 or w in _NOT_SUBJECT_HEADS or w in _COUNTED_FROM:
        return False  # (انسحب الكثير من مقاتلي الوحدات: the counted are the subject)
    # (a nisba after the phrase is its adjective: استهدفت الضربات الصاروخية الأمريكية)
    return not (subj.last == subj.first + 1 and tokens[subj.first].norm.startswith("ال")
                and tokens[subj.first].norm.endswith(("ي", "يه", "يين", "يون")))


def _disagrees(verb: Token, subj: Participant, tokens: Sequence[Token], t_last: int) -> bool:
    """Whether a feminine verb (قتلت، دعت، طالبت) is followed by a masculine phrase, which
    then cannot be its subject: ودعت المجتمع الدولي إلى…، وحمّلت الحوثيين المسؤولية have
    their subject before or in an earlier sentence and name the object. Masculine: a sound
    masculine plural (الحوثيين، المواطنين; not a state, البحرين) or a masculine head (الرئيس،
    مجلس). A feminine noun heading the phrase agrees (اعترضت دفاعات التحالف)."""
    if not verb.norm.endswith("ت") or len(verb.norm) < 4:
        return False
    if subj.first == t_last + 1 and tokens[t_last].norm.endswith(("ات", "ه")) \
            and not tokens[t_last].norm.startswith("ال"):
        return False
    if subj.first > t_last + 1 and tokens[subj.first - 1].norm == "من" \
            and tokens[subj.first - 2].norm in _COUNTED_FROM:
        return False  # هاجمت مجموعة من مسلحي التنظيم: the count before من heads the phrase
    head = tokens[subj.first].norm.removeprefix("و")
    if head in _MASCULINE_HEADS:
        return True
    written = tokens[subj.first].text.removeprefix("و")
    if written.endswith("ي") and len(written) >= 5 and subj.actor.kind not in ("state", "person"):
        return True  # a plural in construct (وطردت مسلحي القاعدة; not موغريني, a woman)
    if subj.actor.kind in ("state", "place"):
        return False
    # (a nisba plural, الحوثيين، اليمنيين, is a people whatever its country; another word in
    # ين only when it names no country, not فلسطين)
    return head.endswith(("يين", "يون")) or (
        head.endswith(("ين", "ون")) and len(head) > 5 and subj.actor.country is None)


def _carries_object(verb: Token) -> bool:
    """Whether a verb carries its object as a pronoun (طردتها، استقبله، شنتها)."""
    return verb.norm.endswith(("ها", "هم", "هما", "ته")) and len(verb.norm) > 4


def _relative_with_antecedent(match: TriggerMatch, tokens: Sequence[Token], lo: int) -> bool:
    """Whether a verb opens a relative clause and carries its antecedent as a pronoun
    (الضربات التي شنتها 3 دول غربية): its subject follows it, never precedes."""
    return match.form.pos == VERB and match.first > lo \
        and tokens[match.first - 1].norm in _RELATIVE_PRONOUNS \
        and _carries_object(tokens[match.first])


def _relative_without_resumption(match: TriggerMatch, tokens: Sequence[Token],
                                 subj: Participant) -> bool:
    """Whether a verb right after a relative pronoun has no pronoun for its antecedent, on
    itself or on a preposition or بـ phrase up to a few words past the phrase after it
    (القرار الذي طالب جماعة الحوثيين، المجموعات التي وقعت اتفاق السلام): the antecedent is
    its subject and the phrase its object; not الهجوم الذي نفذه داعش، الذي قام به الجيش،
    التي حملت بريطانيا روسيا المسؤولية عنها, whose subject follows."""
    k = match.first
    if k == 0 or tokens[k - 1].norm not in _RELATIVE_PRONOUNS or match.last - match.first > 1:
        return False
    written = tokens[k].text
    if written.endswith(OBJECT_PRONOUNS) and len(written) > 3:
        return False
    if match.last < len(tokens) and (tokens[match.last].norm in _PASSIVE_NEXT
                                     or tokens[match.last].norm in _TIME_AFTER):
        return False  # (a passive: علي الكيمياوي الذي أعدم في 2010، الصفقة التي أبرمت مع تركيا)
    # (the pronoun may come after the phrase: التي حملت بريطانيا روسيا المسؤولية عنها، الذي
    # وافقت إيران بموجبه، التي أمر ترامب بتبنيها)
    return not any(_resumptive(tokens[j].text)
                   for j in range(match.last, min(len(tokens), subj.last + _RESUMPTION_REACH)))


_RESUMPTION_REACH = 3


def _resumptive(written: str) -> bool:
    """A word carrying a pronoun for a relative clause's antecedent: a preposition's (عنها،
    به) or a بـ phrase's (بموجبه، بتبنيها), not a noun's own (أمر جيشه)."""
    w = norm(written.removeprefix("و"))
    return w in _PRONOUN_PREPOSITIONS or w in _ADJUNCT_PRONOUNS or (
        w.startswith(("ب", "ضد")) and written.endswith(OBJECT_PRONOUNS) and len(w) > 4)


def _antecedent(before: Sequence[Participant], tokens: Sequence[Token],
                rel: int) -> Participant | None:
    """The actor a relative pronoun at `rel` refers to: the one right before it, or before
    an apposition set off by commas (ديان أبوت، وزيرة خارجية الظل، التي دعت)."""
    def ending_at(end: int) -> Participant | None:
        # (its last word may be a name's tail no dictionary holds: وزارة الظل)
        return next((p for p in reversed(before) if not p.marked and 0 <= end - p.last <= 1
                     and p.first < end), None)

    end = rel - 1 if rel > 0 and tokens[rel - 1].norm == "," else rel
    near = ending_at(end)
    if end < rel:
        # past one apposition: the comma that opens it
        start = next((j for j in range(end - 1, max(-1, end - NOUN_PHRASE_MAX - 2), -1)
                      if tokens[j].norm == ","), None)
        if start is not None:
            near = ending_at(start) or near
    return near


def _present_dual(match: TriggerMatch, tokens: Sequence[Token]) -> bool:
    """Whether a present verb is dual (وتدعمان، يبحثان): it carries its subject, named
    before it, as a plural verb does (a verb before its subject is singular)."""
    w = tokens[match.first].norm
    bare = w[1:] if w[:1] in "وفل" else w
    bare = bare[1:] if bare[:1] == "س" else bare
    return match.form.present and bare[:1] in "يت" and bare.endswith("ان") and len(bare) >= 6


def _may_head_a_subject(tok: Token) -> bool:
    """Whether a word may open a subject: not an accusative (تغييراً طائفياً), a ب phrase
    (بعرقلة عودة) or another verb (ويسئن إليها)."""
    w = tok.norm
    return not _indefinite_object(tok) and not _opens_a_clause(w.removeprefix("و")) \
        and not (w.startswith("ب") and len(w) > 4)


def _cannot_follow_as_subject(match: TriggerMatch, tokens: Sequence[Token],
                              subj: Participant) -> bool:
    """Whether the phrase after a verb cannot be its subject: the verb is in the first
    person plural, whose subject it carries (لن نرسل قوات برية، نرحب بالحوار; not the
    singular prefix أ, which the passive أُدين also has), or the phrase is a sound masculine
    plural in the oblique case, an object's (أن يستهدف المدنيين; a subject would be
    المدنيون)."""
    verb = tokens[match.first].norm
    bare = verb[1:] if verb[:1] in "وفل" and len(verb) > 4 else verb
    bare = bare[1:] if bare[:1] == "س" and len(bare) > 4 else bare
    if match.form.present and bare[:1] == "ن" and len(bare) > 3:
        return True
    if _relative_without_resumption(match, tokens, subj):
        return True
    head = tokens[subj.first].norm
    # (not a count's kind after من, where the case is the preposition's: حاصر الآلاف من
    # المتظاهرين)
    return subj.first >= match.last and head.startswith("ال") and head.endswith("ين") \
        and len(head) > 6 and not head.endswith("الدين") \
        and subj.actor.kind not in ("state", "place", "person") \
        and not (subj.first == match.last + 2 and (
            _counted_doers(match, tokens, len(tokens)) or (
                tokens[match.last].norm in _GROUP_HEADS and tokens[match.last + 1].norm == "من"
                and match.type not in ("ASSAULT", "COERCE"))))


def _possessed(token: Token) -> bool:
    """Whether a verbal noun carries a possessive pronoun (دعمها، ودعمهم، اعتقاله)."""
    # (on the written form: normalising writes ة as ه, محاولة as محاوله)
    w = token.text.removeprefix("و")
    return not w.startswith(("ال", "بال", "لل")) and w.endswith(("ها", "هم", "هما", "ه")) \
        and len(w) > 4


def _nisba_agent(match: TriggerMatch, p: Participant, tokens: Sequence[Token],
                 t_last: int) -> bool:
    """Whether `p` is a known actor's nisba adjective right after a definite verbal noun
    (الهجوم التركي، الانقلاب الحوثي، الدعم القطري): in Arabic the adjective names whose act
    it is, not whom it hit. Not for meetings (القمة العربية is where Arabs meet)."""
    # (past the act's own adjectives: الغارات الجوية الروسية، الضربات العسكرية الأمريكية)
    k = t_last
    while k < p.first and k - t_last < 2 and tokens[k].norm.startswith("ال") \
            and tokens[k].norm.endswith(("ي", "يه")) and len(tokens[k].norm) > 4:
        k += 1
    if match.form.pos == VERB or match.type in SYMMETRIC or p.first != k \
            or p.last != k + 1 or p.marked or p.actor.id is None \
            or p.actor.kind not in ("state", "armed group"):
        return False  # (not الخارجية، الداخلية: التهديدات الخارجية are external threats)
    head, adj = tokens[t_last - 1].norm, tokens[k].norm
    if match.form.entry.id in _STRIKE_ENTRIES and not head.lstrip("وبلف").startswith("ال") \
            and not adj.startswith("ال") and adj.endswith(("ي", "يه")) \
            and p.actor.kind == "state":
        return True  # قصف روسي، هجوم إسرائيلي: an indefinite strike's nisba is whose it is
    # (agreeing with it: a feminine noun takes a feminine adjective, so in قانون العقوبات
    # المصري the adjective is the law's)
    return head.lstrip("وبلف").startswith("ال") and adj.startswith("ال") and len(adj) > 4 \
        and adj.endswith(("ي", "يه", "يين", "يون")) \
        and (adj.endswith("يه") or not head.endswith(("ات", "ه")))


# Strikes, whose indefinite nisba names the striker (قصف روسي), unlike an arrest or a killing,
# whose nisba may name the person it befell (اعتقال أمريكي).
_STRIKE_ENTRIES = frozenset({"qasf", "hujum", "ghara", "itida"})


def _cause_follows(tokens: Sequence[Token], k: int, hi: int) -> bool:
    """Whether tokens[k] opens the cause of a death (بغارة، برصاص، جراء، إثر): a toll verb
    followed by it at once has no object, so it is the passive (قتل بغارة "was killed by")."""
    if k >= hi or not tokens[k].is_word:
        return False
    w = tokens[k].norm
    return (w in CAUSAL and w != "في") or (
        w.startswith("ب") and len(w) > 4 and w not in COMPLEMENTISERS
        and w not in _SUBORDINATORS)


def _toll_without_object(match: TriggerMatch, tokens: Sequence[Token], hi: int) -> bool:
    """Whether a plural toll verb (قتلوا، أصيبوا) is followed by no object: the sentence or
    clause ends, or a place, time or cause follows (قتلوا في هجوم، قتلوا برصاص القناصة); or a
    singular one (قتل، قتلت) is followed at once by its cause (قتل بغارة لطيران التحالف)."""
    if tokens[match.first].norm.removeprefix("و") not in load_casualty_lexicon().toll_after_subject:
        return match.form.entry.id in TOLL_ENTRIES and not match.form.present \
            and _cause_follows(tokens, match.last, hi)
    k = match.last
    if k >= hi or not tokens[k].is_word:
        return True
    w = tokens[k].norm
    # (or a nominative predicate: المدنيون الذين قتلوا عراقيون)
    return w in _PHRASE_STOP or w in _NOT_PARTICIPANTS or (w.startswith("ب") and len(w) > 4) \
        or (w.endswith("ون") and not w.startswith("ال") and len(w) > 4
            and match.first > 0 and tokens[match.first - 1].norm in _RELATIVE_PRONOUNS)


def _toll_verb_subject(before: Sequence[Participant], tokens: Sequence[Token],
                       t_first: int) -> Participant | None:
    """The subject of a toll verb stated after it: the participant right before the verb, or
    the head of the reported clause's subject phrase (أن القيادي الحوثي … ومرافقيه قتلوا)."""
    if not before:
        return None
    if before[-1].last == t_first:
        return before[-1]
    if before[-1].last == t_first - 1 and tokens[t_first - 1].norm in _RELATIVE_PRONOUNS:
        return before[-1]  # الجنود الذين قتلوا في الهجوم: who were killed
    comp = next((k for k in range(t_first - 1, max(0, t_first - OBJECT_GAP) - 1, -1)
                 if tokens[k].norm in COMPLEMENTISERS), None)
    # (a comma may close the subject phrase: إن مدنيين بينهم نساء وأطفال، قتلوا بالقصف)
    if comp is None or any((not tokens[k].is_word and tokens[k].norm != ",")
                           or tokens[k].norm in _RELATIVE_PRONOUNS
                           or tokens[k].norm in _SUBORDINATORS for k in range(comp + 1, t_first)):
        return None
    # (its head may be a title before the name: القيادي الحوثي، الناشط فلان)
    return next((p for p in before if comp < p.first <= comp + 2 and not p.marked), None)


def _relative_patient(match: TriggerMatch, before: Sequence[Participant], text: str,
                      tokens: Sequence[Token], t_first: int, lo: int, hi: int,
                      others: Sequence[int]) -> Actor | None:
    """The head of a relative clause whose past verb of violence or coercion takes no object
    (الناشط الذي اختطف الأربعاء الماضي، الصحفيين الذين اعتقلوا في المدينة، والسيدة التي
    خطفت، تعمل راعية): the verb reads as passive and the head is who was hit, a known actor
    or the definite noun itself. Only before a time, a place, a cause (اعتقل بتهمة) or the
    clause's end: not before على, which carries the object of some such verbs (الذي سيطر
    على)."""
    if match.type not in ("ASSAULT", "COERCE") or match.form.present or match.form.entry.needs \
            or t_first - 1 <= lo or tokens[t_first - 1].norm not in _RELATIVE_PRONOUNS:
        return None
    if before and before[-1].last == t_first - 1:
        head = before[-1].actor
    else:
        # a definite noun no dictionary knows: not an act (الهجوم الذي استهدف في الرابع من
        # آذار الجاسوس) or its adjective (الهجوم الكيمياوي الذي), a weapon (الصواريخ التي
        # أطلقت), nor before a verb carrying a pronoun (الجهة التي اختطفته: who took him)
        if t_first - 2 in others:
            return None
        tok = tokens[t_first - 2]
        joined = tok.text.startswith("و")
        w = tok.norm.removeprefix("و" if joined else "")
        if not tok.is_word or not w.startswith("ال") or len(w) < 5 \
                or w.endswith(("ي", "يه")) or tokens[t_first].norm.endswith(OBJECT_PRONOUNS):
            return None
        a = tok.start + (1 if joined else 0)
        head = Actor(a, tok.end, text[a:tok.end], None, text[a:tok.end], None, None, None)
        if _device(head) or _platform(head) or _instrument(head, match) \
                or w.removeprefix("ال") in _FIRED:
            return None
    k = match.last
    # (past a time, which may stand before an object: الذين هاجموا الجمعة الماضي نقطة تفتيش)
    while k < hi and (tokens[k].norm in _TIME_AFTER or tokens[k].norm in _NOT_SUBJECT_HEADS
                      and tokens[k].norm not in _RELATIVE_PRONOUNS):
        k += 1
    if k < hi and tokens[k].is_word and tokens[k].norm not in _PLACE_AFTER \
            and not _cause_follows(tokens, k, hi):  # (اعتقل بتهمة، قصف بقنبلة ذرية)
        return None
    return head


# What is fired besides the devices and platforms above (الصواريخ التي أطلقت)
_FIRED = _norms("صاروخ", "صواريخ", "مسيرة", "مسيرات")
_BESIDE = _norms("جانب")  # إلى جانب: alongside, an ally, not an object
_WHENCE = _norms("من", "إلى")  # where a patient is taken from or to
_UNDER = _norms("تحت", "وتحت")  # تحت قصف X: X is who shells
# Words after a verb that leave it without an object: a time, then a place, a cause or the
# clause's end (اختطف الأربعاء الماضي في مدينة تعز).
_TIME_AFTER = _norms("أمس", "امس", "يوم", "صباح", "مساء", "ليلة", "فجر")
_PLACE_AFTER = _norms("في", "من", "خلال", "منذ", "قبل", "بعد", "عند", "أثناء", "اثناء", "قرب",
                      "داخل")
# After a relative clause's verb, these make it passive (الذي أعدم في 2010، التي أبرمت مع تركيا)
_PASSIVE_NEXT = _PLACE_AFTER | _norms("مع", "السبت", "الأحد", "الاثنين", "الثلاثاء", "الأربعاء",
                                      "الخميس", "الجمعة", "عام")


def _object_between(tokens: Sequence[Token], after: Sequence[Participant], k: int,
                    end: int) -> bool:
    """Whether token k, before `end`, is an indefinite noun that begins no participant: the
    object after a genitive agent (احتجاز الشرطة أعضاء من جماعتهم), not the rest of the
    genitive's own phrase (طرد عناصر الهيئة من، اعتقال فلان وآخرين من)."""
    w = tokens[k].norm
    return k < end and tokens[k].is_word and not w.startswith(("ال", "و")) \
        and not any(p.first == k for p in after)


def _toll_subject(match: TriggerMatch, tokens: Sequence[Token], lo: int) -> int | None:
    """Where the count before a plural toll verb begins (19 شخصا على الأقل قتلوا، 4 جنود
    قتلوا): the verb is passive and the counted phrase is who was hit; None otherwise."""
    lex = load_casualty_lexicon()
    if tokens[match.first].norm.removeprefix("و") not in lex.toll_after_subject:
        return None
    for k in range(match.first - 1, max(lo, match.first - 5) - 1, -1):
        w = tokens[k].norm
        if not tokens[k].is_word or w in COMPLEMENTISERS:
            return None
        if _DIGITS.fullmatch(w) or w in _COUNT_WORDS:
            return k
        verb = tokens[match.first].norm
        if k == match.first - 1 and _dual_noun(w) and verb.endswith("ا") \
                and not verb.endswith("وا"):
            return k  # (شخصين قتلا، جنديان قتلا: a dual counts two)
    return None


def _dual_noun(w: str) -> bool:
    """An indefinite dual noun (شخصين، جنديان), not a definite one or a name."""
    return w.endswith(("ين", "ان")) and not w.startswith("ال") and len(w) >= 5


def _after_preposition(tokens: Sequence[Token], p: Participant, lo: int) -> bool:
    """Whether a participant stands right after a clause preposition (من، في، عن…)."""
    return p.first > lo and tokens[p.first - 1].norm in _CLAUSE_PREPOSITIONS


def _clause_break(tokens: Sequence[Token], a: int, b: int) -> bool:
    """Whether tokens[a:b] hold the start of another clause: a complementiser, a
    subordinator, or a comma before a word with و (…، وقال أحدهم إن)."""
    return any(tokens[k].norm in COMPLEMENTISERS or tokens[k].norm in _SUBORDINATORS
               or opens_conjunct(tokens, k, len(tokens)) for k in range(a, b))


def main_subject(parts: Sequence[Participant], tokens: Sequence[Token], lo: int,
                 t_first: int) -> Participant | None:
    """The subject of the main clause, which a circumstantial or a coordinated verb shares:
    the last participant not after a preposition before the first complementiser (قالت X …
    إن Y … متهمة Z → X), or else the first before the trigger. None when the main clause
    has none of its own (its subject was named in an earlier sentence)."""
    # the main clause is the last coordinated one before the trigger (وقعت الحكومة والمتمردون
    # اتفاقا، ورحبت الأمم المتحدة …، داعية: the UN), not the trigger's own (…، واتهم)
    start = next((k + 1 for k in range(t_first - 2, lo - 1, -1)
                  if opens_conjunct(tokens, k, t_first)), lo)
    comp = next((k for k in range(start, t_first) if tokens[k].norm in COMPLEMENTISERS), None)
    end = comp if comp is not None else t_first
    cands = [p for p in parts if start <= p.first and p.last <= end and not p.marked
             and (p.first == lo or tokens[p.first - 1].norm not in _CLAUSE_PREPOSITIONS)]
    if not cands:
        return None
    # the speaker is the last before its complementiser (فقال الهاروني … إن); with none, the
    # clause opens with its verb and subject, and later participants are objects (وصف
    # المتحدث … التحذيرات الأمريكية …، واتهم واشنطن)
    return cands[-1] if comp is not None else cands[0]


_THERE = _norms("هناك", "هنا", "هنالك")
# A group of a kind (مجموعة من الراهبات، عدد من الطلاب)
_GROUP_HEADS = _norms("مجموعة", "مجموعات", "عدد", "حشد", "حشود", "فريق", "جمع")
# Words that open no phrase though inside one they belong to it: adverbs of domain (ما طلب
# دوليا، طلبوا رسميا; but وفدا عسكريا سعوديا) and inside/outside (انفجار داخل سوق; but
# مجموعات داخل الحديدة تتعاون)
_NO_PHRASE_START = _norms("دوليا", "عسكريا", "سياسيا", "اقتصاديا", "أمنيا", "رسميا", "محليا",
                          "إقليميا", "شعبيا", "عربيا", "ميدانيا", "إعلاميا", "دبلوماسيا",
                          "داخل", "خارج")
_GREGORIAN = frozenset(date_lexicon().greg_months)
_MONTHS = _GREGORIAN | frozenset(date_lexicon().hijri_months)
# Words that open a phrase naming no participant: times, quantities, manners, relatives and
# negation (مساء الخميس، قدرها 40 ألف دولار، سرا، غير مسبوقة، أي هجوم، ما يعرف).
_NOT_PARTICIPANTS = _norms(
    "مساء", "صباح", "ليل", "ليلة", "فجر", "ظهر", "عصر", "يوم", "أمس", "اليوم", "غدا", "حين",
    "عام", "العام", "شهر", "الشهر", "الأسبوع", "أسبوع",
    "قرب", "بالقرب", "قبالة", "أمام",  # where, not whom (مواجهات قرب الحدود)
    "متنها", "متنه", "متنهم",  # on board (كانوا على متنها): the craft, not whom
    "حينها", "حينما", "عندما", "بعدما", "بينما", "قدرها", "قدره", "بقيمة", "نحو", "حوالي", "أكثر",
    "أقل", "سرا", "علنا", "مجددا", "مرارا", "تكرارا", "أيضا", "فقط", "غير", "أي", "ما",
    "مما", "كل",
    "ردا", "انتقاما", "تزامنا",  # why or when (شُنت ردا على…), not whom
    "مسلحة",  # the adjective of a group named before (جماعات مسلحة), no new phrase
    "طريقة", "غرار",  # how (على طريقة الكوماندوز، على غرار ما حصل)
    "الذي", "التي", "الذين", "اللذين", "اللتين", "لا", "لم", "لن", "قد", "كان", "كانت",
    "إلى", "حتى", "ذلك", "هذا", "هذه", "تلك", "عملية", "بشكل", "بصورة", "بما", "الأقل",
    "علاقة", "صلة", "إطار", "ظل", "سياق", "ضوء",  # relations and frames, not participants
    "بشأن", "بخصوص", "حول",  # what it is about (محادثات بشأن برنامج إيران)
    "عمدا", "قصدا", "عشوائيا",  # how (استهدفت عمدا)
    "مرة", "مرات", "مرتين", "مرتان", "مدى",  # how often, how long (مرة أخرى، على مدى السنوات)
    "النطاق",  # واسع النطاق: part of an adjective
    "تحت",  # under (تحت شعار، تحت ذريعة): a preposition, not a phrase's head
    "جميعا", "جميعهم", "كلهم", "كلها", "ثم",  # all of them (قتلتهم جميعا); then
    "وقت", "بلا", "دون",  # when (انفجارا وقت انطلاق الصفارات); without (بلا هوادة)
    "الفور", "فورا", "حد",  # على الفور، فورا "at once", على حد تعبيره "as he put it"
    "لمدة", "مدة", "طوال", "طيلة",  # for how long (تمديد حالة الطوارئ لمدة شهرين)
    "أفضل", "أكبر", "أقوى", "أوسع",  # elatives describe (صفقة أفضل)
    # adjectives of degree describe the act before them (ضغوط أميركية شديدة، رفضا واسعا)
    "شديد", "شديدة", "شديدا", "واسع", "واسعة", "واسعا", "متزايد", "متزايدة", "متزايدا",
    "مكثف", "مكثفة", "مكثفا", "عنيف", "عنيفة", "عنيفا", "حاد", "حادة", "حادا",
    "جديد", "جديدة", "جديدا", "بكل",  # (بكل سهولة: how)
    *_THERE,  # there (هناك من اغتال والده: someone, unnamed)
    "بموجب",  # under (الإعدامات بموجب القانون الدولي): what allows it, no one
    "كذلك", "مستمر", "مستمرة", "متواصل", "متواصلة",  # also; ongoing (هجوم جوي مستمر)
    "لليوم", "للأسبوع", "للشهر", "للعام", "للمرة",  # for how long (لليوم الخامس)
    "مدتها", "مدته", "الصنع",  # مهلة مدتها 3 أيام، عبوة بدائية الصنع
    "كن",  # they (f.) were (قذيفة كن يلهون بها): a verb
    # how and how long (انتقده بشدة، انسحاب القوات تدريجيا، لليوم الرابع على التوالي،
    # مظاهرات شبه يومية), and كامل "the whole of" ground (استعادة كامل الجنوب)
    "بشدة", "تدريجيا", "مؤقتا", "نهائيا", "جزئيا", "كليا", "تماما", "التوالي", "شبه", "كامل",
    # a circumstantial clause's pronoun (يستهدفها المتمردون وهم يهللون): no new participant
    "هو", "هي", "هم", "هما", "وهو", "وهي", "وهم", "وهما",
    "وفق", "وفقا", "حسب", "بحسب", "طبقا",  # who says so (مواجهات عنيفة وفق مصدر المقاومة)
    "لكنه", "لكنها", "لكنهم", "ولكن", "ولكنه", "ولكنها",  # a contrast opens a clause
    # the doer himself (فجر نفسه، تفجير عنصرين لنفسيهما، المهاجم نفسه): no other patient
    "نفسه", "نفسها", "نفسيهما", "أنفسهم", "انفسهم", "لنفسه", "لنفسها", "لنفسيهما", "لأنفسهم",
    # verbs that open a clause after the trigger (مواجهات اندلعت، نقاط كانت قد…)
    "اندلعت", "اندلع", "وقعت", "وقع", "جرت", "جرى", "بدأت", "بدأ", "كان", "كانت",
    "جاءت", "جاء", "تأتي", "يأتي",
    # modifiers of the noun before, not a new phrase (المدعومة بـ، الموالية لـ، مماثل)
    "المدعوم", "المدعومة", "المدعومين", "الموالي", "الموالية", "الموالين", "التابع",
    "مدعوم", "مدعومة", "مدعومين", "موالي", "موالية", "موالين",
    "التابعة", "التابعين", "مماثل", "مماثلة", "المماثل")
# A بـ + masdar phrase is an instrument or charge (بإطلاق النار، بالمال، بالوقوف خلف), not
# who was acted on.
_BI_DEFINITE = ("بال", "با")
_BI_WEAPONS = tuple(norm("ب" + w) for w in ("سكين", "فأس", "سلاح", "أسلحة", "سيار", "شاحن",
                                             "قنبل", "عبو", "صاروخ", "قذيف", "رصاص", "مسدس",
                                             "بندقي", "حزام", "ضربات", "ضربة", "غارات", "غارة",
                                             "طائر", "مسير"))


def _nominative_plural(tok: Token) -> bool:
    """A sound masculine plural in the nominative (منتقدون، مسؤولون): a subject's case."""
    w = tok.norm
    return tok.is_word and len(w) > 4 and w.endswith("ون") and not w.startswith(("ي", "ت"))


def _not_a_participant(tok: Token) -> bool:
    w = tok.norm
    return (not tok.is_word or w in _NOT_PARTICIPANTS or w.startswith(_BI_DEFINITE)
            or (w.startswith("ال") and w[2:3].isdigit())  # an ordinal (الـ15)
            or w.startswith(_BI_WEAPONS)  # what it was done with (بسكين، بفأس، بسيارة مفخخة)
            or w[:1].isdigit() and len(w) == 4)  # a year


def _joined(tok: Token) -> bool:
    """و + a definite noun (والقصف المدفعي): the next item of a list, not a new phrase (not
    والي "governor" or والدة "mother", whose و is their own)."""
    w = tok.norm
    return w.startswith("وال") and len(w) > 5 and not w.startswith(("والد", "والي"))


def _opens_a_clause(w: str) -> bool:
    """و + a word that opens no noun phrase (وعليه، ولذلك، وفي، وإنهم), or an imperfect verb
    (هجوم يشتبه بأنه…): a new clause begins."""
    rest = w[1:]
    return (w[:1] == "و" and bool(rest) and (
        rest in _PRONOUN_PREPOSITIONS or rest in _PHRASE_STOP or rest in _NOT_PARTICIPANTS
        or rest in COMPLEMENTISERS or rest in _RESUMPTIVE)) \
        or (w[:1] == "ي" and len(w) > 3 and w not in _Y_NOUNS)


def _past_verb(w: str) -> bool:
    """A past verb with a subject suffix (قمة أولى عقدت في 2000، مواجهات أسفرت عن…), or a
    plural one carrying its object (وباعوها، فقتلوهم): it opens a clause of its own, and no
    participant's noun phrase starts or runs on there."""
    bare = w[1:] if w[:1] in "وف" else w
    return w in _PERFECT_VERBS or bare in _PERFECT_VERBS or (
        bare.endswith(("وها", "وهم", "وهما")) and len(bare) >= 6 and not bare.startswith("ال"))


_PERFECT_VERBS = perfect_verbs()


# Common nouns that begin with ي, which an imperfect verb also does (يشتبه، يقول).
_Y_NOUNS = _norms("يوم", "يوما", "يومين", "أيام", "يونيو", "يوليو", "يناير", "يد", "يدي",
                  "يهود", "يهودي", "يهودية", "يمنيين", "يمنيون", "يمني")


# Nisba adjectives of three letters (قصف جوي، هجوم بري), which the length test above misses,
# and masculine adjectives of acts with no nisba ending (قصف كثيف، الهجوم العنيف).
_SHORT_NISBAS = _norms("جوي", "بري", "حربي")
_ACT_ADJECTIVES = _norms("كثيف", "عنيف", "مكثف", "شديد", "متواصل", "متقطع", "واسع", "كبير",
                         "مباشر", "مفاجئ", "دام", "مزدوج", "منسق", "متزامن", "محدود", "جديد",
                         "مماثل", "آخر", "اخر", "أخير", "اخير", "سابق", "مشترك", "محتمل",
                         "مزعوم", "مفترض")


def _has_article(tok: Token) -> bool:
    """ال as the article, not a word's own hamza-alef + ل (إلكتروني، ألماني), which
    normalisation writes the same."""
    return tok.norm.startswith("ال") and not tok.text.startswith(("أل", "إل", "آل")) \
        and not tok.norm.startswith(_OWN_ALEF_LAM)


# Words whose own ال is written without its hamza (الكترونية، الماني): no article
_OWN_ALEF_LAM = ("الكترون", "الماني")


def noun_phrase(text: str, tokens: Sequence[Token], start: int, hi: int,
                head: Token | None = None) -> Actor | None:
    """The noun phrase that starts at token `start` (an unnamed object such as ستة رجال دين),
    as an ad-hoc actor, or None when a stop word or punctuation comes first. Adjectives that
    agree with the trigger noun `head` (الاشتباكات العنيفة) are skipped."""
    if head is not None:
        definite = head.norm.startswith(("ال", "وال", "بال", "لل"))
        # (a noun with a possessive pronoun is definite, so a definite adjective agrees with
        # it too: قلقها الشديد، غاراتها الجوية)
        agreeing = {definite, True} if _possessed(head) else {definite}
        skipped = False
        while start < hi and tokens[start].is_word and tokens[start].norm not in _PHRASE_STOP and (
                _has_article(tokens[start]) in agreeing
                and tokens[start].norm.endswith(("ه", "يه", "يا", "ي"))
                and not tokens[start].text.endswith("ه")  # شقيقه "his brother": a pronoun
                and (len(tokens[start].norm) > 3 or tokens[start].norm in _SHORT_NISBAS)
                or _has_article(tokens[start]) in agreeing
                and tokens[start].norm.removeprefix("ال") in _ACT_ADJECTIVES):
            start += 1
            skipped = True
            # adjectives joined by و: قصف جوي وصاروخي ومدفعي
            while skipped and start < hi and tokens[start].norm[:1] == "و" \
                    and tokens[start].norm[1:].startswith("ال") == definite \
                    and tokens[start].norm.endswith(("يه", "ي", "يا")) and len(tokens[start].norm) > 4:
                start += 1
        # an indefinite accusative head takes accusative adjectives (انتقادا شديدا)
        while (start < hi and not definite and head.norm.endswith("ا") and tokens[start].is_word
               and tokens[start].norm.endswith("ا") and not tokens[start].norm.startswith("ال")
               and len(tokens[start].norm) > 3 and not tokens[start].norm[:1].isdigit()):
            start += 1
    while start + 1 < hi and tokens[start].norm in _QUOTES and tokens[start + 1].is_word:
        start += 1  # a quoted object: متوعدا "الخوارج"
    if start + 1 < hi and tokens[start].norm in _ADJUNCT_PRONOUNS:
        start += 1  # استهدفت خلالها المعاقل: "during it" stands before the object
    if start >= hi or tokens[start].norm in _PRONOUN_PREPOSITIONS \
            or tokens[start].norm in _NO_PHRASE_START or _not_a_participant(
            tokens[start]) or _opens_a_clause(tokens[start].norm) or _joined(tokens[start]) \
            or _past_verb(tokens[start].norm):
        return None
    k, words, last = start, 0, None
    while k < hi and words < NOUN_PHRASE_MAX:
        tok = tokens[k]
        if not tok.is_word:
            # a quoted word inside the phrase: 11 "مطلوبا" فلسطينيا، عناصر «بيت المقدس»
            if tok.norm in _QUOTES and last is not None and k + 1 < hi and tokens[k + 1].is_word:
                k += 1
                continue
            break
        if tok.norm in _PHRASE_STOP or (k > start and tok.norm[0] == "و" and (
                len(tok.norm) > 3 or tok.norm == "و")):
            break  # (و alone too: "52 تكفيريا" و"استشهاد ضابط")
        if k > start and _past_verb(tok.norm):
            break  # هي ختام جولة استمرت: the verb opens the relative clause
        if k > start and _not_a_participant(tok):
            break
        if k > start and _indefinite_object(tok) and _has_article(tokens[k - 1]) \
                and not tok.norm.endswith("هما"):
            break  # (النقابات المهنية احتجاجا على: an adverb of purpose after a definite noun)
        last, words, k = k, words + 1, k + 1
    if last is None or (last == start and tokens[start].norm in _PARTITIVE):
        return None  # a bare بعض or عدد: a part of nothing named
    if last == start and _DIGITS.fullmatch(tokens[start].norm) \
            and not (start + 1 < hi and tokens[start + 1].norm == "من"):
        return None  # a bare number (يرتفع العدد إلى 28): a quantity; not 13 من سكانها
    if (_DIGITS.fullmatch(tokens[start].norm) and start + 1 <= last
            and tokens[start + 1].norm in _MONTHS) or tokens[start].norm in _GREGORIAN:
        # a date (هجمات 11 سبتمبر، اعتداءات سبتمبر): when, not whom (a bare Hijri month
        # may be a name: رجب طيب أردوغان، رمضان قديروف)
        return None
    a, b = tokens[start].start, tokens[last].end
    return Actor(a, b, text[a:b], None, text[a:b], None, None, None)


def attach_roles(match: TriggerMatch, text: str, tokens: Sequence[Token],
                 actors: Sequence[Actor], clause: tuple[int, int], sentence: tuple[int, int],
                 parts: Sequence[Participant] | None = None, others: Sequence[int] = ()
                 ) -> tuple[Actor | None, Actor | None, list[str]]:
    """(source, target, rule ids) for a trigger; actors are those of the sentence, by start.

    `parts` are `participants(tokens, actors, *sentence)` when the caller has them (one
    computation per sentence, however many triggers it holds); `others` are the first
    tokens of the sentence's other triggers."""
    del clause  # roles cross commas (appositions, dates); the sentence bounds them
    lo, hi = sentence
    if parts is None:
        parts = participants(tokens, actors, lo, hi)
    t_first, t_last = match.first, match.last
    after = [p for p in parts if p.first >= t_last]
    before = [p for p in parts if p.last <= t_first]
    rules: list[str] = []
    source = target = None
    np_source: Actor | None = None  # an agent named by a phrase that is no known actor
    agent_verb: int | None = None  # شنه، نفذه، وجهها: where the act's own agent is named

    # (not one inside a relative or reported clause after the trigger: قنصليتها … التي تشهد
    # احتجاجات بعد حوادث إطلاق نار من قبل قوات… names who fired, not who closed it)
    # (nor one after another trigger, which is nearer: بخطف الزعيم … وحدث انقلاب … بقيادة X;
    # nor one far off past a conjunct: طهرت جبل صبر … واقتربت … من قبل قوات التحالف)
    # (a trigger joined to this one by و shares its agent: اعتقل وعذب الناشط على يد…)
    fences = [f for f in others if not (f == t_last and tokens[f].norm.startswith("و"))]
    # an unnamed patient ends where the next trigger begins: اعتقل رجلا هدد بقتل جاره
    # names رجلا; هدد opens the man's own act, not more of his description
    np_hi = min([f for f in others if f >= t_last] + [hi])
    agents = [p for p in after if p.after_agent_marker and not any(
        tokens[k].norm in _RELATIVE_PRONOUNS or tokens[k].norm in COMPLEMENTISERS
        for k in range(t_last, p.first)) and not any(t_last <= f < p.first for f in fences)
        and not (p.first - t_last > _AGENT_REACH
                 and _conjunct_verb_between(tokens, t_last, p.first))
        and not _leads_the_subject(match, tokens, after, p)]
    if agents:
        source = agents[0]
        rules.append("role:source:agent-marker")
    coordinated = match.prefixes[:1] in (("و",), ("ف",))
    free_after = [p for p in after if not p.marked and p.first - t_last <= OBJECT_GAP]
    # وهم يهتفون، وهو يطالب: a circumstantial clause's pronoun subject is the main one's
    circumstantial = match.form.pos == VERB and t_first > lo \
        and tokens[t_first - 1].norm in _CIRCUMSTANTIAL_PRONOUNS
    if match.form.participle or circumstantial or (
            coordinated and match.form.pos == VERB and match.type in _SPEECH_TYPES
            and not tokens[t_first].norm[1:].startswith(_PREPOSITIONAL_OBJECT)
            and len(free_after) == 1 and free_after[0].first == t_last
            and main_subject(parts, tokens, lo, t_first) is not None):
        # متهمة إيران، واتهم واشنطن: the subject is the clause's, the object follows
        subject = main_subject(parts, tokens, lo, t_first) if source is None else source
        if subject is not None and source is None:
            source = subject
            rules.append("role:source:clause-subject")
        elif circumstantial and source is None:
            # the main subject is no known actor: none, and not an earlier sentence's
            rules.append("role:source:circumstantial")
        obj = next((p for p in free_after if p is not source), None)
        if obj is not None:
            target = obj
            rules.append("role:target:object")
    elif (is_passive(match, tokens, hi) and not _subject_before(before, tokens, t_first)) or (
            agents and match.form.pos == VERB and not match.form.present):
        # the patient follows a passive verb; the agent only after a marker (برصاص، على يد)
        # (not one inside a phrase after it: وقتل ثلاثة في هجوم إسرائيلي names the
        # attacker of the attack, not who was killed; but 24 من القوات counts them)
        obj = next((p for p in after if p is not source and not p.marked), None)
        if obj is not None and obj.first - t_last <= SUBJECT_GAP and not any(
                tokens[k].norm in _CLAUSE_PREPOSITIONS and tokens[k].norm != "من"
                for k in range(t_last, obj.first)):
            target = obj
            rules.append("role:target:passive-subject")
        else:
            # (not the cause where the patient would be: قُتل بغارة مع عدد من العناصر)
            target_np = None if _cause_follows(tokens, t_last, hi) \
                else noun_phrase(text, tokens, t_last, np_hi)
            if target_np is not None and _instrument(target_np, match):
                # أُطلقت ثلاث قذائف هاون تجاه المنطقة الخضراء: what was fired is no target;
                # where it was fired at is
                target_np = _aimed_at(text, tokens, t_last, hi)
                if target_np is not None:
                    rules.append("role:target:aimed-at")
                    return (source.actor if source else None), target_np, rules
            elif target_np is not None:
                rules.append("role:target:passive-noun-phrase")
                return (source.actor if source else None), target_np, rules
            elif (hit := _toll_verb_subject(before, tokens, t_first)) is not None \
                    and _toll_without_object(match, tokens, hi):
                # مدنيين …، قتلوا برصاص قناصة الحوثيين: the agent after its marker, the
                # killed before the verb
                rules.append("role:target:toll-subject")
                return (source.actor if source else None), hit.actor, rules
    elif match.form.pos == VERB and (toll := _toll_subject(match, tokens, lo)) is not None:
        # 19 شخصا على الأقل قتلوا: a count before a plural toll verb is who was killed
        hit = next((p for p in parts if toll <= p.first < t_first), None)
        target_np = hit.actor if hit is not None else noun_phrase(text, tokens, toll, t_first)
        tok = tokens[toll]
        if target_np is None and toll == t_first - 1 and not _not_a_participant(tok):
            # (a bare count before the verb is who was killed: بينهم 57 قتلوا; not a year,
            # 23 أغسطس 1971 وقتلوا)
            target_np = Actor(tok.start, tok.end, tok.text, None, tok.text, None, None, None)
        if target_np is not None:
            rules.append("role:target:toll-subject")
            return (source.actor if source else None), target_np, rules
    elif match.form.pos == VERB and (head := _relative_patient(
            match, before, text, tokens, t_first, lo, hi, others)) is not None:
        # الناشط الذي اختطف الأربعاء الماضي: a relative clause whose verb has no object is
        # passive; its head is who was hit
        rules.append("role:target:relative-passive")
        return (source.actor if source else None), head, rules
    elif match.form.pos == VERB and (hit := _toll_verb_subject(before, tokens, t_first)) \
            and _toll_without_object(match, tokens, hi):
        # والقادة قتلوا، …: a plural toll verb after its subject with no object is the
        # passive (they were killed); who it names is who was hit
        rules.append("role:target:toll-subject")
        return (source.actor if source else None), hit.actor, rules
    elif match.form.pos == VERB:
        pre = [p for p in before if not p.marked]
        gap = t_first - pre[-1].last if pre else 99
        between = {tokens[k].norm for k in range(pre[-1].last, t_first)} if pre else set()
        plural = match.prefixes == () and tokens[t_first].norm.endswith(("وا", "ا")) \
            and not match.form.present
        # أن لجنة الدفاع والأمن بمجلس النواب قد أدرجت…: after a complementiser, the subject
        # comes first; its head is the first participant there, even one inside a ب phrase.
        comp = next((k for k in range(t_first - 1, max(lo, t_first - OBJECT_GAP) - 1, -1)
                     if tokens[k].norm in COMPLEMENTISERS), None)
        inner = [p for p in parts if comp is not None and p.first > comp
                 and p.last <= t_first] if comp is not None and comp < t_first - 1 else []
        # (not across a comma: إن الطرق أغلقت، بينما اقتحمت قوات خاصة… is a new clause)
        if source is None and inner and not any(
                tokens[k].norm in COMPLEMENTISERS or tokens[k].norm in _RELATIVE_PRONOUNS
                or tokens[k].norm in _SUBORDINATORS
                or (not tokens[k].is_word and tokens[k].norm not in _QUOTES)
                for k in range(comp + 1, t_first)):
            source = inner[0]
            rules.append("role:source:complement-subject")
        if source is None and t_first > lo and tokens[t_first - 1].norm in _RESUMPTIVE \
                and not (t_last < hi and _nominative_plural(tokens[t_last])):
            # أعلنت قوات سوريا الديمقراطية، التي تدعمها واشنطن، أنها شنت…: "it" is the
            # speaker, the last subject before the complementiser that is not inside a
            # relative clause or a prepositional phrase (an empty أنه before a plural
            # subject, أنه هاجم مسلحون, is left to the verb-subject rule)
            speaker = None
            for p in parts:
                if p.last >= t_first:
                    break
                if p.marked or any(tokens[k].norm in _CLAUSE_PREPOSITIONS
                                   for k in range(max(lo, p.first - 2), p.first)):
                    continue  # (في بيان صحفي: inside a prepositional phrase)
                if any(tokens[k].norm in _RELATIVE_PRONOUNS
                       for k in range(max(lo, p.first - 3), p.first)):
                    continue
                speaker = p
            if speaker is not None:
                source = speaker
                rules.append("role:source:resumptive-speaker")
        # (across a comma only when no subject follows the verb: بعد مقتل 3 جنود، اتهمت
        # تركيا … has its subject after it)
        vso_next = any(p.first == t_last and not p.marked for p in after)
        # a verb carrying its object (طردتها، استقبله) has its subject right after it
        carries_object = _carries_object(tokens[t_first])
        # (nor in a relative clause whose verb carries its antecedent: الضربات التي شنتها
        # 3 دول غربية, where the subject follows)
        if source is None and pre and not (carries_object and vso_next) \
                and not _relative_with_antecedent(match, tokens, lo) and (
                gap == 0 or (gap <= 2 and between <= _SVO_GAP and not ("," in between and vso_next))
                or (plural and gap <= OBJECT_GAP)):
            # أن لجنة الدفاع … قد أدرجت; متمردين مجهولين خطفوا (a plural verb follows its subject)
            source = pre[-1]
            rules.append("role:source:svo-adjacent")
        # A verb that carries a plural subject (اتهموا، يطالبون) agrees with no subject
        # after it: in verb-first order the verb is singular, so what follows is the object.
        own_subject = tokens[t_first].norm.endswith(("وا", "ون")) or _present_dual(match, tokens)
        subject_taken = False
        if comp is not None and comp + 1 < t_first and tokens[comp + 1].norm in _THERE:
            comp += 1  # أن هناك مجموعات … تتعاون: "there are" opens the subject
        if source is None and np_source is None and comp is not None \
                and 0 < t_first - comp - 1 <= NOUN_PHRASE_MAX and all(
                    tokens[k].is_word or tokens[k].norm in _QUOTES
                    for k in range(comp + 1, t_first)):
            # أن غرفة عمليات الكرامة "تناشد جميع السكان: the words between the complementiser
            # and the verb are its subject, though no known actor; what follows is the object.
            # (Not an act, إن الغارات استهدفت, nor a weapon, إن 110 صواريخ أطلقت: no agent.)
            head = tokens[comp + 1]
            words = [t.norm for t in tokens[comp + 1:t_first] if t.is_word]
            if comp + 1 in others or head.norm[:1].isdigit() or any(
                    head.norm.removeprefix("ال").startswith(w) for w in _WEAPONS):
                subject_taken = True  # (an act or a weapon holds the subject slot: no agent)
            elif not future_verb(head) and words and (
                    words[0].startswith("ال") or words[-1].startswith("ال")) \
                    and not any(w[:1] == "ي" and w not in _Y_NOUNS for w in words[1:]):
                # (a definite phrase or a chain ending in one: غرفة عمليات الكرامة; not سوف
                # يلتقي, nor a phrase with a verb in it, الحادث يحمل علامات)
                np_source = noun_phrase(text, tokens, comp + 1, t_first)
                last_word = next(k for k in range(t_first - 1, comp, -1) if tokens[k].is_word)
                if np_source is not None and np_source.end != tokens[last_word].end:
                    np_source = None  # (the phrase must be the whole gap: أغلب التلميذات هربن)
            if np_source is not None:
                rules.append("role:source:complement-subject")
        act = match.absorbed
        if source is None and act is not None and act.first == t_last \
                and act.form.pos != VERB and act.type == match.type:
            # استهدفت غارات لطيران التحالف مواقع: an attack noun in the subject slot is the
            # verb's own act; the لـ after it names whose it was, the object comes next
            # (past an adjective only: غارات جوية للتحالف; not استهدفت الغارات تعزيزات
            # للميليشيات, where the لـ phrase is the object's)
            owner = next((p for p in after if p.marked and tokens[p.first].norm.startswith("ل")
                          and (p.first == act.last or (p.first == act.last + 1 and tokens[
                              act.last].norm.endswith(("يه", "ي"))))), None)
            if owner is not None:
                source = owner
                rules.append("role:source:act-owner")
        if source is None and np_source is None and not subject_taken and not own_subject \
                and match.type not in ("ASSAULT", "COERCE") and t_last + 2 < hi \
                and tokens[t_last].norm in _GROUP_HEADS and tokens[t_last + 1].norm == "من" \
                and not any(p.first == t_last + 2 for p in after):
            # طالبت مجموعة من الراهبات، تظاهر عدد من الطلاب: a group of a kind no dictionary
            # names, right after the verb, is its subject (not after a verb of violence, where
            # it is as often the passive's victims: قتل عدد من الجنود)
            kind = noun_phrase(text, tokens, t_last + 2, np_hi)
            a, b = tokens[t_last].start, (kind.end if kind else tokens[t_last + 1].end)
            # (with the subjects joined to it: عدد من المغردين ووسائل الإعلام السعودية)
            joined = next((p for p in after if p.first < hi and tokens[p.first].start >= b
                           and tokens[p.first].norm.startswith("و")
                           and not any(tokens[k].start >= b for k in range(t_last, p.first))),
                          None)
            if joined is not None:
                b = joined.actor.end
            np_source = Actor(a, b, text[a:b], None, text[a:b], None, None, None)
            rules.append("role:source:group-subject")
        if source is None and np_source is None and not subject_taken:
            subj = next((p for p in after if not p.marked), None)
            disagrees = subj is not None and _disagrees(tokens[t_first], subj, tokens, t_last)
            # (not past an indefinite object, استهدف فندقا ملاصقا لمقر الاستخبارات, nor past
            # another verb: صادرت المعونات ونهبتها وحرمت ملايين اليمنيين)
            in_reach = subj is not None and not own_subject \
                and subj.first - t_last <= SUBJECT_GAP and (not after or subj is after[0]) \
                and not _clause_break(tokens, t_last, subj.first) \
                and not any(_indefinite_object(tokens[k]) or _conjunct_verb(tokens[k].norm)
                            for k in range(t_last, subj.first))
            unknown_after = subj is not None and (
                (disagrees and subj.first > t_last)
                or (in_reach and _definite_subject_before(tokens, t_last, subj)))
            # (a subject just before the verb is its own, no comma between: الحكومة العراقية
            # المركزية رفضت، قوات النظام هي التي أطلقت; not past a clause's opening: منصب
            # رئيس الوزراء بعد أن وافق المجلس)
            subject_before = next((p for p in reversed(before) if not p.marked
                                   and 0 <= t_first - p.last <= 2
                                   and all(tokens[k].norm != "," and tokens[k].norm not in
                                           COMPLEMENTISERS and tokens[k].norm not in
                                           _SUBORDINATORS for k in range(p.last, t_first))),
                                  None) if unknown_after else None
            if unknown_after and subject_before is not None:
                source = subject_before
                rules.append("role:source:svo")
            elif unknown_after:
                # the subject is words between that name no known actor (طالبت الجامعة
                # المجتمع الدولي): no earlier subject replaces it; what follows is the object
                rules.append("role:source:unknown-subject")
            elif in_reach and not disagrees \
                    and not _cannot_follow_as_subject(match, tokens, subj):
                source = subj
                rules.append("role:source:vso")
            elif subj is not None and _relative_without_resumption(match, tokens, subj):
                # الولايات المتحدة، التي ساندت التنديد: the antecedent is the subject, when it
                # is an actor (not الهجوم الذي استهدف سكريبل: no earlier subject stands in)
                source = _antecedent(before, tokens, t_first - 1)
                rules.append("role:source:relative-antecedent")
            elif not _relative_with_antecedent(match, tokens, lo) and [
                    p for p in before if not p.marked and not _after_preposition(tokens, p, lo)]:
                # (not one after من or إلى: تنقل من السعودية إلى تركيا، حيث ناقش…; and the
                # subject of a verb whose object follows at once, ودعت المجتمع الدولي إلى…,
                # is before it or an earlier sentence's, carried on)
                cand = [p for p in before if not p.marked
                        and not _after_preposition(tokens, p, lo)][-1]
                comp = next((k for k in range(t_first - 1, cand.last - 1, -1)
                             if tokens[k].norm in COMPLEMENTISERS), None)
                if comp is None:
                    source = cand
                    rules.append("role:source:svo")
                elif 0 < t_first - comp - 1 <= NOUN_PHRASE_MAX:
                    # قال X إن الحركة شنت…: X is the speaker; the words between إن and the
                    # verb are its subject, though no known actor
                    np_source = noun_phrase(text, tokens, comp + 1, t_first)
                    if np_source is not None:
                        rules.append("role:source:complement-subject")
        anchor = _subject_end(tokens, after, source, t_last)
        if "role:source:group-subject" in rules and np_source is not None:
            # the object comes after the group and its joined subjects
            anchor = next((k for k in range(anchor, hi) if tokens[k].start >= np_source.end), hi)
        partner = _co_subject(parts, tokens, source) if match.type in SYMMETRIC else None
        # the object comes before a coordinated verb's reported clause (زار … وأكد أن فرنسا
        # ستقدم), not before a complementiser inside its own phrase (مواقع يشتبه في أنها…)
        comp = next((k for k in range(anchor + 1, hi) if (
            tokens[k].norm in COMPLEMENTISERS and tokens[k - 1].norm.startswith("و")
            and len(tokens[k - 1].norm) > 3) or tokens[k].norm in _SUBORDINATORS
            or opens_conjunct(tokens, k, hi)), hi)
        # a relative clause on the subject (بومبيو، الذي يضع …،) stands between it and the
        # object: the object's distance counts from its end
        reach = _after_relative(tokens, anchor, hi)
        obj = next((p for p in after if p is not source and p.first >= anchor
                    and p.first - reach <= OBJECT_GAP and p.first < comp
                    and not _in_relative(tokens, p.first, anchor)
                    and not _in_leadership(tokens, p.first, anchor)), None)
        if match.form.entry.mode == "visit":
            # زار وفد … أوزبكستان: the state visited, after a long subject phrase too
            obj = next((p for p in after if p is not source and p.first >= anchor
                        and p.first - anchor <= OBJECT_GAP and p.first < comp
                        and not p.marked and p.actor.kind == "state"), obj)
        if carries_object and source is not None and source.first >= t_last:
            # المواطنين الذين اختطفتهم المليشيا: the verb carries its object, which is the
            # head of its relative clause when that is an actor (not الضربات التي شنتها…:
            # the pronoun is the act itself); elsewhere the pronoun is left unresolved
            rel = t_first - 1 if t_first > lo and tokens[t_first - 1].norm in _RELATIVE_PRONOUNS \
                else None
            obj = next((p for p in before if rel is not None and p.last == rel
                        and not p.marked), None)
            if obj is not None:
                target = obj
                rules.append("role:target:object-pronoun")
        elif partner is not None:
            target = partner  # توصل هولاند ونظيره بوتين إلى اتفاق: the other party
            rules.append("role:target:co-subject")
        elif obj is not None:
            target = obj
            rules.append("role:target:object")
            if source is None and np_source is None and obj.first > t_last \
                    and _relative_with_antecedent(match, tokens, lo):
                # الضربات التي شنتها 3 دول غربية على سوريا: the words between are the
                # subject, though no known actor
                np_source = noun_phrase(text, tokens, t_last, obj.first)
                if np_source is not None:
                    rules.append("role:source:relative-subject")
    else:
        # a noun with a possessive pronoun (تحذيراتها، هجومهم) has its genitive in it
        possessed = tokens[t_last - 1].norm.endswith(("ها", "هم", "هما")) \
            and len(tokens[t_last - 1].norm) > 5
        gen = None if possessed else _first_within(after, t_last + GENITIVE_GAP)
        if gen is not None and any(_opens_a_prepositional_phrase(tokens[k].norm)
                                   for k in range(t_last, gen.first)):
            gen = None  # للمطالبة بعودة اللاجئين: the name is inside the object's phrase
        if gen is not None and _an_adjective(match, gen, tokens):
            # هجوم إرهابي، هجوم مسلح: an attribute, not who attacked; after a definite noun
            # a nisba may follow it (الدعم الإعلامي الإيراني)
            gen = next((p for p in after if p.first == gen.last), None) \
                if tokens[gen.first].norm.startswith("ال") else None
        prev = tokens[t_first - 1].norm if t_first > lo else ""
        # (not a بين beyond a genitive right after the noun: انسحاب الولايات المتحدة من
        # الاتفاق الموقع بين طهران و… names who withdrew; the بين is the accord's)
        # (nor for a visit: زيارة إلى سول بعد القمة بين واشنطن وبيونغ يانغ names the summit's
        # two sides, not the visit's)
        bayna = t_first - 1 if prev == "بين" else None if (
            gen is not None and gen.first == t_last) or match.form.entry.mode == "visit" \
            else _bayna_after(tokens, t_last, hi)
        if bayna is not None:
            # اشتباكات (عنيفة) بين A و B: the first named is the source, the second the target
            first = next((p for p in after if p.first > bayna
                          and p.first - bayna <= PREPOSITIONAL_GAP), None)
            second = _other_side(after, tokens, first, bayna, hi) if first is not None else None
            # an agent marker beyond the second side is another act's (… قتل فلسطيني برصاص
            # الجيش): the two sides are this one's
            late_agent = source is not None and second is not None \
                and "role:source:agent-marker" in rules and source.first > second.first
            if second is not None and (source is None or late_agent):
                if late_agent:
                    rules.remove("role:source:agent-marker")
                source, target = first, second
                rules += ["role:source:bayna", "role:target:bayna"]
        if source is None and gen is not None and _nisba_agent(match, gen, tokens, t_last):
            source = gen  # الهجوم التركي، الدعم الإيراني، العقوبات الأمريكية: the agent
            rules.append("role:source:nisba-agent")
            if gen.last < hi and tokens[gen.last].norm in _OBJECT_PREPOSITIONS:
                # (and a preposition after it names the object: الانسحاب الأميركي من سوريا)
                target = next((p for p in after if p.first == gen.last + 1), None)
                if target is not None:
                    rules.append("role:target:masdar-object")
        lam_agent = next((p for p in after if p.first - t_last <= GENITIVE_GAP and p.marked
                          and tokens[p.first].norm.startswith("ل")), None)
        if source is None and lam_agent is not None and match.type in ("ASSAULT", "COERCE"):
            # قصف لقوات النظام على مخيم اليرموك: لـ names whose strike it was when على
            # names what was struck
            on = next((k for k in range(lam_agent.last, min(hi, lam_agent.last + 3))
                       if tokens[k].norm in ("علي", "ضد")), None)
            if on is not None or _toll_cause(match, tokens, lo) \
                    or _right_after_toll_verb(match, tokens, lo):
                # (or the attack is named as a toll's cause: قتلوا بغارات لطيران التحالف)
                source = lam_agent
                rules.append("role:source:masdar-lam-agent")
                target = next((p for p in after if on is not None and p.first > on
                               and p.first - on <= 3), None)
                if target is not None:
                    rules.append("role:target:masdar-object")
        if source is None and lam_agent is not None and match.type in ("CONSULT", "MOBILIZE") \
                and (lam_agent.first == t_last or (
                    lam_agent.first == t_last + 1 and _adjective(tokens[t_last]))) \
                and lam_agent.actor.kind != "state" \
                and match.form.entry.mode not in ("visit", "indirect"):
            # (not زيارة لقطر or رسالة للرئيس: there لـ names where to, or to whom)
            # اجتماع لرؤساء الكتل، انتشار لقوات الشرطة: لـ right after a meeting or a
            # deployment names who met or deployed
            source = lam_agent
            rules.append("role:source:meeting-lam")
        if source is None:
            verb = next((k for k in range(t_last, min(hi, t_last + 4))
                         if tokens[k].norm.startswith(_AGENT_VERB_STEMS)
                         or tokens[k].norm.removeprefix("و").startswith(_AGENT_VERB_STEMS)
                         or _did_it(tokens, k, hi)), None)
            agent_verb = verb
            # (past a pronoun object: اتهامات وجهها له الإعلامي كوهين)
            after_verb = verb + 1 + (verb + 1 < hi and tokens[verb + 1].norm
                                     in _PRONOUN_PREPOSITIONS) if verb is not None else 0
            agent = next((p for p in after if verb is not None and p.first > verb
                          and p.first - after_verb <= 1), None)
            if agent is not None:
                source = agent
                rules.append("role:source:agent-verb")
            elif verb is not None:
                # هجوم شنه ثلاثة أشخاص: the agent is named but is no known actor
                np_source = noun_phrase(text, tokens, after_verb, hi)
                if np_source is not None:
                    rules.append("role:source:agent-verb-phrase")
        if source is None:
            # رسالة من النهضة، بدعم من التحالف: من + actor right after a verbal noun is its agent
            # (not after a count: اعتقال المئات من الشبان are those arrested)
            min_ = next((p for p in after if p.first - t_last <= 3 and p.first > lo
                         and tokens[p.first - 1].norm == "من"
                         and not (p.first - 1 > lo and (
                             tokens[p.first - 2].norm in _COUNTED_FROM
                             or tokens[p.first - 2].norm in _COUNT_WORDS
                             or _DIGITS.fullmatch(tokens[p.first - 2].norm)))),
                        None)
            if min_ is not None and match.form.entry.taken_from:
                if target is None:  # تحرير مواقع من الميليشيات: whom the ground was taken from
                    target = min_
                    rules.append("role:target:taken-from")
            elif min_ is not None and match.type not in ("RETREAT",):
                source = min_
                rules.append("role:source:min-agent")
        if target is None and gen is not None and not gen.marked and gen is not source:
            # (within the genitive's phrase: not past وأعلنته … لإيطاليا)
            # (nor past a preposition: مقتل الجنود … في كمين للمتمردين, where لـ is the
            # ambush's, whose agents the rebels are)
            lam = next((p for p in after if p is not gen and p.marked
                        and p.first - gen.last <= PREPOSITIONAL_GAP
                        and not _coordinated_between(tokens, gen.last, p.first)
                        and not any(tokens[k].norm in _CLAUSE_PREPOSITIONS
                                    for k in range(gen.last, p.first))), None)
            after_gen = _past_time_aside(tokens, gen.last, hi)
            obj_prep = next((k for k in range(after_gen, min(hi, after_gen + 2))
                             if tokens[k].norm in _OBJECT_PREPOSITIONS), None)
            lam_np: Actor | None = None
            if lam is None and source is None and gen.last < hi \
                    and _lam_prefixed(tokens[gen.last]) \
                    and not any(p.first == gen.last for p in after):
                # تفجير 3 عناصر من داعش لثلاث عربات: a لـ phrase right after the genitive is
                # the act's object, which makes the genitive its agent (no known actor)
                lam_np = noun_phrase(text, tokens, gen.last, hi)
            if lam is not None and source is None:
                source, target = gen, lam  # قصف الطيران التركي لمواقع…
                rules += ["role:source:masdar-genitive", "role:target:masdar-lam"]
            elif lam_np is not None:
                # the لـ phrase may be what was struck (قصف … لمواقع) or the device (تفجير …
                # لثلاث عربات): only the agent is sure
                rules.append("role:source:masdar-genitive")
                return gen.actor, None, rules
            elif obj_prep is not None and source is None and not (
                    match.form.entry.genitive_patient and tokens[obj_prep].norm in _WHENCE
                    and not _object_between(tokens, after, after_gen, obj_prep)):
                # (but طرد مقاتلي الحركة من العاصمة, احتجاز البغدادي وآخرين من…، ترحيل
                # المهاجرين إلى دول غربية: a transitive act's genitive is its patient; من
                # and إلى name places or the kind, not an object; unless an object stands
                # between, احتجاز الشرطة أعضاء من…)
                source = gen  # سيطرة المقاومة على مدينة عدن
                rules.append("role:source:masdar-genitive")
                target = next((p for p in after if p.first > obj_prep
                               and p.first - obj_prep <= 3), None)
                if target is not None:
                    rules.append("role:target:masdar-object")
            elif match.type in _SPEECH_TYPES and source is None and np_source is None \
                    and not (match.form.entry.genitive_patient and "ب" not in match.prefixes):
                # (لدعم الأسد backs Assad; بدعم التحالف is "with the coalition's backing")
                source = gen  # تحذيرات الولايات المتحدة، دعوة الرئيس: the genitive speaks
                rules.append("role:source:speech-genitive")
            elif source is None and np_source is None and match.type == "ASSAULT" \
                    and t_first > lo and tokens[t_first - 1].norm in _UNDER:
                # نضطر للتراجع تحت قصف القوات، تحت نيران القناصة: one is under the fire of
                # whoever fires it; who is under it was named before, if at all
                rules.append("role:source:under-fire")
                return gen.actor, None, rules
            elif source is None and np_source is None and (
                    match.type in _ACTOR_GENITIVE_TYPES or match.form.entry.genitive_agent):
                # زحف الحوثيين، انتشار القوات، انسحاب الجيش، تظاهر الآلاف: who moves,
                # deploys, withdraws or protests is the genitive
                source = gen
                rules.append("role:source:actor-genitive")
            else:
                target = gen
                rules.append("role:target:genitive")
        if target is None and t_last < hi and tokens[t_last].norm in TARGET_PREPOSITIONS:
            # القبض على عدد من الخلايا التي تعمل للنظام: the preposition right after the act
            # names its object, past a count (not a later لـ phrase inside a relative clause)
            k = t_last + 1
            if k + 1 < hi and tokens[k].norm in _COUNTED_FROM and tokens[k + 1].norm == "من":
                k += 2
            target = next((p for p in after if p is not source and p.first == k
                           and tokens[k].norm not in _BESIDE), None)
            if target is not None:
                rules.append("role:target:preposition")
        if target is None:
            cand = next((p for p in after if p.marked and p is not source
                         and p.first - t_last <= PREPOSITIONAL_GAP
                         and tokens[p.first].norm not in _BESIDE
                         and not _coordinated_between(tokens, t_last, p.first)), None)
            if cand is not None:
                target = cand
                rules.append("role:target:preposition")
        if source is None and np_source is None and _toll_cause(match, tokens, lo):
            # قتل 4 جنود في قتال مع متمردين: the subject before is who was hit (the coder
            # makes them the target); the side fought "with" is who struck
            if target is not None and tokens[target.first - 1].norm == "مع" \
                    and "role:target:preposition" in rules:
                rules.remove("role:target:preposition")
                if target.first - t_last > 2:  # …قرب الحدود مع أفغانستان: no side at all
                    return None, None, rules
                rules.append("role:source:toll-opponent")  # (معارك عنيفة مع X)
                return target.actor, None, rules  # the target: the coder's victims
        elif source is None and np_source is None and _exposed(match, tokens, lo):
            pass  # the subject is the patient (below), not the agent
        elif source is None and np_source is None:
            # (not a reporter before the act, أفاد مراسل العربية بمقتل…: it tells, not acts)
            near = [p for p in before if p is not target
                    and not reports_only(p.actor, match.type)]
            if match.type not in _SPEECH_TYPES:
                # ونقلت سانا عن مصدر إن السيطرة جاءت بعد اشتباكات…: who reports a fight does
                # not fight; the agent is within the reported clause, if anywhere
                comp = next((k for k in range(t_first - 1, lo - 1, -1)
                             if tokens[k].norm in COMPLEMENTISERS), None)
                if comp is not None:
                    near = [p for p in near if p.first > comp]
            if near and t_first > lo and (tokens[t_first - 1].norm in _ADJUNCT or (
                    match.type == "ASSAULT" and tokens[t_first - 1].norm in CAUSAL)):
                # (and a fight named as where a verb's act happened: قتلت القوات 10 مسلحين
                # في اشتباكات مع داعش is the forces' fight, not the killed's)
                # شكر X المملكة … خلال مكالمة هاتفية: an act named in a time adjunct is the
                # main clause's subject's, not its object's
                near = [p for p in near if not p.marked][:1] or near
            if match.entry_id in TOLL_ENTRIES and match.form.pos != VERB and any(
                    tokens[k].norm.removeprefix("و") in _ANNOUNCING
                    for k in range(max(lo, t_first - _ANNOUNCED_REACH), t_first)):
                # أعلنت وزارة الصحة مقتل…، أكدت السلطات مقتل…: who announces a death did not
                # cause it (and a side that announces its own dead least of all); an army
                # that announces deaths mostly announces those it caused (أعلن الجيش مقتل 20
                # مسلحا في غارة)
                near = [p for p in near if p.actor.sector == "MIL"]
            if any(tokens[k].norm in _CAUSE_OF for k in range(max(lo, t_first - 2), t_first)) \
                    and not _possessed(tokens[t_last - 1]):
                # تواجه الحكومة ضغوطا بسبب استمرار المظاهرات، اعتقلت الشرطة خمسة بسبب
                # الاحتجاجات: an act given as a cause is not the subject's own (but
                # قاطعوا قطر بسبب دعمها الإرهاب: its pronoun names whose it is)
                near = []
            if match.type == "PROTEST" and any(
                    tokens[k].norm.removeprefix("و") in _SUPPRESSING
                    for k in range(max(lo, t_first - _SUPPRESSOR_REACH), t_first)):
                near = []  # فرقت الشرطة اعتصاما، فضت القوات المظاهرة: who ends a protest
            if near:
                source = near[-1]
                rules.append("role:source:governing-subject")
                pair = (_co_subject(parts, tokens, near[-2]) if len(near) > 1
                        and match.type in SYMMETRIC and target is None else None)
                if pair is source:  # هولاند ونظيره بوتين … إلى اتفاق: both parties
                    # (of more joined by و, the first two: عقد ماكرون وميركل وماي … القمة)
                    k = len(near) - 2
                    while k > 0 and near[k].first == near[k - 1].last \
                            and tokens[near[k].first].norm.startswith("و") \
                            and near[k].actor.start > tokens[near[k].first].start:
                        k -= 1
                    source, target = near[k], near[k + 1]
                    rules.append("role:target:co-subject")
                else:
                    # (the first of doers joined by و: شن الجيش اليمني والمقاومة هجوما)
                    k = len(near) - 1
                    while k > 0 and near[k].first == near[k - 1].last \
                            and tokens[near[k].first].norm.startswith("و") \
                            and near[k].actor.start > tokens[near[k].first].start:
                        k -= 1
                    source = near[k]
    exposed_to = _exposed(match, tokens, lo)
    if exposed_to:
        # (not one after a preposition: مذكرة توقيف صادرة من تركيا حيث يواجه اتهامات)
        exposed = next((p for p in reversed(before) if t_first - p.last <= _EXPOSED_REACH
                        and not _after_preposition(tokens, p, lo)), None)
        # تعرضت دورية للجيش لهجوم، تعرض الجنود لكمين نصبه…: who was exposed to the act
        # is whom it hit; the act's genitive is who struck (تعرضت البلدات لقصف القوات),
        # a known actor or a definite noun, not an indefinite adjective (لهجوم مسلح)
        if source is None and target is not None and "role:target:genitive" in rules and (
                target.actor.id is not None or tokens[target.first].norm.startswith("ال")):
            source = target
            rules.append("role:source:exposed-genitive")
        rules = [r for r in rules if not r.startswith("role:target:")]
        target = exposed if exposed and exposed is not source else None
        if target is not None:
            rules.append("role:target:exposed-subject")
    if target is None and source is not None and match.type in ("THREATEN", "ACCUSE"):
        # تحذيرات واشنطن بأنها ستحمل طهران المسؤولية: who a warning or charge is about is
        # named in the clause it reports, after the complementiser
        comp = next((k for k in range(t_last, min(hi, t_last + PREPOSITIONAL_GAP))
                     if tokens[k].norm in COMPLEMENTISERS), None)
        about = next((p for p in after if comp is not None and p.first > comp
                      and p.first - comp <= OBJECT_GAP and not p.marked and p is not source
                      and not (p.actor.id is not None and p.actor.id == source.actor.id)),
                     None)
        if about is not None:
            target = about
            rules.append("role:target:reported-clause")
    if target is None and match.form.pos == VERB and match.type == "CONSULT" \
            and tokens[t_first].norm.endswith(("ه", "ها")):
        # زاره، استقبلها: "him/her" is the host named earlier in the sentence, its subject
        host = next((p for p in before if not p.marked and p is not source), None)
        if host is not None:
            target = host
            rules.append("role:target:object-pronoun")
    if target is None and match.type in SYMMETRIC and match.form.pos != VERB:
        # مفاوضات السلام التي بدأت في يوليو مع الحكومة: the other party of talks or a deal
        # is named after مع, past a relative clause on the noun (within the clause: not a
        # مع of another noun after a comma)
        rel = next((k for k in range(t_last, min(hi, t_last + 3))
                    if tokens[k].norm in _RELATIVE_PRONOUNS), None)
        target = next((p for p in after if p is not source and rel is not None
                       and rel < p.first - 1 and p.first - t_last <= _WITH_REACH
                       and tokens[p.first - 1].norm == "مع"
                       and not any(tokens[k].norm in COMPLEMENTISERS or tokens[k].norm == ","
                                   for k in range(t_last, p.first))), None)
        if target is not None:
            rules.append("role:target:partner-after-with")
    src = source.actor if source else np_source
    if src is not None and reports_only(src, match.type):
        # وكانت وسائل إعلام عراقية قد تناقلت خبر انفجار عبوة استهدفت…: the press tells
        rules = [r for r in rules if not r.startswith("role:source:")]
        src = None
    tgt = target.actor if target else None
    # (past doers joined to the subject, a phrase's words may still be theirs: وتتهم الحكومة
    # والميليشيات البوذية…; no unnamed patient is read there)
    joined = source is not None and source.first >= t_last \
        and _subject_end(tokens, after, source, t_last) > source.last
    if tgt is None and not exposed_to and not joined:
        anchor = _subject_end(tokens, after, source, t_last)
        if anchor > t_last:
            anchor = _past_adjectives(tokens, after, anchor)
        # (not past a verb that opens another clause: هجوم قال بيان على الإنترنت، الناجين
        # من الهجومين يختفون على مر الأيام)
        # (nor past a past verb, which has its own objects: مقتل 65 شخصا كانوا على متنها;
        # one in a relative clause on the act still leads to where it went: الزيارة التي
        # كانت مقررة إلى إسرائيل)
        reach = next((k for k in range(anchor, min(hi, anchor + PREPOSITIONAL_GAP))
                      if tokens[k].norm in _SAYING or _opens_a_clause(tokens[k].norm)
                      or _past_verb(tokens[k].norm)
                      and tokens[k - 1].norm not in _RELATIVE_PRONOUNS),
                     min(hi, anchor + PREPOSITIONAL_GAP))
        # (not إلى جانب "alongside": معارك إلى جانب الجيش names an ally)
        prep = next((k for k in range(anchor, reach)
                     if tokens[k].norm in _TARGET_PHRASE_PREPOSITIONS
                     and not (k + 1 < hi and tokens[k + 1].norm in _BESIDE)), None)
        if prep is not None and prep > anchor and match.form.pos == VERB \
                and tokens[anchor].norm[:1].isdigit() \
                and noun_phrase(text, tokens, anchor, prep) is not None:
            # a counted object right after the verb is its patient, whatever prepositional
            # phrase follows (قتلت 14 إرهابيا في ولاية البويرة على بعد 125 كلم)
            prep = None
        if prep is not None:
            # (up to the verb that names the agent: هجوم على مدرستهن شنه مسلحون)
            end = agent_verb if agent_verb is not None and agent_verb > prep else np_hi
            tgt = noun_phrase(text, tokens, prep + 1, min(np_hi, end))
            rule = "role:target:prepositional-phrase"
        else:
            head = tokens[t_last - 1] if match.form.pos != VERB and anchor == t_last else None
            # (what follows شنه / وجهها is the act's agent, no patient)
            tgt = noun_phrase(text, tokens, anchor, np_hi, head) if agent_verb != anchor \
                else None
            if tgt is not None and agent_verb is not None and anchor > agent_verb \
                    and not tokens[anchor].norm.startswith(("ل", "ب")):
                # هجوم قامت به المعارضة المسلحة: past the agent a bare phrase is its own
                # adjective or the next clause; only a لـ or بحق phrase names a patient
                tgt = None
            if tgt is not None and _instrument(tgt, match):
                tgt = None  # شنت مروحيات غارة جوية: the act a support verb carries is no target
            if tgt is not None and match.type == "ASSAULT" and _device(tgt):
                tgt = None  # فجرتا عبوات ناسفة: the bomb is what was set off, not whom it hit
            if tgt is not None and "role:source:nisba-agent" in rules \
                    and not tokens[anchor].norm.startswith("ل"):
                # الانقلاب الحوثي ومشروع إيران، العقوبات الأمريكية الجديدة: past the agent's
                # adjective only a لـ phrase names the object (الدعم الأمريكي للأكراد)
                tgt = None
            rule = "role:target:noun-phrase"
            if (tgt is not None and src is None and match.form.pos == VERB
                    and anchor == t_last and (_nominative_plural(tokens[anchor]) or (
                        _carries_object(tokens[t_first]) and _may_head_a_subject(tokens[anchor])))):
                # يندد منتقدون…: a nominative plural right after the verb is its subject;
                # so is the phrase after a verb that carries its object (الضربات التي
                # شنتها 3 دول غربية)
                src, tgt, rule = tgt, None, "role:source:noun-phrase"
        if tgt is not None or rule == "role:source:noun-phrase":
            rules.append(rule)
    if tgt is not None and match.type == "ASSAULT" and _platform(tgt) \
            and match.form.entry.mode not in ("destroy", "abduct") \
            and _word_before(text, tgt.start) not in _AIMED_WORDS:
        # أطلقت طائرة صاروخا، بغارات طائرات التحالف: an aircraft or a gun is how an attack
        # was made, not whom it hit; one of a known side is that side's, the agent
        rules = [r for r in rules if not r.startswith("role:target:")]
        if tgt.id is not None and (src is None or "role:source:governing-subject" in rules):
            # (over a governing verb's subject, which is only a guess: غارة مقاتلات التحالف)
            rules = [r for r in rules if r != "role:source:governing-subject"]
            src = tgt
            rules.append("role:source:platform")
        tgt = None
    if src is not None and tgt is not None and (src.id and src.id == tgt.id
                                                or src.start == tgt.start):
        tgt = None  # one actor on both sides: no target (and no rule that named one)
        rules = [r for r in rules if not r.startswith("role:target:")]
    if tgt is not None and _pronoun_patient(match, tokens, hi):
        # توقيفه واحتجازه مع زميله، اعتقالهم في 22 يوليو لدى الشرطة: the pronoun is who
        # was taken; what follows is a time, a place or company, not another patient
        tgt = None
        rules = [r for r in rules if not r.startswith("role:target:")]
    return src, tgt, rules


def _pronoun_patient(match: TriggerMatch, tokens: Sequence[Token], hi: int) -> bool:
    """Whether an arrest's or attack's verbal noun whose genitive is its patient carries that
    genitive as a pronoun (اعتقاله، خطفها) with no object after it: not اعتقالها ناشطين,
    where the pronoun acts."""
    # (on the written word, where ة is not ه; none of these nouns ends in ه itself)
    w = tokens[match.last - 1].text.removeprefix("و")
    if match.form.pos == VERB or not match.form.entry.genitive_patient \
            or match.type not in ("ASSAULT", "COERCE") or w.startswith(("ال", "بال", "لل")) \
            or not w.endswith(OBJECT_PRONOUNS) or len(w) < 4:
        return False
    k = match.last
    return k >= hi or not tokens[k].is_word or tokens[k].norm in _PHRASE_STOP \
        or tokens[k].norm in _PLACE_AFTER or tokens[k].norm[:1] == "و"


# Words after which a platform is what was aimed at (أطلقت صاروخا على طائرة بدون طيار).
_AIMED_WORDS = frozenset({"على", "نحو", "باتجاه", "تجاه", "ضد", "صوب"})


def _word_before(text: str, start: int) -> str:
    """The word that ends just before `start` in the original text, or ""."""
    words = text[max(0, start - 12):start].split()
    return words[-1] if words else ""


def _platform(actor: Actor) -> bool:
    """Whether a phrase names a weapon platform (طائرة، مقاتلات التحالف، مدفعية الجيش)."""
    head = norm(actor.text.split()[0]) if actor.text.split() else ""
    for prefix in ("و", "ب", "ل", "ال"):
        head = head.removeprefix(prefix)
    return head.removeprefix("ال") in _PLATFORMS


def _caused(match: TriggerMatch, tokens: Sequence[Token], lo: int) -> bool:
    """Whether the trigger is named as a cause: بهجوم، في قصف، جراء تفجير."""
    return "ب" in match.prefixes or (match.first > lo and tokens[match.first - 1].norm in CAUSAL)


def _toll_cause(match: TriggerMatch, tokens: Sequence[Token], lo: int) -> bool:
    """Whether an attack is named as the cause of a toll stated before it."""
    return match.type == "ASSAULT" and _caused(match, tokens, lo) \
        and victims_span(tokens, lo, match.first) is not None


def _right_after_toll_verb(match: TriggerMatch, tokens: Sequence[Token], lo: int) -> bool:
    """Whether an attack is the cause named right after a toll verb (قتلوا بغارات، قتل في
    قصف): the toll's victims stand before the verb, so `_toll_cause` does not see them."""
    if not _caused(match, tokens, lo):
        return False
    k = match.first - (1 if "ب" in match.prefixes else 2)
    if k < lo:
        return False
    lex = load_casualty_lexicon()
    w = tokens[k].norm.removeprefix("و")
    return w in lex.toll_after_subject or w in lex.toll


def victims(match: TriggerMatch, text: str, tokens: Sequence[Token],
            parts: Sequence[Participant], lo: int, source: Actor | None) -> Actor | None:
    """Who an attack named as a toll's cause hit: مقتل 17 مدنيا … في قصف لقوات النظام،
    قُتل 18 عنصرا من قوات النظام جراء تفجير…, the killed and wounded before it (a known
    actor among their first words, else their phrase)."""
    t_first = match.first
    if not _caused(match, tokens, lo):
        return None
    span = victims_span(tokens, lo, t_first)
    if span is None:
        return None
    k, end = span
    if k + 2 < end and tokens[k + 1].norm == "من" and (
            _DIGITS.fullmatch(tokens[k].norm) or tokens[k].norm in _COUNT_WORDS):
        k += 2  # مقتل 17 من عناصر الحوثي: who the count is of
    # a known actor among the first words (18 عنصرا من قوات النظام), not one after a
    # preposition or an agent marker (… على يد الجيش الأمريكي قتلوا)
    hit = next((p for p in parts if k <= p.first <= k + 3 and p.last <= end
                and not p.after_agent_marker
                and not (p.marked and tokens[p.first - 1].norm != "من")), None)
    if hit is None and tokens[k].norm[:1] in ("ب", "ل") and len(tokens[k].norm) > 3:
        return None  # مقتل برصاصة، أصيب بجروح: a بـ or لـ phrase says how, not whom
    actor = hit.actor if hit is not None else noun_phrase(text, tokens, k, end)
    if actor is None or (source is not None and actor.start < source.end
                         and source.start < actor.end):
        return None
    if hit is None and actor.end == tokens[k].end and (
            _DIGITS.fullmatch(tokens[k].norm) or tokens[k].norm in _COUNT_WORDS):
        return None  # أصيب ثلاثة: a bare count names no one
    return actor
