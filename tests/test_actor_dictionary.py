"""The actor dictionary (data, loader, validation, merge, roles, nisba) and the matcher."""

from __future__ import annotations

import csv
import os
import time
from pathlib import Path

import pytest

from rasd.actors import ActorDictionary, ActorMatcher, check
from rasd.errors import DictionaryError
from rasd.text.normalize import norm, normalize

SHARED = Path(os.environ.get("RASD_SHARED", "/work/shared"))
COUNTRIES = SHARED / "data" / "gazetteer" / "countries.tsv"


@pytest.fixture(scope="module")
def d() -> ActorDictionary:
    return ActorDictionary.default()


@pytest.fixture(scope="module")
def m(d: ActorDictionary) -> ActorMatcher:
    return ActorMatcher(d)


def found(m: ActorMatcher, text: str, **kw):
    return [(x.text, x.id, x.how) for x in m.find_text(text, **kw)]


# -- data -------------------------------------------------------------------------------------

def test_counts(d: ActorDictionary) -> None:
    assert len(d) >= 800
    assert d.alias_count() >= 3000


def test_load_is_fast() -> None:
    t = time.perf_counter()
    ActorDictionary.load()
    assert time.perf_counter() - t < 1.0


@pytest.mark.skipif(not COUNTRIES.is_file(), reason="shared gazetteer not available")
def test_every_state_present_with_its_adjective(d: ActorDictionary) -> None:
    with open(COUNTRIES, encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    assert len(rows) > 200
    same_adj: dict[str, set[str]] = {}
    for r in rows:
        same_adj.setdefault(norm(r["adjective_ar_m"].strip()), set()).add(r["iso3"])
    for r in rows:
        e = d.country_entry(r["iso3"])
        assert e is not None and e.type == "state", r["iso3"]
        assert e.ar and e.name
        adj = r["adjective_ar_m"].strip()
        if adj and r["iso3"] != "MLI":  # مالي is also "financial": only its plurals count
            # كونغولي names both Congos: the first listed wins
            assert d.nisba(adj) in same_adj[norm(adj)], (r["iso3"], adj)
            assert adj in e.nisba or norm(adj) in {norm(x) for x in e.nisba}


def test_generated_organs(d: ActorDictionary) -> None:
    for iso in ("LBY", "TUR", "EGY", "USA", "SDN"):
        for suffix in ("GOV", "MIL", "MFA"):
            e = d.get(f"{iso}-{suffix}")
            assert e is not None and e.country == iso
    assert d.get("LBY-MIL").sector == "MIL"


def test_core_actors(d: ActorDictionary) -> None:
    for ident in ("LBY-GNA", "LBY-LNA", "LBY-HAFTAR", "LBY-HOR", "LBY-CBL", "LBY-NOC", "IGO-UN",
                  "IGO-UNSC", "IGO-UNSMIL", "NGO-HRW", "NGO-ICRC", "YEM-HOUTHI", "LBN-HEZBOLLAH",
                  "PSE-HAMAS", "PSE-PIJ", "IMG-IS", "IMG-AQ", "YEM-AQAP", "DZA-AQIM",
                  "SOM-SHABAAB", "NGA-BOKOHARAM", "SYR-HTS", "SYR-SDF", "SYR-YPG", "TUR-PKK",
                  "IRQ-PMF", "EGY-MB", "EGY-ISSINAI", "SAU-ARAMCO"):
        assert ident in d, ident
    assert d.get("IMG-IS").transnational and d.get("EGY-ISSINAI").country == "EGY"
    assert d.get("SYR-HTS").type == "armed_group"


def test_affiliation_dates(d: ActorDictionary) -> None:
    sarraj = d.get("LBY-SARRAJ")
    aff = [a for a in sarraj.affiliations if a.actor == "LBY-GNA"][0]
    assert (aff.role, aff.start, aff.end) == ("head", "2016-03-30", "2021-03-15")
    assert sarraj.affiliated("2019-01-01") and not [
        a for a in sarraj.affiliated("2022-01-01") if a.actor == "LBY-GNA"]


def test_search_and_get(d: ActorDictionary) -> None:
    assert d.search("حفتر")[0].id == "LBY-HAFTAR"
    assert d.search("Haftar")[0].id == "LBY-HAFTAR"
    assert d.search("lby-gna")[0].id == "LBY-GNA"
    assert d.get("NOPE-X") is None


# -- roles and nisba --------------------------------------------------------------------------

@pytest.mark.parametrize(("phrase", "day", "who"), [
    ("رئيس الحكومة الليبية", "2019-07-01", "LBY-SARRAJ"),
    ("رئيس الحكومة الليبية", "2022-06-01", "LBY-DBEIBAH"),
    ("رئيس المجلس الرئاسي", "2019-07-01", "LBY-SARRAJ"),
    ("رئيس المجلس الرئاسي", "2022-06-01", "LBY-MENFI"),
    ("الرئيس الأمريكي", "2019-01-01", "USA-TRUMP"),
    ("الرئيس الأمريكي", "2022-01-01", "USA-BIDEN"),
    ("المبعوث الأممي إلى ليبيا", "2018-05-05", "IGO-ENV-SALAME"),
    ("الأمين العام للأمم المتحدة", "2015-03-01", "IGO-BANKIMOON"),
])
def test_role_holder_on_date(d: ActorDictionary, phrase: str, day: str, who: str) -> None:
    e = d.role_holder(norm(phrase), day)
    assert e is not None and e.id == who


def test_role_holder_none_and_country(d: ActorDictionary) -> None:
    assert d.role_holder(norm("رئيس الحكومة الليبية"), "1990-01-01") is None
    assert d.role_holder(norm("محافظ المصرف المركزي"), "2019-01-01", country="EGY") is None
    assert d.role_holder(norm("محافظ المصرف المركزي"), "2019-01-01", country="LBY").id == "LBY-KABIR"


@pytest.mark.parametrize(("word", "iso"), [
    ("التركية", "TUR"), ("التركي", "TUR"), ("الأتراك", "TUR"), ("الأمريكيين", "USA"),
    ("الأميركية", "USA"), ("روسي", "RUS"), ("الروس", "RUS"), ("المصريون", "EGY"),
    ("الليبية", "LBY"), ("والليبيين", "LBY"), ("الكوري الجنوبي", "KOR"), ("الماليين", "MLI"),
    ("المالية", None), ("المدينة", None),
    # the indefinite accusative takes no article (مقترحا أمميا); an adverb of its shape is no
    # nisba (ماليا "financially")
    ("أممياً", "IGO"), ("روسيا", "RUS"), ("ماليا", None), ("الأمميا", None),
    # ألماني's own alef-lam looks like the article once normalised: الألمانية still takes one
    ("الألمانية", "DEU"), ("ألمانية", "DEU"), ("الألمان", "DEU"), ("الألباني", "ALB"),
])
def test_nisba(d: ActorDictionary, word: str, iso: str | None) -> None:
    assert d.nisba(norm(word)) == iso


# -- validation -------------------------------------------------------------------------------

def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


@pytest.mark.parametrize(("body", "line", "reason"), [
    ("- {id: XXX-A, name: A, type: person, country: LBY}\n- {name: B, type: person, country: LBY}\n",
     2, "missing `id`"),
    ("- {id: XXX-A, name: A, type: person, country: LBY}\n\n- id: XXX-B\n  name: B\n  type: person\n"
     "  country: LBY\n  roles: [{ar: رئيس, from: 2019-13-40}]\n", 3, "bad date"),
    ("- id: XXX-A\n  name: A\n  type: organisation\n  country: LBY\n  sector: ARMY\n", 1,
     "unknown sector"),
    ("- {id: XXX-A, name: A, type: person, country: LBY, affiliations: [{actor: NOPE-Z}]}\n", 1,
     "unknown actor NOPE-Z"),
    ("- {id: bad id, name: A, type: person, country: LBY}\n", 1, "bad id"),
    ("- {id: XXX-A, name: A, type: robot, country: LBY}\n", 1, "unknown type"),
    ("- {id: XXX-A, type: person, country: LBY}\n", 1, "missing `name`"),
    ("- {id: XXX-A, name: A, type: person}\n", 1, "missing `country`"),
    ("- {id: XXX-A, name: A, type: person, country: LBY}\n- {id: XXX-A, name: B, type: person, "
     "country: LBY}\n", 2, "duplicate id"),
    ("- {id: XXX-A, name: A, type: person, country: LBY\n", None, "not valid YAML"),
])
def test_validation_names_file_and_line(tmp_path: Path, body: str, line: int | None,
                                        reason: str) -> None:
    p = write(tmp_path, "broken.yaml", body)
    with pytest.raises(DictionaryError) as ei:
        ActorDictionary.load([tmp_path])
    err = ei.value
    assert err.file == str(p)
    if line is not None:
        assert err.line == line
    assert reason in err.reason
    assert str(p) in str(err)


def test_check_reports_every_problem(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "- {name: A, type: person, country: LBY}\n"
                              "- {id: XXX-B, name: B, type: person, country: LBY, sector: NOPE}\n"
                              "- {id: XXX-C, name: C, type: person, country: LBY}\n")
    write(tmp_path, "b.yaml", "- {id: XXX-D, name: D, type: person, country: LBY, "
                              "affiliations: [{actor: XXX-C, from: 2020-02-30}]}\n")
    errs = check(tmp_path)
    assert len(errs) == 3
    assert {(Path(e.file).name, e.line) for e in errs} == {("a.yaml", 1), ("a.yaml", 2), ("b.yaml", 1)}
    assert check() == []  # the built-in data is clean


# -- user directories -------------------------------------------------------------------------

def test_user_dir_adds_actor_and_extends_alias(tmp_path: Path) -> None:
    write(tmp_path, "mine.yaml",
          "- id: LBY-NEWMILITIA\n  name: New Militia\n  ar: كتيبة الاختبار\n  type: armed_group\n"
          "  country: LBY\n  sector: REB\n  affiliations: [{actor: LBY-GNA, role: ally, from: 2019-04}]\n"
          "- id: LBY-HAFTAR\n  aliases: [أبو صدام]\n")
    d2 = ActorDictionary.load([tmp_path])
    assert d2.get("LBY-NEWMILITIA").affiliations[0].start == "2019-04-01"
    haftar = d2.get("LBY-HAFTAR")
    assert "أبو صدام" in haftar.aliases and "حفتر" in haftar.aliases
    assert haftar.name == "Khalifa Haftar"
    m2 = ActorMatcher(d2, places={})
    assert found(m2, "هاجمت كتيبة الاختبار مواقع أبو صدام") == [
        ("كتيبة الاختبار", "LBY-NEWMILITIA", "alias"), ("أبو صدام", "LBY-HAFTAR", "alias")]
    # the default dictionary is untouched
    assert "أبو صدام" not in ActorDictionary.default().get("LBY-HAFTAR").aliases


def test_user_dir_replace(tmp_path: Path) -> None:
    write(tmp_path, "mine.yaml", "- {id: LBY-HAFTAR, replace: true, name: K. Haftar, ar: خليفة حفتر, "
                                 "type: person, country: LBY, sector: MIL}\n")
    e = ActorDictionary.load([tmp_path]).get("LBY-HAFTAR")
    assert e.name == "K. Haftar" and e.aliases == ()


# -- matcher ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("قصفت القوات التركية مواقع", [("القوات التركية", "TUR-MIL", "alias")]),
    ("شن الطيران الروسي غارات", [("الطيران الروسي", "RUS-MIL", "agent+nisba")]),
    ("قالت الحكومة الليبية", [("الحكومة الليبية", "LBY-GOV", "alias")]),
    ("بفضل الدعم المصري لحفتر", [("المصري", "EGY", "action+nisba"), ("حفتر", "LBY-HAFTAR", "alias")]),
    ("وصلت القوات الخاصة الأمريكية", [("القوات الخاصة الأمريكية", "USA-MIL", "agent+nisba")]),
    ("قال وزير الخارجية التركي", [("وزير الخارجية التركي", "TUR-MFA", "agent+nisba")]),
    ("قال مسؤول أمريكي", [("مسؤول أمريكي", "USA-GOV", "agent+nisba")]),
    ("انتهاكات مليشيات طرابلس", [("مليشيات طرابلس", None, "agent+place")]),
    ("تقدمت قوات حفتر", [("قوات حفتر", "LBY-LNA", "alias")]),
    ("قتل ثلاثة من السوريين والأتراك", [("السوريين", "SYR", "nationals"), ("الأتراك", "TUR", "nationals")]),
    ("دخلت المدن الليبية", []),
    ("الأزمة المالية في البنوك", []),
    ("أكدت واشنطن أن", [("واشنطن", "USA", "metonym")]),
    ("وصل الوفد إلى واشنطن", []),
    ("قصفت القاعدة الروسية في حميميم", []),
    ("أعلن تنظيم القاعدة مسؤوليته", [("تنظيم القاعدة", "IMG-AQ", "alias")]),
    # anti-aircraft guns are no air force
    ("قصفوا الأحياء بمدافع الهاون ومضادات الطيران", []),
    # فتح before its object is "opening" (of corridors, of fire), not Fatah
    ("أعلن الجيش عن فتح ممرات آمنة", []),  # (a bare agent noun is no match here)
    ("خلافات بين فتح وحماس", [("فتح", "PSE-FATAH", "alias"), ("حماس", "PSE-HAMAS", "alias")]),
])
def test_matcher_cases(m: ActorMatcher, text: str, expected: list) -> None:
    assert found(m, text) == expected


