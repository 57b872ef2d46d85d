"""Build word clusters for the NER tagger from unlabelled Arabic news.

    .venv/bin/python scripts/ner_clusters.py [--news shared/data/news/articles.jsonl]
                                             [--out src/rasd/data/ner/clusters.tsv]

Method (numpy only): normalise the text with rasd.text.normalize, tokenise as the pipeline
does, count direction-aware co-occurrences (left and right neighbours at distance 1 and 2)
of every word seen >= MIN_COUNT times with the CONTEXTS most frequent words, weight them by
positive PMI (context distribution smoothed with alpha 0.75), reduce to DIM dimensions by a
randomised SVD, and cluster the unit-length vectors by spherical k-means at several sizes.
The output ships only word -> cluster ids (one column per granularity), never text.

Articles whose id starts with one of EXCLUDE_PREFIXES are skipped: the SaudiNewsNet part of
the news corpus (`snn-*`, CC BY-NC-SA 4.0, research only) must not ship in the package in
any form, derived word lists included. Only the ANT-corpus articles are read.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from rasd.text.normalize import normalize  # noqa: E402

_TOKEN = re.compile(r"\w+|[^\w\s]", re.UNICODE)
_ARABIC = re.compile(r"^[\u0621-\u064A]+$")

MIN_COUNT = 2
CONTEXTS = 2000
MAX_VOCAB = 150000
DIM = 200
# k-means granularities, in the order they are run. Adding 32/128/512/2048 (the same first three
# columns come out, as the random generator is used in this order) did not help on the dev slice.
SIZES = (64, 256, 1024)
EMB_BINS = 0  # if > 0: also write the first EMB_DIMS SVD dimensions, each cut into EMB_BINS quantile bins
EMB_DIMS = 24
EXCLUDE_PREFIXES = ("snn-",)  # SaudiNewsNet: CC BY-NC-SA, must not ship (shared/data/README.md)


def tokens_of(path: Path):
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if str(rec.get("id", "")).startswith(EXCLUDE_PREFIXES):
                continue
            text = (rec.get("title") or "") + "\n" + (rec.get("text") or "")
            for para in normalize(text).text.split("\n"):
                toks = _TOKEN.findall(para)
                if toks:
                    yield toks


def spherical_kmeans(x: np.ndarray, k: int, iters: int, rng: np.random.Generator, weights: np.ndarray) -> np.ndarray:
    # k-means++-lite: seed from frequent words spread by sampling proportional to weight.
    p = weights / weights.sum()
    centres = x[rng.choice(len(x), size=k, replace=False, p=p)].copy()
    assign = np.zeros(len(x), dtype=np.int64)
    for it in range(iters):
        sims = np.empty(len(x), dtype=np.float32)
        for s in range(0, len(x), 20000):
            block = x[s : s + 20000] @ centres.T
            assign[s : s + 20000] = block.argmax(1)
            sims[s : s + 20000] = block.max(1)
        new = np.zeros_like(centres)
        np.add.at(new, assign, x)
        counts = np.bincount(assign, minlength=k)
        empty = np.where(counts == 0)[0]
        if len(empty):  # re-seed empty clusters with the worst-fitting points
            worst = np.argsort(sims)[: len(empty)]
            new[empty] = x[worst]
        norms = np.linalg.norm(new, axis=1, keepdims=True)
        centres = new / np.maximum(norms, 1e-9)
        print(f"  k={k} iter {it} mean sim {sims.mean():.4f}", file=sys.stderr)
    return assign


def main() -> None:
    root = Path(__file__).resolve().parents[1]
    ap = argparse.ArgumentParser()
    ap.add_argument("--news", default=str(root.parent / "shared/data/news/articles.jsonl"))
    ap.add_argument("--out", default=str(root / "src/rasd/data/ner/clusters.tsv"))
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--emb-bins", type=int, default=EMB_BINS)
    args = ap.parse_args()
    t0 = time.time()

    sents = list(tokens_of(Path(args.news)))
    freq = Counter(t for s in sents for t in s)
    ntok = sum(freq.values())
    print(f"{len(sents)} paragraphs, {ntok} tokens, {len(freq)} types ({time.time()-t0:.0f}s)", file=sys.stderr)

    vocab = [w for w, c in freq.most_common() if c >= MIN_COUNT and (_ARABIC.match(w) or not w.isdigit())][:MAX_VOCAB]
    index = {w: i for i, w in enumerate(vocab)}
    V = len(vocab)
    C = CONTEXTS
    # Ids for the whole corpus, -1 = out of vocabulary, paragraphs separated by -1 padding.
    ids = np.full(ntok + 2 * len(sents) + 4, -1, dtype=np.int64)
    pos = 2
    for s in sents:
        ids[pos : pos + len(s)] = [index.get(t, -1) for t in s]
        pos += len(s) + 2
    ids = ids[: pos + 2]
    del sents
    # Context features: (slot, context word); slots: left neighbour, right neighbour,
    # either word at distance 2 → 3*C columns.
    S = 3
    mat = np.zeros((V, S * C), dtype=np.float32)
    for slot, off in ((0, -1), (1, 1), (2, -2), (2, 2)):
        w = ids[2:-2]
        c = ids[2 + off : len(ids) - 2 + off]
        ok = (w >= 0) & (c >= 0) & (c < C)
        flat = w[ok] * C + c[ok]
        counts = np.bincount(flat, minlength=V * C).reshape(V, C)
        mat[:, slot * C : (slot + 1) * C] += counts
        del counts, flat
    print(f"cooc {V}x{S*C} ({time.time()-t0:.0f}s)", file=sys.stderr)

    total = float(mat.sum(dtype=np.float64))
    row = mat.sum(1, dtype=np.float64)
    colp = mat.sum(0, dtype=np.float64) ** 0.75
    colp = colp / colp.sum()
    for s0 in range(0, V, 5000):  # PPMI in place, a block of rows at a time
        blk = mat[s0 : s0 + 5000]
        denom = (np.maximum(row[s0 : s0 + 5000, None], 1) / total) * np.maximum(colp[None, :], 1e-12) * total
        with np.errstate(divide="ignore"):
            val = np.log(blk / denom)
        val[~np.isfinite(val)] = 0
        np.maximum(val, 0, out=val)
        mat[s0 : s0 + 5000] = val
    pmi = mat

    rng = np.random.default_rng(args.seed)
    omega = rng.standard_normal((S * C, DIM + 20)).astype(np.float32)
    y = pmi @ omega
    for _ in range(2):
        y, _r = np.linalg.qr(y)
        y = pmi @ (pmi.T @ y)
    q, _r = np.linalg.qr(y)
    b = q.T @ pmi
    ub, s, _vt = np.linalg.svd(b, full_matrices=False)
    u = (q @ ub)[:, :DIM]
    emb = (u * np.sqrt(s[:DIM])).astype(np.float32)
    emb /= np.maximum(np.linalg.norm(emb, axis=1, keepdims=True), 1e-9)
    print(f"svd done ({time.time()-t0:.0f}s)", file=sys.stderr)
    del pmi

    weights = np.array([freq[w] for w in vocab], dtype=np.float64) ** 0.5
    columns = []
    for k in SIZES:
        columns.append(spherical_kmeans(emb, k, 15, rng, weights))
        print(f"k={k} done ({time.time()-t0:.0f}s)", file=sys.stderr)

    names = [f"k{k}" for k in SIZES]
    if args.emb_bins > 0:
        edges = np.linspace(0, 1, args.emb_bins + 1)[1:-1]
        for d in range(EMB_DIMS):
            col = emb[:, d]
            columns.append(np.searchsorted(np.quantile(col, edges), col))
            names.append(f"e{d}")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        fh.write("# word\t" + "\t".join(names) + "\n")
        for i, w in enumerate(vocab):
            fh.write(w + "\t" + "\t".join(str(int(col[i])) for col in columns) + "\n")
    print(f"wrote {V} words to {out} ({time.time()-t0:.0f}s)", file=sys.stderr)


if __name__ == "__main__":
    main()
