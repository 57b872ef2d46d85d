"""Named-entity recognition (PER, LOC, ORG, MISC): a CRF tagger trained on ANERcorp.

    from rasd.ner.tagger import Tagger
    Tagger.load().tag(["قال", "العقيد", "سالم", "الفيتوري"])   # IOB2 tags

`rasd.ner.extract.entities` tags the pipeline's own tokens; `rasd.ner.train.train` trains a
model from a CoNLL file; `rasd.ner.conll` reads and writes CoNLL.
"""
