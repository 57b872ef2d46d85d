"""The trigger, mode and factuality lexicons: data files compiled once into lookup tables.

`triggers.yaml` lists verbs as 3rd-person masculine singular past/present pairs; this module
inflects them (قصف → قصفت، قصفوا، يقصف، تقصفون …) so that matching is a dictionary lookup
per clitic reading of a word, never a loop over entries.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rasd.errors import DictionaryError
from rasd.model import EVENT_TYPES
from rasd.resources import data_path, load_yaml
from rasd.text.clitics import readings
from rasd.text.normalize import WORD_CACHE, norm

# Perfect-tense subject suffixes (he/she/they/we/you…), as written without diacritics.
PAST_SUFFIXES = ("", "ت", "ا", "وا", "تا", "ن", "نا", "تم", "تما", "تن", "و")
# Imperfect person prefixes and the suffixes each can take (يفعلون، تفعلين، نفعل، افعل).
PRESENT_PREFIXES = ("ي", "ت", "ن", "ا")
PRESENT_SUFFIXES = {"ي": ("", "ون", "ان", "ن", "وا", "ا"),
                    "ت": ("", "ون", "ان", "ين", "ن", "وا", "ا"),
                    "ن": ("",), "ا": ("",)}

VERB, NOUN = "verb", "noun"


@dataclass(frozen=True, slots=True)
class TriggerEntry:
    """One lexicon entry: a family of word forms that name one kind of event."""

    id: str
    type: str
    mode: str | None = None
    alt: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    needs_verbs: tuple[str, ...] = ()
    needs_nouns: tuple[str, ...] = ()
    # the genitive of the verbal noun is who the act is done to, even before من (طرد مقاتلي
    # الحركة من العاصمة), unlike انسحاب ترامب من الاتفاق
    genitive_patient: bool = False
    # the genitive of the verbal noun is who acts (زحف الحوثيين), as for MOBILIZE, PROTEST
    # and RETREAT, in an entry of another type
    genitive_agent: bool = False
    # من after the cue names the side ground is taken from (تحرير مواقع من الميليشيات):
    # the target, where after other verbal nouns it names the agent (رسالة من النهضة)
    taken_from: bool = False
    # how many tokens after the cue a needed word may stand (None: the default window); حمّل
    # X مسؤولية puts a whole actor phrase, relative clause and all, between
    needs_reach: int | None = None
    retype: tuple[tuple[str, tuple[str, ...]], ...] = ()
    past_only: bool = False  # the imperfect names a state, not an act (يسيطر = controls)
    # context words that cancel the cue (انقلاب السيارة is an accident, not a coup)
    unless: tuple[str, ...] = ()
    # how many tokens after the cue an `unless` word may stand (None: its neighbours); رفض
    # متحدث باسم الجيش التعليق puts the subject between
    unless_reach: int | None = None
    # words right before a verbal noun that make it a standing state, not an act (مناطق
    # سيطرة النظام: the areas the regime holds)
    unless_before: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Form:
    """A surface form (normalised) of an entry, with its part of speech and tense."""

    entry: TriggerEntry
    pos: str  # VERB or NOUN
    present: bool = False  # an imperfect verb form (may take the future prefix س)
    # An active participle used as a circumstantial (متهما، محذرة، داعيا): its subject is
    # the subject of the clause it hangs on, its object follows it.
    participle: bool = False


@dataclass
class TriggerLexicon:
    """Compiled trigger lexicon: single-word forms and multiword phrases."""

    words: dict[str, list[Form]] = field(default_factory=dict)
    # first word → list of (remaining words, form), longest first
    phrases: dict[str, list[tuple[tuple[str, ...], Form]]] = field(default_factory=dict)
    entries: dict[str, TriggerEntry] = field(default_factory=dict)
    never: frozenset[str] = frozenset()  # words that are no trigger in any reading
    # word → its readings that the lexicon knows: (prefixes, phrase options, word forms).
    # Filled lazily; news vocabulary is Zipfian, so nearly every lookup is a cache hit.
    _candidates: dict[str, tuple] = field(default_factory=dict, repr=False)

    def candidates(self, word: str) -> tuple[tuple[tuple[str, ...], str,
                                                 list[tuple[tuple[str, ...], Form]],
                                                 list[Form]], ...]:
        """The readings of `word` the lexicon knows: (prefixes, suffix, phrases the stem
        starts, single-word forms of the stem)."""
        hit = self._candidates.get(word)
        if hit is None and word in self.never:
            hit = ()
        if hit is None:
            hit = tuple((prefixes, suffix, self.phrases.get(stem, []), self.words.get(stem, []))
                        for prefixes, stem, suffix in readings(word)
                        if stem in self.phrases or stem in self.words)
            if len(self._candidates) < WORD_CACHE:
                self._candidates[word] = hit
        return hit

    def add_word(self, word: str, form: Form) -> None:
        if word in self.never:
            return
        forms = self.words.setdefault(word, [])
        if all(f.entry.id != form.entry.id or f.pos != form.pos for f in forms):
            forms.append(form)

    def add_phrase(self, words: tuple[str, ...], form: Form) -> None:
        options = self.phrases.setdefault(words[0], [])
        options.append((words[1:], form))
        options.sort(key=lambda o: -len(o[0]))


def inflect_past(stem: str) -> list[str]:
    return [stem + s for s in PAST_SUFFIXES]


def inflect_present(form3ms: str) -> list[str]:
    base = form3ms[1:] if form3ms[0] in PRESENT_PREFIXES else form3ms
    return [p + base + s for p in PRESENT_PREFIXES for s in PRESENT_SUFFIXES[p]]


def _words(value: object, path: Path, entry_id: str, key: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DictionaryError(f"entry {entry_id!r}: {key!r} must be a list of strings",
                              file=str(path))
    return [norm(v) for v in value if v.strip()]


def compile_triggers(path: Path, never: frozenset[str] = frozenset()) -> TriggerLexicon:
    """The lexicon of `path`; generated forms in `never` (اثنين "two", not "they praised")
    are left out."""
    raw = load_yaml(path)
    if not isinstance(raw, list):
        raise DictionaryError("expected a list of trigger entries", file=str(path))
    lex = TriggerLexicon(never=never)
    for item in raw:
        if not isinstance(item, dict) or "id" not in item or "type" not in item:
            raise DictionaryError(f"every entry needs 'id' and 'type': {item!r}", file=str(path))
        eid, etype = str(item["id"]), str(item["type"])
        if etype not in EVENT_TYPES:
            raise DictionaryError(f"entry {eid!r}: unknown PLOVER type {etype!r}", file=str(path))
        if eid in lex.entries:
            raise DictionaryError(f"duplicate entry id {eid!r}", file=str(path))
        retype = tuple((t, tuple(_words(ws, path, eid, "retype")))
                       for t, ws in (item.get("retype") or {}).items())
        entry = TriggerEntry(
            id=eid, type=etype, mode=item.get("mode"),
            alt=tuple(item.get("alt") or ()),
            needs=tuple(_words(item.get("needs"), path, eid, "needs")),
            needs_verbs=tuple(_words(item.get("needs_verbs"), path, eid, "needs_verbs")),
            needs_nouns=tuple(_words(item.get("needs_nouns"), path, eid, "needs_nouns")),
            needs_reach=int(item["needs_reach"]) if item.get("needs_reach") else None,
            genitive_patient=bool(item.get("genitive_patient", False)),
            genitive_agent=bool(item.get("genitive_agent", False)),
            taken_from=bool(item.get("taken_from", False)),
            retype=retype,
            past_only=bool(item.get("past_only", False)),
            unless=tuple(_words(item.get("unless"), path, eid, "unless")),
            unless_reach=int(item["unless_reach"]) if item.get("unless_reach") else None,
            unless_before=tuple(_words(item.get("unless_before"), path, eid, "unless_before")),
        )
        lex.entries[eid] = entry
        for pair in _words(item.get("verbs"), path, eid, "verbs"):
            parts = pair.split()
            for w in inflect_past(parts[0]):
                lex.add_word(w, Form(entry, VERB))
            if len(parts) > 1 and not entry.past_only:
                for w in inflect_present(parts[1]):
                    lex.add_word(w, Form(entry, VERB, present=True))
        for w in _words(item.get("forms"), path, eid, "forms"):
            lex.add_word(w, Form(entry, VERB))
        for w in _words(item.get("participles"), path, eid, "participles"):
            lex.add_word(w, Form(entry, VERB, participle=True))
        for w in _words(item.get("nouns"), path, eid, "nouns"):
            if " " in w:
                lex.add_phrase(tuple(w.split()), Form(entry, NOUN))
            else:
                lex.add_word(w, Form(entry, NOUN))
                if not w.endswith(("ه", "ا", "ات", "ي")):
                    lex.add_word(w + "ا", Form(entry, NOUN))  # accusative: هجوما
        for p in _words(item.get("phrases"), path, eid, "phrases"):
            lex.add_phrase(tuple(p.split()), Form(entry, NOUN))
    return lex


class CueSet:
    """Word sequences compiled into a first-word index, searched in a window of token keys.

    Scanning costs one set lookup per key in the window instead of one pass per cue.
    """

    __slots__ = ("_by_first", "_firsts")

    def __init__(self, seqs: Iterable[tuple[str, ...]]) -> None:
        self._by_first: dict[str, list[tuple[str, ...]]] = {}
        for seq in seqs:
            if seq:
                self._by_first.setdefault(seq[0], []).append(seq[1:])
        self._firsts = frozenset(self._by_first)

    def __bool__(self) -> bool:
        return bool(self._by_first)

    def find(self, keys: Sequence[frozenset[str]], lo: int = 0, hi: int | None = None
             ) -> tuple[str, ...] | None:
        """The first cue (leftmost) that occurs within keys[lo:hi], or None."""
        return self.find_at(keys, lo, hi)[1]

    def find_at(self, keys: Sequence[frozenset[str]], lo: int = 0, hi: int | None = None
                ) -> tuple[int, tuple[str, ...] | None]:
        """(index, cue) of the first cue within keys[lo:hi], or (hi, None)."""
        hi = len(keys) if hi is None else hi
        by_first, firsts = self._by_first, self._firsts
        for k in range(max(lo, 0), hi):
            hits = keys[k] & firsts  # nearly always empty: one C-level set operation
            if not hits:
                continue
            # sorted: set order follows the hash seed, and rule ids must not vary by process
            for word in sorted(hits):
                rests = by_first.get(word)
                if rests is None:
                    continue
                for rest in rests:
                    n = len(rest)
                    if k + n < hi and all(rest[j] in keys[k + 1 + j] for j in range(n)):
                        return k, (word,) + rest
        return hi, None


@dataclass(frozen=True)
class ModeLexicon:
    # type → list of (mode, cues), in priority order
    cues: dict[str, list[tuple[str, CueSet]]]


def compile_modes(path: Path) -> ModeLexicon:
    raw = load_yaml(path) or {}
    cues: dict[str, list[tuple[str, CueSet]]] = {}
    for etype, modes in raw.items():
        if etype not in EVENT_TYPES:
            raise DictionaryError(f"unknown PLOVER type {etype!r}", file=str(path))
        cues[etype] = [(mode, CueSet(tuple(norm(w).split()) for w in words))
                       for mode, words in modes.items()]
    return ModeLexicon(cues)


@dataclass(frozen=True)
class FactualityLexicon:
    negation_window: int
    negators: frozenset[str]
    denials: CueSet
    uncertain: CueSet  # explicit doubt, anywhere in the sentence
    hearsay: CueSet  # unnamed sources, before the trigger
    # doubt phrases that begin with a negator (لم يتأكد): not a negation of the event
    negated_doubt: CueSet
    hypothetical_window: int
    hypothetical_before: CueSet
    hypothetical_after: frozenset[str]
    governors: frozenset[str]
    # preparation and intention that reach across commas (تستعد القوات، بدعم من…، لتحرير)
    hypothetical_sentence: CueSet = CueSet(())
    hypothetical_sentence_window: int = 15
    # trigger entries whose بـ object is an alleged act (اتهم X بقصف), and how far after them
    alleging: frozenset[str] = frozenset()
    alleging_reach: int = 6


def compile_factuality(path: Path) -> FactualityLexicon:
    raw = load_yaml(path) or {}
    neg, unc, hyp = raw.get("negated", {}), raw.get("uncertain", {}), raw.get("hypothetical", {})

    def seqs(words: list[str]) -> list[tuple[str, ...]]:
        return [tuple(norm(w).split()) for w in words or ()]

    negators = frozenset(norm(w) for w in neg.get("before", ()))
    doubt = seqs(unc.get("sentence"))
    hearsay = seqs(unc.get("before"))
    return FactualityLexicon(
        negation_window=int(neg.get("window", 2)),
        negators=negators,
        denials=CueSet(seqs(neg.get("denial"))),
        uncertain=CueSet(doubt),
        hearsay=CueSet(hearsay),
        negated_doubt=CueSet(s for s in doubt if s[0] in negators),
        hypothetical_window=int(hyp.get("window", 4)),
        hypothetical_before=CueSet(seqs(hyp.get("before"))),
        hypothetical_after=frozenset(norm(w) for w in hyp.get("after", ())),
        governors=frozenset(hyp.get("governors", ())),
        hypothetical_sentence=CueSet(seqs(hyp.get("sentence_before"))),
        hypothetical_sentence_window=int(hyp.get("sentence_window", 15)),
        alleging=frozenset(unc.get("alleging", ())),
        alleging_reach=int(unc.get("alleging_reach", 6)),
    )


@dataclass(frozen=True)
class EventLexicons:
    triggers: TriggerLexicon
    modes: ModeLexicon
    factuality: FactualityLexicon


def _never(path: Path) -> frozenset[str]:
    """Common words that inflection or clitic splitting would turn into triggers."""
    if not path.exists():
        return frozenset()
    raw = load_yaml(path)
    words = raw.get("words") if isinstance(raw, dict) else None
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        raise DictionaryError("expected 'words:' with a list of words", file=str(path))
    return frozenset(norm(w) for w in words)


@lru_cache(maxsize=4)
def load_lexicons(directory: str | None = None) -> EventLexicons:
    """Compile the event lexicons of `directory` (default: the bundled ones), once."""
    base = Path(directory) if directory else data_path("events")
    return EventLexicons(
        triggers=compile_triggers(base / "triggers.yaml", _never(base / "not_triggers.yaml")),
        modes=compile_modes(base / "modes.yaml"),
        factuality=compile_factuality(base / "factuality.yaml"),
    )


@lru_cache(maxsize=1)
def perfect_verbs() -> frozenset[str]:
    """Past-tense verb forms, normalised (عقدت، قتلوا، استهدف، أسفر): words that open a
    clause of their own, never a participant's noun phrase. Mined from the news corpus by
    scripts/verb_forms.py."""
    path = data_path("events", "perfect_verbs.txt")
    try:
        with open(path, encoding="utf-8") as fh:
            return frozenset(w for w in (line.strip() for line in fh) if w and w[0] != "#")
    except FileNotFoundError as exc:
        raise DictionaryError("file not found; rebuild it with scripts/verb_forms.py",
                              file=str(path)) from exc