def test_agent_place_country(m: ActorMatcher) -> None:
    (x,) = m.find_text("انتهاكات مليشيات طرابلس")
    assert (x.country, x.sector, x.entry) == ("LBY", "REB", None)
    assert x.to_actor().country == "LBY"


@pytest.mark.parametrize(("text", "surface", "ident"), [
    ("التقى حفتر والسراج", "السراج", "LBY-SARRAJ"),
    ("رسالة لحفتر", "حفتر", "LBY-HAFTAR"),
    ("نددت بالجيش الليبي", "الجيش الليبي", "LBY-MIL"),
    ("وبحكومة الوفاق", "حكومة الوفاق", "LBY-GNA"),
    ("وللمجلس الرئاسي", "لمجلس الرئاسي", "LBY-PC"),
    ("فداعش يهاجم", "داعش", "IMG-IS"),
])
def test_clitics(m: ActorMatcher, text: str, surface: str, ident: str) -> None:
    hits = [x for x in m.find_text(text) if x.id == ident]
    assert hits and hits[0].text == surface


def test_word_boundaries(m: ActorMatcher) -> None:
    assert found(m, "الحماسة كبيرة") == []  # حماس inside a longer word
    assert found(m, "الحوثيين")[0][1] == "YEM-HOUTHI"
    assert [x[1] for x in found(m, "الجيش الوطني الليبي")] == ["LBY-LNA"]  # longest match


