"""Train the neural NER tagger (word-window CNN + CRF, rasd.ner.neural) with PyTorch on CPU.

    from rasd.ner.train_nn import train
    stats = train("train.txt", "ner.model")                   # shipped settings
    stats = train("train.txt", "/tmp/m", dev_fraction=0.1)    # hold out the last 10%, score it

PyTorch is needed for training only (`pip install torch==2.13.0`, a CPU build); the saved
model is plain numpy arrays and tagging never imports torch. Training runs on one thread
with fixed seeds, so the same data and settings give the same model on the same machine.

With `doc_folds` > 0 the network also learns a second, document pass: its first-pass tags
of the sentences around a sentence become document features (rasd.ner.features.doc_features:
"this stem was tagged PER elsewhere", …) added to its first layer. To give it realistic
first-pass tags to learn from, the training sentences are cut into `doc_folds` consecutive
blocks and each block is tagged by a network trained on the other blocks (jackknifing); the
document features of some sentences are dropped in training, so that the same network also
serves as the first pass.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from pathlib import Path

import numpy as np

from rasd.errors import ConfigError, InputError
from rasd.evaluate.ner import conll_scores
from rasd.ner import neural
from rasd.ner.conll import TAGS, read_conll, split
from rasd.ner.features import (
    DOC_WINDOW,
    FEATURE_VERSION,
    data_dir,
    doc_features,
    multiword_matches,
)

# the shipped model's settings (chosen on the dev slice, docs/ner-results.md)
DEFAULTS = {
    "dim": 128, "hidden": 128, "conv2": True, "dilation": 2, "epochs": 12, "batch": 16, "lr": 1e-3,
    "dropout": 0.5, "feat_dropout": 0.2, "min_feat": 2, "seed": 7,
    "doc_folds": 4, "fold_epochs": 5, "doc_dropout": 0.3, "doc_window": DOC_WINDOW, "avg_from": 7,
}


def _torch():
    try:
        import torch
    except ImportError as e:
        raise ConfigError(
            "training the NER model needs PyTorch (CPU build): pip install torch==2.13.0"
        ) from e
    return torch


class _Data:
    """Training sentences as id lists: sparse features, vector rows, multi-word and document features."""

    def __init__(self, toks, tags, analyser, min_feat):
        self.analyser = analyser
        cache: dict = {}
        counts: Counter[str] = Counter()
        mg_counts: Counter[str] = Counter()
        words = []
        mgs = []
        for s in toks:
            ws = []
            for t in s:
                x = cache.get(t)
                if x is None:
                    x = cache[t] = analyser.analyse(t)
                counts.update(x[0])
                ws.append(x)
            mg = multiword_matches([x[1] for x in ws], [x[2] for x in ws]) if any(x[2] for x in ws) else {}
            for fs in mg.values():
                mg_counts.update(fs)
            words.append(ws)
            mgs.append(mg)
        self.feats = sorted(f for f, c in counts.items() if c >= min_feat)
        self.mgs = sorted(mg_counts)
        fi = {f: i for i, f in enumerate(self.feats)}
        mi = {f: i for i, f in enumerate(self.mgs)}
        self.nF, self.nG = len(self.feats), len(self.mgs)
        self.fids = [[[fi[f] for f in x[0] if f in fi] or [self.nF] for x in ws] for ws in words]
        self.rn = [[x[3] for x in ws] for ws in words]
        self.rs = [[x[4] for x in ws] for ws in words]
        self.mids = [[[mi[f] for f in mg.get(i, [])] for i in range(len(ws))] for ws, mg in zip(words, mgs)]
        self.keys = [[x[5] for x in ws] for ws in words]
        lab = {t: i for i, t in enumerate(TAGS)}
        self.ys = [[lab[t] for t in s] for s in tags]
        self.toks = toks
        self.docs: list[str] = []
        self.dids: list[list[list[int]]] | None = None

    def set_doc(self, s1_tags, window):
        """Document features from first-pass tags (one list of tags per training sentence)."""
        extra = doc_features(self.keys, s1_tags, window)
        counts = Counter(f for s in extra for fs in s for f in fs)
        self.docs = sorted(counts)
        di = {f: i for i, f in enumerate(self.docs)}
        self.dids = [[[di[f] for f in fs] for fs in s] for s in extra]


def _fit(torch, data: _Data, idx: list[int], p: dict, vectors, epochs: int, use_doc: bool, log=None,
         on_epoch=None):
    """Train a network on sentences `idx` of `data`; returns its arrays (rasd.ner.neural names)."""
    import torch.nn.functional as F
    from torch import nn

    torch.manual_seed(p["seed"])
    rng = random.Random(p["seed"])
    nF, nG, K = data.nF, data.nG, len(TAGS)
    nDd = len(data.docs) if use_doc else 0
    D, H = p["dim"], p["hidden"]

    class Net(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.E = nn.Embedding(nF + 1, D, padding_idx=nF)
            nn.init.normal_(self.E.weight, std=0.1)
            with torch.no_grad():
                self.E.weight[nF].zero_()
            vd = vectors.shape[1]
            self.Pn = nn.Parameter(torch.randn(vd, D) * (1.0 / vd**0.5))
            self.Ps = nn.Parameter(torch.randn(vd, D) * (1.0 / vd**0.5))
            self.b0 = nn.Parameter(torch.zeros(D))
            self.conv1 = nn.Conv1d(D, H, 5, padding=2)
            self.M = nn.Embedding(nG + 1, H, padding_idx=nG)
            self.Dd = nn.Embedding(nDd + 1, H, padding_idx=nDd)
            with torch.no_grad():
                self.M.weight.mul_(0.1)
                self.M.weight[nG].zero_()
                self.Dd.weight.mul_(0.1)
                self.Dd.weight[nDd].zero_()
            self.conv2 = nn.Conv1d(H, H, 3, padding=p["dilation"], dilation=p["dilation"]) if p["conv2"] else None
            self.out = nn.Linear(H, K)
            self.T = nn.Parameter(torch.zeros(K, K))
            self.start = nn.Parameter(torch.zeros(K))
            self.end = nn.Parameter(torch.zeros(K))
            self.drop = nn.Dropout(p["dropout"])

        def emissions(self, fid, rn, rs, mid, did, mask):
            v = self.E(fid).sum(2) + vectors[rn] @ self.Pn + vectors[rs] @ self.Ps + self.b0
            v = torch.tanh(v) * mask[..., None]
            v = self.drop(v)
            h = self.conv1(v.transpose(1, 2)).transpose(1, 2) + self.M(mid).sum(2) + self.Dd(did).sum(2)
            h = F.relu(h) * mask[..., None]
            if self.conv2 is not None:
                g = F.relu(self.conv2(self.drop(h).transpose(1, 2)).transpose(1, 2))
                h = (h + g) * mask[..., None]
            return self.out(self.drop(h))

        def nll(self, E, y, mask, lens):
            B, L, _ = E.shape
            ar = torch.arange(B)
            score = self.start[y[:, 0]] + E[:, 0].gather(1, y[:, :1]).squeeze(1)
            alpha = self.start + E[:, 0]
            for t in range(1, L):
                m = mask[:, t]
                score = score + (self.T[y[:, t - 1], y[:, t]] + E[:, t].gather(1, y[:, t : t + 1]).squeeze(1)) * m
                nxt = torch.logsumexp(alpha[:, :, None] + self.T[None] + E[:, t, None, :], dim=1)
                alpha = torch.where(m[:, None] > 0, nxt, alpha)
            score = score + self.end[y[ar, lens - 1]]
            return (torch.logsumexp(alpha + self.end, 1) - score).sum()

    net = Net()
    opt = torch.optim.Adam(net.parameters(), lr=p["lr"])
    order = sorted(idx, key=lambda i: (len(data.ys[i]), i))
    batches = [order[i : i + p["batch"]] for i in range(0, len(order), p["batch"])]
    missing = data.analyser.missing

    def make_batch(bidx, train: bool, doc: bool = True):
        L = max(len(data.ys[i]) for i in bidx)
        Fm = max(len(r) for i in bidx for r in data.fids[i])
        Gm = max([len(r) for i in bidx for r in data.mids[i]] + [1])
        Dm = max([len(r) for i in bidx for r in data.dids[i]] + [1]) if use_doc else 1
        B = len(bidx)
        fid = np.full((B, L, Fm), nF, dtype=np.int64)
        mid = np.full((B, L, Gm), nG, dtype=np.int64)
        did = np.full((B, L, Dm), nDd, dtype=np.int64)
        rn = np.full((B, L), missing, dtype=np.int64)
        rs = np.full((B, L), missing, dtype=np.int64)
        y = np.zeros((B, L), dtype=np.int64)
        mask = np.zeros((B, L), dtype=np.float32)
        for b, i in enumerate(bidx):
            n = len(data.ys[i])
            with_doc = use_doc and doc and not (train and rng.random() < p["doc_dropout"])
            for t in range(n):
                r = data.fids[i][t]
                fid[b, t, : len(r)] = r
                m = data.mids[i][t]
                if m:
                    mid[b, t, : len(m)] = m
                if with_doc:
                    dd = data.dids[i][t]
                    if dd:
                        did[b, t, : len(dd)] = dd
            rn[b, :n] = data.rn[i]
            rs[b, :n] = data.rs[i]
            y[b, :n] = data.ys[i]
            mask[b, :n] = 1
        if train and p["feat_dropout"] > 0:
            drop = np.random.default_rng(rng.getrandbits(32)).random(fid.shape) < p["feat_dropout"]
            fid[drop] = nF
        lens = mask.sum(1).astype(np.int64)
        return tuple(torch.from_numpy(a) for a in (fid, rn, rs, mid, did, mask, y, lens))

    avg: dict = {}  # running mean of the weights after each epoch from `avg_from` on
    n_avg = [0]

    def export() -> dict:
        if avg:
            backup = {k: v.detach().clone() for k, v in net.state_dict().items()}
            net.load_state_dict(avg)
            try:
                return _export()
            finally:
                net.load_state_dict(backup)
        return _export()

    def _export() -> dict:
        with torch.no_grad():
            arrays = {
                "E": net.E.weight.numpy().copy(), "Pn": net.Pn.numpy().copy(), "Ps": net.Ps.numpy().copy(),
                "b0": net.b0.numpy().copy(), "C1": net.conv1.weight.numpy().transpose(2, 1, 0).copy(),
                "b1": net.conv1.bias.numpy().copy(), "M": net.M.weight.numpy().copy(),
                "Wo": net.out.weight.numpy().T.copy(), "bo": net.out.bias.numpy().copy(),
                "T": net.T.numpy().copy(), "start": net.start.numpy().copy(), "end": net.end.numpy().copy(),
            }
            if use_doc:
                arrays["Dd"] = net.Dd.weight.numpy().copy()
            if net.conv2 is not None:
                arrays["C2"] = net.conv2.weight.numpy().transpose(2, 1, 0).copy()
                arrays["b2"] = net.conv2.bias.numpy().copy()
        return arrays

    t1 = time.time()
    for epoch in range(epochs):
        net.train()
        rng.shuffle(batches)
        total = 0.0
        for bidx in batches:
            fid, rn, rs, mid, did, mask, y, lens = make_batch(bidx, True)
            E = net.emissions(fid, rn, rs, mid, did, mask)
            loss = net.nll(E, y, mask, lens)
            opt.zero_grad()
            (loss / len(bidx)).backward()
            nn.utils.clip_grad_norm_(net.parameters(), 5.0)
            opt.step()
            total += float(loss.detach())
        net.eval()
        if p["avg_from"] and epoch + 1 >= p["avg_from"]:
            n_avg[0] += 1
            with torch.no_grad():
                for k, v in net.state_dict().items():
                    if k in avg:
                        avg[k] += (v - avg[k]) / n_avg[0]
                    else:
                        avg[k] = v.detach().clone()
        row = {"epoch": epoch + 1, "loss": round(total / len(idx), 4), "seconds": round(time.time() - t1)}
        if on_epoch is not None:
            row.update(on_epoch(epoch + 1, export) or {})
        if log:
            log(row)
    # the numpy network must compute what torch computed: compare emissions on some sentences
    probe = order[:: max(1, len(order) // 64)][:64]
    if avg:
        net.load_state_dict(avg)
    with torch.no_grad():  # what is saved as float16 is rounded here, so torch and numpy agree
        for name in neural.HALF:
            w = dict(net.named_parameters())[{"E": "E.weight"}[name]]
            w.copy_(w.half().float())
    avg.clear()
    with torch.no_grad():
        fid, rn, rs, mid, did, mask, y, lens = make_batch(probe, False, doc=False)
        Et = net.emissions(fid, rn, rs, mid, did, mask).numpy()
    return export(), (probe, Et)


def train(
    train_path: str | Path,
    out_path: str | Path,
    *,
    dev_fraction: float = 0.0,
    use_gazetteer: bool = True,
    use_autolex: bool = True,
    data: str | Path | None = None,
    log=None,
    **params,
) -> dict:
    """Train on `train_path` (CoNLL, IOB2) and save to `out_path`; returns statistics.

    With `dev_fraction` > 0 the last that fraction of sentences is held out, never trained
    on, and scored every 5 epochs and at the end (the "dev" entry holds the final scores).
    `params` override DEFAULTS. `data` is the folder of feature data (default: the shipped one).
    """
    torch = _torch()
    p = {**DEFAULTS, **params}
    unknown = set(params) - set(DEFAULTS)
    if unknown:
        raise ValueError(f"unknown training parameters {sorted(unknown)}")
    t0 = time.time()
    torch.set_num_threads(1)
    sents = read_conll(train_path)
    if not sents:
        raise InputError("no sentences in training file", file=str(train_path))
    if not 0.0 <= dev_fraction < 1.0:
        raise ValueError("dev_fraction must be in [0, 1)")
    n_dev = round(len(sents) * dev_fraction)
    train_sents, dev_sents = sents[: len(sents) - n_dev], sents[len(sents) - n_dev :]
    d = Path(data) if data else data_dir()
    use_autolex = use_autolex and use_gazetteer
    use_doc = p["doc_folds"] > 0
    config = {
        "feature_version": FEATURE_VERSION, "kind": "cnn-crf", "labels": list(TAGS),
        "use_gazetteer": use_gazetteer, "use_clusters": True, "clusters": ["k64", "k256", "k1024"],
        "use_autolex": use_autolex, "vectors": "vectors.npz", "dilation": p["dilation"],
        "doc_window": p["doc_window"], "params": p, "train_file": Path(train_path).name,
        "train_sentences": len(train_sents), "train_tokens": sum(len(s) for s in train_sents),
    }
    analyser = neural.WordAnalyser(config, d)
    toks, tags = split(train_sents)
    ds = _Data(toks, tags, analyser, p["min_feat"])
    vectors = torch.from_numpy(analyser.vectors)
    dtoks, dgold = split(dev_sents) if dev_sents else ([], [])
    stats: dict = {}

    def tagger_of(arrays: dict) -> neural.NeuralTagger:
        return neural.NeuralTagger(config, arrays, ds.feats, ds.mgs, data=d, docs=ds.docs if "Dd" in arrays else None)

    n = len(toks)
    if use_doc:
        folds = max(2, min(p["doc_folds"], n))
        blocks = [(n * f // folds, n * (f + 1) // folds) for f in range(folds)]
        s1: list[list[str]] = [[] for _ in range(n)]
        for f, (a, b) in enumerate(blocks):
            arrays, _ = _fit(torch, ds, [i for i in range(n) if not a <= i < b], p, vectors, p["fold_epochs"], False)
            s1[a:b] = tagger_of(arrays).tag_sents(toks[a:b])
            if log:
                log({"fold": f + 1, "seconds": round(time.time() - t0)})
        stats["jackknife_pass1"] = conll_scores(tags, s1)["overall"]
        ds.set_doc(s1, p["doc_window"])

    def on_epoch(epoch: int, export) -> dict | None:
        if not dev_sents or (epoch % 5 and epoch != p["epochs"]):
            return None
        sc = conll_scores(dgold, tagger_of(export()).tag_sents(dtoks))
        return {"dev_f1": sc["overall"]["f1"], **{k: sc[k]["f1"] for k in ("PER", "LOC", "ORG", "MISC")}}

    t1 = time.time()
    arrays, (probe, Et) = _fit(torch, ds, list(range(n)), p, vectors, p["epochs"], use_doc, log, on_epoch)
    neural.save(out_path, config, arrays, ds.feats, ds.mgs, ds.docs if use_doc else None)
    tagger = neural.NeuralTagger(*neural.load(out_path), path=Path(out_path), data=d)
    En = tagger.emissions([toks[i] for i in probe], doc=False)
    stats.update({
        "sentences": len(train_sents), "tokens": config["train_tokens"], "dev_sentences": len(dev_sents),
        "features": len(ds.feats), "seconds": round(time.time() - t0, 1), "train_seconds": round(time.time() - t1, 1),
        "model_bytes": Path(out_path).stat().st_size, "config": config,
        "numpy_max_diff": float(max(np.abs(Et[b, : len(e)] - e).max() for b, e in enumerate(En))),
    })
    if dev_sents:
        stats["dev"] = conll_scores(dgold, tagger.tag_sents(dtoks))
        if use_doc:
            stats["dev_pass1"] = conll_scores(dgold, tagger.tag_sents(dtoks, stages=1))
    return stats
