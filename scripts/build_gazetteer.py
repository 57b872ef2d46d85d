#!/usr/bin/env python3
"""Build rasd's packed gazetteer from the shared tables (reproducible, deterministic).

Reads $RASD_SHARED/data/gazetteer/{places,countries}.tsv (default RASD_SHARED=/work/shared)
and src/rasd/data/geo/extra.yaml; writes src/rasd/data/geo/places.tsv.gz and, from word
frequencies in $RASD_SHARED/data/news/articles.jsonl, src/rasd/data/geo/stopnames.tsv.

    .venv/bin/python scripts/build_gazetteer.py            # rebuild both files
    .venv/bin/python scripts/build_gazetteer.py --report   # also print the stoplist decisions

Steps: group the one-row-per-spelling source into one entry per place (a town keeps its
bare name, not "محافظة X"); add Arabic country names from countries.tsv; merge the
hand-curated extra.yaml (an extra entry takes its names away from shared entries of the same
country); drop spellings a small foreign town shares with a country or a big city
(`prune_namesakes`); give each entry a stable id; then find the names that are ordinary
Arabic words (`stoplist`).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from rasd.errors import DictionaryError  # noqa: E402
from rasd.geo.gazetteer import ARAB_WORLD, ARTICLE, Gazetteer, name_keys  # noqa: E402
from rasd.geo.packed import (  # noqa: E402
    KINDS, GeoEntry, StopName, write_entries, write_stopnames,
)
from rasd.geo.resolve import country_weights, prior  # noqa: E402
from rasd.text.normalize import normalize  # noqa: E402

DATA = REPO / "src" / "rasd" / "data" / "geo"
# Kinds the corpus rules may stoplist on their own; regions, seas and facilities are named
# by curated or multi-word names that are not ordinary words.
AUTO_STOP_KINDS = frozenset({"city", "town", "village", "admin1", "country"})
SETTLEMENTS = frozenset({"city", "town", "village"})
# Pronoun suffixes an ordinary noun takes (حصارها، حصارهم); names do not. Not ه (after
# normalisation it is also the feminine ending: طائفة) nor ي (also the nisba: طهراني).
_SUFFIXES = ("ها", "هم", "هما", "نا", "كم")
MIN_DOCS = 10  # fewer articles than this: too rare to judge, and too rare to matter
MIN_INFLECTED = 0.3
_WORD = re.compile(r"\w+")
_ADMIN_WORD = re.compile(r"^(?:محافظة|ولاية|شعبية|إقليم|اقليم|مديرية|قضاء|بلدية|لواء) ")
# A suspect name whose articles are about its own country this many times more often than
# chance is a real place (see local_lift).
MIN_LIFT = 3.0
MIN_LOCAL = 0.6


# ------------------------------------------------------------------------ shared tables
def read_tsv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def shared_entries(gaz_dir: Path) -> list[GeoEntry]:
    """One entry per (name_en, country, lat, lon, kind) of places.tsv, countries.tsv names added."""
    groups: dict[tuple[str, str, str, str, str], dict] = {}
    for r in read_tsv(gaz_dir / "places.tsv"):
        k = (r["name_en"], r["country"], r["lat"], r["lon"], r["kind"])
        if r["kind"] not in KINDS:
            raise DictionaryError(f"unknown kind {r['kind']!r}", file=str(gaz_dir / "places.tsv"))
        g = groups.setdefault(k, {"names": [], "population": None})
        if r["name_ar"] not in g["names"]:
            g["names"].append(r["name_ar"])
        if r["population"]:
            g["population"] = max(int(r["population"]), g["population"] or 0)
    country_names: dict[str, list[str]] = {}
    for r in read_tsv(gaz_dir / "countries.tsv"):
        if r["name_ar"]:
            country_names.setdefault(r["iso3"], []).append(r["name_ar"])
    out = []
    for (name_en, country, lat, lon, kind), g in groups.items():
        names = g["names"]
        if kind in SETTLEMENTS:
            # Wikidata labels like "محافظة البيضاء" sit on the town; in text that phrase
            # means the governorate, so the town keeps only the bare name.
            names = list(dict.fromkeys(_ADMIN_WORD.sub("", n) for n in names))
        if kind == "country":
            names += [n for n in country_names.get(country, ()) if n not in names]
        out.append(GeoEntry("", kind, country or None, float(lat), float(lon), g["population"],
                            name_en, tuple(names), "shared"))
    return out


# ------------------------------------------------------------------------ extra.yaml
def read_extra(path: Path) -> tuple[list[GeoEntry], list[str], list[str]]:
    """Entries, stop names and keep names of extra.yaml; errors name the file and line."""
    text = path.read_text(encoding="utf-8")
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise DictionaryError(f"invalid YAML: {exc}", file=str(path)) from exc
    lines = {}
    for k, v in root.value:
        if k.value == "places":
            lines = {i: node.start_mark.line + 1 for i, node in enumerate(v.value)}
    entries = []
    for i, p in enumerate(data.get("places") or []):
        line = lines.get(i)
        try:
            kind = p["kind"]
            if kind not in KINDS:
                raise ValueError(f"unknown kind {kind!r}")
            lat, lon = float(p["lat"]), float(p["lon"])
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise ValueError("coordinates out of range")
            names = tuple(str(n) for n in p["names"])
            if not names:
                raise ValueError("no names")
            entries.append(GeoEntry("", kind, p.get("country") or None, lat, lon,
                                    p.get("population"), str(p["name_en"]), names, "extra"))
        except (KeyError, TypeError, ValueError) as exc:
            raise DictionaryError(f"bad place entry: {exc!r}", file=str(path), line=line) from exc
    return entries, list(data.get("stop") or []), list(data.get("keep") or [])


def merge(shared: list[GeoEntry], extra: list[GeoEntry]) -> list[GeoEntry]:
    """Shared entries minus the names extra entries claim (same key, same country), plus extra."""
    claimed = {(key, e.country) for e in extra for n in e.names_ar for key in name_keys(n)}
    out = []
    for e in shared:
        names = tuple(n for n in e.names_ar
                      if not any((k, e.country) in claimed for k in name_keys(n)))
        if names:
            out.append(replace(e, names_ar=names))
    return out + extra


def prune_namesakes(entries: list[GeoEntry]) -> list[GeoEntry]:
    """Drop a spelling from a small foreign town when it also names a country or a city.

    GeoNames gives موسكو to Mesquite, Texas, جنيف to Geneva, New York, and لبنان to four US
    towns; those readings are never meant, yet in an article about the US they would win.
    A namesake survives when it is in the Arab world (الرقة of Kuwait as well as of Syria)
    or not much smaller than the namesake city (Tarsus and Tartus).
    """
    def size(e: GeoEntry) -> float:
        if e.kind == "country":
            return math.inf
        if e.kind == "admin1":
            return 1e6
        return float(e.population or 0)

    biggest: dict[str, float] = {}
    for e in entries:
        for n in e.names_ar:
            for k in name_keys(n):
                biggest[k] = max(biggest.get(k, 0.0), size(e))
    out = []
    for e in entries:
        if e.kind not in SETTLEMENTS or e.country in ARAB_WORLD or e.origin == "extra":
            out.append(e)
            continue
        names = tuple(n for n in e.names_ar
                      if not any(biggest[k] >= 1e5 and size(e) < 0.25 * biggest[k]
                                 for k in name_keys(n)))
        if names:
            out.append(replace(e, names_ar=names))
    return out


def adjectives(gaz_dir: Path) -> list[str]:
    """Nationality adjectives of countries.tsv (سويدي، السويدية …): never place names."""
    out = []
    for r in read_tsv(gaz_dir / "countries.tsv"):
        for adj in (r["adjective_ar_m"], r["adjective_ar_f"]):
            if adj:
                out += [adj, ARTICLE + adj]
    return out


def slug(text: str) -> str:
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-") or "x"


def with_ids(entries: Iterable[GeoEntry]) -> list[GeoEntry]:
    """Sort deterministically and give ids COUNTRY:slug:kind (~2, ~3 … for namesakes)."""
    ordered = sorted(entries, key=lambda e: (e.country or "", e.kind, e.name_en, e.lat, e.lon,
                                             e.origin, e.names_ar))
    seen: Counter[str] = Counter()
    out = []
    for e in ordered:
        base = f"{e.country or 'XXX'}:{slug(e.name_en)}:{e.kind}"
        seen[base] += 1
        out.append(replace(e, id=base if seen[base] == 1 else f"{base}~{seen[base]}"))
    return out


# ------------------------------------------------------------------------ stoplist
@dataclass
class Corpus:
    """What the stoplist rules need to know about the news corpus."""

    n_docs: int = 0
    docs: Counter[str] = field(default_factory=Counter)  # key -> articles it occurs in
    words: Counter[str] = field(default_factory=Counter)  # plain word -> occurrences
    # per article: key -> its country weights (as infer_country counts them)
    articles: list[dict[str, dict[str, float]]] = field(default_factory=list)


def read_corpus(gaz: Gazetteer, path: Path) -> Corpus:
    corpus = Corpus()
    with open(path, encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            # SaudiNewsNet (snn-*) is CC BY-NC-SA: nothing derived from it may ship.
            if str(rec.get("id", "")).startswith("snn-"):
                continue
            n = normalize(rec.get("text") or "")
            corpus.n_docs += 1
            per_key: dict[str, dict[str, float]] = {}
            for c in gaz.find(n):
                w = per_key.setdefault(c.key, {})
                for country, x in country_weights(c).items():
                    w[country] = w.get(country, 0.0) + x
            corpus.docs.update(per_key.keys())
            corpus.articles.append(per_key)
            corpus.words.update(_WORD.findall(n.text))
    return corpus


def _argmax(votes: dict[str, float]) -> str | None:
    best = [c for c in sorted(votes) if votes[c] > 1e-9]
    return max(best, key=lambda c: votes[c]) if best else None


def local_lift(corpus: Corpus, voters: set[str]) -> dict[str, tuple[float, float]]:
    """Per key: how often its articles are about its own country, and that over chance.

    An article's country is inferred from the other names in it, counting only `voters`
    (names that are not suspect, so that common words do not vote). A real place, even a
    small one, is named in articles about its own country (الدريهمي in Yemen news); an
    ordinary word spreads over the corpus like any word, so its lift stays near 1.
    """
    base: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    countries: dict[str, set[str]] = {}
    for per_key in corpus.articles:
        votes: dict[str, float] = {}
        for k, w in per_key.items():
            countries.setdefault(k, set()).update(w)
            if k in voters:
                for c, x in w.items():
                    votes[c] = votes.get(c, 0.0) + x
        ctx = _argmax(votes)
        if ctx:
            base[ctx] += 1
        for k, w in per_key.items():
            if k in voters:
                rest = dict(votes)
                for c, x in w.items():
                    rest[c] -= x
                kctx = _argmax(rest)
            else:
                kctx = ctx
            if kctx is None:
                continue
            seen[k] += 1
            hits[k] += kctx in w
    total = sum(base.values()) or 1
    lift = {}
    for k, n in seen.items():
        chance = min(1.0, sum(base[c] for c in countries[k]) / total)
        lift[k] = (hits[k] / n, (hits[k] / n) / chance if chance else 0.0)
    return lift


def _productivity(key: str, words: Counter[str]) -> float:
    """How often the word behind `key` takes the article or a pronoun suffix, per use of key.

    Place names are fixed forms: بيروت never becomes البيروت or بيروتها. Ordinary words are
    inflected all the time (حصار: الحصار، حصارها), so a high ratio marks a word.
    """
    stem = key[len(ARTICLE):] if key.startswith(ARTICLE) else key
    other = stem if key.startswith(ARTICLE) else ARTICLE + key
    inflected = words.get(other, 0) + sum(words.get(stem + s, 0) for s in _SUFFIXES)
    return inflected / max(1, words.get(key, 0))


def _clitic_reading(key: str, words: Counter[str]) -> bool:
    """True when `key` is better read as a proclitic and a common word (بحركة = ب + حركة)."""
    if " " in key or len(key) < 4 or key[0] not in "وفبلك":
        return False
    rest = words.get(key[1:], 0)
    return rest >= 100 and rest >= 3 * words.get(key, 0)


def stoplist(gaz: Gazetteer, corpus: Corpus, stop: list[str],
             keep: list[str]) -> tuple[list[StopName], list[StopName]]:
    """Names that the news uses as ordinary words more often than as places.

    A name is suspect when
    (a) it is in more articles than a place of its kind and size explains (a village of
        2,000 people is not named in 1% of all articles, the word is);
    (b) it is a single word that the corpus also inflects, with the article toggled or a
        pronoun suffix (الحصار، حصارها for حصار; سلام for السلام), which names do not take.
    A suspect is cleared when its articles are about its own country far more often than
    chance (`local_lift`): that is how the news names small but embattled places (الدريهمي).
    Regions, seas, facilities and the curated extra.yaml entries are never suspects;
    the hand lists in extra.yaml add and exempt names.
    """
    keep_keys = {k for n in keep for k in name_keys(n)}
    n_docs = max(1, corpus.n_docs)
    suspects: dict[str, str] = {}
    for key, d in corpus.docs.items():
        ents = gaz.entries_for(key)
        if key in keep_keys or not ents or d < MIN_DOCS:
            continue
        if any(e.kind not in AUTO_STOP_KINDS or e.origin == "extra" for e in ents):
            continue
        best = max(prior(e) for e in ents)
        share = d / n_docs
        # prior 3 (a village) may be in 0.2% of the articles, 5 (100k) in 2%. Cities of a
        # million and more are named for their politics (باريس، موسكو), not their size.
        allowed = 0.002 * math.exp((best - 3.0) * 1.15)
        inflected = _productivity(key, corpus.words) if " " not in key else 0.0
        if share > allowed and best < 6.0:
            suspects[key] = (f"in {share:.2%} of articles; a place of prior {best:.1f} "
                             f"explains {allowed:.2%}")
        elif inflected >= MIN_INFLECTED:
            suspects[key] = f"inflected like a word ({inflected:.1f} inflected uses per use)"
        elif _clitic_reading(key, corpus.words):
            suspects[key] = f"reads as {key[0]} + the frequent word {key[1:]}"
    lift = local_lift(corpus, {k for k in corpus.docs if k not in suspects})
    out = {k: StopName(k, corpus.docs.get(k, 0), "hand list") for n in stop
           for k in name_keys(n)}
    cleared = []
    for key, why in suspects.items():
        local, over_chance = lift.get(key, (0.0, 0.0))
        s = StopName(key, corpus.docs[key],
                     f"{why}; {local:.0%} of its articles are about its country "
                     f"({over_chance:.1f}x chance)")
        if key in out:
            continue
        if local < MIN_LOCAL or over_chance < MIN_LIFT:
            out[key] = s
        else:
            cleared.append(s)
    order = lambda s: (-s.docs, s.key)  # noqa: E731
    return sorted(out.values(), key=order), sorted(cleared, key=order)


# ------------------------------------------------------------------------ main
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path,
                    default=Path(os.environ.get("RASD_SHARED", "/work/shared")),
                    help="the shared data root (default $RASD_SHARED or /work/shared)")
    ap.add_argument("--out", type=Path, default=DATA, help="output directory")
    ap.add_argument("--extra", type=Path, default=DATA / "extra.yaml",
                    help="the hand-curated additions (default: the packaged extra.yaml)")
    ap.add_argument("--report", action="store_true", help="print the stoplist")
    args = ap.parse_args(argv)

    gaz_dir = args.shared / "data" / "gazetteer"
    shared = shared_entries(gaz_dir)
    extra, stop, keep = read_extra(args.extra)
    entries = with_ids(prune_namesakes(merge(shared, extra)))
    stop = stop + adjectives(gaz_dir)
    args.out.mkdir(parents=True, exist_ok=True)
    write_entries(args.out / "places.tsv.gz", entries)
    print(f"places.tsv.gz: {len(entries)} entries ({len(extra)} curated), "
          f"{(args.out / 'places.tsv.gz').stat().st_size:,} bytes")

    gaz = Gazetteer(entries)
    articles = args.shared / "data" / "news" / "articles.jsonl"
    if not articles.exists():
        print(f"no {articles}: stoplist from the hand list only", file=sys.stderr)
        corpus = Corpus()
    else:
        corpus = read_corpus(gaz, articles)
    stops, cleared = stoplist(gaz, corpus, stop, keep)
    write_stopnames(
        args.out / "stopnames.tsv", stops,
        "Gazetteer names that are ordinary words; matched only after a place cue (قرية X).\n"
        f"Built by scripts/build_gazetteer.py from {corpus.n_docs} articles of "
        "data/news/articles.jsonl (SaudiNewsNet excluded).\n"
        "key<TAB>articles containing it<TAB>reason")
    print(f"stopnames.tsv: {len(stops)} names")
    if args.report:
        for s in stops:
            print(f"stop\t{s.key}\t{s.docs}\t{s.reason}")
        for s in cleared:
            print(f"kept\t{s.key}\t{s.docs}\t{s.reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
