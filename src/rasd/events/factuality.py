"""Factuality of an event: asserted, uncertain, negated or hypothetical (ANNOTATION.md).

Negation and modality are read in the trigger's clause (the words just before it), doubt in
its sentence (unnamed sources, allegations). Hypothetical wins over uncertain; a negation
right before the trigger wins over both.
"""

from __future__ import annotations

from collections.abc import Sequence

from rasd.events.clauses import COMPLEMENTISERS, future_verb
from rasd.events.lexicon import VERB, FactualityLexicon
from rasd.events.triggers import TriggerMatch
from rasd.model import Token
from rasd.text.normalize import norm

_MAY = "قد"
# (بعد أن، منذ أن: with أن; منذ alone is mostly "for months", no clause)
_PAST_TIME = frozenset({"بعدما", "بعد", "عقب", "اثر"})
_PAST_TIME_THAT = frozenset({"بعد", "منذ"})
_THAT = frozenset({"ان"})
_ONGOING = frozenset({"الجاريه", "الجاري", "المستمره", "المستمر", "المتواصله", "المتواصل"})
_FUTURE_REACH = 8  # tokens after a trigger where a future time word dates it
_RELATIVES = frozenset({"الذي", "التي", "الذين", "اللذين", "اللتين"})
# لا يزال، ما زال، ما تزال "is still": a negator that asserts the act goes on
_STILL = frozenset(norm(w) for w in ("يزال", "تزال", "زال", "زالت", "يزالون", "نزال"))


_JOINED_REACH = 8  # tokens from a governor to a verbal noun joined to its object
_REQUESTED_REACH = 12  # tokens from a governor to a verbal noun inside its object
_OPENERS = frozenset(norm(w) for w in ("إلى", "ب", "على"))
_BETWEEN = frozenset(norm(w) for w in ("عن", "من", "في", "على", "إلى", "مع", "بين"))
_ABOUT = frozenset(norm(w) for w in ("عن", "في", "بشأن", "حول"))  # (not من: حذر من خطر)
_ASIDE_MARKS = frozenset(',"«»“”')  # punctuation that sets off a phrase inside a clause
_ATTRIBUTIVE_STEMS = frozenset(norm(w) for w in ("خاضع", "تابع", "موال", "موالي", "مؤيد",
                                                  "مناهض", "معارض", "داعم", "مساند"))
# Words for discussing (بحث الجانبان انسحاب القوات), which with عن mean searching for.
_DISCUSS = frozenset(norm(w) for w in ("بحث", "بحثا", "لبحث", "يبحث", "تبحث", "يبحثون"))
# Words in بـ that give a cause, not what is asked for (ضغوطا بسبب استمرار المظاهرات).
_CAUSES = frozenset(norm(w) for w in ("بسبب", "بفعل", "بعد", "بحجة", "بدعوى", "بموجب"))


def _takes_lam(word: str) -> bool:
    """Whether a word is an adjective whose لـ phrase is a standing relation, not an act
    asked for (هددت تركيا بالهجوم على منبج الخاضعة لسيطرة قسد، القوات الموالية لإيران)."""
    stem = word.removeprefix("ال")
    for ending in ("ين", "ون", "ه"):
        stem = stem.removesuffix(ending)
    return stem in _ATTRIBUTIVE_STEMS


