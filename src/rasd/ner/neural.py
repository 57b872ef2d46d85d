"""The neural NER tagger (word-window CNN + CRF), run in numpy: no torch at run time.

Network (trained with PyTorch by rasd.ner.train_nn; its weights are saved as plain arrays):

    v(w)  = tanh(sum of embeddings of w's sparse features        (Featurizer.analyse: word,
                 + Pn @ vec(norm w) + Ps @ vec(stem of w) + b0)    affixes, clusters, gazetteer…)
    h1[i] = relu(sum_{o=-2..2} v(w[i+o]) @ C1[o+2] + multi-word-gazetteer embeddings + b1)
    h2[i] = relu(sum_{o=-1..1} h1[i+o*d] @ C2[o+1] + b2) + h1[i]      (if the model has C2)
    E[i]  = h @ Wo + bo;   tags = Viterbi(E, transitions T, start, end)

`vec` is a word vector learned here from the unlabelled news (scripts/ner_embed.py). What a
word adds to h1 does not depend on its neighbours, so each distinct word's five H-vectors
v(w) @ C1[k] are computed once and cached; a text is then a few shifted sums, one small
matrix product per layer and a Viterbi pass, all batched over the sentences of the text
(one padded sequence, zero rows between sentences so nothing crosses a sentence boundary).

A model with document features tags a text twice: the first pass's tags of the sentences
around a sentence become rasd.ner.features.doc_features ("this stem was tagged PER
elsewhere", …), whose embeddings are added to h1's input before the head runs again.

Viterbi is exact but cheap: a position whose best label wins whatever its neighbours are
(its emission margin beats the largest possible transition difference) is fixed, and only
the short stretches between fixed positions are decoded, all at once.
"""

from __future__ import annotations

import json
import threading
import zipfile
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from rasd.errors import ModelError
from rasd.evaluate.ner import chunks
from rasd.ner.features import Featurizer, data_dir
from rasd.text.clitics import prefix_readings
from rasd.text.normalize import WORD_CACHE

FORMAT = "rasd-ner-cnn/1"
GAP = 2  # zero rows between sentences in the padded sequence (>= the widest reach of a layer)
# words whose first-layer vectors are cached (2.5 kB each at H=128: 80 MB); it fills within
# the first thousand or so articles, after which memory stays flat (bench/memory.py)
_CACHE_MAX = WORD_CACHE


@lru_cache(maxsize=4)
def load_vectors(path: str) -> tuple[dict[str, int], np.ndarray]:
    """(word → row, float32 matrix with one extra zero row at the end for unknown words)."""
    try:
        with np.load(path, allow_pickle=False) as z:
            words = z["words"].tobytes().decode("utf-8").split("\n")
            vec = z["vectors"].astype(np.float32)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, UnicodeDecodeError) as e:
        raise ModelError(f"NER word vectors missing or unreadable: {path} ({e})") from e
    if len(words) != len(vec):
        raise ModelError(f"NER word vectors {path}: {len(words)} words for {len(vec)} vectors")
    vec = np.vstack([vec, np.zeros((1, vec.shape[1]), dtype=np.float32)])
    return {w: i for i, w in enumerate(words)}, vec


class WordAnalyser:
    """A word's sparse features (strings) and word-vector rows, as the network reads them."""

    def __init__(self, config: dict, data: Path | None = None) -> None:
        d = data or data_dir()
        self.featurizer = Featurizer(
            use_gazetteer=config.get("use_gazetteer", True),
            use_clusters=config.get("use_clusters", True),
            bigrams=False,
            clusters=config.get("clusters"),
            use_autolex=config.get("use_autolex", True),
            data=d,
        )
        self.vocab, self.vectors = load_vectors(str(d / config.get("vectors", "vectors.npz")))
        self.missing = len(self.vectors) - 1

    def analyse(self, w: str) -> tuple[list[str], str, tuple, int, int, str]:
        """(sparse features, normalised form, multi-word starts, vector row of the word,
        vector row of its clitic-stripped stem, that stem or ""); rows are `missing` when
        there is none."""
        x = self.featurizer.analyse(w, context=False)
        feats, n, starts, key = x[0], x[5], x[6], x[7]
        vocab = self.vocab
        rn = vocab.get(n)
        if rn is None:
            rn = self.missing
            feats.append("vn0")
            for _pre, rest in prefix_readings(n)[1:]:
                r = vocab.get(rest)
                if r is not None:
                    rn = r
                    feats.append("vnr")
                    break
        rs = vocab.get(key, self.missing) if key else self.missing
        return feats, n, starts, rn, rs, key


