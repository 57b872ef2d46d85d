"""NER: CoNLL I/O, entity scoring, training, the shipped model."""

from __future__ import annotations

import pytest

from rasd.errors import InputError, ModelError
from rasd.evaluate.ner import chunks, conll_scores
from rasd.ner.conll import read_conll, split, write_conll
from rasd.ner.extract import entities
from rasd.ner.features import Featurizer, data_dir, doc_features
from rasd.ner.tagger import MODEL_NAME, Tagger
from rasd.ner.train import train


# --- scoring ---------------------------------------------------------------------------
def test_chunks_stray_i_starts_an_entity():
    assert chunks(["I-ORG", "I-ORG", "O", "B-PER", "I-LOC", "I-LOC", "B-LOC"]) == [
        ("ORG", 0, 2), ("PER", 3, 4), ("LOC", 4, 6), ("LOC", 6, 7),
    ]


def test_conll_scores_hand_worked():
    gold = [
        ["B-PER", "I-PER", "O", "B-LOC"],   # PER[0,2) LOC[3,4)
        ["I-ORG", "I-ORG", "O", "B-MISC"],  # ORG[0,2) (stray I- starts it) MISC[3,4)
        ["B-PER", "I-LOC"],                 # PER[0,1) LOC[1,2) (I-LOC after PER starts a LOC)
    ]
    pred = [
        ["B-PER", "I-PER", "O", "B-ORG"],   # PER[0,2) ok; ORG[3,4) wrong type
        ["B-ORG", "I-ORG", "O", "O"],       # ORG[0,2) same span and type as gold: ok
        ["B-PER", "I-PER"],                 # PER[0,2) wrong span
    ]
    # By hand:
    #   PER : tp 1 (s1), fp 1 (s3 PER[0,2)), fn 1 (s3 PER[0,1))  -> P .5, R .5, F1 .5
    #   LOC : tp 0, fp 0, fn 2 (s1 LOC[3,4), s3 LOC[1,2))       -> 0, 0, 0
    #   ORG : tp 1 (s2), fp 1 (s1 ORG[3,4)), fn 0               -> P .5, R 1, F1 2*.5*1/1.5 = .6667
    #   MISC: tp 0, fp 0, fn 1                                   -> 0, 0, 0
    #   all : tp 2, fp 2, fn 4 -> P 2/4 = .5, R 2/6 = .3333, F1 2*.5*.3333/.8333 = .4
    s = conll_scores(gold, pred)
    assert s["overall"] == {"p": 0.5, "r": 0.3333, "f1": 0.4, "tp": 2, "fp": 2, "fn": 4}
    assert s["PER"] == {"p": 0.5, "r": 0.5, "f1": 0.5, "tp": 1, "fp": 1, "fn": 1}
    assert s["LOC"] == {"p": 0.0, "r": 0.0, "f1": 0.0, "tp": 0, "fp": 0, "fn": 2}
    assert s["ORG"] == {"p": 0.5, "r": 1.0, "f1": 0.6667, "tp": 1, "fp": 1, "fn": 0}
    assert s["MISC"] == {"p": 0.0, "r": 0.0, "f1": 0.0, "tp": 0, "fp": 0, "fn": 1}


def test_conll_scores_length_mismatch():
    with pytest.raises(ValueError):
        conll_scores([["O"]], [["O", "O"]])


# --- CoNLL I/O -------------------------------------------------------------------------
def test_read_write_conll_roundtrip(tmp_path):
    p = tmp_path / "a.conll"
    p.write_text("قال\tO\tx\nالعقيد\tO\n\n\nبنغازي\tB-LOC\n", encoding="utf-8")
    sents = read_conll(p)
    assert sents == [[("قال", "O"), ("العقيد", "O")], [("بنغازي", "B-LOC")]]
    toks, tags = split(sents)
    out = tmp_path / "b.conll"
    write_conll(out, toks, tags, tags)
    assert out.read_text(encoding="utf-8") == "قال\tO\tO\nالعقيد\tO\tO\n\nبنغازي\tB-LOC\tB-LOC\n\n"


