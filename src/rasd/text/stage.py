"""The text stage: normalise, split into sentences and clauses, tokenise."""

from __future__ import annotations

import dataclasses

from rasd.model import Document
from rasd.text.dateline import find_dateline
from rasd.text.normalize import normalize
from rasd.text.segment import analyse


class TextStage:
    name = "text"

    def __call__(self, doc: Document) -> Document:
        n = normalize(doc.text)
        sentences, tokens = analyse(n)
        return dataclasses.replace(doc, normalized=n, sentences=sentences, tokens=tokens,
                                   dateline=find_dateline(doc.text))
