"""Build the NER tagger's gazetteer feature file src/rasd/data/ner/gazetteer.tsv.

    .venv/bin/python scripts/ner_lexicons.py [--shared ../shared/data] [--out src/rasd/data/ner/gazetteer.tsv]

One line per normalised form (rasd.text.normalize.norm, words separated by one space) and
category:

    LOC1  country, first-level region, city (GeoNames pop >= 100k), airport, base (places.tsv)
    LOC2  town or village (places.tsv)
    CTRY  country name (countries.tsv)
    NAT   nisba adjective of a country, masculine/feminine/plural, with and without ال
    ORGH  head word of an organisation name (hand list below)
    TTL   title or role word that precedes a person's name (hand list below)
    FN    first name: a word seen in the news corpus right after a title (and any nisba
          adjectives after it) at least MIN_FN times and in at least FN_RATIO of its uses

The news corpus only contributes the FN words (single words, no text), and only its ANT-corpus
articles: ids starting with EXCLUDE_PREFIXES (SaudiNewsNet, `snn-*`, CC BY-NC-SA 4.0) are skipped,
as that material must not ship in the package in any form. The tagger learns how
much to trust each category; nothing here decides a tag by itself.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from rasd.text.normalize import norm  # noqa: E402

ORG_HEADS = """وزارة حركة جيش مجلس حزب كتيبة منظمة شركة جامعة وكالة هيئة اتحاد جبهة لجنة مؤسسة محكمة
بنك مصرف صندوق جمعية نادي قوات تنظيم تحالف ائتلاف فرقة فيلق لواء سرايا كتائب ألوية صحيفة قناة إذاعة
تلفزيون مركز معهد برلمان أكاديمية غرفة سلطة مفوضية ديوان مكتب منتدى رابطة نقابة كتلة تيار الأمم
جماعة مليشيا ميليشيا مجموعة شبكة جهاز إدارة دائرة مديرية أمانة بعثة قيادة رئاسة حكومة منتخب فريق
مجمع مستشفى مطار مصنع بورصة سوق وكالات شركات أحزاب حركات منظمات جمعيات""".split()

TITLES = """الرئيس رئيس السيد السيدة الشيخ الشيخة العقيد العميد اللواء الفريق المشير الجنرال الدكتور د.
الأمير الأميرة الملك الملكة الوزير وزير الوزيرة النائب القاضي المستشار الإمام البابا الزعيم القائد
المتحدث الناطق الرائد النقيب المقدم الملازم الأستاذ المهندس الحاج السلطان المبعوث السفير الأمين
المدير مدير المحامي الكاتب الشاعر الروائي الفنان المطرب اللاعب المدرب الصحفي الصحافي الرئيسة
المرشح المرشحة الداعية المفتي الأب الأخ الحاخام رئيسة النجم الباحث البروفسور البروفيسور العاهل
الوزيرة المستشارة المندوب العالم""".split()

EXCLUDE_PREFIXES = ("snn-",)  # SaudiNewsNet: CC BY-NC-SA, must not ship (shared/data/README.md)
MIN_FN = 3
FN_RATIO = 0.25
_TOKEN = re.compile(r"\w+|[^\w\s]", re.UNICODE)
_ARABIC = re.compile(r"^[\u0621-\u064A]+$")


def first_names(news: Path, titles: set[str], skip: set[str]) -> list[str]:
    after: Counter[str] = Counter()
    freq: Counter[str] = Counter()
    with news.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if str(rec.get("id", "")).startswith(EXCLUDE_PREFIXES):
                continue
            toks = [norm(t) for t in _TOKEN.findall(rec.get("text") or "")]
            freq.update(toks)
            for i, t in enumerate(toks):
                if t not in titles:
                    continue
                j = i + 1
                # skip nisba adjectives and other ال-words (الرئيس الامريكي دونالد ترامب)
                while j < len(toks) and j < i + 4 and toks[j].startswith("ال"):
                    j += 1
                if j < len(toks) and _ARABIC.match(toks[j]) and len(toks[j]) >= 2:
                    after[toks[j]] += 1
    out = []
    for w, c in after.items():
        if c >= MIN_FN and c / freq[w] >= FN_RATIO and w not in skip:
            out.append(w)
    return sorted(out)


def main() -> None:
    root = Path(__file__).resolve().parents[1]
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(root.parent / "shared/data"))
    ap.add_argument("--out", default=str(root / "src/rasd/data/ner/gazetteer.tsv"))
    args = ap.parse_args()
    shared = Path(args.shared)
    entries: set[tuple[str, str]] = set()

    with (shared / "gazetteer/places.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            name = norm(row["name_ar"].replace("-", " "))
            if not name or len(name) < 2:
                continue
            cat = "LOC2" if row["kind"] in ("town", "village") else "LOC1"
            entries.add((name, cat))
    with (shared / "gazetteer/countries.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            entries.add((norm(row["name_ar"]), "CTRY"))
            for adj in (row["adjective_ar_m"], row["adjective_ar_f"]):
                adj = norm(adj)
                if not adj:
                    continue
                forms = {adj}
                if adj.endswith("ي") and " " not in adj:
                    forms |= {adj + "ون", adj + "ين", adj + "ه"}  # plural / feminine
                for f in forms:
                    entries.add((f, "NAT"))
                    if " " not in f:
                        entries.add(("ال" + f, "NAT"))
    for w in ORG_HEADS:
        entries.add((norm(w), "ORGH"))
    titles = {norm(w) for w in TITLES}
    for w in titles:
        entries.add((w, "TTL"))
    skip = {n for n, _ in entries} | {norm(w) for w in ORG_HEADS}
    for w in first_names(shared / "news/articles.jsonl", titles, skip):
        entries.add((w, "FN"))

    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        fh.write("# form\tcategory (see scripts/ner_lexicons.py)\n")
        for form, cat in sorted(entries):
            fh.write(f"{form}\t{cat}\n")
    counts = Counter(c for _, c in entries)
    print(f"wrote {len(entries)} entries to {out}: {dict(counts)}", file=sys.stderr)


if __name__ == "__main__":
    main()