def _find_blas_local_threads():
    """OpenBLAS's `openblas_set_num_threads_local` (thread count of the calling thread only),
    if numpy's BLAS is an OpenBLAS that has it; else None."""
    try:
        import ctypes

        with open("/proc/self/maps", encoding="utf-8") as fh:
            libs = {line.split()[-1] for line in fh if "openblas" in line.lower() and "/" in line}
        for lib in sorted(libs):
            fn = getattr(ctypes.CDLL(lib), "openblas_set_num_threads_local", None)
            if fn is not None:
                fn.restype = ctypes.c_int
                fn.argtypes = [ctypes.c_int]
                return fn
    except (OSError, ValueError, AttributeError):
        pass
    return None


_blas_local = _find_blas_local_threads()


def _mm(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a @ b on one BLAS thread: for these sizes a multi-threaded BLAS call costs far more
    than it saves (20x more on a busy 2-core machine). Without OpenBLAS's per-thread
    setting, rows are multiplied in blocks small enough that BLAS stays on one thread."""
    if _blas_local is not None:
        prev = _blas_local(1)
        try:
            return a @ b
        finally:
            _blas_local(prev)
    rows = max(1, 250_000 // max(1, a.shape[1] * b.shape[1]))
    if len(a) <= rows:
        return a @ b
    return np.concatenate([a[i : i + rows] @ b for i in range(0, len(a), rows)])


def _text(a: list[str]) -> np.ndarray:
    return np.frombuffer("\n".join(a).encode("utf-8"), dtype=np.uint8)


def _untext(a: np.ndarray) -> list[str]:
    s = a.tobytes().decode("utf-8")
    return s.split("\n") if s else []


HALF = ("E",)  # stored as float16 (most of the file); training rounds them first, so numpy = torch
ARRAYS = ("E", "Pn", "Ps", "b0", "C1", "b1", "M", "Wo", "bo", "T", "start", "end")


def save(path: str | Path, config: dict, arrays: dict[str, np.ndarray], feats: list[str], mg: list[str],
         docs: list[str] | None = None) -> None:
    """Write a model: config (JSON), vocabularies of sparse, multi-word and document features, weights."""
    out = {"config": _text([json.dumps({**config, "format": FORMAT}, ensure_ascii=False)]),
           "feats": _text(feats), "mg": _text(mg)}
    if docs is not None:
        out["docs"] = _text(docs)
    for k, v in arrays.items():
        out[k] = np.asarray(v, dtype=np.float16 if k in HALF else np.float32)
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    tmp = p.with_name(p.name + ".tmp")
    with tmp.open("wb") as fh:
        np.savez_compressed(fh, **out)
    tmp.replace(p)


def is_neural(path: str | Path) -> bool:
    """Whether the model file at `path` is a neural (CNN-CRF) model."""
    try:
        with np.load(path, allow_pickle=False) as z:
            if "config" not in z or "feats" not in z:
                return False
            return json.loads(_untext(z["config"])[0]).get("format") == FORMAT
    except Exception:  # noqa: BLE001 - anything unreadable is "not this format"; the CRF loader reports it
        return False


def load(path: str | Path) -> tuple[dict, dict[str, np.ndarray], list[str], list[str], list[str] | None]:
    p = Path(path)
    try:
        with np.load(p, allow_pickle=False) as z:
            config = json.loads(_untext(z["config"])[0])
            if config.get("format") != FORMAT:
                raise ModelError(f"{p}: not a rasd NER model of format {FORMAT}")
            arrays = {k: z[k] for k in z.files if k not in ("config", "feats", "mg", "docs")}
            feats, mg = _untext(z["feats"]), _untext(z["mg"])
            docs = _untext(z["docs"]) if "docs" in z.files else None
    except ModelError:
        raise
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, UnicodeDecodeError, EOFError) as e:
        raise ModelError(f"cannot read NER model {p}: {e}") from e
    missing = [k for k in ARRAYS if k not in arrays]
    if missing:
        raise ModelError(f"{p}: NER model lacks arrays {missing}")
    if ("Dd" in arrays) != (docs is not None):
        raise ModelError(f"{p}: NER model's document features are incomplete")
    return config, arrays, feats, mg, docs


class NeuralTagger:
    """A loaded CNN-CRF model; same interface as rasd.ner.tagger.Tagger (`tag`, `tag_sents`)."""

    def __init__(self, config: dict, arrays: dict[str, np.ndarray], feats: list[str], mg: list[str],
                 docs: list[str] | None = None, path: Path | None = None, data: Path | None = None) -> None:
        self.path = path
        self.config = config
        self.labels: list[str] = config["labels"]
        self.analyser = WordAnalyser(config, data)
        self.featurizer = self.analyser.featurizer
        a = {k: np.asarray(v, dtype=np.float32) for k, v in arrays.items()}
        K = len(self.labels)
        if a["Wo"].shape[1] != K or a["T"].shape != (K, K) or a["E"].shape[0] != len(feats) + 1:
            raise ModelError(f"NER model {path}: arrays have inconsistent shapes")
        self._feat = {f: i for i, f in enumerate(feats)}
        self._unk = len(feats)
        self._E, self._Pn, self._Ps, self._b0 = a["E"], a["Pn"], a["Ps"], a["b0"]
        self._C1 = a["C1"]  # 5 x D x H
        self._C1cat = np.ascontiguousarray(self._C1.transpose(1, 0, 2).reshape(self._C1.shape[1], -1))  # D x 5H
        self._P = np.ascontiguousarray(np.vstack([self._Pn, self._Ps]))
        self._b1 = a["b1"]
        self._mg = {f: i for i, f in enumerate(mg)}
        self._M = a["M"]  # (len(mg)+1) x H, last row zero
        self._docs = {f: i for i, f in enumerate(docs)} if docs is not None and "Dd" in a else None
        self._Dd = a.get("Dd")  # (len(docs)+1) x H: document features of the second pass
        self._window = int(config.get("doc_window", 10))
        if self._docs is not None:
            # the tag-context document features of a token (its first-pass tag, its left and
            # right neighbours' tags, "^"/"$" at the sentence edges) summed once for every
            # combination: K x (K+1) x (K+1) x H, looked up by label ids
            K = len(self.labels)
            Dd, dget, dunk = a["Dd"], self._docs.get, len(self._docs)
            own = Dd[[dget("s1=" + t, dunk) for t in self.labels]]
            left = Dd[[dget("-1s1=" + t, dunk) for t in [*self.labels, "^"]]]
            right = Dd[[dget("+1s1=" + t, dunk) for t in [*self.labels, "$"]]]
            types = sorted({t[2:] for t in self.labels if t != "O"})  # LOC MISC ORG PER
            self._type_of = np.array([types.index(t[2:]) if t != "O" else -1 for t in self.labels])
            self._dk_ids = np.array([dget("dk=" + t, dunk) for t in [*types, "O"]])
            self._ctx = (own[:, None, None] + left[None, :, None] + right[None, None, :]).reshape(K * (K + 1) ** 2, -1)
        self._C2 = a.get("C2")  # 3 x H x H or None
        self._b2 = a.get("b2")
        self._C2cat = np.ascontiguousarray(np.concatenate(list(self._C2), axis=1)) if self._C2 is not None else None
        self._dil = int(config.get("dilation", 1))
        self._Wo, self._bo = a["Wo"], a["bo"]
        self._T, self._start, self._end = a["T"], a["start"], a["end"]
        T = self._T
        # bounds of what a label's transitions can add, for fixing confident positions
        self._in_lo, self._in_hi = T.min(0), T.max(0)
        self._out_lo, self._out_hi = T.min(1), T.max(1)
        self._set_bounds()
        self._H = self._C1.shape[2]
        self._lock = threading.RLock()
        self._reset()

    def _set_bounds(self) -> None:
        self._lo, self._hi = self._in_lo + self._out_lo, self._in_hi + self._out_hi
        self._start_lo, self._start_hi = self._start - self._in_lo, self._start - self._in_hi
        self._end_lo, self._end_hi = self._end - self._out_lo, self._end - self._out_hi

    def _reset(self, size: int = 0) -> None:
        """Empty the word cache (row 0 stays the all-zero padding row).

        The cache is allocated at its full size at once: np.zeros maps untouched pages
        lazily, so memory grows only with the words actually stored, and a growing cache
        is never copied."""
        want = max(size, _CACHE_MAX + 1024)
        old = getattr(self, "_U", None)
        if old is None or len(old) != want:
            self._U = np.zeros((want, 5, self._H), dtype=np.float32)
        # else: the same array is reused, rows overwritten as words come (row 0 is never
        # written), so memory stays where the first fill left it instead of saw-toothing
        self._words: dict[str, tuple[int, str, tuple]] = {}
        self._next = 1

    # -- one word -----------------------------------------------------------------------
    def word_vectors(self, words: Sequence[str]) -> tuple[np.ndarray, list[tuple]]:
        """(v(w) @ C1[k] for k = 0..4 as n x 5 x H, and (normalised form, multi-word starts,
        stem) of each word), computed for all the words at once.

        Each word's numbers are the same whichever words come with it: the feature sums
        add rows in a fixed order, and the products always go through BLAS's matrix-matrix
        kernel (two rows at least), whose result for a row does not depend on the others."""
        get, unk = self._feat.get, self._unk
        vec = self.analyser.vectors
        flat: list[int] = []
        offsets: list[int] = []
        rows: list[int] = []
        info: list[tuple] = []
        for w in words:
            feats, n, starts, rn, rs, key = self.analyser.analyse(w)
            offsets.append(len(flat))
            flat.extend([get(f, unk) for f in feats] or [unk])
            rows.append(rn)
            rows.append(rs)
            info.append((n, starts, key))
        m = len(words)
        pad = m < 2
        X = vec[rows].reshape(m, -1)
        if pad:
            X = np.vstack([X, X])
        v = _mm(X, self._P)[:m] + np.add.reduceat(self._E[flat], offsets, axis=0) + self._b0
        np.tanh(v, out=v)
        if pad:
            v = np.vstack([v, v])
        return _mm(v, self._C1cat)[:m].reshape(m, 5, self._H), info

    def _add_words(self, words: Sequence[str]) -> None:
        """Put new words into the cache; the caller holds the lock.

        A full cache grows rather than resets while a text is being tagged (`tag_sents`
        resets it between texts), so the rows of one text stay valid."""
        U, info = self.word_vectors(words)
        need = self._next + len(words)
        if need > len(self._U):
            size = min(max(need, 2 * len(self._U)), max(need, _CACHE_MAX))
            grown = np.zeros((size, 5, self._H), dtype=np.float32)
            grown[: self._next] = self._U[: self._next]
            self._U = grown
        row = self._next
        self._U[row : row + len(words)] = U
        self._next = row + len(words)
        cache = self._words
        for k, (w, (n, starts, key)) in enumerate(zip(words, info)):
            if starts:  # multi-word names this word may start, by length: {k: {rest: (categories)}}
                by_len: dict[int, dict[tuple, tuple]] = {}
                for rest, cat in starts:
                    t = by_len.setdefault(len(rest), {})
                    t[rest] = (*t.get(rest, ()), cat)
                starts = tuple(by_len.items())
            cache[w] = (row + k, n, starts, key)

    # -- tagging ------------------------------------------------------------------------
    def tag(self, tokens: Sequence[str]) -> list[str]:
        """IOB2 tags for one sentence (both passes: the sentence is its own document)."""
        if not tokens:
            return []
        return self.tag_sents([tokens])[0]

    def tag_sents(self, sents: Sequence[Sequence[str]], *, stages: int | None = None) -> list[list[str]]:
        """IOB2 tags for the sentences of one text (an article, a CoNLL file), computed together.

        A model with document features tags twice: the second pass reads the first pass's
        tags of the `doc_window` sentences on either side. `stages=1` stops after the first.
        """
        with self._lock:  # the word cache may be reset or grown by another thread meanwhile
            if self._next >= _CACHE_MAX:
                self._reset()
            out: list[list[str]] = [[] for _ in sents]
            seq = self._sequence(sents)
            if seq is None:
                return out
            h1, idx, starts, lens, entries = seq
            if self._Dd is None or stages == 1:
                return self._decode(self._head(h1, idx), starts, lens, out)
            labels = self._labels(self._head(h1.copy(), idx), starts, lens)
            self._add_doc(h1, entries, labels, starts, lens)
            return self._decode(self._head(h1, idx), starts, lens, out)

    def emissions(self, sents: Sequence[Sequence[str]], *, doc: bool = True) -> list[np.ndarray]:
        """Label scores (L x K, before the CRF) of each sentence: of the last pass, or with
        `doc=False` of the first."""
        with self._lock:
            seq = self._sequence(sents)
            if seq is None:
                return [np.zeros((0, len(self.labels))) for _ in sents]
            h1, idx, starts, lens, entries = seq
            if doc and self._Dd is not None:
                labels = self._labels(self._head(h1.copy(), idx), starts, lens)
                self._add_doc(h1, entries, labels, starts, lens)
            E = self._head(h1, idx)
            return [E[a : a + n] for a, n in zip(starts, lens)]

    def _add_doc(self, h1: np.ndarray, entries, labels: np.ndarray, starts, lens) -> None:
        """Add the document features made from first-pass labels (label ids over the padded
        sequence) to the first layer's input, in place."""
        K = len(self.labels)
        pos = np.concatenate([np.arange(a, a + n) for a, n in zip(starts, lens) if n])
        own = labels[pos]
        left = labels[pos - 1]
        right = labels[pos + 1]
        firsts = np.array([a for a, n in zip(starts, lens) if n])
        lasts = np.array([a + n - 1 for a, n in zip(starts, lens) if n])
        left[np.searchsorted(pos, firsts)] = K  # "^"
        right[np.searchsorted(pos, lasts)] = K  # "$"
        h1[pos] += self._ctx[(own * (K + 1) + left) * (K + 1) + right]
        rows, ids = self._doc_key_features(entries, labels, starts, lens)
        if rows:
            # a token may have several features: add them in rounds of distinct rows
            order = np.argsort(rows, kind="stable")
            r = np.asarray(rows)[order]
            f = np.asarray(ids)[order]
            first = np.ones(len(r), dtype=bool)
            first[1:] = r[1:] != r[:-1]
            k = np.arange(len(r)) - np.maximum.accumulate(np.where(first, np.arange(len(r)), 0))
            for q in range(int(k.max()) + 1):
                sel = k == q
                h1[r[sel]] += self._Dd[f[sel]]

    def _doc_key_features(self, entries, labels: np.ndarray, starts, lens) -> tuple[list[int], list[int]]:
        """(rows, document-feature ids) of the dk=/de= features of rasd.ner.features.doc_features
        (tag_context=False), computed from label ids: the same features, with numpy counts
        over the sentence window instead of a Python walk over every token."""
        W = self._window
        N = len(entries)
        names = self.labels
        typ_of = self._type_of  # label id -> type index (types sorted by name), -1 for O
        key_id: dict[str, int] = {"": -1}
        kid_all = np.array([key_id.setdefault(x[3], len(key_id) - 1) for ws in entries for x in ws])
        rows: list[int] = []
        ids: list[int] = []
        if not len(kid_all) or kid_all.max() < 0:
            return rows, ids
        pos_all = np.concatenate([np.arange(a, a + n) for a, n in zip(starts, lens)])
        sent_all = np.repeat(np.arange(N), lens)
        has_key = kid_all >= 0
        kp = pos_all[has_key]
        ki = kid_all[has_key]
        ks = sent_all[has_key]
        U = len(key_id) - 1
        ty = typ_of[labels[kp]]
        # occurrences and per-type tag counts of every key in every sentence, summed over windows
        occ = np.zeros((N + 1, U), dtype=np.int64)
        np.add.at(occ, (ks + 1, ki), 1)
        tc = np.zeros((N + 1, U, 4), dtype=np.int64)
        tagged = ty >= 0
        np.add.at(tc, (ks[tagged] + 1, ki[tagged], ty[tagged]), 1)
        occ = occ.cumsum(0)
        tc = tc.cumsum(0)
        hi = np.minimum(ks + W + 1, N)
        lo = np.maximum(ks - W, 0)
        win_occ = occ[hi, ki] - occ[lo, ki]
        win_tc = tc[hi, ki] - tc[lo, ki]  # T x 4
        if tagged.any():
            win_tc[np.nonzero(tagged)[0], ty[tagged]] -= 1  # the token's own tag does not count
        best = win_tc.argmax(1)
        has = win_tc.max(1) > 0
        dk = self._dk_ids[np.where(has, best, 4)]
        keep = has | (win_occ > 1)
        rows.extend(kp[keep].tolist())
        ids.extend(dk[keep].tolist())
        # de=: stretches repeating an entity (all its words keyed) tagged elsewhere in the window
        lab = labels.tolist()
        keys = [[x[3] for x in ws] for ws in entries]
        ments: list[dict[tuple[int, int], str]] = []
        occs: dict[tuple[str, ...], list[tuple[int, str]]] = {}
        firsts: dict[str, set[tuple[str, ...]]] = {}
        for j, (base, n) in enumerate(zip(starts, lens)):
            own: dict[tuple[int, int], str] = {}
            if n and any(lab[base : base + n]):
                kj = keys[j]
                for typ, a, b in chunks([names[q] for q in lab[base : base + n]]):
                    own[(a, b)] = typ
                    words = tuple(kj[a:b])
                    if all(words):
                        occs.setdefault(words, []).append((j, typ))
                        firsts.setdefault(words[0], set()).add(words)
            ments.append(own)
        if not occs:
            return rows, ids
        dget, dunk = self._docs.get, len(self._docs)
        for j, (base, kj) in enumerate(zip(starts, keys)):
            L = len(kj)
            for i in [i for i, k in enumerate(kj) if k in firsts]:
                cands = firsts[kj[i]]
                for words in sorted(cands) if len(cands) > 1 else cands:
                    b = i + len(words)
                    if b > L or (b > i + 1 and tuple(kj[i:b]) != words):
                        continue
                    counts: dict[str, int] = {}
                    for q, typ in occs[words]:
                        if j - W <= q <= j + W:
                            counts[typ] = counts.get(typ, 0) + 1
                    own = ments[j].get((i, b))
                    best_t, bc = None, 0
                    for typ in sorted(counts):
                        c = counts[typ] - (typ == own)
                        if c > bc:
                            best_t, bc = typ, c
                    if best_t is not None:
                        rows.append(base + i)
                        ids.append(dget("de=B-" + best_t, dunk))
                        inside = dget("de=I-" + best_t, dunk)
                        for q in range(i + 1, b):
                            rows.append(base + q)
                            ids.append(inside)
        return rows, ids

    def _sequence(self, sents: Sequence[Sequence[str]]):
        """(first layer's input before relu, word rows, sentence starts, lengths, word entries)
        of the padded sequence of the sentences, or None if there is no token."""
        words = self._words
        try:
            entries = [[words[t] for t in s] for s in sents]
        except KeyError:  # new words: computed together, then looked up again
            self._add_words(list(dict.fromkeys(t for s in sents for t in s if t not in words)))
            entries = [[words[t] for t in s] for s in sents]
        ids: list[int] = [0] * GAP
        starts: list[int] = []
        lens: list[int] = []
        mrows: list[int] = []
        mfeats: list[int] = []
        mget = self._mg.get
        munk = len(self._mg)
        for ws in entries:
            base = len(ids)
            starts.append(base)
            lens.append(len(ws))
            ids.extend([x[0] for x in ws])
            ids.extend([0] * GAP)
            for i, f in self._multiword(ws):
                mrows.append(base + i)
                mfeats.append(mget(f, munk))
        if not any(lens):
            return None
        idx = np.array(ids)
        A = self._U[idx]  # P x 5 x H
        h = A[:, 2] + self._b1
        h[1:] += A[:-1, 1]  # the word one place to the left, seen from here
        h[2:] += A[:-2, 0]
        h[:-1] += A[1:, 3]
        h[:-2] += A[2:, 4]
        if mrows:
            np.add.at(h, mrows, self._M[mfeats])
        return h, idx, starts, lens, entries

    @staticmethod
    def _multiword(ws) -> list[tuple[int, str]]:
        """(token index, "mg=B-CAT" / "mg=I-CAT") of the multi-word gazetteer names in a
        sentence of cache entries: the matches of rasd.ner.features.multiword_matches, found
        through each word's table of names it starts, by length."""
        out: list[tuple[int, str]] = []
        L = len(ws)
        norms = None
        for i, x in enumerate(ws):
            if not x[2]:
                continue
            if norms is None:
                norms = [y[1] for y in ws]
            for k, table in x[2]:
                if i + k < L:
                    cats = table.get(tuple(norms[i + 1 : i + 1 + k]))
                    if cats:
                        for cat in cats:
                            out.append((i, "mg=B-" + cat))
                            out.extend((j, "mg=I-" + cat) for j in range(i + 1, i + 1 + k))
        return out

    def _head(self, h: np.ndarray, idx: np.ndarray) -> np.ndarray:
        """Label scores (P x K) from the first layer's input (modified in place)."""
        np.maximum(h, 0, out=h)
        h[idx == 0] = 0
        if self._C2 is not None:
            d = self._dil
            H = self._H
            G = _mm(h, self._C2cat)  # P x 3H: what each position sends to i+d, i, i-d
            g = G[:, H : 2 * H] + self._b2
            g[d:] += G[:-d, :H]
            g[:-d] += G[d:, 2 * H :]
            np.maximum(g, 0, out=g)
            h = h + g
        return _mm(h, self._Wo) + self._bo

    def _decode(self, E: np.ndarray, starts: list[int], lens: list[int], out: list[list[str]]) -> list[list[str]]:
        """Exact Viterbi of every sentence (tag names into `out`)."""
        labels = self._labels(E, starts, lens)
        names = self.labels
        lab = labels.tolist()
        for j, (a, n) in enumerate(zip(starts, lens)):
            if n:
                out[j] = [names[k] for k in lab[a : a + n]]
        return out

    def _labels(self, E: np.ndarray, starts: list[int], lens: list[int]) -> np.ndarray:
        """Best label ids at every position of the padded sequence (exact Viterbi of every
        sentence; confident positions are fixed first; padding positions hold anything)."""
        st = np.array(starts)
        ln = np.array(lens)
        keep = ln > 0
        st, ln = st[keep], ln[keep]
        if not len(st):
            return np.zeros(len(E), dtype=np.int64)
        first, last = st, st + ln - 1
        # score bounds of each label at each position whatever the neighbours' labels are
        lo = E + self._lo
        hi = E + self._hi
        lo[first] += self._start_lo
        hi[first] += self._start_hi
        lo[last] += self._end_lo
        hi[last] += self._end_hi
        best = lo.argmax(1)
        P = len(E)
        ar = np.arange(P)
        lo_best = lo[ar, best]
        hi2 = hi.copy()
        hi2[ar, best] = -np.inf
        fixed = lo_best > hi2.max(1)
        labels = best.copy()
        # stretches of unfixed positions inside sentences
        pos = np.concatenate([np.arange(a, a + n) for a, n in zip(st.tolist(), ln.tolist())])
        free = pos[~fixed[pos]]
        if len(free):
            brk = np.nonzero(np.diff(free) != 1)[0] + 1
            seg_a = np.concatenate([free[:1], free[brk]])
            seg_b = np.concatenate([free[brk - 1], free[-1:]]) + 1
            edge = np.zeros(P, dtype=np.int8)
            edge[first] = 1
            edge[last] += 2
            in_first = (edge[seg_a] & 1) > 0
            in_last = (edge[seg_b - 1] & 2) > 0
            self._viterbi_segments(E, seg_a, seg_b, in_first, in_last, labels)
        return labels

    def _viterbi_segments(self, E, seg_a, seg_b, in_first, in_last, labels) -> None:
        """Decode stretches [a, b) between fixed labels (or sentence edges); writes `labels`."""
        T = self._T
        K = T.shape[0]
        B = len(seg_a)
        L = seg_b - seg_a
        Lmax = int(L.max())
        # emissions of each stretch, right-padded
        offs = np.arange(Lmax)
        where = np.minimum(seg_a[:, None] + offs[None, :], (seg_b - 1)[:, None])
        Es = E[where]  # B x Lmax x K
        init = np.where(in_first[:, None], self._start[None, :], T[labels[np.maximum(seg_a - 1, 0)]])
        fin = np.where(in_last[:, None], self._end[None, :], T[:, labels[np.minimum(seg_b, len(E) - 1)]].T)
        delta = Es[:, 0] + init
        back = np.zeros((B, Lmax, K), dtype=np.int64)
        final = np.zeros(B, dtype=np.int64)
        ends: dict[int, np.ndarray] = {}
        for t in np.unique(L - 1).tolist():
            ends[t] = np.nonzero(L - 1 == t)[0]
        if 0 in ends:
            i = ends[0]
            final[i] = (delta[i] + fin[i]).argmax(1)
        for t in range(1, Lmax):
            s = delta[:, :, None] + T
            back[:, t] = s.argmax(1)
            delta = s.max(1) + Es[:, t]
            i = ends.get(t)
            if i is not None:
                final[i] = (delta[i] + fin[i]).argmax(1)
        y = np.zeros(B, dtype=np.int64)
        ar = np.arange(B)
        for t in range(Lmax - 1, -1, -1):
            i = ends.get(t)
            if i is not None:
                y[i] = final[i]
            on = t < L
            labels[(seg_a + t)[on]] = y[on]
            if t:
                y = back[ar, t, y]
