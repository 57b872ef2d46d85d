"""Named entities for the pipeline: tags for rasd's own tokens, or entity spans of a text.

For a whole article call `tag_document` (sentences in order): the model's second stage uses
the other sentences of the article. The pipeline's tokens are words and punctuation marks with clitics still attached
("وبنغازي"), as in ANERcorp, on which the tagger is trained; features read the clitic-
stripped readings too, so a split form ("و" "بنغازي") is also handled.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, overload

from rasd.evaluate.ner import chunks
from rasd.ner.tagger import Tagger


def tag_tokens(tokens: Sequence[str], tagger: Tagger | None = None) -> list[str]:
    """IOB2 tags for the token surfaces of one sentence (seen alone)."""
    return (tagger or Tagger.load()).tag(list(tokens))


def tag_document(sentences: Sequence[Sequence[str]], tagger: Tagger | None = None) -> list[list[str]]:
    """IOB2 tags for the token surfaces of each sentence of one article, in order.

    Better than tagging sentence by sentence: a name recognised in one sentence helps
    in the others (stage 2 of the model). This is what the pipeline should call.
    """
    return (tagger or Tagger.load()).tag_sents([list(s) for s in sentences])


def spans(tags: Sequence[str]) -> list[tuple[str, int, int]]:
    """Entities of a tag list as (label, first token, one past the last token)."""
    return chunks(tags)


def text_entities(text: str, tagger: Tagger | None = None) -> list[dict[str, Any]]:
    """Entities of a whole text: [{"text", "start", "end", "label"}], offsets into `text`.

    The text is normalised, split into sentences and tokenised by rasd.text, exactly as the
    pipeline does; this is the `rasd ner --format jsonl` entity list.
    """
    from rasd.text.normalize import normalize
    from rasd.text.segment import analyse

    t = tagger or Tagger.load()
    sentences, tokens = analyse(normalize(text))
    sents = [tokens[s.token_start : s.token_end] for s in sentences]
    out: list[dict[str, Any]] = []
    for toks, tags in zip(sents, t.tag_sents([[tok.text for tok in toks] for toks in sents])):
        for label, a, b in chunks(tags):
            start, end = toks[a].start, toks[b - 1].end
            out.append({"text": text[start:end], "start": start, "end": end, "label": label})
    return out


@overload
def entities(text_or_tokens: str, tagger: Tagger | None = None) -> list[dict[str, Any]]: ...
@overload
def entities(text_or_tokens: Sequence[str], tagger: Tagger | None = None) -> list[str]: ...
def entities(text_or_tokens, tagger=None):
    """Tags for a token list (one sentence), or entity dicts for a text string.

    entities(["قال", "العقيد", "فرحات", "الزنتوري"]) → ["O", "O", "B-PER", "I-PER"]
    entities("قال العقيد فرحات الزنتوري …") → [{"text": "فرحات الزنتوري", "start": 11, …}]
    """
    if isinstance(text_or_tokens, str):
        return text_entities(text_or_tokens, tagger)
    return tag_tokens(text_or_tokens, tagger)