def test_offsets_slice_back(m: ActorMatcher) -> None:
    text = "أعلنَ المشيرُ خليفة حفتر، وقالت الـحكومة الليبيّة إن القوات التركيّة وحكومة الوفاق…"
    n = normalize(text)
    ms = m.find(n)
    assert ms
    for x in ms:
        assert text[x.start:x.end] == x.text
        assert norm(x.text) == n.text[n.text.find(norm(x.text)):][: len(norm(x.text))]
    assert {x.id for x in ms} >= {"LBY-HAFTAR", "TUR-MIL", "LBY-GNA"}


def test_roles_in_matcher(m: ActorMatcher) -> None:
    text = "قال رئيس المجلس الرئاسي إن"
    assert [x.id for x in m.find_text(text, on="2019-08-06")] == ["LBY-SARRAJ"]
    assert [x.id for x in m.find_text(text, on="2023-01-01")] == ["LBY-MENFI"]
    assert [x.id for x in m.find_text(text)] == ["LBY-PC"]


def test_bare_agents_opt_in(d: ActorDictionary) -> None:
    m2 = ActorMatcher(d, places={}, bare_agents=True)
    assert found(m2, "هاجم المسلحين القرية") == [("المسلحين", None, "agent")]
    assert found(m2, "هاجم المسلحون السوريون") == [("المسلحون السوريون", None, "agent+nisba")]


