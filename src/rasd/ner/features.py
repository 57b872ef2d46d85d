"""CRF features for the NER tagger, built cheaply.

A word's own features do not depend on its neighbours, so each distinct word is analysed
once (cached) into five lists: its own features and the (smaller) lists it contributes to a
token one or two positions to its left or right (prefixed -2/-1/+1/+2). A token's feature
list is then the concatenation of five cached lists plus a few sentence-level features
(word bigrams, multi-word gazetteer matches, sentence start/end).

Word analysis works on the normalised form (rasd.text.normalize.norm) and on its proclitic
readings (rasd.text.clitics.prefix_readings: و ف ب ل ك ال), so "وبنغازي", "لبنغازي" and
"بنغازي" share cluster and gazetteer features whether or not the tokeniser split clitics
(ANERcorp does not: "وإسرائيل" is one token tagged B-LOC).

Resources (shipped in rasd/data/ner, see ATTRIBUTION.md there):
- clusters.tsv: word → cluster ids, one column per granularity (header "# word<TAB>k64<TAB>k256…";
  scripts/ner_clusters.py). A model's config names the columns it uses ("clusters"; default
  k64/k256/k1024, the feature names c64= c256= c1k=).
- gazetteer.tsv: normalised form → category LOC1 LOC2 CTRY NAT ORGH TTL FN (scripts/ner_lexicons.py)
- autolex.tsv (models with "use_autolex"): more gazetteer categories, from a first model's tags of
  the unlabelled news: APER/aPER… for words often/sometimes tagged as that type, MPER… for
  multi-word names (scripts/ner_autolex.py)
The news-derived files are built from the ANT-corpus articles only (no SaudiNewsNet, `snn-*`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path

from rasd.errors import ModelError
from rasd.evaluate.ner import chunks
from rasd.text.clitics import prefix_readings
from rasd.text.normalize import WORD_CACHE, norm

FEATURE_VERSION = 1
DOC_WINDOW = 10  # sentences either side that make a token's "document" for stage 2
_CACHE_MAX = WORD_CACHE


LEGACY_CLUSTERS = ("k64", "k256", "k1024")  # cluster columns of models without a "clusters" config
_CLUSTER_LABEL = {"k1024": "1k"}  # feature-name label of a column (default: the number)


def data_dir() -> Path:
    """The folder holding the shipped NER model and its feature data.

    RASD_NER_DATA overrides it (for experiments with other cluster or lexicon files).
    """
    env = os.environ.get("RASD_NER_DATA")
    if env:
        return Path(env)
    return Path(str(resources.files("rasd") / "data" / "ner"))


@lru_cache(maxsize=4)
def load_clusters(path: str) -> tuple[tuple[str, ...], dict[str, tuple[str, ...]]]:
    """(column names from the header line, word → cluster ids one per column)."""
    out: dict[str, tuple[str, ...]] = {}
    names: tuple[str, ...] = ("k64", "k256", "k1024")
    try:
        with open(path, encoding="utf-8") as fh:
            for i, line in enumerate(fh):
                if i == 0 and line.startswith("# word\t"):  # header: "# word<TAB>k64<TAB>k256…"
                    names = tuple(line.rstrip("\n").split("\t")[1:])
                    continue
                parts = line.rstrip("\n").split("\t")
                out[parts[0]] = tuple(parts[1:])
    except OSError as e:
        raise ModelError(f"NER cluster file missing or unreadable: {path} ({e})") from e
    return names, out


@lru_cache(maxsize=4)
def load_gazetteer(path: str) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[tuple[tuple[str, ...], str], ...]]]:
    """(single-word form → categories, first word → ((rest words), category)…)."""
    single: dict[str, set[str]] = {}
    multi: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    try:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("#") or not line.strip():
                    continue
                form, cat = line.rstrip("\n").split("\t")
                words = form.split(" ")
                if len(words) == 1:
                    single.setdefault(form, set()).add(cat)
                elif len(words) <= 5:
                    multi.setdefault(words[0], []).append((tuple(words[1:]), cat))
    except (OSError, ValueError) as e:
        raise ModelError(f"NER gazetteer file missing or malformed: {path} ({e})") from e
    return (
        {k: tuple(sorted(v)) for k, v in single.items()},
        {k: tuple(sorted(v, key=lambda x: -len(x[0]))) for k, v in multi.items()},
    )


# the characters c with "a" <= c.lower() <= "z": ASCII letters, İ (U+0130) and the Kelvin sign
_LATIN = re.compile("[A-Za-z\u0130\u212a]")


def _shape(n: str) -> str:
    if n.isdigit():
        return "D" if len(n) < 4 else ("Y" if len(n) == 4 else "DD")
    if _LATIN.search(n):
        return "L"
    if n.isalpha():  # no letter is a digit: the usual Arabic word ends here
        return "A"
    if any(c.isdigit() for c in n):
        return "AD"
    return "A"


class _ClusterFeatures:
    """word → its cluster features ("64=12", "256=40", …), made on first use (building them
    for all 74k words up front cost 0.2 s of start-up)."""

    def __init__(self, table: dict[str, tuple[str, ...]], cols: list[int], labels: list[str]) -> None:
        self._table, self._cols, self._labels = table, cols, labels
        self._made: dict[str, tuple[str, ...]] = {}
        self._names: dict[str, str] = {}

    def get(self, w: str) -> tuple[str, ...] | None:
        hit = self._made.get(w)
        if hit is not None:
            return hit
        ids = self._table.get(w)
        if ids is None:
            return None
        names = self._names
        hit = tuple(names.setdefault(f, f) for f in (lab + "=" + ids[i] for lab, i in zip(self._labels, self._cols)))
        self._made[w] = hit
        return hit


class Featurizer:
    """Turns sentences (lists of token surfaces) into crfsuite feature lists."""

    def __init__(
        self,
        *,
        use_gazetteer: bool = True,
        use_clusters: bool = True,
        bigrams: bool = True,
        clusters: Sequence[str] | None = None,
        use_autolex: bool = False,
        data: Path | None = None,
    ) -> None:
        d = data or data_dir()
        self.use_gazetteer = use_gazetteer
        self.use_clusters = use_clusters
        self.use_autolex = use_autolex
        self.bigrams = bigrams
        self.cluster_columns = tuple(clusters or LEGACY_CLUSTERS)
        self.clusters: _ClusterFeatures | dict[str, tuple[str, ...]] = {}
        if use_clusters:
            names, table = load_clusters(str(d / "clusters.tsv"))
            missing = [c for c in self.cluster_columns if c not in names]
            if missing:
                raise ModelError(f"NER cluster file {d / 'clusters.tsv'} lacks columns {missing}")
            cols = [names.index(c) for c in self.cluster_columns]
            labels = [_CLUSTER_LABEL.get(c, c.lstrip("k")) for c in self.cluster_columns]
            self.clusters = _ClusterFeatures(table, cols, labels)
        if use_gazetteer:
            self.gaz, self.multi = load_gazetteer(str(d / "gazetteer.tsv"))
            if use_autolex:
                ag, am = load_gazetteer(str(d / "autolex.tsv"))
                gaz = dict(self.gaz)
                for k, v in ag.items():
                    gaz[k] = tuple(sorted(set(gaz.get(k, ())) | set(v)))
                multi = dict(self.multi)
                for k, v in am.items():
                    multi[k] = tuple(sorted(set(multi.get(k, ())) | set(v), key=lambda x: (-len(x[0]), x)))
                self.gaz, self.multi = gaz, multi
        else:
            self.gaz, self.multi = {}, {}
        self.known: frozenset[str] | None = None
        self._cache: dict[str, tuple] = {}

    def restrict(self, known: frozenset[str] | None) -> None:
        """Drop, once per word, features the model never saw (they cannot change a tag)."""
        self.known = known
        self._cache.clear()

    # -- one word -----------------------------------------------------------------------
    def word(self, w: str) -> tuple:
        """(own, as -2, as -1, as +1, as +2, norm, multi-word starts) for the word `w`; cached."""
        hit = self._cache.get(w)
        if hit is not None:
            return hit
        out = self.analyse(w)
        if len(self._cache) >= _CACHE_MAX:
            self._cache.clear()
        self._cache[w] = out
        return out

    def analyse(self, w: str, *, context: bool = True) -> tuple:
        """`word` without the cache. With `context=False` the four context lists (what the
        word adds to its neighbours' CRF features) are left empty: the neural tagger reads
        neighbours itself."""
        n = norm(w) or w
        key = ""
        own = ["b", "w=" + n]
        ctx = ["w=" + n]
        starts: list[tuple[tuple[str, ...], str]] = []
        if not n[0].isalnum():
            own.append("punct")
            ctx.append("punct")
        else:
            shape = _shape(n)
            own.append("sh=" + shape)
            if shape == "A":
                ln = len(n)
                own.append("len=%d" % min(ln, 8))
                own += ["p1=" + n[:1], "p2=" + n[:2], "p3=" + n[:3], "s1=" + n[-1:], "s2=" + n[-2:], "s3=" + n[-3:]]
                if ln > 4:
                    own += ["p4=" + n[:4], "s4=" + n[-4:]]
                readings = prefix_readings(n)
                key = readings[-1][1]
                if len(readings) > 1:
                    # deepest clitic split: stem and its affixes
                    pre, stem = readings[-1]
                    own += ["st=" + stem, "pre=" + "+".join(pre), "sts2=" + stem[-2:], "stp2=" + stem[:2]]
                    ctx.append("st=" + stem)
                if self.use_clusters:
                    cl = self.clusters.get(n)
                    if cl is not None:
                        fs = ["c" + c for c in cl]
                        own += fs
                        ctx += fs
                    else:
                        own.append("c=none")
                    for _pre, rest in readings[1:]:
                        scl = self.clusters.get(rest)
                        if scl is not None:
                            fs = ["sc" + c for c in scl]
                            own += fs
                            if cl is None:
                                ctx += fs
                            break
                if self.use_gazetteer:
                    cats: set[str] = set()
                    for i, (_pre, rest) in enumerate(readings):
                        g = self.gaz.get(rest)
                        if g:
                            cats.update(g)
                            if i == 0:
                                own += ["gx=" + c for c in g]
                        m = self.multi.get(rest)
                        if m:
                            starts.extend(m)
                    for c in sorted(cats):
                        own.append("g=" + c)
                        ctx.append("g=" + c)
            else:
                ctx.append("sh=" + shape)
        known = self.known
        if known is not None:
            own = [f for f in own if f in known]
        if not context:
            return (own, [], [], [], [], n, tuple(starts), key)
        m2 = ["-2" + f for f in ctx]
        m1 = ["-1" + f for f in ctx]
        p1 = ["+1" + f for f in ctx]
        p2 = ["+2" + f for f in ctx]
        if known is not None:
            m2 = [f for f in m2 if f in known]
            m1 = [f for f in m1 if f in known]
            p1 = [f for f in p1 if f in known]
            p2 = [f for f in p2 if f in known]
        return (own, m2, m1, p1, p2, n, tuple(starts), key)

    @staticmethod
    def multiword(ws: Sequence[tuple]) -> dict[int, list[str]]:
        """Multi-word gazetteer matches of analysed words as {token index: ["mg=B-LOC1", …]}."""
        return multiword_matches([x[5] for x in ws], [x[6] for x in ws])

    # -- one sentence -------------------------------------------------------------------
    def sent(self, tokens: Sequence[str]) -> list[list[str]]:
        """Feature lists, one per token."""
        ws = [self.word(t) for t in tokens]
        L = len(ws)
        out: list[list[str]] = []
        mg = self.multiword(ws) if self.use_gazetteer else {}
        bigrams = self.bigrams
        known = self.known
        for i in range(L):
            x = ws[i]
            f = x[0] + (ws[i - 1][2] if i >= 1 else ["BOS"])
            if i >= 2:
                f = f + ws[i - 2][1]
            if i + 1 < L:
                f = f + ws[i + 1][3]
                if i + 2 < L:
                    f = f + ws[i + 2][4]
            else:
                f = f + ["EOS"]
            if bigrams:
                bl = "bl=" + (ws[i - 1][5] if i else "^") + "|" + x[5]
                br = "br=" + x[5] + "|" + (ws[i + 1][5] if i + 1 < L else "$")
                if known is None:
                    f.append(bl)
                    f.append(br)
                else:
                    if bl in known:
                        f.append(bl)
                    if br in known:
                        f.append(br)
            extra = mg.get(i)
            if extra:
                f.extend(extra if known is None else [e for e in extra if e in known])
            out.append(f)
        return out


def multiword_matches(norms: Sequence[str], starts: Sequence[tuple]) -> dict[int, list[str]]:
    """Multi-word gazetteer matches as {token index: ["mg=B-LOC1", "mg=I-CTRY", …]}.

    `norms[i]` is token i's normalised form, `starts[i]` the (rest of name, category)
    entries whose first word is one of token i's readings.
    """
    mg: dict[int, list[str]] = {}
    L = len(norms)
    for i, st in enumerate(starts):
        if not st:
            continue
        for rest, cat in st:
            k = len(rest)
            if i + k < L and tuple(norms[i + 1 : i + 1 + k]) == rest:
                mg.setdefault(i, []).append("mg=B-" + cat)
                for j in range(i + 1, i + 1 + k):
                    mg.setdefault(j, []).append("mg=I-" + cat)
    return mg


_TAGS = ("O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC")
_S1 = {t: "s1=" + t for t in _TAGS}
_M1 = {t: "-1s1=" + t for t in _TAGS + ("^",)}
_P1 = {t: "+1s1=" + t for t in _TAGS + ("$",)}
_DK = {t[2:]: "dk=" + t[2:] for t in _TAGS if t != "O"}


def doc_features(
    keys: Sequence[Sequence[str]], s1: Sequence[Sequence[str]], window: int = DOC_WINDOW, *,
    tag_context: bool = True,
) -> list[list[list[str]]]:
    """Document-level features for stage 2, from stage 1's tags of nearby sentences.

    `keys[j][i]` is the clitic-stripped normalised form of token i of sentence j (""
    for punctuation and numbers), `s1[j][i]` its stage-1 tag. The document of sentence j
    is sentences j-window … j+window. Per token:
      s1=TAG, -1s1=TAG, +1s1=TAG   stage-1 tags of the token and its neighbours
      dk=T / dk=O                  the same key elsewhere in the document was mostly
                                   tagged type T / was seen but never tagged
      de=B-T / de=I-T              this stretch repeats an entity tagged T elsewhere
    With `tag_context=False` the first three are left out (the neural tagger adds them
    from a table instead: rasd.ner.neural).
    """
    N = len(keys)
    # per sentence: key -> (occurrences, {type: count}); entity key strings -> {type: count}
    key_stats: list[dict[str, list]] = []
    ent_stats: list[dict[tuple[str, ...], dict[str, int]]] = []
    mentions: list[list[tuple[str, int, int]]] = []
    for ks, tags in zip(keys, s1):
        ch = chunks(tags)
        mentions.append(ch)
        kd: dict[str, list] = {}
        for k, t in zip(ks, tags):
            if k:
                e = kd.get(k)
                if e is None:
                    e = kd[k] = [0, {}]
                e[0] += 1
                if t != "O":
                    typ = t[2:]
                    e[1][typ] = e[1].get(typ, 0) + 1
        key_stats.append(kd)
        ed: dict[tuple[str, ...], dict[str, int]] = {}
        for typ, a, b in ch:
            words = tuple(ks[a:b])
            if all(words):
                d = ed.setdefault(words, {})
                d[typ] = d.get(typ, 0) + 1
        ent_stats.append(ed)
    # the document's statistics over a sliding window, updated as the window moves
    occ: dict[str, int] = {}
    typ_counts: dict[str, dict[str, int]] = {}
    ents: dict[tuple[str, ...], dict[str, int]] = {}
    firsts: dict[str, set[tuple[str, ...]]] = {}

    def move(q: int, sign: int) -> None:
        for k, (c, td) in key_stats[q].items():
            occ[k] = occ.get(k, 0) + sign * c
            if td:
                d = typ_counts.setdefault(k, {})
                for t, c2 in td.items():
                    d[t] = d.get(t, 0) + sign * c2
        for words, td in ent_stats[q].items():
            d = ents.get(words)
            if d is None:
                d = ents[words] = {}
                firsts.setdefault(words[0], set()).add(words)
            for t, c2 in td.items():
                d[t] = d.get(t, 0) + sign * c2

    for q in range(min(N, window + 1)):
        move(q, 1)
    out: list[list[list[str]]] = []
    S1, M1, P1 = _S1, _M1, _P1
    for j in range(N):
        if j > 0:
            if j - window - 1 >= 0:
                move(j - window - 1, -1)
            if j + window < N:
                move(j + window, 1)
        ks, tags = keys[j], s1[j]
        L = len(ks)
        feats: list[list[str]] = []
        prev = "^"
        for i in range(L):
            t = tags[i]
            f = [S1[t], M1[prev], P1[tags[i + 1] if i + 1 < L else "$"]] if tag_context else []
            prev = t
            k = ks[i]
            if k:
                td = typ_counts.get(k)
                best = None
                if td:
                    own = t[2:] if t != "O" else None
                    bc = 0
                    for typ in sorted(td) if len(td) > 1 else td:
                        c = td[typ] - (typ == own)
                        if c > bc:
                            best, bc = typ, c
                if best is not None:
                    f.append(_DK[best])
                elif occ[k] > 1:
                    f.append("dk=O")
            feats.append(f)
        if ents:
            own_mentions = None
            for i in range(L):
                cands = firsts.get(ks[i])
                if not cands:
                    continue
                if own_mentions is None:
                    own_mentions = {(a, b): typ for typ, a, b in mentions[j]}
                for words in sorted(cands) if len(cands) > 1 else cands:
                    b = i + len(words)
                    if b > L or (b > i + 1 and tuple(ks[i:b]) != words):
                        continue
                    td = ents[words]
                    own = own_mentions.get((i, b))
                    best, bc = None, 0
                    for typ in sorted(td) if len(td) > 1 else td:
                        c = td[typ] - (typ == own)
                        if c > bc:
                            best, bc = typ, c
                    if best is not None:
                        feats[i].append("de=B-" + best)
                        for q in range(i + 1, b):
                            feats[q].append("de=I-" + best)
        out.append(feats)
    return out