def test_read_conll_bad_tag_names_file_and_line(tmp_path):
    p = tmp_path / "bad.conll"
    p.write_text("قال\tO\nحفتر\tB-PERS\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        read_conll(p)
    assert e.value.line == 2 and e.value.file == str(p) and "B-PERS" in str(e.value)


def test_read_conll_missing_tag_and_not_utf8(tmp_path):
    p = tmp_path / "notag.conll"
    p.write_text("قال\n", encoding="utf-8")
    with pytest.raises(InputError):
        read_conll(p)
    assert read_conll(p, require_tags=False) == [[("قال", "O")]]
    q = tmp_path / "latin1.conll"
    q.write_bytes("caf\xe9\tO\n".encode("latin-1"))
    with pytest.raises(InputError):
        read_conll(q)


# --- training --------------------------------------------------------------------------
_TINY = [
    ("قال الرئيس كريم بوعزة إن الجيش دخل طرابلس .", "O O B-PER I-PER O O O B-LOC O"),
    ("وصل سامي الحداد إلى بنغازي أمس .", "O B-PER I-PER O B-LOC O O"),
    ("أعلنت وزارة الدفاع في تونس عن خطة جديدة .", "O B-ORG I-ORG O B-LOC O O O O"),
    ("التقى كريم بوعزة وزير الخارجية في القاهرة .", "O B-PER I-PER O O O B-LOC O"),
    ("قالت منظمة العفو الدولية إن الوضع سيء .", "O B-ORG I-ORG I-ORG O O O O"),
    ("زار سامي الحداد مدينة مصراتة .", "O B-PER I-PER O B-LOC O"),
]


def _write_tiny(path, copies=4):
    with path.open("w", encoding="utf-8") as fh:
        for _ in range(copies):
            for words, tags in _TINY:
                for w, t in zip(words.split(), tags.split()):
                    fh.write(f"{w}\t{t}\n")
                fh.write("\n")


@pytest.mark.parametrize("two_stage", [False, True])
def test_train_tiny_end_to_end(tmp_path, two_stage):
    data = tmp_path / "tiny.conll"
    _write_tiny(data)
    out = tmp_path / "tiny.model"
    stats = train(data, out, two_stage=two_stage, folds=2, max_iterations=50)
    assert out.is_file() and stats["sentences"] == 24 and stats["model_bytes"] > 0
    tagger = Tagger.load(out, cache=False)
    assert len(tagger.stages) == (2 if two_stage else 1)
    toks, gold = split(read_conll(data))
    pred = tagger.tag_sents(toks)
    assert conll_scores(gold, pred)["overall"]["f1"] > 0.9
    # a reloaded model gives identical tags
    again = Tagger.load(out, cache=False)
    assert again.tag_sents(toks) == pred
    assert [again.tag(s) for s in toks] == [tagger.tag(s) for s in toks]


def test_train_with_dev_slice_reports_dev_scores(tmp_path):
    data = tmp_path / "tiny.conll"
    _write_tiny(data)
    stats = train(data, tmp_path / "m", two_stage=False, dev_fraction=0.25, max_iterations=30)
    assert stats["sentences"] == 18 and stats["dev_sentences"] == 6
    assert set(stats["dev"]) >= {"overall", "PER", "LOC", "ORG", "MISC"}


def test_numpy_viterbi_matches_crfsuite(tmp_path):
    """The tagger's own decoding gives exactly CRFsuite's tags."""
    pycrfsuite = pytest.importorskip("pycrfsuite")
    from rasd.ner import model as model_io

    data = tmp_path / "tiny.conll"
    _write_tiny(data, copies=2)
    toks, tags = split(read_conll(data))
    feat = Featurizer()
    trainer = pycrfsuite.Trainer(verbose=False)
    trainer.set_params({"c1": 0.01, "c2": 0.01, "max_iterations": 40, "feature.possible_transitions": True})
    for t, g in zip(toks, tags):
        trainer.append(feat.sent(t), g)
    path = str(tmp_path / "m.crfsuite")
    trainer.train(path)
    crf = pycrfsuite.Tagger()
    crf.open(path)
    tagger = Tagger({"feature_version": 1}, [model_io.Stage.from_crfsuite(path)])
    probe = toks + [["وقال", "كريم", "إن", "طرابلس", "هادئة"], ["بنغازي"]]
    for s in probe:
        assert tagger.tag(s) == crf.tag(feat.sent(s))


def test_load_missing_or_corrupt_model(tmp_path):
    with pytest.raises(ModelError):
        Tagger.load(tmp_path / "nope.model")
    bad = tmp_path / "bad.model"
    bad.write_bytes(b"not a model")
    with pytest.raises(ModelError):
        Tagger.load(bad)


def test_doc_features_use_other_sentences():
    keys = [["قال", "حداد"], ["وصل", "حداد"]]
    s1 = [["O", "B-PER"], ["O", "O"]]
    f = doc_features(keys, s1, window=5)
    assert "dk=PER" in f[1][1]  # tagged PER in the other sentence
    assert "de=B-PER" in f[1][1]
    assert "dk=PER" not in f[0][1]  # its own tag does not count


# --- the shipped model -----------------------------------------------------------------
shipped = pytest.mark.skipif(not (data_dir() / MODEL_NAME).is_file(), reason="no shipped NER model")


@shipped
def test_shipped_model_tags_unknown_name_after_title_as_person():
    # فرحات and الزنتوري: neither is in the gazetteer (checked below), nor is الزنتوري in
    # ANERcorp; the title العقيد and the word shapes must carry it.
    from rasd.ner.features import load_gazetteer
    from rasd.text.normalize import norm

    single, _ = load_gazetteer(str(data_dir() / "gazetteer.tsv"))
    assert norm("فرحات") not in single and norm("الزنتوري") not in single
    tokens = "قال العقيد فرحات الزنتوري إن قواته سيطرت على المدينة .".split()
    tags = entities(tokens)
    assert tags[2:4] == ["B-PER", "I-PER"]
    assert tags[0] == "O" and tags[1] == "O" and tags[-1] == "O"


@shipped
def test_shipped_model_clitic_attached_place():
    tags = entities("وصلت القوات إلى بنغازي ثم تقدمت نحو سرت وطرابلس .".split())
    assert (tags[3], tags[7], tags[8]) == ("B-LOC", "B-LOC", "B-LOC")  # بنغازي سرت وطرابلس


@shipped
def test_shipped_model_text_entities_offsets():
    text = "قال العقيد فرحات الزنتوري في بنغازي إن قواته تقدمت."
    ents = entities(text)
    assert all(text[e["start"] : e["end"]] == e["text"] for e in ents)
    labels = {e["text"]: e["label"] for e in ents}
    assert labels.get("بنغازي") == "LOC"
    assert labels.get("فرحات الزنتوري") == "PER"


@shipped
def test_shipped_model_is_cached_and_handles_empty():
    assert Tagger.load() is Tagger.load()
    assert Tagger.load().tag([]) == []
    assert Tagger.load().tag_sents([[], ["بنغازي"]])[0] == []


# --- data licence ----------------------------------------------------------------------
def test_news_derived_data_excludes_saudinewsnet():
    """SaudiNewsNet (ids snn-*, CC BY-NC-SA) must not ship: the NER data builders skip it."""
    import importlib.util
    from pathlib import Path

    scripts = Path(__file__).resolve().parents[1] / "scripts"
    for name in ("ner_clusters", "ner_lexicons", "ner_autolex", "ner_embed"):
        path = scripts / f"{name}.py"
        if not path.is_file():
            continue
        spec = importlib.util.spec_from_file_location(name, path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        assert "snn-" in mod.EXCLUDE_PREFIXES, name
    assert "excluded" in (data_dir() / "ATTRIBUTION.md").read_text(encoding="utf-8")


def test_cluster_file_columns(tmp_path):
    from rasd.ner.features import load_clusters

    p = tmp_path / "clusters.tsv"
    p.write_text("# word\tk64\tk256\tk1024\tk32\n#\t1\t2\t3\t4\nقال\t5\t6\t7\t8\n", encoding="utf-8")
    names, table = load_clusters(str(p))
    assert names == ("k64", "k256", "k1024", "k32") and table["#"] == ("1", "2", "3", "4")
    (tmp_path / "gazetteer.tsv").write_text("# x\n", encoding="utf-8")
    legacy = Featurizer(data=tmp_path)
    assert {"c64=5", "c256=6", "c1k=7"} <= set(legacy.analyse("قال")[0])
    more = Featurizer(data=tmp_path, clusters=("k32", "k64"))
    own = set(more.analyse("قال")[0])
    assert {"c32=8", "c64=5"} <= own and "c1k=7" not in own
    with pytest.raises(ModelError):
        Featurizer(data=tmp_path, clusters=("k4096",))


# --- the neural tagger -----------------------------------------------------------------
def _plain_viterbi(E, T, start, end):
    delta = start + E[0]
    back = []
    for t in range(1, len(E)):
        s = delta[:, None] + T
        back.append(s.argmax(0))
        delta = s.max(0) + E[t]
    y = int((delta + end).argmax())
    path = [y]
    for b in reversed(back):
        y = int(b[y])
        path.append(y)
    return path[::-1]


def test_neural_decode_is_exact_viterbi():
    """Fixing confident positions first gives exactly the plain Viterbi path."""
    import numpy as np

    from rasd.ner.neural import NeuralTagger

    class Decoder(NeuralTagger):
        def __init__(self, T, start, end):  # only what _decode reads
            self.labels = [str(k) for k in range(len(T))]
            self._T, self._start, self._end = T, start, end
            self._in_lo, self._in_hi, self._out_lo, self._out_hi = T.min(0), T.max(0), T.min(1), T.max(1)
            self._set_bounds()

    rng = np.random.default_rng(0)
    K = 9
    fixed_somewhere = 0
    for _ in range(200):
        T = rng.normal(0, 2, (K, K)).astype(np.float32)
        start, end = rng.normal(0, 1, K).astype(np.float32), rng.normal(0, 1, K).astype(np.float32)
        lens = [int(n) for n in rng.integers(0, 12, rng.integers(1, 6))]
        starts, P = [], 2
        for n in lens:
            starts.append(P)
            P += n + 2
        # a mix of confident (scaled up) and unsure positions
        E = (rng.normal(0, 1, (P, K)) * rng.choice([1, 8], (P, 1))).astype(np.float32)
        out = Decoder(T, start, end)._decode(E, starts, lens, [[] for _ in lens])
        for a, n, tags in zip(starts, lens, out):
            want = [str(k) for k in _plain_viterbi(E[a : a + n], T, start, end)] if n else []
            assert tags == want
        fixed_somewhere += int(any(lens))
    assert fixed_somewhere > 100


def test_train_ner_without_torch_says_how_to_install(monkeypatch, tmp_path):
    import sys

    from rasd.errors import ConfigError
    from rasd.ner import train_nn

    monkeypatch.setitem(sys.modules, "torch", None)  # as if torch were not installed
    data = tmp_path / "tiny.conll"
    _write_tiny(data)
    with pytest.raises(ConfigError, match=r"pip install torch==2\.13\.0"):
        train_nn.train(data, tmp_path / "m")


@pytest.mark.parametrize("doc_folds", [0, 2])
def test_train_neural_tiny_end_to_end(tmp_path, doc_folds):
    pytest.importorskip("torch")
    from rasd.ner.train_nn import train as train_nn

    data = tmp_path / "tiny.conll"
    _write_tiny(data)
    out = tmp_path / "tiny.model"
    stats = train_nn(data, out, epochs=25, fold_epochs=5, doc_folds=doc_folds, dim=32, hidden=32, lr=0.01,
                     dropout=0.1, feat_dropout=0.0)
    # the numpy network computes what torch computed
    assert stats["numpy_max_diff"] < 1e-4
    tagger = Tagger.load(out, cache=False)
    toks, gold = split(read_conll(data))
    pred = tagger.tag_sents(toks)
    assert conll_scores(gold, pred)["overall"]["f1"] > 0.9
    again = Tagger.load(out, cache=False)  # a reloaded model gives identical tags
    assert again.tag_sents(toks) == pred
    assert [again.tag(s) for s in toks] == [tagger.tag(s) for s in toks]
    # tags of a text do not depend on what was tagged before (the word cache)
    fresh = Tagger.load(out, cache=False)
    assert fresh.tag_sents(toks[5:9]) == tagger.tag_sents(toks[5:9])
    if doc_folds:
        # the table-driven document features equal the plain ones (rasd.ner.features.doc_features)
        import numpy as np

        from rasd.ner.features import doc_features

        sents = toks[:7]
        h1, idx, starts, lens, entries = tagger._sequence(sents)
        labels = tagger._labels(tagger._head(h1.copy(), idx), starts, lens)
        slow = h1.copy()
        tags = [[tagger.labels[k] for k in labels[a : a + n]] for a, n in zip(starts, lens)]
        for a, sent in zip(starts, doc_features([[x[3] for x in ws] for ws in entries], tags, tagger._window)):
            for i, fs in enumerate(sent):
                for f in fs:
                    slow[a + i] += tagger._Dd[tagger._docs.get(f, len(tagger._docs))]
        tagger._add_doc(h1, entries, labels, starts, lens)
        assert np.abs(h1 - slow).max() < 1e-5


def test_neural_training_is_repeatable(tmp_path):
    """Same data and settings give the same model (what `rasd train-ner` relies on)."""
    pytest.importorskip("torch")
    import numpy as np

    from rasd.ner.neural import load
    from rasd.ner.train_nn import train as train_nn

    data = tmp_path / "tiny.conll"
    _write_tiny(data, copies=2)
    for name in ("a", "b"):
        train_nn(data, tmp_path / name, epochs=3, doc_folds=0, dim=16, hidden=16, avg_from=2)
    _, a, feats_a, _, _ = load(tmp_path / "a")
    _, b, feats_b, _, _ = load(tmp_path / "b")
    assert feats_a == feats_b and a.keys() == b.keys()
    assert all(np.array_equal(a[k], b[k]) for k in a)


@shipped
def test_shipped_neural_multiword_matches_equal_featurizer():
    """The tagger's per-word tables find exactly the multi-word names that
    rasd.ner.features.multiword_matches finds."""
    from collections import Counter

    from rasd.ner.features import multiword_matches

    tagger = Tagger.load()
    if not hasattr(tagger, "_multiword"):
        pytest.skip("shipped model is not the neural tagger")
    sents = [
        "قال الأمين العام للأمم المتحدة إن مجلس الأمن الدولي سيجتمع في المملكة العربية السعودية .".split(),
        "وصل عبد الله بن زايد آل نهيان إلى الولايات المتحدة الأمريكية أمس .".split(),
    ]
    found = 0
    for s in sents:
        tagger.tag_sents([s])
        ws = [tagger._words[t] for t in s]
        xs = [tagger.analyser.analyse(t) for t in s]
        want = Counter((i, f) for i, fs in multiword_matches([x[1] for x in xs], [x[2] for x in xs]).items() for f in fs)
        assert Counter(tagger._multiword(ws)) == want
        found += len(want)
    assert found > 0
