"""The NER model file: CRF weights read out of CRFsuite, saved as one compressed numpy file.

CRFsuite is used to train (rasd.ner.train); tagging needs only the weights. A model file
holds a JSON config (feature settings, training parameters) and one or two CRF "stages"
(stage 2, if present, also sees document-level features built from stage 1's tags). Each
stage: label names, attribute (feature) names, a weight matrix (attributes x labels) and a
label transition matrix.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from rasd.errors import ModelError

FORMAT = "rasd-ner-crf/1"


@dataclass
class Stage:
    labels: list[str]
    attrs: list[str]
    W: np.ndarray  # len(attrs) x len(labels), float32
    T: np.ndarray  # len(labels) x len(labels): score of label a followed by label b

    @classmethod
    def from_crfsuite(cls, path: str | Path) -> Stage:
        import pycrfsuite

        crf = pycrfsuite.Tagger()
        crf.open(str(path))
        info = crf.info()
        labels = list(crf.labels())
        lab = {y: k for k, y in enumerate(labels)}
        index: dict[str, int] = {}
        rows, cols, vals = [], [], []
        for (attr, y), w in info.state_features.items():
            rows.append(index.setdefault(attr, len(index)))
            cols.append(lab[y])
            vals.append(w)
        W = np.zeros((len(index), len(labels)), dtype=np.float32)
        if rows:
            np.add.at(W, (np.array(rows), np.array(cols)), np.array(vals, dtype=np.float32))
        T = np.zeros((len(labels), len(labels)), dtype=np.float32)
        for (a, b), w in info.transitions.items():
            T[lab[a], lab[b]] = w
        crf.close()
        return cls(labels, list(index), W, T)


def _text(a: list[str]) -> np.ndarray:
    return np.frombuffer("\n".join(a).encode("utf-8"), dtype=np.uint8)


def _untext(a: np.ndarray) -> list[str]:
    s = a.tobytes().decode("utf-8")
    return s.split("\n") if s else []


def save(path: str | Path, config: dict, stages: list[Stage]) -> None:
    arrays: dict[str, np.ndarray] = {"config": _text([json.dumps({**config, "format": FORMAT}, ensure_ascii=False)])}
    for i, st in enumerate(stages):
        arrays[f"s{i}_labels"] = _text(st.labels)
        arrays[f"s{i}_attrs"] = _text(st.attrs)
        arrays[f"s{i}_W"] = st.W.astype(np.float32)
        arrays[f"s{i}_T"] = st.T.astype(np.float32)
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    tmp = p.with_name(p.name + ".tmp")
    with tmp.open("wb") as fh:
        np.savez_compressed(fh, **arrays)
    tmp.replace(p)


def load(path: str | Path) -> tuple[dict, list[Stage]]:
    p = Path(path)
    try:
        with np.load(p, allow_pickle=False) as z:
            config = json.loads(_untext(z["config"])[0])
            if config.get("format") != FORMAT:
                raise ModelError(f"{p}: not a rasd NER model of format {FORMAT} (found {config.get('format')!r})")
            stages = []
            i = 0
            while f"s{i}_W" in z:
                stages.append(Stage(_untext(z[f"s{i}_labels"]), _untext(z[f"s{i}_attrs"]), z[f"s{i}_W"], z[f"s{i}_T"]))
                i += 1
    except ModelError:
        raise
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, UnicodeDecodeError, EOFError) as e:
        raise ModelError(f"cannot read NER model {p}: {e}") from e
    if not stages:
        raise ModelError(f"{p}: NER model has no CRF weights")
    for st in stages:
        if st.W.shape != (len(st.attrs), len(st.labels)) or st.T.shape != (len(st.labels),) * 2:
            raise ModelError(f"{p}: NER model arrays have inconsistent shapes")
    return config, stages
