"""The entities stage: the statistical tagger's PER/LOC/ORG/MISC mentions over rasd's tokens.

Only sentences that hold a trigger candidate are tagged (names matter to rasd as the
actors of events; the tagger is the pipeline's most expensive stage), all of them at once so
that the model's second stage reads the other sentences. Mentions carry original offsets so
that actor resolution can turn a name no dictionary has into an ad-hoc actor.
"""

from __future__ import annotations

import dataclasses

from rasd.evaluate.ner import chunks
from rasd.events.lexicon import load_lexicons
from rasd.model import Document, Mention
from rasd.ner.tagger import Tagger
from rasd.text.normalize import WORD_CACHE


# The pipeline tags in one pass: the second pass (which reads the tags of neighbouring
# sentences) adds 1.5 F1 on ANERcorp but changes no event score on the dev gold, and costs
# a third of the stage's time (docs/benchmarks.md). `rasd ner` keeps both passes.
PIPELINE_PASSES = 1


class NerStage:
    name = "ner"

    def __init__(self, tagger: Tagger | None = None, *, all_sentences: bool = False,
                 passes: int | None = PIPELINE_PASSES) -> None:
        self.tagger = tagger or Tagger.load()
        self.all_sentences = all_sentences
        self.passes = passes
        self.triggers = load_lexicons().triggers
        self._is_candidate: dict[str, bool] = {}  # normalised word -> holds a trigger candidate

    def _wanted(self, tokens) -> bool:
        if self.all_sentences:
            return True
        known = self._is_candidate
        for t in tokens:
            if t.is_word:
                hit = known.get(t.norm)
                if hit is None:
                    if len(known) > WORD_CACHE:
                        known.clear()
                    hit = known[t.norm] = bool(self.triggers.candidates(t.norm))
                if hit:
                    return True
        return False

    def __call__(self, doc: Document) -> Document:
        sents = [doc.tokens[s.token_start:s.token_end] for s in doc.sentences]
        sents = [s for s in sents if s and self._wanted(s)]
        if not sents:
            return doc
        tags = self.tagger.tag_sents([[t.text for t in s] for s in sents], stages=self.passes)
        mentions = []
        for toks, sent_tags in zip(sents, tags):
            for label, i, j in chunks(sent_tags):
                start, end = toks[i].start, toks[j - 1].end
                mentions.append(Mention(start, end, doc.text[start:end], label, "ner"))
        return dataclasses.replace(doc, mentions=tuple(mentions))
