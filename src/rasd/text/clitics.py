"""Clitic segmentation of normalised Arabic words.

Arabic writes conjunctions (و ف), prepositions (ب ل ك), the future particle (س), the article
(ال) and object/possessive pronouns (ه ها هم …) as part of the word. `readings(word)` lists
every plausible (prefixes, stem, suffix) split so that dictionary matchers can look each
stem up; `segment(word)` picks one conservative split for the token itself.

Words here are already normalised (rasd.text.normalize): ة is ه, أ/إ/آ are ا, ى is ي.
"""

from __future__ import annotations

from functools import lru_cache

from rasd.text.normalize import WORD_CACHE

CONJUNCTIONS = ("و", "ف")
PREPOSITIONS = ("ب", "ل", "ك")
ARTICLE = "ال"
FUTURE = "س"
# Attached pronouns, longest first so that هما is tried before ها and ه. First- and
# second-person singular (ي، ني، ك) are left out: in news they are rare, and stripping them
# invents stems (الاجتماعي → اجتماع، ايدي → ايد).
SUFFIXES = ("هما", "كما", "هم", "هن", "ها", "كم", "نا", "ه")
MIN_STEM = 2


@lru_cache(maxsize=WORD_CACHE)
def prefix_readings(word: str) -> tuple[tuple[tuple[str, ...], str], ...]:
    """Every (prefixes, rest) split of the proclitics of `word`, the unsplit reading first.

    >>> prefix_readings("للقصف")[-1]
    (('ل', 'ال'), 'قصف')
    """
    out: list[tuple[tuple[str, ...], str]] = [((), word)]
    seen = {word}

    def add(prefixes: tuple[str, ...], rest: str) -> None:
        if len(rest) >= MIN_STEM and rest not in seen:
            seen.add(rest)
            out.append((prefixes, rest))

    conj_options: list[tuple[tuple[str, ...], str]] = [((), word)]
    if len(word) > MIN_STEM + 1 and word[0] in CONJUNCTIONS:
        conj_options.append(((word[0],), word[1:]))
    for conj, rest in conj_options:
        add(conj, rest)
        # ل + ال is written لل (the alef of the article drops).
        if rest.startswith("لل") and len(rest) > MIN_STEM + 2:
            add(conj + ("ل", ARTICLE), rest[2:])
        prep_options: list[tuple[tuple[str, ...], str]] = [(conj, rest)]
        if len(rest) > MIN_STEM + 1 and rest[0] in PREPOSITIONS:
            prep_options.append((conj + (rest[0],), rest[1:]))
            add(conj + (rest[0],), rest[1:])
        if len(rest) > MIN_STEM + 2 and rest[0] == FUTURE and rest[1] in "يتنا":
            add(conj + (FUTURE,), rest[1:])
        for pre, r in prep_options:
            if r.startswith(ARTICLE) and len(r) >= MIN_STEM + 2:
                add(pre + (ARTICLE,), r[2:])
    return tuple(out)


@lru_cache(maxsize=WORD_CACHE)
def readings(word: str) -> tuple[tuple[tuple[str, ...], str, str], ...]:
    """Every (prefixes, stem, suffix) reading of `word`, the unsplit reading first."""
    out: list[tuple[tuple[str, ...], str, str]] = []
    for prefixes, rest in prefix_readings(word):
        out.append((prefixes, rest, ""))
        for suf in SUFFIXES:
            if rest.endswith(suf) and len(rest) - len(suf) >= MIN_STEM + 1:
                out.append((prefixes, rest[: -len(suf)], suf))
    return tuple(out)


@lru_cache(maxsize=WORD_CACHE)
def segment(word: str) -> tuple[tuple[str, ...], str, str]:
    """One conservative split: proclitics are split only before the article.

    وبالقصف → (و, ب, ال) + قصف; للقصف → (ل, ال) + قصف; but وزير stays وزير, since a
    lone و/ف/ب/ل/ك is as often a root letter. Suffixes are left on the stem.
    """
    for prefixes, rest in prefix_readings(word):
        if prefixes and prefixes[-1] == ARTICLE:
            return prefixes, rest, ""
    return (), word, ""