def _joined_to_object(match: TriggerMatch, tokens: Sequence[Token], gov: TriggerMatch) -> bool:
    """Whether a verbal noun lies in the prepositional object of a request or threat: joined
    to it by و (للمطالبة بعودة اللاجئين ورفع الحصار: the lifting is called for too), or
    the genitive of the verbal noun it names (حث طالبان على تمديد وقف إطلاق النار)."""
    if match.form.pos == VERB or not 0 < match.first - gov.last <= _REQUESTED_REACH:
        return False
    between = tokens[gov.last:match.first]
    if any(t.norm in _RELATIVES for t in between):
        return False
    # (commas may set off the asker and the one asked, دعت المنظمة، أمس، الحوثيين إلى
    # الإفراج, and quotes a name, «هيومن رايتس ووتش», when the act opens the request's
    # object: no earlier object or reported clause between, no comma before an act joined
    # by و, where it more often opens a new clause)
    asides = not all(t.is_word for t in between)
    if asides and ((gov.form.pos != VERB and not gov.form.participle) or any(
            (not t.is_word and t.norm not in _ASIDE_MARKS) or t.norm in COMPLEMENTISERS
            or (t.norm == "," and match.prefixes[:1] == ("و",)) for t in between)):
        return False

    def opens(k: int) -> bool:
        # (بـ on a word; لـ on a verbal noun, لإرسال، لتحرير، للحوار, not لحظة or لجنة)
        w = tokens[k].norm
        return w in _OPENERS or (w[:1] == "ب" and len(w) > 3 and not w.startswith("بين")
                                 and w not in _CAUSES) \
            or (len(w) > 3 and w.startswith(("لل", "لا", "لت")))

    if asides and match.prefixes[:1] != ("و",) \
            and any(opens(k) for k in range(gov.last, match.first - 1)):
        return False
    if match.prefixes[:1] == ("و",):
        # (the object may follow the governor's subject: طالب المتظاهرون بالإفراج … واعتقال)
        return match.first - gov.last <= _JOINED_REACH and any(
            opens(k) for k in range(gov.last, min(match.first, gov.last + 3)))
    # (past the subject and the one asked: حث غني حركة طالبان على تمديد وقف إطلاق النار;
    # a noun governor only with its object right after it, الدعوات للتوصل إلى هدنة (not
    # مصدر تهديد وخطر أدى إلى انتشار التفجيرات); and no
    # preposition between: طالبت بالاعتذار عن اتهامها asks for the apology, not the charge)
    # (an about-word before the request's object is an adjunct: طالب في قرار صدر بالإجماع
    # جميع الأطراف بوقف القتال)
    first_object = next((j for j in range(gov.last, match.first) if opens(j)), match.first)
    if gov.form.pos == VERB and match.prefixes[:1] in (("ب",), ("ل",)) \
            and not any(tokens[j].norm in _ABOUT for j in range(first_object, match.first)) \
            and not _takes_lam(tokens[match.first - 1].norm):
        # طالبت حماس الرئيس عباس بالاعتذار، دعا الدول إلى اتخاذ إجراءات لدعم…: the act is
        # the object or its purpose (not بتفجير in بالاعتذار عن اتهامها بتفجير: an act the
        # object is about)
        return True
    for k in range(max(gov.last, match.first - 2), match.first):
        if opens(k) and (gov.form.pos == VERB or k - gov.last <= 1) and not any(
                tokens[j].norm in _BETWEEN for j in range(k + 1, match.first)):
            return True
    return False


def _past_an_aside(tokens: Sequence[Token], gov_last: int, first: int) -> bool:
    """Whether the tokens between a verb and a verbal noun are its subject (at most three
    words) and then an aside set off by dashes or commas that closes right before the noun."""
    marks = [k for k in range(gov_last, first) if tokens[k].norm in _DASHES_AND_COMMAS]
    return len(marks) >= 2 and marks[-1] == first - 1 and marks[0] - gov_last <= 3 \
        and first - gov_last <= _ASIDE_REACH \
        and not any(t.norm in COMPLEMENTISERS or t.norm in _RELATIVES or t.norm in (".", ":")
                    for t in tokens[gov_last:first])


