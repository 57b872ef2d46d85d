"""Stage 5, places: gazetteer matching, disambiguation and the packed data."""

from __future__ import annotations

import gzip
import json
import math
import os
import time
from pathlib import Path

import pytest

from rasd.errors import DictionaryError
from rasd.geo import Gazetteer, GeoEntry, distance_km, geocode, infer_country, resolve
from rasd.geo.packed import read_entries, write_entries
from rasd.model import Document, Place
from rasd.text.normalize import normalize

SHARED = Path(os.environ.get("RASD_SHARED", "/work/shared"))
DATA = Path(__file__).resolve().parent.parent / "src" / "rasd" / "data" / "geo"


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Haversine, written out again so the test does not trust the code it checks."""
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b[1] - a[1]) / 2) ** 2)
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def only(text: str, country: str | None = None) -> Place:
    places = geocode(text, country)
    assert len(places) == 1, [(p.text, p.name) for p in places]
    return places[0]


# --------------------------------------------------------------------------- single names
# (text, surface, true lat/lon from Wikipedia, country)
NAMES = [
    ("قصف في طرابلس", "طرابلس", (32.8872, 13.1913), "LBY"),
    ("اشتباكات في مصراتة", "مصراتة", (32.3754, 15.0925), "LBY"),
    ("غارة على الجفرة", "الجفرة", (29.1268, 15.9477), "LBY"),  # Hun, seat of the district
    ("وصلوا إلى بنغازي", "بنغازي", (32.1167, 20.0667), "LBY"),
    ("قصف قاعدة معيتيقة", "قاعدة معيتيقة", (32.8947, 13.2764), "LBY"),
    ("معارك في سرت", "سرت", (31.2089, 16.5887), "LBY"),
    ("قصف حلب", "حلب", (36.2021, 37.1343), "SYR"),
    ("معارك في إدلب", "إدلب", (35.9306, 36.6339), "SYR"),
    ("الحوثيون في صنعاء", "صنعاء", (15.3694, 44.1910), "YEM"),
    ("ميناء في الحديدة", "الحديدة", (14.7978, 42.9545), "YEM"),
    ("تحرير الموصل", "الموصل", (36.3400, 43.1300), "IRQ"),
    ("مظاهرات الخرطوم", "الخرطوم", (15.5007, 32.5599), "SDN"),
    ("قصف غزة", "غزة", (31.5017, 34.4668), "PSE"),
]


@pytest.mark.parametrize(("text", "surface", "true", "country"), NAMES,
                         ids=[n[1] for n in NAMES])
def test_name_resolves_within_50_km(text: str, surface: str, true: tuple[float, float],
                                    country: str) -> None:
    p = only(text)
    assert p.text == surface
    assert p.country == country
    assert p.lat is not None and p.lon is not None
    assert km((p.lat, p.lon), true) <= 50


# --------------------------------------------------------------------------- clitics
CLITICS = [
    ("قصف بطرابلس", "طرابلس", "Tripoli"),
    ("في طرابلس وبنغازي", "بنغازي", "Benghazi"),
    ("وصل لمصراتة", "مصراتة", "Misratah"),
    ("في بغداد والموصل", "الموصل", "Mosul"),
    ("بالموصل", "الموصل", "Mosul"),
    ("وبالموصل", "الموصل", "Mosul"),
    ("فبنغازي", "بنغازي", "Benghazi"),
    ("لقد تغير الوضع. فتركيا لا تملك حلا", "تركيا", "Türkiye"),
    # ل + ال is written لل: the span keeps the article's lam, not the preposition
    ("عاد للموصل", "لموصل", "Mosul"),
    ("عاد للخرطوم", "لخرطوم", "Khartoum"),
]


@pytest.mark.parametrize(("text", "surface", "name"), CLITICS, ids=[c[0] for c in CLITICS])
def test_proclitics_are_outside_the_span(text: str, surface: str, name: str) -> None:
    p = [p for p in geocode(text) if p.name == name]
    assert len(p) == 1
    assert p[0].text == surface
    assert text[p[0].start:p[0].end] == surface


@pytest.mark.parametrize("text", ["طرابلسي", "مصراتيون", "حلبية", "بغداديات", "الطرابلسي"])
def test_names_inside_longer_words_are_not_matched(text: str) -> None:
    assert geocode(text) == []


# --------------------------------------------------------------------------- the two Tripolis
TRIPOLIS = [
    # (text, given country, expected country of طرابلس)
    ("اشتباكات عنيفة في طرابلس بين قوات الوفاق والقوات القادمة من مصراتة", None, "LBY"),
    ("حكومة الوفاق في طرابلس وحفتر في بنغازي", None, "LBY"),
    ("انفجار في طرابلس شمال لبنان", None, "LBN"),
    ("مواجهات في طرابلس وعكار", None, "LBN"),
    ("مواجهات في طرابلس", "LBN", "LBN"),
    ("مواجهات في طرابلس", "LBY", "LBY"),
    ("قال مسؤول في طرابلس الشام", None, "LBN"),
]


@pytest.mark.parametrize(("text", "country", "expected"), TRIPOLIS)
def test_tripoli_follows_the_document_context(text: str, country: str | None,
                                              expected: str) -> None:
    tripoli = [p for p in geocode(text, country) if p.name == "Tripoli"]
    assert len(tripoli) == 1
    assert tripoli[0].country == expected


def test_infer_country() -> None:
    g = Gazetteer.default()
    n = normalize("قصفت طائرات حفتر مصراتة وسرت، وقالت حكومة الوفاق في طرابلس إن ليبيا ...")
    assert infer_country(g.find(n)) == "LBY"
    assert infer_country(g.find(normalize("لا مكان هنا"))) is None


# --------------------------------------------------------------------------- common words
COMMON_WORDS = [
    "سقط الشهداء في الحرب",  # الشهداء: a town in Egypt and a village in Palestine
    "عملية السلام والحرية",  # الحرية: Liberdade
    "حقق النصر",  # النصر: a village in Gaza
    "أعلنت الحكومة اليوم",  # الحكومة, اليوم: villages in Yemen and Cameroon
    "وزارة الداخلية",  # الداخلية: Oman's Ad Dakhiliyah governorate
    "الدول الخمس",
    "قال الرئيس بشار الأسد",  # بشار: Béchar
    "ولاية ثانية",  # ثانية: Secunda
    # ف on a name opens a clause; mid-phrase, a word beginning with ف is its own word
    "وقالت فرانس برس إن الشرطة اعتقلت الشاب",  # رانس: Reims
    "وقد اعترف مايكل فلين بالكذب",  # لين: Lynn
    'وتتهم الحركة ببث "فبركات" تتعلق به',  # بركات: Al Barakat
]


def test_a_cue_word_before_a_name_is_not_the_place_it_also_names(nlp) -> None:
    # مدينة is also Medina's name; before another name it introduces that name
    doc = nlp("واقتحم مئات العراقيين مطار مدينة النجف.")
    assert [p.name for p in doc.places] == ["Najaf"], doc.places


def test_an_adjective_after_a_locality_cue_is_no_locality(nlp) -> None:
    doc = nlp("وأعلنت بغداد انتهاء الحرب عقب استعادة آخر مدينة مأهولة كان يحتلها التنظيم في الأنبار.")
    assert not [p for p in doc.places if "مأهولة" in p.text], doc.places


@pytest.mark.parametrize("text", COMMON_WORDS)
def test_common_words_that_are_also_place_names_are_not_places(text: str) -> None:
    assert geocode(text) == []


def test_a_place_cue_rescues_a_stoplisted_name() -> None:
    p = only("قصف قرية النصر")
    assert p.text == "النصر"
    assert p.country == "PSE"


# --------------------------------------------------------------------------- facilities
FACILITIES = [
    ("قصف قاعدة الجفرة", "قاعدة الجفرة", (29.1981, 15.9956)),
    ("قصف قاعدة الجفرة الجوية", "قاعدة الجفرة الجوية", (29.1981, 15.9956)),
    ("قصف قاعدة مصراتة", "قاعدة مصراتة", (32.3250, 15.0610)),
    ("استهداف مطار معيتيقة الدولي", "مطار معيتيقة الدولي", (32.8947, 13.2764)),
    ("غارة على قاعدة الوطية", "قاعدة الوطية", (32.4744, 11.8994)),
    ("قاعدة حميميم الروسية", "قاعدة حميميم", (35.4011, 35.9487)),
    ("قاعدة عين الأسد", "قاعدة عين الأسد", (33.7856, 42.4412)),
    # not in the gazetteer: cue + place gives the place's point at facility precision
    ("قصف مطار سرت", "مطار سرت", (31.2089, 16.5887)),
    ("سفن في ميناء طرابلس", "ميناء طرابلس", (32.8872, 13.1913)),
    ("قصف بمطار زليتن", "مطار زليتن", (32.4674, 14.5687)),
]


@pytest.mark.parametrize(("text", "surface", "true"), FACILITIES, ids=[f[1] for f in FACILITIES])
def test_facilities(text: str, surface: str, true: tuple[float, float]) -> None:
    p = only(text)
    assert p.text == surface
    assert p.precision == "facility"
    assert p.lat is not None and p.lon is not None
    assert km((p.lat, p.lon), true) <= 50


def test_synthesised_facility_is_named_after_its_place() -> None:
    assert only("مطار سرت").name == "Sirte airport"
    assert only("ميناء طرابلس").name == "Tripoli port"


# --------------------------------------------------------------------------- precision & regions
PRECISION = [
    ("العدوان على اليمن", "Yemen", "country"),
    ("الحرب في سوريا", "Syria", "country"),
    ("مستوطنات الضفة الغربية", "West Bank", "admin1"),
    ("الحصار على قطاع غزة", "Gaza Strip", "admin1"),
    ("شبه جزيرة سيناء", "Sinai Peninsula", "admin1"),
    ("إقليم كردستان العراق", "Kurdistan Region", "admin1"),
    ("في البحر المتوسط", "Mediterranean Sea", "admin1"),
    ("الشرق في برقة", "Cyrenaica", "admin1"),
    ("مدن فزان", "Fezzan", "admin1"),
    ("محافظة حمص", "Homs", "admin1"),  # the cue picks the governorate ...
    ("مدينة حمص", "Homs", "city"),  # ... and without it the city
    ("حمص", "Homs", "city"),
    ("رام الله", "Ramallah", "city"),
]


@pytest.mark.parametrize(("text", "name", "precision"), PRECISION, ids=[p[0] for p in PRECISION])
def test_precision(text: str, name: str, precision: str) -> None:
    p = only(text)
    assert (p.name, p.precision) == (name, precision)


def test_longest_match_wins() -> None:
    assert only("دخلوا رام الله").text == "رام الله"
    assert only("قاعدة العند الجوية").name == "Al Anad Air Base"
    assert only("مطار طرابلس الدولي").name == "Tripoli International Airport"


# --------------------------------------------------------------------------- offsets
OFFSET_TEXTS = [
    "قَصَفَتْ الطائراتُ طَرَابُلُس وَمِصْرَاتَة",  # diacritics inside and around names
    "قصـف بـنـغـازي",  # tatweel
    "«طرابلس» و(سرت)، ثم ‹الجفرة›؛ وإدلب؟",  # punctuation glued to names
    "\u200fبطرابلس\u200f وللموصل",  # bidi marks
    "ﺑﻨﻐﺎﺯﻱ",  # presentation forms expand in normalisation
    "قاعدة الجفرة الجوية ومطار سرت وميناء الحديدة",
]


@pytest.mark.parametrize("text", OFFSET_TEXTS)
def test_offsets_slice_back_to_the_surface(text: str) -> None:
    places = geocode(text)
    assert places
    for p in places:
        assert text[p.start:p.end] == p.text
        assert p.text.strip() == p.text


def test_candidates_list_every_reading() -> None:
    cands = Gazetteer.default().find(normalize("طرابلس"))
    assert len(cands) == 1
    countries = {e.country for e in cands[0].entries}
    assert {"LBY", "LBN"} <= countries


def test_place_fields() -> None:
    p = only("قصف مصراتة")
    assert p.id and p.id.startswith("LBY:")
    assert p.to_json()["precision"] == "city"


# --------------------------------------------------------------------------- loading and data
def test_default_is_loaded_once() -> None:
    assert Gazetteer.default() is Gazetteer.default()


def test_packed_data_is_small() -> None:
    size = sum(f.stat().st_size for f in DATA.iterdir() if f.is_file())
    assert size <= 5_000_000


def test_load_time() -> None:
    """Issue 5 asks for < 0.5 s. CPU time is measured, best of three: on a shared machine
    the wall clock mostly measures the other processes (0.21-0.24 s CPU measured, the same
    in wall time on an idle core)."""
    Gazetteer.load()  # warm the file cache
    best = math.inf
    for _ in range(3):
        t = time.process_time()
        Gazetteer.load()
        best = min(best, time.process_time() - t)
    assert best < 0.5


def test_packed_roundtrip(tmp_path: Path) -> None:
    e = GeoEntry("XXX:a:city", "city", "LBY", 32.1, 13.2, 1000, "A", ("أ", "ب"), "extra")
    write_entries(tmp_path / "places.tsv.gz", [e])
    assert list(read_entries(tmp_path / "places.tsv.gz")) == [e]


def test_malformed_packed_file_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "places.tsv.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write("#rasd-gazetteer\t1\nheader\nLBY:x:city\tcity\tLBY\tnot-a-number\n")
    with pytest.raises(DictionaryError) as exc:
        list(read_entries(path))
    assert str(path) in str(exc.value) and ":3:" in str(exc.value)


def test_wrong_version_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "places.tsv.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write("#rasd-gazetteer\t99\n")
    with pytest.raises(DictionaryError, match="rebuild"):
        list(read_entries(path))


def test_distance() -> None:
    a = GeoEntry("a", "city", "LBY", 32.8872, 13.1913, None, "Tripoli", ("طرابلس",))
    b = GeoEntry("b", "city", "LBY", 32.3754, 15.0925, None, "Misrata", ("مصراتة",))
    assert 180 < distance_km(a, b) < 195


def test_resolve_of_nothing() -> None:
    assert resolve([]) == []


# --------------------------------------------------------------------------- relative places
# (text, document country, surface, precision, true lat/lon or None, max km, country)
RELATIVE = [
    # a direction of a town: an area, placed at the town
    ("قصف على مواقع في جنوب دمشق", None, "جنوب دمشق", "admin1", (33.5138, 36.2765), 30, "SYR"),
    ("غارات على ريف حلب الشمالي", None, "ريف حلب الشمالي", "admin1", (36.2021, 37.1343), 40,
     "SYR"),
    ("اشتباكات في محيط سرت", None, "محيط سرت", "admin1", (31.2089, 16.5887), 30, "LBY"),
    ("دوي انفجار في وسط قسنطينة", None, "وسط قسنطينة", "admin1", (36.3650, 6.6147), 30, "DZA"),
    # a direction of a country: that part of it
    ("اشتباكات في شرق ليبيا", None, "شرق ليبيا", "admin1", (31.0, 21.0), 350, "LBY"),
    ("معارك في غرب ليبيا", None, "غرب ليبيا", "admin1", (32.0, 12.5), 350, "LBY"),
    ("انفجار في شمال العراق", None, "شمال العراق", "admin1", (36.3, 43.5), 300, "IRQ"),
    ("غارات في جنوب اليمن", None, "جنوب اليمن", "admin1", (13.0, 45.5), 300, "YEM"),
    ("قتال في شمال شرق سوريا", None, "شمال شرق سوريا", "admin1", (36.5, 40.0), 300, "SYR"),
    # الجزائر with a direction is the country, not its capital
    ("هجمات في شرق الجزائر", None, "شرق الجزائر", "admin1", (36.0, 6.5), 400, "DZA"),
    # "the country" is the article's country
    ("قتال مع متمردين في شرق البلاد", "UKR", "شرق البلاد", "admin1", (48.5, 37.5), 400, "UKR"),
    ("مواجهات في جنوب البلاد", "LBY", "جنوب البلاد", "admin1", (27.0, 15.0), 450, "LBY"),
    ("مواجهات في جنوب البلاد", None, None, None, None, 0, None),  # no country, no region
]


@pytest.mark.parametrize(("text", "country", "surface", "precision", "true", "max_km", "iso"),
                         RELATIVE, ids=[f"{r[0]}|{r[1]}" for r in RELATIVE])
def test_relative_places(text: str, country: str | None, surface: str | None,
                         precision: str | None, true: tuple[float, float] | None, max_km: float,
                         iso: str | None) -> None:
    places = geocode(text, country)
    if surface is None:
        assert places == []
        return
    assert len(places) == 1, [(p.text, p.name) for p in places]
    p = places[0]
    assert (p.text, p.precision, p.country) == (surface, precision, iso)
    assert text[p.start:p.end] == surface
    assert true is not None and p.lat is not None and p.lon is not None
    assert km((p.lat, p.lon), true) <= max_km


# A direction phrase right after a place only locates it: the place is what events take.
LOCATED = [
    ("في مدينة قسنطينة بشرق الجزائر", "قسنطينة", (36.3650, 6.6147)),
    ("أعدموا بمحافظة نينوى بشمال العراق", "نينوى", (36.3, 42.7)),
    ("في غزنة شرق أفغانستان", "غزنة", (33.5536, 68.4269)),
    ("استهدف مدينة نجران جنوب غربي السعودية", "نجران", (17.4917, 44.1322)),
    ("في محافظة مأرب، شرق البلاد", "مأرب", (15.4620, 45.3260)),
]


@pytest.mark.parametrize(("text", "surface", "true"), LOCATED, ids=[x[1] for x in LOCATED])
def test_a_direction_after_a_place_locates_it(text: str, surface: str,
                                              true: tuple[float, float]) -> None:
    places = geocode(text)
    assert [p.text for p in places] == [surface]
    assert km((places[0].lat, places[0].lon), true) <= 100  # type: ignore[arg-type]


def test_a_locality_and_a_direction_area_in_one_clause() -> None:
    """The named camp stays more specific than the area it lies in."""
    places = geocode("قصف في جنوب دمشق وتحديداً في مخيم اليرموك")
    assert [(p.text, p.precision) for p in places] == [("جنوب دمشق", "admin1"),
                                                       ("مخيم اليرموك", "city")]


# "X بمدينة Y": X lies in Y, so a reading of X in another country is wrong.
CONTAINED = [
    # (text, surface, country, precision, near, max km): placed at the container's point
    ("وقصف أهدافا في همدان بمدينة الحزم عاصمة الجوف", "همدان", "YEM", "city",
     (16.1642, 44.7769), 30),
    # a province's point: the place is known to the province only
    ("قصفت مناطق في بلدة بيت جن بريف دمشق الغربي", "بيت جن", "SYR", "admin1",
     (33.5138, 36.2765), 161),
]


@pytest.mark.parametrize(("text", "surface", "iso", "precision", "near", "max_km"), CONTAINED,
                         ids=[c[1] for c in CONTAINED])
def test_contained_place_is_read_inside_its_container(text: str, surface: str, iso: str,
                                                      precision: str,
                                                      near: tuple[float, float],
                                                      max_km: float) -> None:
    p = next(p for p in geocode(text) if p.text == surface)
    assert (p.country, p.precision) == (iso, precision)
    assert km((p.lat, p.lon), near) <= max_km  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["مشروع طهران في العراق", "علاقة الخرطوم بالجزائر"])
def test_a_capital_standing_for_its_government_is_not_moved(text: str) -> None:
    places = geocode(text)
    assert [p.country for p in places] == [{"مشروع طهران في العراق": "IRN",
                                            "علاقة الخرطوم بالجزائر": "SDN"}[text],
                                           places[1].country]
    assert places[0].id is not None


# --------------------------------------------------------------------------- organisation names
ORGANISATIONS = [
    ("نقلت وكالة الأناضول التركية", []),
    ("قالت قناة الجزيرة إن", []),
    ("حسب صحيفة الشرق الأوسط", []),
    ("معاقل عناصر «بيت المقدس» جنوب رفح", ["جنوب رفح"]),
    ("أعلن جيش الإسلام", []),
    ("هاجم طلاب جامعة دمشق", ["دمشق"]),  # a university is where it is
]


@pytest.mark.parametrize(("text", "surfaces"), ORGANISATIONS, ids=[o[0] for o in ORGANISATIONS])
def test_a_name_inside_an_organisation_name_is_not_a_place(text: str,
                                                           surfaces: list[str]) -> None:
    assert [p.text for p in geocode(text)] == surfaces


# --------------------------------------------------------------------------- stoplisted countries
COUNTRY_WORDS = [
    ("أنهت قوات الجيش في مالي أزمة", "Mali"),
    ("قتال في شمال مالي", "Northern Mali"),
    ("قدمت دعما مالي للحكومة", None),
    ("الوضع المالي صعب", None),
]


@pytest.mark.parametrize(("text", "name"), COUNTRY_WORDS, ids=[c[0] for c in COUNTRY_WORDS])
def test_a_country_that_is_also_a_word_after_a_preposition(text: str, name: str | None) -> None:
    assert [p.name for p in geocode(text)] == ([name] if name else [])


# --------------------------------------------------------------------------- curated additions
CURATED = [
    ("تعزيزات من ولاية زابل", "AFG", "Zabul", (32.11, 66.91)),
    ("اشتباكات في ولاية هلمند", None, "Helmand", (31.58, 64.36)),
    ("قال المتحدث باسم إقليم ننجرهار", None, "Nangarhar", (34.43, 70.45)),
    ("توقيف سيارات بمنطقة الجغبوب", None, "Al Jaghbub", (29.7426, 24.5167)),
    ("مسلحون هاجموا ثكنة في بلدة سيفاري", "MLI", "Sévaré", (14.5300, -4.1000)),
]


@pytest.mark.parametrize(("text", "country", "name", "true"), CURATED, ids=[c[2] for c in CURATED])
def test_curated_places(text: str, country: str | None, name: str,
                        true: tuple[float, float]) -> None:
    p = only(text, country)
    assert p.name == name
    assert km((p.lat, p.lon), true) <= 30  # type: ignore[arg-type]


# --------------------------------------------------------------------------- unknown localities
LOCALITIES = [
    # (article, localities the stage must add (text), texts it must not add)
    ("قصف مدفعي على قرية البحصة في ريف جسر الشغور. ثم سيطر على تل حمكي قرب جسر الشغور.",
     ["قرية البحصة", "تل حمكي"], []),
    ("سيطر الجيش على حي القدم جنوب دمشق. ونقلت سانا أن السيطرة على المنطقة جاءت بعد "
     + "اشتباكات. وأحرز الجيش تقدماً في الحي على محاور عدة.",
     ["حي القدم"], ["المنطقة جاءت", "الحي على"]),
    ("اشتباكات في منطقة عسكرية قرب حلب.", [], ["منطقة عسكرية"]),
]


@pytest.mark.parametrize(("text", "added", "not_added"), LOCALITIES,
                         ids=[str(i) for i in range(len(LOCALITIES))])
def test_unknown_localities(text: str, added: list[str], not_added: list[str]) -> None:
    from rasd.geo.stage import GeoStage
    from rasd.text.stage import TextStage
    doc = GeoStage()(TextStage()(Document(text=text)))
    found = {p.text for p in doc.places if p.id is None}
    assert set(added) <= found
    assert not (set(not_added) & found)
    for p in doc.places:
        assert text[p.start:p.end] == p.text


# --------------------------------------------------------------------------- invariants
try:
    from hypothesis import given, settings
    from hypothesis import strategies as st
except ImportError:  # hypothesis is a test extra; the table tests above still run
    given = None

if given is not None:
    # Letters, marks and punctuation, plus whole names and cue words so that matches happen.
    _PIECES = list("ابتثجحخدذرسشصضطظعغفقكلمنهويءآأإىةـًٌٍَُِّْ ،.«»\n\u200f") + [
        "طرابلس", "ال", "بن", "قاعدة ", "مطار ", "لل", "الجفرة", "غازي", "قرية "]
    _ARABIC = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)

    @settings(max_examples=300, deadline=None)
    @given(_ARABIC)
    def test_nothing_raises_and_offsets_hold(text: str) -> None:
        for p in geocode(text):
            assert text[p.start:p.end] == p.text
            assert 0 <= p.start < p.end <= len(text)


# --------------------------------------------------------------------------- shared data
@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "gold" / "dev.jsonl").exists(), reason="no shared gold")
def test_dev_gold_locations() -> None:
    """Gold events with a location: a place in the evidence hits the gold text within 161 km."""
    n = ok = 0
    g = Gazetteer.default()
    for line in (SHARED / "gold" / "dev.jsonl").read_text(encoding="utf-8").splitlines():
        art = json.loads(line)
        text = art["text"]
        places = resolve(g.find(normalize(text)))
        for ev in art["events"]:
            loc = ev.get("location")
            if not loc:
                continue
            n += 1
            occ = [(i, i + len(loc["text"])) for i in range(len(text))
                   if text.startswith(loc["text"], i)]
            s, t = ev["evidence_at"], ev["evidence_at"] + len(ev["evidence"])
            for p in places:
                if not (p.start < t and s < p.end):
                    continue
                if not any(p.start < b and a < p.end for a, b in occ):
                    continue
                if loc.get("lat") is not None and (p.lat is None or km(
                        (p.lat, p.lon), (loc["lat"], loc["lon"])) > 161):  # type: ignore[arg-type]
                    continue
                ok += 1
                break
    assert n > 100
    assert ok / n >= 0.5  # 0.54 when written; most misses name the place outside the evidence


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "data" / "news" / "articles.jsonl").exists(),
                    reason="no shared news corpus")
def test_speed_on_news() -> None:
    g = Gazetteer.default()
    with open(SHARED / "data" / "news" / "articles.jsonl", encoding="utf-8") as f:
        texts = [json.loads(next(f))["text"] for _ in range(500)]
    docs = [normalize(t) for t in texts]
    t = time.perf_counter()
    for n in docs:
        resolve(g.find(n))
    assert (time.perf_counter() - t) / len(docs) < 0.002  # 0.4 ms measured


def test_words_that_point_back_or_name_a_group_are_no_localities() -> None:
    from rasd.geo.stage import _names_an_actor, _points_back
    from rasd.text.normalize import norm
    assert _points_back(norm("محيطها")) and _points_back(norm("وأطرافه"))
    assert not _points_back(norm("بنها"))  # a town (Banha), not "its inside"
    assert _names_an_actor(norm("داعش")) and not _names_an_actor(norm("ليبيا"))


# --------------------------------------------------------------------------- nisba phrases
# (text, surface, gazetteer id, true lat/lon): a head noun and a nationality adjective
NISBA = [
    ("انفجار في العاصمة السورية أمس", "العاصمة السورية", "SYR:damascus:city", (33.51, 36.29)),
    ("وصل الوفد إلى العاصمة التركية", "العاصمة التركية", "TUR:ankara:city", (39.93, 32.86)),
    ("اشتباكات بالعاصمة الليبية", "العاصمة الليبية", "LBY:tripoli:city~2", (32.89, 13.19)),
    ("سقطت قذيفة على الأراضي السورية", "الأراضي السورية", "SYR:syria:country", None),
    ("داخل الأجواء الأميركية", "الأجواء الأميركية", "USA:united-states:country", None),
    ("في المياه الإقليمية الليبية", "المياه الإقليمية الليبية", "LBY:libya:country", None),
    # after لـ the article's alef is dropped (للأراضي = لـ + الأراضي); the span keeps its lam
    ("عاد المقاتلون للأراضي السورية", "لأراضي السورية", "SYR:syria:country", None),
]


@pytest.mark.parametrize(("text", "surface", "ident", "true"), NISBA, ids=[n[1] for n in NISBA])
def test_a_nisba_phrase_names_a_capital_or_a_country(text: str, surface: str, ident: str,
                                                      true: tuple[float, float] | None) -> None:
    p = only(text)
    assert (p.text, p.id) == (surface, ident)
    assert text[p.start:p.end] == surface
    if true is not None:
        assert km((p.lat, p.lon), true) < 30


@pytest.mark.parametrize("text", [
    "انتشرت القوات على الحدود السورية",   # a border may be either side's
    "زار العاصمة الإقليمية",               # not a nationality
    "العاصمة الإسرائيلية",                 # contested: left unresolved
])
def test_no_place_from_a_border_or_a_non_nisba(text: str) -> None:
    assert geocode(text) == []


def test_capitals_file_is_read_with_errors_naming_the_line(tmp_path: Path) -> None:
    from rasd.geo.packed import read_capitals
    assert dict(read_capitals(DATA / "capitals.tsv"))["EGY"] == "EGY:cairo:city"
    bad = tmp_path / "capitals.tsv"
    bad.write_text("iso3\tid\tname_en\nSYR\tSYR:damascus:city\n", encoding="utf-8")
    with pytest.raises(DictionaryError) as err:
        list(read_capitals(bad))
    assert "capitals.tsv" in str(err.value) and "2" in str(err.value)


@pytest.mark.parametrize("text", [
    "اشتباكات مع متمردين موالين لروسيا",
    "حوادث إطلاق نار من قبل قوات تدعمها إيران",
    "الفصائل المدعومة من تركيا",
])
def test_a_backer_is_no_place(text: str) -> None:
    """The state a force is loyal to or backed by is not where the news happens."""
    assert geocode(text) == []


def test_an_unknown_name_after_the_capital_is_the_countrys_capital(nlp) -> None:
    doc = nlp("هاجم مسلحون ثكنة للجيش في بلدة سيفاري في مالي قرب العاصمة بماكو.")
    bamako = next(p for p in doc.places if p.text == "بماكو")
    assert bamako.id is not None and bamako.id.startswith("MLI:")
    assert abs(bamako.lat - 12.65) < 0.5 and abs(bamako.lon + 8.0) < 0.5


def test_a_locality_keeps_no_conjunction_and_no_known_name(nlp) -> None:
    # the tagger's LOC may carry و; a name geo knows and left unread is no locality
    doc = nlp("وقصفت الطائرات مواقع في منطقة القاعدة والحوبان بمدينة تعز.")
    assert not any(p.text.startswith("و") for p in doc.places), [p.text for p in doc.places]


def test_a_name_that_begins_with_waw_keeps_it(nlp) -> None:
    doc = nlp("وصل الوفد إلى العاصمة واغادوجو مساء الأحد.")
    assert not any(p.text == "اغادوجو" for p in doc.places), [p.text for p in doc.places]


def test_a_list_after_a_locality_word_names_no_place(nlp) -> None:
    # من ناحية … ومن ناحية أخرى "on the one hand": ناحية is also a district's title, but
    # و + a definite noun after it joins a list
    from rasd.geo.stage import _is_name
    assert not _is_name("والعقوبات")
    assert _is_name("القحطانية") and _is_name("وانة")
    doc = nlp("قصفت الطائرات قرية الجفينة وناحية القحطانية.")
    assert any("القحطانية" in p.text for p in doc.places), [p.text for p in doc.places]


@pytest.mark.parametrize("text, word", [
    ("وأدى القتال إلى فرار الملايين من قراهم في جنوب السودان.", "وأدى"),  # "led", not وادي
    ("وخاضت إسرائيل وحماس ثلاث حروب منذ 2008 في قطاع غزة.", "حماس"),  # a group with و
    ("وسئل عن دعم المعارضة في الولايات المتحدة وأوروبا خلال زيارته للرياض.", "أوروبا"),
])
def test_words_that_look_like_localities_are_not_places(nlp, text, word) -> None:
    doc = nlp(text)
    assert not any(word in p.text for p in doc.places), [(p.text, p.name) for p in doc.places]
