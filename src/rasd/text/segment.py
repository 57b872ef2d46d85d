"""Sentences, clauses and tokens, each with offsets into the original text."""

from __future__ import annotations

import re

from rasd.model import Clause, Sentence, Token, make_token
from rasd.text.clitics import segment
from rasd.text.normalize import TRAILING_MARKS, WORD_CACHE, Normalized

# A word: letters and digits (normalised text has no diacritics left to break a word).
_TOKEN = re.compile(r"\w+|[^\w\s]", re.UNICODE)
# Sentence ends: . ! ? (Arabic ؟ is already ?) not between digits, or a line break.
_SENT_END = re.compile(r"(?<!\d)[.!?]+(?!\d)[\"')\]]*|\.{3,}|\n+")
# Clause boundaries inside a sentence: comma (، is ,), semicolon, colon, quotes, dashes.
_CLAUSE_END = re.compile(r"[,;:\"()\[\]]| - ")
# word -> (prefixes, stem, suffix, is_word) of its token
_segmented: dict[str, tuple[tuple[str, ...], str, str, bool]] = {}


def split_sentences(n: Normalized) -> list[tuple[int, int]]:
    """Normalised [start, end) of each sentence, whitespace trimmed, empty ones dropped."""
    text = n.text
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _SENT_END.finditer(text):
        end = m.end() if m.group()[0] != "\n" else m.start()
        spans.append((pos, end))
        pos = m.end()
    spans.append((pos, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def split_clauses(n: Normalized, start: int, end: int) -> list[tuple[int, int]]:
    """Normalised [start, end) of the clauses of one sentence."""
    out = []
    pos = start
    for m in _CLAUSE_END.finditer(n.text, start, end):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if end > pos:
        out.append((pos, end))
    return [(s, e) for s, e in out if n.text[s:e].strip()] or [(start, end)]


def analyse(n: Normalized) -> tuple[tuple[Sentence, ...], tuple[Token, ...]]:
    """Split into sentences (with clauses) and tokens; all offsets in the original text.

    The hot loop of the text stage (one pass per token of every article), so it maps
    offsets inline and keeps each word's segmentation in a table."""
    original = n.original
    text = n.text
    offsets = n.offsets
    size = len(original)
    trailing = TRAILING_MARKS
    seg = _segmented
    sentences: list[Sentence] = []
    tokens: list[Token] = []
    append = tokens.append
    find = text.find
    for s, e in split_sentences(n):
        first = len(tokens)
        pos = s
        for word in _TOKEN.findall(text, s, e):
            ns_ = find(word, pos)  # only spaces lie between two tokens
            ne = pos = ns_ + len(word)
            if offsets is None:
                os_, oe = ns_, ne
            else:
                os_ = offsets[ns_]
                oe = offsets[ne - 1] + 1
            while oe < size and original[oe] in trailing:  # the word's own marks
                oe += 1
            hit = seg.get(word)
            if hit is None:
                if word[0].isalnum() or word[0] == "_":
                    hit = (*segment(word), True)
                else:
                    hit = ((), word, "", False)
                if len(seg) > WORD_CACHE:
                    seg.clear()
                seg[word] = hit
            append(make_token(os_, oe, original[os_:oe], word, *hit))
        clauses = tuple(Clause(*n.span(cs, ce)) for cs, ce in split_clauses(n, s, e))
        os_, oe = n.span(s, e)
        sentences.append(Sentence(os_, oe, original[os_:oe], first, len(tokens), clauses))
    return tuple(sentences), tuple(tokens)
