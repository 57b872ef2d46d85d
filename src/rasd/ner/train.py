"""Train the NER tagger from a CoNLL file (what `rasd train-ner TRAIN.conll --out MODEL` calls).

    from rasd.ner.train import train
    stats = train("train.txt", "ner.model")                    # shipped settings
    stats = train("train.txt", "/tmp/m", dev_fraction=0.1)     # hold out the last 10%, score it

Stage 1 is a CRF over word features (rasd.ner.features.Featurizer; `use_autolex` adds the
categories of autolex.tsv, built by scripts/ner_autolex.py from a first model's tags of the
news). With `two_stage` (the default), stage 2 is a CRF over the same features plus document-level features made from
stage-1 tags; to give stage 2 realistic stage-1 tags to learn from, the training sentences
are cut into `folds` consecutive blocks and each block is tagged by a stage-1 model trained
on the other blocks (jackknifing). The saved model holds both stages.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import tempfile
import time
from pathlib import Path

import pycrfsuite

from rasd.errors import InputError
from rasd.evaluate.ner import conll_scores
from rasd.ner import model as model_io
from rasd.ner.conll import read_conll, split
from rasd.ner.features import DOC_WINDOW, FEATURE_VERSION, Featurizer, doc_features

DEFAULTS = {"c1": 0.05, "c2": 0.01, "max_iterations": 300, "min_freq": 1}

_JOB: dict = {}  # data shared with forked workers


def _train_stage(xseqs: list, yseqs: list, params: dict, verbose: bool = False) -> model_io.Stage:
    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=verbose)
    trainer.set_params(
        {
            "c1": params["c1"],
            "c2": params["c2"],
            "max_iterations": params["max_iterations"],
            "feature.minfreq": params["min_freq"],
            "feature.possible_transitions": True,
        }
    )
    for x, y in zip(xseqs, yseqs):
        trainer.append(x, y)
    with tempfile.TemporaryDirectory(prefix="rasd-ner-") as tmp:
        path = os.path.join(tmp, "stage.crfsuite")
        trainer.train(path)
        return model_io.Stage.from_crfsuite(path)


def _job(spec: tuple[str, int]) -> tuple[tuple[str, int], model_io.Stage]:
    kind, f = spec
    x, y, blocks, params = _JOB["x"], _JOB["y"], _JOB["blocks"], _JOB["params"]
    if kind == "fold":
        a, b = blocks[f]
        idx = [i for i in range(len(x)) if not a <= i < b]
    else:
        idx = list(range(len(x)))
    return spec, _train_stage([x[i] for i in idx], [y[i] for i in idx], params)


def _run(specs: list[tuple[str, int]], workers: int) -> dict:
    if workers > 1 and len(specs) > 1:
        ctx = mp.get_context("fork")
        with ctx.Pool(min(workers, len(specs))) as pool:
            return dict(pool.map(_job, specs, chunksize=1))
    return dict(_job(s) for s in specs)


def train(
    train_path: str | Path,
    out_path: str | Path,
    *,
    use_gazetteer: bool = True,
    use_clusters: bool = True,
    bigrams: bool = True,
    clusters: tuple[str, ...] | list[str] | None = None,
    use_autolex: bool = True,
    two_stage: bool = True,
    folds: int = 4,
    doc_window: int = DOC_WINDOW,
    dev_fraction: float = 0.0,
    c1: float = DEFAULTS["c1"],
    c2: float = DEFAULTS["c2"],
    max_iterations: int = DEFAULTS["max_iterations"],
    min_freq: int = DEFAULTS["min_freq"],
    workers: int = 1,
    verbose: bool = False,
) -> dict:
    """Train on `train_path` (CoNLL, IOB2 tags) and save the model to `out_path`.

    With `dev_fraction` > 0 the last that fraction of the sentences is held out (never seen
    in training) and scored after training; the saved model is trained on the rest only.
    `workers` > 1 trains the jackknife models in parallel processes.
    Returns statistics: sentences, tokens, seconds, model size, features per stage, the
    config saved with the model and, with a dev slice, "dev" (and "dev_stage1") scores in
    the rasd.evaluate.ner.conll_scores shape.
    """
    t0 = time.time()
    sents = read_conll(train_path)
    if not sents:
        raise InputError("no sentences in training file", file=str(train_path))
    if not 0.0 <= dev_fraction < 1.0:
        raise ValueError("dev_fraction must be in [0, 1)")
    use_autolex = use_autolex and use_gazetteer  # autolex.tsv adds gazetteer categories
    n_dev = int(round(len(sents) * dev_fraction))
    train_sents = sents[: len(sents) - n_dev]
    dev_sents = sents[len(sents) - n_dev :]
    folds = max(2, min(folds, len(train_sents)))
    feat = Featurizer(
        use_gazetteer=use_gazetteer, use_clusters=use_clusters, bigrams=bigrams, clusters=clusters, use_autolex=use_autolex
    )
    toks, tags = split(train_sents)
    x = [feat.sent(t) for t in toks]
    params = {"c1": c1, "c2": c2, "max_iterations": max_iterations, "min_freq": min_freq}
    config = {
        "feature_version": FEATURE_VERSION,
        "use_gazetteer": use_gazetteer,
        "use_clusters": use_clusters,
        "bigrams": bigrams,
        "clusters": list(feat.cluster_columns),
        "use_autolex": use_autolex,
        "two_stage": two_stage,
        "doc_window": doc_window,
        "params": params,
        "train_file": Path(train_path).name,
        "train_sentences": len(train_sents),
        "train_tokens": sum(len(s) for s in train_sents),
    }
    n = len(x)
    blocks = [(n * f // folds, n * (f + 1) // folds) for f in range(folds)]
    _JOB.update(x=x, y=tags, blocks=blocks, params=params)
    t1 = time.time()
    specs = [("full", 0)] + ([("fold", f) for f in range(folds)] if two_stage else [])
    try:
        done = _run(specs, workers)
        stages = [done[("full", 0)]]
        stats: dict = {}
        if two_stage:
            from rasd.ner.tagger import Tagger

            s1_tags: list[list[str]] = [[] for _ in range(n)]
            agree = 0
            for f, (a, b) in enumerate(blocks):
                fold_tagger = Tagger({**config, "two_stage": False}, [done[("fold", f)]])
                s1_tags[a:b] = fold_tagger.tag_sents(toks[a:b])
            s1_scores = conll_scores(tags, s1_tags)
            stats["jackknife_stage1"] = s1_scores["overall"]
            keys = [[feat.word(t)[7] for t in s] for s in toks]
            extra = doc_features(keys, s1_tags, doc_window)
            x2 = [[a + b for a, b in zip(xs, es)] for xs, es in zip(x, extra)]
            stages.append(_train_stage(x2, tags, params))
            del x2, agree
    finally:
        _JOB.clear()
    t2 = time.time()
    model_io.save(out_path, config, stages)
    stats.update(
        {
            "sentences": len(train_sents),
            "tokens": config["train_tokens"],
            "dev_sentences": len(dev_sents),
            "features": [int((abs(st.W).sum(1) > 0).sum()) for st in stages],
            "featurize_seconds": round(t1 - t0, 1),
            "train_seconds": round(t2 - t1, 1),
            "model_bytes": Path(out_path).stat().st_size,
            "config": config,
        }
    )
    if dev_sents:
        from rasd.ner.tagger import Tagger

        tagger = Tagger.load(out_path, cache=False)
        dtoks, dtags = split(dev_sents)
        stats["dev"] = conll_scores(dtags, tagger.tag_sents(dtoks))
        if two_stage:
            stats["dev_stage1"] = conll_scores(dtags, tagger.tag_sents(dtoks, stages=1))
    return stats
