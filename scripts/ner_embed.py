"""Build word vectors for the neural NER tagger from unlabelled Arabic news.

    .venv/bin/python scripts/ner_embed.py [--news shared/data/news/articles.jsonl]
                                          [--out src/rasd/data/ner/vectors.npz] [--dim 100]

Same method as scripts/ner_clusters.py (numpy only): normalise and tokenise the text as
the pipeline does, count direction-aware co-occurrences (left/right neighbour, either word
at distance 2) of every word seen >= MIN_COUNT times with the CONTEXTS most frequent words,
weight by positive PMI (context distribution smoothed with alpha 0.75) and reduce by a
randomised SVD; each vector is scaled to unit length. The output holds only the vocabulary
(word list) and a float16 matrix, never text.

Articles whose id starts with EXCLUDE_PREFIXES are skipped: the SaudiNewsNet part of the
news corpus (`snn-*`, CC BY-NC-SA 4.0) must not ship in the package in any form. Only the
ANT-corpus articles are read.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

_HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("ner_clusters", _HERE / "ner_clusters.py")
_clusters = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_clusters)

EXCLUDE_PREFIXES = _clusters.EXCLUDE_PREFIXES  # ("snn-",): SaudiNewsNet must not ship
assert "snn-" in EXCLUDE_PREFIXES
MIN_COUNT = 2
CONTEXTS = 3000
MAX_VOCAB = 120_000
DIM = 100


def main() -> None:
    root = _HERE.parent
    ap = argparse.ArgumentParser()
    ap.add_argument("--news", default=str(root.parent / "shared/data/news/articles.jsonl"))
    ap.add_argument("--out", default=str(root / "src/rasd/data/ner/vectors.npz"))
    ap.add_argument("--dim", type=int, default=DIM)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    t0 = time.time()
    sents = list(_clusters.tokens_of(Path(args.news)))  # skips EXCLUDE_PREFIXES ids
    freq = Counter(t for s in sents for t in s)
    ntok = sum(freq.values())
    print(f"{len(sents)} paragraphs, {ntok} tokens, {len(freq)} types ({time.time()-t0:.0f}s)", file=sys.stderr)
    vocab = [w for w, c in freq.most_common() if c >= MIN_COUNT and not w.isdigit()][:MAX_VOCAB]
    index = {w: i for i, w in enumerate(vocab)}
    V, C, S = len(vocab), CONTEXTS, 3
    ids = np.full(ntok + 2 * len(sents) + 4, -1, dtype=np.int64)
    pos = 2
    for s in sents:
        ids[pos : pos + len(s)] = [index.get(t, -1) for t in s]
        pos += len(s) + 2
    ids = ids[: pos + 2]
    del sents
    mat = np.zeros((V, S * C), dtype=np.float32)
    for slot, off in ((0, -1), (1, 1), (2, -2), (2, 2)):
        w = ids[2:-2]
        c = ids[2 + off : len(ids) - 2 + off]
        ok = (w >= 0) & (c >= 0) & (c < C)
        counts = np.bincount(w[ok] * C + c[ok], minlength=V * C).reshape(V, C)
        mat[:, slot * C : (slot + 1) * C] += counts
        del counts
    print(f"cooc {V}x{S*C} ({time.time()-t0:.0f}s)", file=sys.stderr)
    total = float(mat.sum(dtype=np.float64))
    row = mat.sum(1, dtype=np.float64)
    colp = mat.sum(0, dtype=np.float64) ** 0.75
    colp = colp / colp.sum()
    for s0 in range(0, V, 5000):
        blk = mat[s0 : s0 + 5000]
        denom = (np.maximum(row[s0 : s0 + 5000, None], 1) / total) * np.maximum(colp[None, :], 1e-12) * total
        with np.errstate(divide="ignore"):
            val = np.log(blk / denom)
        val[~np.isfinite(val)] = 0
        np.maximum(val, 0, out=val)
        mat[s0 : s0 + 5000] = val
    dim = args.dim
    rng = np.random.default_rng(args.seed)
    omega = rng.standard_normal((S * C, dim + 20)).astype(np.float32)
    y = mat @ omega
    for _ in range(2):
        y, _r = np.linalg.qr(y)
        y = mat @ (mat.T @ y)
    q, _r = np.linalg.qr(y)
    b = q.T @ mat
    ub, s, _vt = np.linalg.svd(b, full_matrices=False)
    u = (q @ ub)[:, :dim]
    emb = (u * np.sqrt(s[:dim])).astype(np.float32)
    emb /= np.maximum(np.linalg.norm(emb, axis=1, keepdims=True), 1e-9)
    # fix each dimension's sign (the SVD's is arbitrary) so that reruns give the same file
    sign = np.sign(emb[np.abs(emb).argmax(0), np.arange(dim)])
    emb *= sign[None, :]
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    words = np.frombuffer("\n".join(vocab).encode("utf-8"), dtype=np.uint8)
    with out.open("wb") as fh:
        np.savez_compressed(fh, words=words, vectors=emb.astype(np.float16))
    print(f"wrote {V} x {dim} to {out} ({out.stat().st_size/1e6:.1f} MB, {time.time()-t0:.0f}s)", file=sys.stderr)


if __name__ == "__main__":
    main()
