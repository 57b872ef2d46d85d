"""Places named by a nationality adjective: العاصمة السورية is Damascus, الأراضي السورية and
الأجواء الأميركية are Syria and the United States.

No gazetteer name occurs in these phrases, yet news uses them as often as the names. The
adjective is read with the actor dictionary's nisba table (the one rasd has), the capital
from `capitals.tsv`. A border (الحدود السورية) is left alone: it may be either side's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rasd.geo.gazetteer import Gazetteer
from rasd.geo.packed import GeoEntry
from rasd.model import Place
from rasd.text.normalize import Normalized

# head noun (normalised) → what the phrase names: the capital or the country's territory
_HEADS = {"العاصمه": "capital", "الاراضي": "territory", "الاجواء": "territory",
          "المياه الاقليميه": "territory", "السواحل": "territory"}
# the head with its article (والأراضي، بالعاصمة) or after لـ, which drops the article's alef
# (للأراضي، للعاصمة); then a feminine nisba
_PHRASE = re.compile(r"(?<![\u0621-\u064a])(?:[وف]?[بل]?(?P<head>"
                     + "|".join(sorted(_HEADS, key=len, reverse=True))
                     + r")|[وف]?لل(?P<bare>"
                     + "|".join(sorted((h[2:] for h in _HEADS), key=len, reverse=True))
                     + r")) +(?P<nisba>ال[\u0621-\u064a]{3,}ي[هة])(?![\u0621-\u064a])")


def nisba_places(n: Normalized, gaz: Gazetteer, taken: Sequence[Place] = ()) -> list[Place]:
    """The places of `n` named by a head noun and a nisba, not overlapping `taken`."""
    if not any(head.split()[0][2:] in n.text for head in _HEADS):  # العاصمه or للعاصمه
        return []
    from rasd.actors.dictionary import ActorDictionary  # the nisba table; loaded once

    nisba = ActorDictionary.default()
    out: list[Place] = []
    for m in _PHRASE.finditer(n.text):
        iso3 = nisba.nisba(m.group("nisba"))
        if iso3 is None:
            continue
        head = m.group("head") or "ال" + m.group("bare")
        entry: GeoEntry | None
        if _HEADS[head] == "capital":
            entry = gaz.capitals.get(iso3)
        else:
            entry = gaz.countries.get(iso3)
        if entry is None:
            continue
        # after لل the span keeps the article's lam (لأراضي), as the gazetteer's للموصل → لموصل
        first = m.start("head") if m.group("head") else m.start("bare") - 1
        start, end = n.span(first, m.end("nisba"))
        if any(p.start < end and start < p.end for p in taken):
            continue
        text = n.original[start:end]
        out.append(Place(start, end, text, entry.name_en, entry.country, entry.lat, entry.lon,
                         entry.precision, entry.id))
    return out