_DASHES_AND_COMMAS = frozenset({",", "-", "–", "—"})
_ASIDE_REACH = _REQUESTED_REACH + 4  # an object's reach, and the aside's marks and words


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
        if hit and not (k + 1 < first and tokens[k + 1].norm in _STILL):
            return "negated", f"factuality:negated:{min(hit)}"
    seq = lex.denials.find(keys, sentence[0], first)
    if seq:
        return "negated", f"factuality:denial:{' '.join(seq)}"
    # Hypothetical: future prefix, قد + imperfect, modal/intention cues, governing request.
    if match.form.present and "س" in match.prefixes:
        return "hypothetical", "factuality:future-prefix"
    if first > c_lo and tokens[first - 1].norm == _MAY and match.form.present:
        return "hypothetical", "factuality:qad-imperfect"
    h_lo = max(c_lo, first - lex.hypothetical_window)
    past_verb = match.form.pos == VERB and not match.form.present
    if match.form.participle:
        h_lo = first  # محملا …: a circumstantial is its own clause (بضرورة التحرك، محملا)
    else:
        # بعد أن قبضوا، بعدما سيطرت: what a past-time clause states happened; a plan or a
        # need named before it (كشفت عن مخطط الانقلابيين بعد أن قبضوا) governs it not
        # (and so does an ongoing one: العمليات الجارية لاستعادة الرقة)
        # (nor a past verb in a relative clause, which states a fact about a noun of the
        # plan: مقابل مرافقي المشرف الذين طوقوا المسجد)
        h_lo = next((k + 1 for k in range(first - 1, h_lo - 1, -1)
                     if tokens[k].norm in _PAST_TIME or tokens[k].norm in _ONGOING
                     or (tokens[k].norm in _THAT and k > 0
                         and tokens[k - 1].norm in _PAST_TIME_THAT)
                     or (past_verb and tokens[k].norm in _RELATIVES)),
                    h_lo)
    k, seq = lex.hypothetical_before.find_at(keys, h_lo, first)
    while seq and len(seq) == 1 and seq[0] in _DISCUSS and k + 1 < first \
            and tokens[k + 1].norm == "عن" and (match.form.pos == VERB or any(
                tokens[j].norm in _BETWEEN or tokens[j].norm in _RELATIVES
                for j in range(k + 2, first))):
        # تبحث عن ثلاثة مسلحين على صلة بهجوم، البحث عن 110 تلميذات اختطفن: an act that
        # describes whom one searches for (البحث عن مقاتلين ودعم مالي seeks the support: it
        # is to come)
        k, seq = lex.hypothetical_before.find_at(keys, k + 1, first)
    if seq:
        return "hypothetical", f"factuality:hypothetical:{' '.join(seq)}"
    # ستعود العقوبات، سيبدأ الانسحاب: a verbal noun right after a future verb is to come
    if match.form.pos != VERB and first > c_lo and future_verb(tokens[first - 1]):
        return "hypothetical", "factuality:future-verb"
    # (a time a few words on: سيعقد الاجتماع الأسبوع المقبل; not one that dates something
    # else further on, مع اقتراب موعد افتتاح القناة المحدد له يوم 6 أغسطس المقبل)
    for k in range(match.last, min(clause[1], match.last + _FUTURE_REACH)):
        if keys[k] & lex.hypothetical_after:
            return "hypothetical", "factuality:future-time"
    # (not support named as how the preparing side stands, وتستعد القوات، بدعم من التحالف،
    # لعملية: the backing is there already; the operation is to come)
    backing = "ب" in match.prefixes and match.last < sentence[1] \
        and tokens[match.last].norm == "من"
    seq = None if backing else lex.hypothetical_sentence.find(
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
        if past_verb and any(tokens[j].norm in _RELATIVES for j in range(gov.last, first)):
            continue  # طالب بمحاسبة الذين قتلوا المتظاهرين: the killing happened
        if (gov.type in lex.governors and 0 <= first - gov.last <= 3
                and (gov.form.pos == VERB or prepositional)):
            return "hypothetical", f"factuality:governed-by-{gov.type}"
        if gov.type in lex.governors and gov.form.pos == VERB and match.form.pos != VERB \
                and not match.prefixes and _past_an_aside(tokens, gov.last, first):
            # واقترح غنى - بحسب ما أوردته رويترز - وقف إطلاق النار: the object right after an
            # aside set off by dashes or commas
            return "hypothetical", f"factuality:governed-by-{gov.type}"
        if gov.type in lex.governors and _joined_to_object(match, tokens, gov):
            return "hypothetical", f"factuality:governed-by-{gov.type}"
    # The act one is accused of is alleged (اتهم أنقرة بقصف المدنيين، متهما إياه بالتخطيط):
    # its بـ object after the accuser and the accused, within the clause.
    if "ب" in match.prefixes:
        for gov in governors_before:
            if gov.entry_id in lex.alleging and 0 <= first - gov.last <= lex.alleging_reach \
                    and all(t.is_word for t in tokens[gov.last:first]):
                return "uncertain", f"factuality:alleged-by-{gov.entry_id}"
    # Doubt anywhere in the sentence: unnamed sources, allegations, unconfirmed.
    seq = lex.hearsay.find(keys, sentence[0], first)
    if seq:
        return "uncertain", f"factuality:hearsay:{' '.join(seq)}"
    seq = lex.uncertain.find(keys, sentence[0], sentence[1])
    if seq:
        return "uncertain", f"factuality:uncertain:{' '.join(seq)}"
    return "asserted", "factuality:default"
