"""Named-entity recognition (PER, LOC, ORG, MISC): a neural tagger (word-window CNN + CRF, run
in numpy) trained on ANERcorp; the earlier two-stage CRF tagger is still available.

    from rasd.ner.tagger import Tagger
    Tagger.load().tag(["قال", "العقيد", "سالم", "الفيتوري"])   # IOB2 tags

`rasd.ner.extract.entities` tags the pipeline's own tokens; `rasd.ner.train_nn.train` trains
the neural model (PyTorch, training only) and `rasd.ner.train.train` the CRF from a CoNLL file;
`rasd.ner.conll` reads and writes CoNLL.
"""
