"""Find event triggers in a sentence: the pure "find" step, testable on plain strings.

A trigger is one word (any clitic reading of it that the lexicon knows, with prefixes that
fit its part of speech) or a multiword phrase; the longest match at a position wins.
Context conditions (`needs`) and retyping by object (دعم عسكري → AID) are applied here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rasd.dates.lexicon import lexicon as date_lexicon
from rasd.events.clauses import OBJECT_PRONOUNS, opens_conjunct
from rasd.events.lexicon import NOUN, VERB, Form, TriggerLexicon
from rasd.model import Token
from rasd.text.clitics import prefix_readings
from rasd.text.normalize import TASHKEEL, WORD_CACHE, norm

# Proclitics a verb can carry: conjunctions, the future particle, and ل of purpose.
_VERB_PREFIXES = frozenset({"و", "ف", "س", "ل"})
# Prepositions that only ever govern a noun (not منذ or حتى, which may open a clause).
# (not من either: it is also "who", as in بمحاسبة من اختطف الصحفيين)
_NOUN_AFTER = frozenset(norm(w) for w in ("في", "على", "إلى", "عن", "خلال", "إثر",
                                          "عقب", "جراء", "حول", "ضد", "لدى", "بسبب",
                                          # (بهدف طرد الحوثيين، بعد طرد المقاتلين، تم طرد)
                                          "بعد", "قبل", "بهدف", "تم", "يتم", "أجل",
                                          # (تحت سيطرتها is a noun + "its", not a verb)
                                          "تحت", "دون", "بدون", "رغم",
                                          # (مدينة تدمر is Palmyra: a town's name, no verb)
                                          "مدينة", "بلدة", "قرية", "محافظة", "مدينتي",
                                          # (مناطق أرحب, Arhab: a district's name)
                                          "مديرية", "مناطق", "منطقة", "ناحية"))
# Words before a name's next part, as written (سعود بن قابل، علي بن أبي طالب; not آبي "Abe",
# which normalises like أبي)
_NAME_LINKS = frozenset({"بن", "بنت", "ابن", "أبو", "أبي", "ابو", "آل"})
# Verbs whose object is a verbal noun (جدد الوزير دعم بلاده، أعلن الجيش قصف مواقع): a
# cue a few words after one, its subject between, is that noun, not a second verb.
_MASDAR_GOVERNORS = frozenset(norm(w) for w in (
    "جدد", "جددت", "يجدد", "تجدد", "أكد", "أكدت", "يؤكد", "تؤكد", "أعلن", "أعلنت", "يعلن",
    "تعلن", "أبدى", "أبدت", "يبدي", "تبدي", "واصل", "واصلت", "يواصل", "تواصل", "استأنف",
    "استأنفت", "قرر", "قررت", "يقرر", "تقرر", "بحث", "بحثت", "يبحث", "تبحث", "ناقش",
    "ناقشت", "يناقش", "تناقش", "عرض", "عرضت", "يعرض", "تعرض", "رفض", "رفضت", "يرفض", "ترفض",
    "أدان", "أدانت", "يدين", "تدين", "استنكر", "استنكرت", "يستنكر", "تستنكر", "شجب", "شجبت"))
_GOVERNOR_REACH = 6
# Verbs of following and accompanying, which take the act after them as their subject.
_ACCOMPANYING = frozenset(norm(w) for w in (
    "تلا", "تلت", "يتلو", "أعقب", "أعقبت", "يعقب", "تعقب", "تبع", "تبعت", "يتبع", "تتبع",
    "رافق", "رافقت", "يرافق", "ترافق", "صاحب", "صاحبت", "يصاحب", "تصاحب", "تخلل", "تخللت",
    "يتخلل", "تتخلل", "سبق", "سبقت", "يسبق", "تسبق"))


def _accompanies(w: str) -> bool:
    """يتخللها، أعقبه، تلاه: a verb of following with its object pronoun."""
    if w[:1] in ("و", "ف"):
        w = w[1:]
    for suffix in ("هما", "هم", "ها", "ه"):
        if w.endswith(suffix) and w[: -len(suffix)] in _ACCOMPANYING:
            return True
    return False
# (a reported or relative clause between has verbs of its own: يؤكد نواب أنهم حذروا)
_GOVERNOR_FENCES = frozenset(norm(w) for w in (
    "أنهم", "إنهم", "بأنهم", "أنهما", "إنهما", "الذي", "التي", "الذين", "إذ", "حيث", "كما"))
NEEDS_BEFORE, NEEDS_AFTER = 3, 12
_CLAUSE_OPENERS = frozenset(norm(w) for w in ("إن", "أن", "أنه", "أنها", "بأن", "حين",
                                              "عندما", "بينما"))
UNLESS_BEFORE, UNLESS_AFTER = 2, 2  # `unless` words are the cue's own neighbours
RETYPE_AFTER = 4


@dataclass(frozen=True, slots=True)
class TriggerMatch:
    first: int  # index of the first token (in the token sequence given)
    last: int  # index one past the last token
    form: Form
    prefixes: tuple[str, ...]
    type: str
    rules: tuple[str, ...]
    # a later trigger of the same act merged into this one (قتلوا في كمين نصبه الحوثيون):
    # its own phrase may name the agent this one lacks
    absorbed: TriggerMatch | None = None

    @property
    def entry_id(self) -> str:
        return self.form.entry.id


def _fits(form: Form, prefixes: tuple[str, ...]) -> bool:
    if form.pos == VERB:
        if not all(p in _VERB_PREFIXES for p in prefixes):
            return False
        if "ل" in prefixes and not form.present:
            return False  # لطرد، لقصف: لـ governs a verbal noun; only an imperfect takes it
        return "س" not in prefixes or form.present
    return "س" not in prefixes


def context_keys(tok: Token) -> frozenset[str]:
    """Every form under which a token can satisfy a context condition: the word and its
    proclitic-stripped stems (not suffix-stripped ones: التنويه must not yield تنوي)."""
    if not tok.is_word:
        return frozenset((tok.norm,))
    return _keys(tok.norm)


class LazyKeys:
    """`context_keys` of a document's tokens, computed when first asked for: only the
    sentences that hold a trigger candidate ever need them."""

    __slots__ = ("_tokens", "_keys")

    def __init__(self, tokens: Sequence[Token]) -> None:
        self._tokens = tokens
        self._keys: list[frozenset[str] | None] = [None] * len(tokens)

    def __len__(self) -> int:
        return len(self._keys)

    def __getitem__(self, k: int) -> frozenset[str]:
        got = self._keys[k]
        if got is None:
            got = self._keys[k] = context_keys(self._tokens[k])
        return got


@lru_cache(maxsize=WORD_CACHE)
def _keys(word: str) -> frozenset[str]:
    return frozenset({word} | {stem for _, stem in prefix_readings(word)})


def _needs_met(needs: Sequence[str], tokens: Sequence[Token], keys: Sequence[frozenset[str]],
               first: int, last: int, lo: int, hi: int, *, before: int = NEEDS_BEFORE,
               after: int = NEEDS_AFTER) -> bool:
    a, b = max(lo, first - before), min(hi, last + after)
    window_text: str | None = None
    window: set[str] | None = None
    for need in needs:
        if len(need) == 1:  # a proclitic (e.g. ب of امر ب…) on a following word
            if any(t.is_word and len(t.norm) > 3 and t.norm.startswith(need)
                   for t in tokens[last:b]):
                return True
        elif " " in need:
            if window_text is None:
                window_text = " " + " ".join(t.norm for t in tokens[a:b]) + " "
            if f" {need} " in window_text:
                return True
        else:
            if window is None:  # every key of the window but the cue's own words, once
                window = set()
                for k in range(a, b):
                    if not first <= k < last:
                        window |= keys[k]
            if need in window:
                return True
    return False


def find_triggers(tokens: Sequence[Token], lex: TriggerLexicon, lo: int = 0,
                  hi: int | None = None, keys: Sequence[frozenset[str]] | None = None
                  ) -> list[TriggerMatch]:
    """Triggers among tokens[lo:hi] (one sentence), left to right, not overlapping.

    `keys` are the tokens' context keys (`context_keys`), indexed like `tokens`, when the
    caller has them already."""
    hi = len(tokens) if hi is None else hi
    if keys is None:
        keys = [frozenset()] * lo + [context_keys(t) for t in tokens[lo:hi]]
    out: list[TriggerMatch] = []
    i = lo
    while i < hi:
        tok = tokens[i]
        if not tok.is_word:
            i += 1
            continue
        best: TriggerMatch | None = None
        for prefixes, suffix, phrase_options, word_forms in lex.candidates(tok.norm):
            if suffix == "ه" and _written(tok).endswith("ة"):
                continue  # طلبة "students" is no طلب + "his": ة was normalised to ه
            for rest, form in phrase_options:
                n = len(rest)
                if best is not None and best.last - best.first >= n + 1:
                    break
                if i + n < hi and all(tokens[i + 1 + k].norm == rest[k] for k in range(n)):
                    m = _accept(form, prefixes, tokens, keys, i, i + 1 + n, lo, hi)
                    if m is not None:
                        best = m
                        break
            if best is not None and best.last - best.first > 1:
                continue
            if best is None:
                for form in word_forms:
                    if _fits(form, prefixes):
                        if form.pos == VERB and not form.participle and not form.present \
                                and not prefixes and _after_governor(tokens, i, lo) and any(
                                    f.pos != VERB and _fits(f, prefixes) for f in word_forms):
                            continue  # جدد الوزير دعم فرنسا: the verb before takes the noun
                        m = _accept(form, prefixes, tokens, keys, i, i + 1, lo, hi)
                        if m is not None:
                            best = m
                            break
        if best is None:
            i += 1
            continue
        out.append(best)
        i = best.last
    return out


def _clause_reach(reach: int | None, tokens: Sequence[Token], last: int, hi: int) -> int | None:
    """An entry's own reach after the cue, kept to the cue's clause: not past a
    complementiser or a comma before و (حمل المحتجون لافتات، وقال … إن البرلمان يتحمل
    المسؤولية). None when the entry sets none."""
    if not reach:
        return None
    end = min(hi, last + reach)
    stop = next((k for k in range(last, end) if tokens[k].norm in _CLAUSE_OPENERS
                 or opens_conjunct(tokens, k, end)), end)
    return max(1, stop - last)


def _after_governor(tokens: Sequence[Token], first: int, lo: int) -> bool:
    """Whether a verb that takes a verbal noun stands a few words before tokens[first],
    in its clause (no punctuation or complementiser between), or right before it a verb of
    following or accompanying with its pronoun (يتخللها قصف جوي، أعقبه قصف: the act is
    that verb's subject)."""
    if tokens[first].norm.endswith("وا"):
        return False  # حذروا: a plural ending no verbal noun has
    if first > lo and _accompanies(tokens[first - 1].norm):
        return True
    for k in range(first - 1, max(lo, first - _GOVERNOR_REACH) - 1, -1):
        tok = tokens[k]
        if not tok.is_word or tok.norm in _CLAUSE_OPENERS or tok.norm in _GOVERNOR_FENCES:
            return False
        w = tok.norm
        if w in _MASDAR_GOVERNORS or (w[:1] in ("و", "ف") and w[1:] in _MASDAR_GOVERNORS):
            return True
    return False


# Dialect words that normalise to a verb with a proclitic, as written without hamza and
# closing a phrase: Gulf وايد "a lot" (قصف وايد،) is no وأيّد "and he backed".
_DIALECT = frozenset({"وايد"})
# فجر is also "dawn": before a day or a date (فجر الأحد، فجر اليوم، فجر 25 يوليو) it dates,
# it does not blow up.
_DAWN = frozenset({"فجر"})
_DAYS = frozenset(norm(w) for w in ("اليوم", "أمس", "يوم", "الأمس"))


_GOD = norm("الله")
_HE_SHE = frozenset(norm(w) for w in ("هو", "وهو", "هي", "وهي"))
# Short vowels and other marks a writer may add after a word's last letter (وطلبةِ).
_MARKS = TASHKEEL + "\u0640"


def _written(tok: Token) -> str:
    """A token's original spelling without the vowel marks after its last letter."""
    return tok.text.rstrip(_MARKS)


def _accept(form: Form, prefixes: tuple[str, ...], tokens: Sequence[Token],
            keys: Sequence[frozenset[str]], first: int, last: int, lo: int, hi: int
            ) -> TriggerMatch | None:
    if tokens[first].text in _DIALECT and (last >= hi or not tokens[last].is_word):
        return None
    if form.pos == VERB and last < hi and tokens[first].norm.removeprefix("و") in _DAWN and (
            tokens[last].norm in date_lexicon().weekdays or tokens[last].norm in _DAYS
            or tokens[last].norm[:1].isdigit()):
        return None  # فجر الأحد، فجر اليوم، فجر 25 يوليو: dawn, not فجّر "blew up"
    entry = form.entry
    needs = entry.needs + (entry.needs_verbs if form.pos == VERB else entry.needs_nouns)
    rules = [f"trigger:{entry.id}"]
    if entry.unless_before and form.pos != VERB and "و" not in prefixes and first > lo \
            and any(w in keys[first - 1] for w in entry.unless_before):
        return None  # (a noun in construct: not وقسمتها إلى ثلاث مناطق وسيطرت على معظمها)
    if entry.unless and _needs_met(
            entry.unless, tokens, keys, first, last, lo, hi, before=UNLESS_BEFORE,
            after=_clause_reach(entry.unless_reach, tokens, last, hi) or UNLESS_AFTER):
        return None
    if form.pos == VERB and not form.participle and (
            _written(tokens[last - 1]).endswith("ة")  # وزارة is no و + زاره "visited him"
            or (first > lo and not prefixes and (tokens[first - 1].norm in _NOUN_AFTER
                                                 or tokens[first - 1].text in _NAME_LINKS))):
        return None  # في قصف لقوات النظام: a preposition governs a noun, never a verb
    if form.pos == VERB and not form.present and not form.participle and first > lo \
            and tokens[first - 1].norm in _HE_SHE:
        return None  # وهو طالب في كلية الطب: "a student"; a past verb does not follow هو
    if form.pos == VERB and last < hi and tokens[last].norm == _GOD and (
            form.participle or tokens[first].norm.endswith(OBJECT_PRONOUNS)):
        return None  # أيده الله، رعاه الله: a blessing; داعيا الله: a prayer, not an act
    if needs:
        reach = _clause_reach(entry.needs_reach, tokens, last, hi) or NEEDS_AFTER
        if not _needs_met(needs, tokens, keys, first, last, lo, hi, after=reach):
            return None
        rules.append(f"context:{entry.id}")
    etype = entry.type
    for new_type, words in entry.retype:
        end = min(hi, last + RETYPE_AFTER)
        if any(w in keys[k] for k in range(last, end) for w in words):
            etype = new_type
            rules.append(f"type:{entry.id}->{new_type}")
            break
    return TriggerMatch(first, last, form, prefixes, etype, tuple(rules))


__all__ = ["NOUN", "VERB", "LazyKeys", "TriggerMatch", "context_keys", "find_triggers"]
