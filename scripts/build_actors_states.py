"""Generate src/rasd/data/actors/states.yaml and state_organs.yaml from the gazetteer.

Every country of `countries.tsv` becomes a state actor (id = ISO3) with its Arabic names
(the curated name, the CLDR/ISO variants that `places.tsv` lists as `country` rows, and the
hand-written variants below) and its nisba adjective (hand-written for the countries the
gazetteer leaves without one). Every sovereign state also gets three generated organs:
ISO3-GOV (government), ISO3-MIL (armed forces) and ISO3-MFA (foreign ministry).

    .venv/bin/python scripts/build_actors_states.py [--shared /work/shared]

The output is data: review the diff, then commit it. Re-running overwrites both files.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "rasd" / "data" / "actors"

# Territories that are not sovereign states: state entry only, no generated organs.
TERRITORIES = set("""ABW AIA ALA ASM ATA ATF BES BLM BMU BVT CCK COK CUW CXR CYM ESH FLK FRO GGY GIB
GLP GRL GUF GUM HKG HMD IMN IOT JEY MAC MAF MNP MSR MTQ MYT NCL NFK NIU PCN PRI PYF REU SGS SHN
SJM SPM SXM TCA TKL UMI VGB VIR WLF""".split())

# Masculine nisba for countries the gazetteer leaves without one (hand-written).
EXTRA_ADJ = {
    "AND": "أندوري", "BEN": "بنيني", "BHS": "باهامي", "BLZ": "بليزي", "BOL": "بوليفي",
    "BRB": "بربادوسي", "BRN": "بروناوي", "BTN": "بوتاني", "BWA": "بوتسواني", "CRI": "كوستاريكي",
    "DOM": "دومينيكاني", "ECU": "إكوادوري", "FJI": "فيجي", "GAB": "غابوني", "GMB": "غامبي",
    "GTM": "غواتيمالي", "GUY": "غياني", "HND": "هندوراسي", "HTI": "هايتي", "JAM": "جامايكي",
    "KHM": "كمبودي", "LAO": "لاوسي", "LIE": "ليختنشتايني", "MCO": "موناكي", "MDG": "مدغشقري",
    "MDV": "مالديفي", "MNG": "منغولي", "MUS": "موريشيوسي", "MWI": "ملاوي", "NAM": "ناميبي",
    "NIC": "نيكاراغوي", "PAN": "بنمي", "SGP": "سنغافوري", "SLE": "سيراليوني", "SLV": "سلفادوري",
    "SUR": "سورينامي", "SYC": "سيشيلي", "TGO": "توغولي", "TLS": "تيموري", "TWN": "تايواني",
    "VAT": "فاتيكاني", "ZMB": "زامبي", "URY": "أوروغوايي", "PRY": "باراغوايي", "CPV": "رأس أخضري",
    "GNQ": "غيني استوائي", "SWZ": "سوازيلاندي", "LSO": "ليسوتي", "TTO": "ترينيدادي",
    "PNG": "بابوي", "GRL": "غرينلاندي", "HKG": "هونغ كونغي", "PRI": "بورتوريكي",
}

# Extra Arabic names, nisba variants and broken plurals, and capital-city metonyms
# (واشنطن for the US government) for the states most often in the news.
EXTRA: dict[str, dict[str, list[str]]] = {
    "USA": {"names": ["الولايات المتحدة الأمريكية", "الولايات المتحدة الأميركية", "أمريكا", "أميركا"],
            "nisba": ["أميركي", "الأمريكان", "الأميركان"], "metonyms": ["واشنطن", "البيت الأبيض"]},
    "GBR": {"names": ["المملكة المتحدة", "بريطانيا العظمى", "إنجلترا", "إنكلترا"],
            "nisba": ["إنجليزي", "إنكليزي", "الإنجليز", "الإنكليز"], "metonyms": ["لندن"]},
    "RUS": {"names": ["روسيا الاتحادية", "الاتحاد الروسي"], "nisba": ["الروس"], "metonyms": ["موسكو", "الكرملين"]},
    "TUR": {"names": ["الجمهورية التركية"], "nisba": ["الأتراك"], "metonyms": ["أنقرة"]},
    "IRN": {"names": ["الجمهورية الإسلامية الإيرانية", "الجمهورية الإسلامية في إيران"], "metonyms": ["طهران"]},
    "FRA": {"names": ["الجمهورية الفرنسية"], "metonyms": ["باريس", "الإليزيه"]},
    "DEU": {"nisba": ["الألمان"], "metonyms": ["برلين"]},
    "ITA": {"nisba": ["الطليان"], "metonyms": ["روما"]},
    "ESP": {"nisba": ["الإسبان"], "metonyms": ["مدريد"]},
    "CHN": {"names": ["جمهورية الصين الشعبية"], "metonyms": ["بكين"]},
    "EGY": {"names": ["جمهورية مصر العربية", "مصر العربية"], "metonyms": ["القاهرة"]},
    "SAU": {"names": ["المملكة العربية السعودية", "السعودية", "المملكة السعودية"], "metonyms": ["الرياض"]},
    "ARE": {"names": ["الإمارات العربية المتحدة", "دولة الإمارات", "الإمارات", "الإمارات العربية"], "nisba": ["امراتي"],
            "metonyms": ["أبوظبي", "أبو ظبي"]},
    "QAT": {"names": ["دولة قطر"], "metonyms": ["الدوحة"]},
    "KWT": {"names": ["دولة الكويت"]},
    "BHR": {"names": ["مملكة البحرين"], "metonyms": ["المنامة"]},
    "OMN": {"names": ["سلطنة عمان"], "metonyms": ["مسقط"]},
    "JOR": {"names": ["المملكة الأردنية الهاشمية", "المملكة الأردنية"]},
    "SYR": {"names": ["سورية", "الجمهورية العربية السورية"], "metonyms": ["دمشق"]},
    "IRQ": {"names": ["جمهورية العراق"], "metonyms": ["بغداد"]},
    "LBN": {"names": ["الجمهورية اللبنانية"], "metonyms": ["بيروت"]},
    "LBY": {"names": ["دولة ليبيا"]},
    "TUN": {"names": ["الجمهورية التونسية"]},
    "DZA": {"names": ["الجمهورية الجزائرية"]},
    "MAR": {"names": ["المملكة المغربية"], "metonyms": ["الرباط"]},
    "SDN": {"names": ["جمهورية السودان"]},
    "YEM": {"names": ["الجمهورية اليمنية"]},
    "ISR": {"names": ["دولة إسرائيل"], "nisba": ["اسرائيلي"], "metonyms": ["تل أبيب"]},
    "PSE": {"names": ["دولة فلسطين", "الأراضي الفلسطينية"]},
    "AFG": {"nisba": ["الأفغان"], "metonyms": ["كابول"]},
    "IND": {"nisba": ["الهنود"], "metonyms": ["نيودلهي"]},
    "ARM": {"nisba": ["الأرمن"]},
    "PRK": {"names": ["كوريا الديمقراطية"], "metonyms": ["بيونغ يانغ", "بيونغيانغ"]},
    "KOR": {"metonyms": ["سول", "سيول"]},
    "JPN": {"metonyms": ["طوكيو"]},
    "PAK": {"metonyms": ["إسلام آباد"]},
    "UKR": {"metonyms": ["كييف"]},
    "NLD": {"names": ["هولندة"]},
    "DNK": {"names": ["الدنمارك"]},
    "HUN": {"names": ["المجر"]},
    "BLR": {"names": ["روسيا البيضاء"]},
    "MRT": {"names": ["الجمهورية الإسلامية الموريتانية"]},
    "SOM": {"names": ["جمهورية الصومال"]},
    "TCD": {"names": ["جمهورية تشاد"], "nisba": ["تشادي"]},
    "COD": {"names": ["الكونغو الديموقراطية", "جمهورية الكونغو الديمقراطية"]},
    "CAF": {"names": ["أفريقيا الوسطى", "إفريقيا الوسطى"]},
    "MLI": {"names": ["جمهورية مالي"]},
    "NER": {"names": ["جمهورية النيجر"]},
    "BFA": {"names": ["بوركينا"]},
    "ETH": {"names": ["أثيوبيا"], "nisba": ["أثيوبي"]},
    "ERI": {"names": ["أريتريا", "ارتيريا"], "nisba": ["أريتري"]},
    "VAT": {"names": ["الكرسي الرسولي"]},
    "MKD": {"names": ["مقدونيا"]},
    "CZE": {"names": ["جمهورية التشيك"]},
    "ZAF": {"names": ["جنوب إفريقيا"], "nisba": ["جنوب إفريقي"]},
}
# Adjectives that are also common words: only the given forms are used as nisba (مالي is
# also "financial": المالية never names Mali).
EXACT_NISBA = {"MLI": ["ماليين", "ماليون"]}
# Extra aliases of generated organs (how the press names them), and generated aliases to drop
# (القوات اللبنانية is the Lebanese Forces party, not the army).
ORGAN_ALIASES = {
    "SYR-MIL": ["قوات النظام", "قوات النظام السوري", "جيش النظام", "جيش النظام السوري", "قوات الأسد",
                "الجيش العربي السوري", "قوات الجيش السوري", "القوات الحكومية السورية", "القوات النظامية"],
    "SYR-GOV": ["النظام السوري", "نظام الأسد", "حكومة دمشق", "نظام بشار الأسد"],
    "ISR-MIL": ["جيش الاحتلال", "قوات الاحتلال", "جيش الاحتلال الإسرائيلي", "قوات الاحتلال الإسرائيلي",
                "جيش الدفاع الإسرائيلي", "الجيش الإسرائيلي"],
    "ISR-GOV": ["سلطات الاحتلال", "حكومة الاحتلال", "سلطات الاحتلال الإسرائيلي", "الحكومة الإسرائيلية"],
    "YEM-GOV": ["الحكومة الشرعية", "الحكومة اليمنية الشرعية", "حكومة الشرعية"],
    "YEM-MIL": ["قوات الشرعية", "الجيش الوطني اليمني", "قوات الجيش الوطني اليمني", "الجيش اليمني"],
    "IRQ-MIL": ["القوات الأمنية العراقية", "قوات الأمن العراقية"],
    "USA-MIL": ["الجيش الأميركي", "القوات الأميركية", "وزارة الدفاع الأمريكية", "وزارة الدفاع الأميركية",
                "البنتاغون", "البنتاجون"],
    "USA-MFA": ["الخارجية الأميركية", "وزارة الخارجية الأميركية"],
    "USA-GOV": ["الإدارة الأمريكية", "الإدارة الأميركية", "الحكومة الأميركية"],
    "RUS-MIL": ["وزارة الدفاع الروسية"],
    "TUR-MIL": ["وزارة الدفاع التركية"],
    "EGY-MIL": ["القوات المسلحة المصرية"],
}
DROP_ORGAN_ALIASES = {"LBN-MIL": {"القوات اللبنانية"}}
# Names that are also common words or other places: dropped (عمان is also Amman).
DROP_NAMES = {"OMN": {"عمان"}}
# Preferred Arabic name when the gazetteer's is ambiguous.
MAIN_NAME = {"OMN": "سلطنة عمان"}


def clean_name(s: str) -> str:
    s = re.sub(r"\s*\([^)]*\)", "", s).strip()
    s = re.sub(r"\s+-\s+", " - ", s)
    return " ".join(s.split())


def definite(word_phrase: str) -> str:
    words = word_phrase.split()
    if len(words) > 1 and words[0] in ("جنوب", "شمال"):
        return "ال" + word_phrase
    return " ".join(w if w.startswith("ال") else "ال" + w for w in words)


def feminine(adj: str) -> str:
    return " ".join(w + "ة" for w in adj.split()) if not adj.split()[0] in ("جنوب", "شمال") else \
        adj.split()[0] + " " + feminine(" ".join(adj.split()[1:]))


def q(s: str) -> str:
    """A YAML flow scalar: plain if safe, else double-quoted."""
    if re.search(r"[:#,\[\]{}&*!|>'\"%@`]", s) or s != s.strip() or not s:
        return '"' + s.replace('"', '\\"') + '"'
    return s


def flow_list(items: list[str]) -> str:
    return "[" + ", ".join(q(x) for x in items) + "]"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=os.environ.get("RASD_SHARED", "/work/shared"))
    args = ap.parse_args()
    gaz = Path(args.shared) / "data" / "gazetteer"
    rows = list(csv.DictReader(open(gaz / "countries.tsv", encoding="utf-8"), delimiter="\t"))
    variants: dict[str, list[str]] = {}
    with open(gaz / "places.tsv", encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            if r["kind"] == "country":
                variants.setdefault(r["country"], []).append(clean_name(r["name_ar"]))

    states: list[str] = ["# GENERATED by scripts/build_actors_states.py from the gazetteer's countries.tsv",
                         "# (names: CLDR/ISO via the gazetteer; adjectives and variants hand-written).",
                         "# Edit the script, not this file.", ""]
    organs: list[str] = ["# GENERATED by scripts/build_actors_states.py: government (ISO3-GOV), armed",
                         "# forces (ISO3-MIL) and foreign ministry (ISO3-MFA) of every sovereign state.",
                         "# Edit the script, not this file.", ""]
    for r in rows:
        iso, name_ar, en = r["iso3"], clean_name(r["name_ar"]), r["name_en"].strip()
        en = re.sub(r",.*$", "", en) if "," in en and "Korea" not in en else en
        if iso == "KOR":
            en = "South Korea"
        elif iso == "PRK":
            en = "North Korea"
        elif iso == "IRN":
            en = "Iran"
        elif iso == "TUR":
            en = "Turkey"
        extra = EXTRA.get(iso, {})
        names = [MAIN_NAME.get(iso, name_ar)]
        for v in variants.get(iso, []) + extra.get("names", []):
            if v not in names and v not in DROP_NAMES.get(iso, ()):
                names.append(v)
        adj = r["adjective_ar_m"].strip() or EXTRA_ADJ.get(iso, "")
        nisba = EXACT_NISBA.get(iso) or ([adj] if adj else [])
        nisba = nisba + [x for x in extra.get("nisba", []) if x not in nisba]
        metonyms = extra.get("metonyms", [])
        states.append(f"- id: {iso}")
        states.append(f"  name: {q(en)}")
        states.append(f"  ar: {q(names[0])}")
        if names[1:]:
            states.append(f"  aliases: {flow_list(names[1:])}")
        states.append("  type: state")
        states.append(f"  country: {iso}")
        if nisba:
            states.append(f"  nisba: {flow_list(nisba)}")
        if metonyms:
            states.append(f"  metonyms: {flow_list(metonyms)}")
        if iso in TERRITORIES:
            continue
        # Generated organs.
        short = [n for n in names if " - " not in n][:3]
        if adj:
            f_def = definite(feminine(adj))
            m_def = definite(adj)
            gov = [f"الحكومة {f_def}"] + [f"حكومة {n}" for n in short]
            mil = [f"الجيش {m_def}", f"القوات {f_def}", f"القوات المسلحة {f_def}"] + [f"جيش {n}" for n in short]
            mfa = [f"وزارة الخارجية {f_def}", f"الخارجية {f_def}"] + [f"وزارة خارجية {n}" for n in short]
        else:
            gov = [f"حكومة {n}" for n in short]
            mil = [f"جيش {n}" for n in short] + [f"القوات المسلحة في {short[0]}"]
            mfa = [f"وزارة خارجية {n}" for n in short]
        for suffix, en_name, sector, ar_names in (
            ("GOV", f"Government of {en}", "GOV", gov),
            ("MIL", f"Armed forces of {en}", "MIL", mil),
            ("MFA", f"Ministry of Foreign Affairs of {en}", "GOV", mfa),
        ):
            oid = f"{iso}-{suffix}"
            ar_names = [a for a in ar_names if a not in DROP_ORGAN_ALIASES.get(oid, ())]
            ar_names += [a for a in ORGAN_ALIASES.get(oid, []) if a not in ar_names]
            organs.append(f"- id: {iso}-{suffix}")
            organs.append(f"  name: {q(en_name)}")
            organs.append(f"  ar: {q(ar_names[0])}")
            if ar_names[1:]:
                organs.append(f"  aliases: {flow_list(ar_names[1:])}")
            organs.append("  type: organisation")
            organs.append(f"  country: {iso}")
            organs.append(f"  sector: {sector}")
    (OUT / "states.yaml").write_text("\n".join(states) + "\n", encoding="utf-8")
    (OUT / "state_organs.yaml").write_text("\n".join(organs) + "\n", encoding="utf-8")
    print(f"states: {sum(1 for x in states if x.startswith('- id'))}, "
          f"organs: {sum(1 for x in organs if x.startswith('- id'))}")


if __name__ == "__main__":
    main()