def test_agent_not_before_and_not_after(d: ActorDictionary) -> None:
    m2 = ActorMatcher(d, places={}, bare_agents=True)
    # a means (استخدام القوة), a manner (بالقوة) and an abstraction (الأمن القومي) are no bodies
    assert found(m2, "أدان استخدام القوة ضد المحتجين") == [("المحتجين", None, "agent")]
    assert found(m2, "فرقت الشرطة المحتجين بالقوة") == [
        ("الشرطة", None, "agent"), ("المحتجين", None, "agent")]
    assert found(m2, "يهدد الأمن القومي") == []
    assert found(m2, "وصلت القوة إلى المدينة") == [("القوة", None, "agent")]


def test_match_speed(m: ActorMatcher) -> None:
    text = ("قصفت القوات التركية مواقع لقوات حفتر قرب طرابلس، فيما أكد المجلس الرئاسي لحكومة "
            "الوفاق أن الدعم المصري والإماراتي مستمر. ") * 14  # ~1,500 characters
    n = normalize(text)
    m.find(n)
    t = time.perf_counter()
    for _ in range(50):
        m.find(n)
    per = (time.perf_counter() - t) / 50
    assert per < 0.005  # generous bound for CI; ~0.3 ms measured on a laptop


@pytest.mark.parametrize(("phrase", "iso"), [
    ("21 فلسطينيا", "PSE"), ("البرلمانيين الفرنسيين العشرة", "FRA"), ("مواطنين عراقيين", "IRQ"),
    ("دعما ماليا", None), ("مسؤولين كبار", None),
])
def test_phrase_country(d: ActorDictionary, phrase: str, iso: str | None) -> None:
    """A description the dictionary does not know takes the country its nisba names."""
    assert d.phrase_country(phrase) == iso
