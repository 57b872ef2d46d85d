"""The text layer: normalisation, offsets back to the original, sentences, clitics."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasd.text.clitics import prefix_readings, readings, segment
from rasd.text.normalize import norm, normalize
from rasd.text.stage import TextStage
from rasd.model import Document

ARABIC = st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)
MARKS = st.sampled_from(list("\u200e\u200f\u202b\u202c\u2067\u2069\u200b\u200c\u200d\ufeff"
                             "\u064b\u064e\u0650\u0651\u0652\u0640\u0670"))
MIXED = st.text(st.one_of(ARABIC, MARKS, st.characters(), st.sampled_from(list(" \n.،؛؟!«»\"'"))),
                max_size=300)


@pytest.mark.parametrize("raw, expected", [
    ("إستهداف", "استهداف"), ("أحمد", "احمد"), ("آذار", "اذار"), ("مصطفى", "مصطفي"),
    ("مدينة", "مدينه"), ("قُصِفَت", "قصفت"), ("الـــقصف", "القصف"), ("١٢٣", "123"),
    ("۱۴۰۰", "1400"), ("طرابلس،", "طرابلس,"), ("لماذا؟", "لماذا?"), ("«المغرب»", '"المغرب"'),
    ("\u200fبغداد\u200e", "بغداد"), ("ﻻ", "لا"), ("کرکوک", "كركوك"),
    # a hashtag's words are words
    ("كوريا_الشمالية", "كوريا الشماليه"),
])
def test_normalisation_table(raw: str, expected: str) -> None:
    assert normalize(raw).text == expected
    assert norm(raw) == expected


def test_offsets_map_back_through_diacritics_and_marks() -> None:
    text = "قَصَفَت\u200f الطائرات «مواقع» ٣ مرات"
    doc = TextStage()(Document(text))
    surfaces = [t.text for t in doc.tokens]
    assert surfaces[0] == "قَصَفَت"
    assert [t.norm for t in doc.tokens][:2] == ["قصفت", "الطائرات"]
    assert "٣" in surfaces
    for t in doc.tokens:
        assert text[t.start:t.end] == t.text


def test_clitics_keep_original_slices() -> None:
    doc = TextStage()(Document("وللقصف بالطائرات"))
    first = doc.tokens[0]
    assert first.text == "وللقصف"
    assert first.prefixes == ("و", "ل", "ال") and first.stem == "قصف"
    assert doc.tokens[1].prefixes == ("ب", "ال") and doc.tokens[1].stem == "طائرات"


@pytest.mark.parametrize("word, reading", [
    ("وبالقصف", (("و", "ب", "ال"), "قصف")),
    ("للقصف", (("ل", "ال"), "قصف")),
    ("فسيقصف", (("ف", "س"), "يقصف")),
    ("كالمعتاد", (("ك", "ال"), "معتاد")),
    ("وطرابلس", (("و",), "طرابلس")),
])
def test_prefix_readings_include(word: str, reading: tuple) -> None:
    assert reading in prefix_readings(word)


def test_segment_is_conservative_and_suffixes_are_offered() -> None:
    assert segment("وزير") == ((), "وزير", "")  # و is a root letter here
    assert segment("والوزير") == (("و", "ال"), "وزير", "")
    assert ((), "استهداف", "ها") in readings("استهدافها")


def test_sentences_and_clauses() -> None:
    text = "قصفت الطائرات المدينة، وقتل خمسة. ثم انسحبت القوات!\nوفي 3.5 ساعات انتهى."
    doc = TextStage()(Document(text))
    assert [s.text for s in doc.sentences] == [
        "قصفت الطائرات المدينة، وقتل خمسة.", "ثم انسحبت القوات!", "وفي 3.5 ساعات انتهى."]
    assert len(doc.sentences[0].clauses) == 2


@settings(max_examples=300, deadline=None)
@given(MIXED)
def test_every_offset_slices_the_original(text: str) -> None:
    doc = TextStage()(Document(text))
    for s in doc.sentences:
        assert text[s.start:s.end] == s.text
        assert s.text.strip() == s.text
        for c in s.clauses:
            assert s.start <= c.start <= c.end <= s.end
    for t in doc.tokens:
        assert text[t.start:t.end] == t.text
        assert t.start < t.end


@settings(max_examples=300, deadline=None)
@given(MIXED)
def test_normalisation_is_idempotent_and_maps_every_index(text: str) -> None:
    n = normalize(text)
    assert normalize(n.text).text == n.text
    for i in range(len(n.text)):
        s, e = n.span(i, i + 1)
        assert 0 <= s < e <= len(text)


def test_empty_text() -> None:
    doc = TextStage()(Document(""))
    assert doc.sentences == () and doc.tokens == ()


# -- datelines ---------------------------------------------------------------------------------

import pytest as _pytest  # noqa: E402

from rasd.text.dateline import find_dateline  # noqa: E402


@_pytest.mark.parametrize("text, dateline", [
    ("دبي، الإمارات العربية المتحدة (CNN) – قال مسؤول", "دبي، الإمارات العربية المتحدة (CNN) –"),
    ("(CNN) -- شباب في صف مدرسي", "(CNN) --"),
    ("عنوان الخبر\n\nباريس - أ.ف.ب: توصل الرئيس", "باريس - أ.ف.ب:"),
    ("طرابلس (رويترز) - قالت مصادر", "طرابلس (رويترز) -"),
    ("قال الرئيس - في بيان - إن الجيش", None),
    ("أعلنت الوزارة (الأحد) - أن القوات", None),
])
def test_datelines(text, dateline) -> None:
    found = find_dateline(text)
    assert (found.text if found else None) == dateline
    if found:
        assert text[found.start:found.end] == found.text


def test_the_bureaus_state_is_not_an_actor(nlp) -> None:
    text = "دبي، الإمارات العربية المتحدة (CNN) – اعتقلت الشرطة التونسية ثلاثة أشخاص في صفاقس."
    doc = nlp(text, published="2019-08-06")
    assert doc.dateline is not None
    assert all(a.start >= doc.dateline.end for a in doc.actors)
    assert any(ev.source is not None and ev.source.country == "TUN" for ev in doc.events)
