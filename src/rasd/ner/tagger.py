"""The CRF NER tagger: IOB2 tags (PER, LOC, ORG, MISC) for a list of tokens.

Models are trained with CRFsuite (rasd.ner.train) and saved as plain weights
(rasd.ner.model). Since a linear-chain CRF's score is a sum of feature weights, each
distinct word's features are reduced once (cached) to five score vectors: its own, and what
it adds to a token one or two places to its left or right. Tagging a sentence is then a few
vector sums and a Viterbi pass in numpy, and gives the same best path as CRFsuite's tagger.

A model may have two stages. Stage 1 tags every sentence from its words; stage 2 sees the
same word features plus document-level features built from stage 1's tags of the sentences
around it (rasd.ner.features.doc_features): a name tagged PER in one sentence is likely a
PER in the next. `tag_sents` treats its sentences as running text (an article, a CoNLL
file) and uses both stages; `tag` sees one sentence alone and uses stage 1.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from rasd.errors import ModelError
from rasd.ner import model as model_io
from rasd.ner.features import (
    DOC_WINDOW,
    FEATURE_VERSION,
    Featurizer,
    data_dir,
    doc_features,
    multiword_matches,
)

MODEL_NAME = "ner-cnn.model"  # the neural tagger (rasd.ner.neural); "ner.model" is the older CRF
_CACHE_MAX = 100_000  # words whose scores are cached (0.7 kB each for a two-stage model)


class StageScorer:
    """Scores and decodes sentences with one CRF stage."""

    def __init__(self, stage: model_io.Stage, featurizer: Featurizer) -> None:
        self.labels = stage.labels
        self.featurizer = featurizer
        K = len(stage.labels)
        self._attr = {a: i for i, a in enumerate(stage.attrs)}
        # float64 for the sums; one zero row at the end for unknown features
        self._W = np.vstack([stage.W.astype(np.float64), np.zeros((1, K))])
        self._T = stage.T.astype(np.float64)
        self._zero = np.zeros(K)
        self._bos = self.vec(["BOS"])
        self._eos = self.vec(["EOS"])
        # word-bigram features by word pair "a|b", without their "bl="/"br=" prefix
        self._bl = {a[3:]: i for a, i in self._attr.items() if a.startswith("bl=")}
        self._br = {a[3:]: i for a, i in self._attr.items() if a.startswith("br=")}

    def vec(self, feats: Sequence[str]) -> np.ndarray:
        attr = self._attr
        idx = [attr[f] for f in feats if f in attr]
        if not idx:
            return self._zero
        if len(idx) == 1:
            return self._W[idx[0]]
        return self._W[idx].sum(0)

    def scores(self, x: tuple) -> np.ndarray:
        """5 x K scores (own, as -2, as -1, as +1, as +2) of an analysed word (Featurizer.analyse)."""
        attr = self._attr
        unk = len(attr)
        lists = [[attr.get(f, unk) for f in lst] for lst in x[:5]]
        width = max(len(r) for r in lists)
        idx = np.array([r + [unk] * (width - len(r)) for r in lists], dtype=np.int64)
        return self._W[idx].sum(1)

    def viterbi(self, E: np.ndarray) -> list[str]:
        T = self._T
        L, K = E.shape
        back = np.empty((L, K), dtype=np.int64)
        delta = E[0]
        ar = np.arange(K)
        for t in range(1, L):
            s = delta[:, None] + T
            b = s.argmax(0)
            back[t] = b
            delta = s[b, ar] + E[t]
        y = int(delta.argmax())
        path = [y]
        for t in range(L - 1, 0, -1):
            y = int(back[t, y])
            path.append(y)
        labels = self.labels
        return [labels[k] for k in reversed(path)]


    def viterbi_many(self, Es: Sequence[np.ndarray], batch: int = 32) -> list[list[str]]:
        """`viterbi` of each sentence, run on batches of sentences of similar length."""
        order = sorted(range(len(Es)), key=lambda i: len(Es[i]))
        out: list[list[str]] = [[] for _ in Es]
        for a in range(0, len(order), batch):
            idx = order[a : a + batch]
            for i, tags in zip(idx, self.viterbi_batch([Es[i] for i in idx])):
                out[i] = tags
        return out

    def viterbi_batch(self, Es: Sequence[np.ndarray]) -> list[list[str]]:
        """Viterbi over several sentences at once (same result as `viterbi` on each).

        Sentences are right-padded; a sentence's final scores are read at its own last
        position, so what the padded steps compute is never used.
        """
        if len(Es) == 1:
            return [self.viterbi(Es[0])]
        T = self._T
        K = T.shape[0]
        B = len(Es)
        lens = [len(e) for e in Es]
        Lmax = max(lens)
        E = np.zeros((B, Lmax, K))
        ends: dict[int, list[int]] = {}
        for b, e in enumerate(Es):
            E[b, : len(e)] = e
            ends.setdefault(len(e) - 1, []).append(b)
        back = np.zeros((B, Lmax, K), dtype=np.int64)
        final = np.zeros(B, dtype=np.int64)
        delta = E[:, 0].copy()
        if 0 in ends:
            idx = ends[0]
            final[idx] = delta[idx].argmax(1)
        s = np.empty((B, K, K))
        nxt = np.empty((B, K))
        for t in range(1, Lmax):
            np.add(delta[:, :, None], T, out=s)  # B x K(from) x K(to)
            s.argmax(1, out=back[:, t])
            s.max(1, out=nxt)
            nxt += E[:, t]
            delta, nxt = nxt, delta
            idx = ends.get(t)
            if idx is not None:
                final[idx] = delta[idx].argmax(1)
        # backtrack all sentences at once; a sentence joins at its own last position
        paths = np.empty((B, Lmax), dtype=np.int64)
        y = np.zeros(B, dtype=np.int64)
        ar = np.arange(B)
        for t in range(Lmax - 1, -1, -1):
            idx = ends.get(t)
            if idx is not None:
                y[idx] = final[idx]
            paths[:, t] = y
            if t:
                y = back[ar, t, y]
        labels = self.labels
        pl = paths.tolist()
        return [[labels[k] for k in pl[b][: lens[b]]] for b in range(B)]


class Tagger:
    """A loaded NER model. Use `Tagger.load()` (cached); `tag` and `tag_sents` are thread-safe."""

    _loaded: dict[str, Tagger] = {}
    _lock = threading.Lock()

    def __init__(self, config: dict, stages: list[model_io.Stage], path: Path | None = None) -> None:
        if config.get("feature_version") != FEATURE_VERSION:
            raise ModelError(
                f"NER model {path} was built with feature version {config.get('feature_version')}, "
                f"this rasd uses {FEATURE_VERSION}; retrain it with `rasd train-ner`"
            )
        if any(st.labels != stages[0].labels for st in stages):
            raise ModelError(f"NER model {path}: stages have different labels")
        self.path = path
        self.config = config
        self.featurizer = Featurizer(
            use_gazetteer=config.get("use_gazetteer", True),
            use_clusters=config.get("use_clusters", True),
            bigrams=config.get("bigrams", True),
            clusters=config.get("clusters"),
            use_autolex=config.get("use_autolex", False),
        )
        self.stages = [StageScorer(st, self.featurizer) for st in stages]
        self.window = int(config.get("doc_window", DOC_WINDOW))
        self._K = len(stages[0].labels)
        self._wlock = threading.Lock()
        self._reset(1024)

    def _reset(self, capacity: int) -> None:
        # word -> (row in self._S, norm, multi-word starts, key); row 0 is all zeros (padding)
        self._words: dict[str, tuple] = {}
        self._S = np.zeros((capacity, len(self.stages), 5, self._K))
        self._next = 1
        self._generation = getattr(self, "_generation", 0) + 1

    def _word(self, w: str) -> tuple:
        """(row of the word's scores, norm, multi-word starts, key); cached.

        The scores, `self._S[row, stage]`, are 5 x K: the word's own, and what it adds to
        a token two places to its right (as -2), one to its right (as -1), one to its left
        (as +1) and two to its left (as +2). The cache is emptied when it is full.
        """
        hit = self._words.get(w)
        if hit is not None:
            return hit
        x = self.featurizer.analyse(w)
        scores = [st.scores(x) for st in self.stages]
        with self._wlock:
            hit = self._words.get(w)
            if hit is not None:
                return hit
            if self._next >= len(self._S):
                if len(self._S) >= _CACHE_MAX:
                    self._reset(len(self._S))
                else:
                    S = np.zeros((min(2 * len(self._S), _CACHE_MAX),) + self._S.shape[1:])
                    S[: len(self._S)] = self._S
                    self._S = S
            row = self._next
            self._next += 1
            for k, sc in enumerate(scores):
                self._S[row, k] = sc
            out = (row, x[5], x[6], x[7])
            self._words[w] = out
        return out

    @classmethod
    def load(cls, path: str | Path | None = None, *, cache: bool = True) -> Tagger:
        """Load a model (default: the shipped one); cached, so each file loads once.

        A neural model file gives a rasd.ner.neural.NeuralTagger, which tags the same way."""
        p = Path(path) if path is not None else data_dir() / MODEL_NAME
        key = str(p.resolve())
        if cache:
            hit = cls._loaded.get(key)
            if hit is not None:
                return hit
        if not p.is_file():
            raise ModelError(f"NER model not found: {p}")
        from rasd.ner import neural

        if neural.is_neural(p):  # a CNN-CRF model (rasd.ner.neural): same tag/tag_sents interface
            tagger = neural.NeuralTagger(*neural.load(p), path=p)
        else:
            config, stages = model_io.load(p)
            tagger = cls(config, stages, p)
        if cache:
            with cls._lock:
                tagger = cls._loaded.setdefault(key, tagger)
        return tagger

    # -- tagging ------------------------------------------------------------------------
    def tag(self, tokens: Sequence[str]) -> list[str]:
        """IOB2 tags for one sentence seen alone (an empty list for no tokens).

        Uses stage 1 only: with no other sentences, stage 2's document features carry no
        news, and on the dev slice stage 1 alone scores better for single sentences.
        """
        if not tokens:
            return []
        return self.tag_sents([tokens], stages=1)[0]

    def tag_sents(self, sents: Sequence[Sequence[str]], *, stages: int | None = None) -> list[list[str]]:
        """IOB2 tags for consecutive sentences of one text (an article, a CoNLL file).

        Stage 2, if the model has one, uses the stage-1 tags of the `doc_window` sentences
        on either side of each sentence. `stages=1` stops after stage 1.
        """
        for _ in range(3):
            gen = self._generation
            out = self._tag_doc(sents, stages)
            if gen == self._generation:
                return out
        with self._wlock:  # the word cache keeps filling up: tag holding the lock
            return self._tag_doc(sents, stages)

    def _tag_doc(self, sents: Sequence[Sequence[str]], stages: int | None) -> list[list[str]]:
        word = self._word
        entries = [[word(t) for t in s] for s in sents]
        S = self._S
        # one padded sequence for the whole text: two zero rows before, between and after
        # sentences, so context features never cross a sentence boundary
        ids: list[int] = [0, 0]
        starts: list[int] = []
        lens: list[int] = []
        for ws in entries:
            starts.append(len(ids))
            lens.append(len(ws))
            ids.extend([x[0] for x in ws])
            ids.extend((0, 0))
        nonempty = [j for j, n in enumerate(lens) if n]
        out: list[list[str]] = [[] for _ in entries]
        if not nonempty:
            return out
        first = np.array([starts[j] for j in nonempty])
        last = np.array([starts[j] + lens[j] - 1 for j in nonempty])
        pos, pairs, rows, feats = self._sentence_features(entries, starts)
        A = S[ids]  # P x stages x 5 x K
        s1 = self.stages[0]
        E = self._emissions(A, 0, first, last, pos, pairs, rows, feats)
        for j, t in zip(nonempty, s1.viterbi_many(self._split(E, starts, lens, nonempty))):
            out[j] = t
        if len(self.stages) < 2 or stages == 1:
            return out
        extra = doc_features([[x[3] for x in ws] for ws in entries], out, self.window)
        rows = list(rows)
        feats = list(feats)
        for j in nonempty:
            base = starts[j]
            for i, fs in enumerate(extra[j]):
                for f in fs:
                    rows.append(base + i)
                    feats.append(f)
        s2 = self.stages[1]
        E = self._emissions(A, 1, first, last, pos, pairs, rows, feats)
        tags2 = s2.viterbi_many(self._split(E, starts, lens, nonempty))
        for j, t in zip(nonempty, tags2):
            out[j] = t
        return out

    @staticmethod
    def _split(E: np.ndarray, starts: list[int], lens: list[int], nonempty: list[int]) -> list[np.ndarray]:
        return [E[starts[j] : starts[j] + lens[j]] for j in nonempty]

    def _emissions(self, A, stage, first, last, pos, pairs, rows, feats) -> np.ndarray:
        """Label scores (P x K) of every position of the padded sequence for one stage.

        `pos`/`pairs`: real token positions and, per sentence, the word pairs "a|b" around
        them (bigram features); `rows`/`feats`: other sentence- or document-level features
        as parallel lists of position and feature name.
        """
        st = self.stages[stage]
        A = A[:, stage]
        E = A[:, 0].copy()
        E[1:] += A[:-1, 2]
        E[2:] += A[:-2, 1]
        E[:-1] += A[1:, 3]
        E[:-2] += A[2:, 4]
        E[first] += st._bos
        E[last] += st._eos
        W = st._W
        unk = len(st._attr)
        if pos:
            bl = st._bl.get
            br = st._br.get
            li: list[int] = []
            ri: list[int] = []
            for ps in pairs:  # one sentence: L+1 pairs for L tokens
                li.extend([bl(p, unk) for p in ps[:-1]])
                ri.extend([br(p, unk) for p in ps[1:]])
            E[pos] += W[li] + W[ri]
        if feats:
            get = st._attr.get
            np.add.at(E, rows, W[[get(f, unk) for f in feats]])
        return E

    def _sentence_features(self, entries: list[list[tuple]], starts: list[int]):
        """(token positions, word pairs per sentence, rows, feats) of the padded sequence.

        Word pairs carry the bigram features; rows/feats the multi-word gazetteer matches.
        """
        pos: list[int] = []
        pairs: list[list[str]] = []
        rows: list[int] = []
        feats: list[str] = []
        bigrams = self.featurizer.bigrams
        gaz = self.featurizer.use_gazetteer
        for ws, base in zip(entries, starts):
            L = len(ws)
            if not L:
                continue
            if bigrams:
                norms = ["^"] + [x[1] for x in ws] + ["$"]
                pos.extend(range(base, base + L))
                pairs.append([norms[k] + "|" + norms[k + 1] for k in range(L + 1)])
            if gaz:
                st = [x[2] for x in ws]
                if not any(st):
                    continue
                for i, fs in multiword_matches([x[1] for x in ws], st).items():
                    rows.extend([base + i] * len(fs))
                    feats.extend(fs)
        return pos, pairs, rows, feats
