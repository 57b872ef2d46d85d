"""The on-disk format of rasd's gazetteer: one gzip'd TSV of entries, a TSV stoplist and a
TSV of capitals.

`scripts/build_gazetteer.py` writes these files from the shared GeoNames-derived tables and
the hand-written `extra.yaml`; `rasd.geo.gazetteer` reads them at run time. Keeping reader
and writer side by side means the format is defined in exactly one place.

places.tsv.gz (UTF-8, tab-separated, no quoting, first line a version tag)::

    #rasd-gazetteer<TAB>1
    id  kind  country  lat  lon  population  origin  name_en  names

`names` are the Arabic spellings as the sources write them, joined by ``|``; the loader
normalises them, so the file stays readable and survives changes to the normaliser.
`origin` is ``shared`` (the shared gazetteer) or ``extra`` (hand-curated, extra.yaml).

stopnames.tsv: ``key<TAB>docs<TAB>reason``, where `key` is a normalised name that is also
an ordinary word; such a name only counts as a place after a place cue (مدينة، قرية …).
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rasd.errors import DictionaryError

FORMAT_TAG = "#rasd-gazetteer"
FORMAT_VERSION = "1"
COLUMNS = ("id", "kind", "country", "lat", "lon", "population", "origin", "name_en", "names")

# Gazetteer kinds and the precision GOLD.md asks for. Seas and informal regions (West Bank,
# Cyrenaica) are area mentions like a province, so they share admin1 precision; a camp or a
# city quarter is located to within a city; a named site inside a city is a point.
PRECISION_OF_KIND: dict[str, str] = {
    "country": "country",
    "admin1": "admin1",
    "region": "admin1",
    "sea": "admin1",
    "city": "city",
    "town": "city",
    "village": "city",
    "district": "city",
    "camp": "city",
    "base": "facility",
    "airport": "facility",
    "port": "facility",
    "crossing": "facility",
    "site": "point",
}
KINDS = frozenset(PRECISION_OF_KIND)


@dataclass(frozen=True, slots=True)
class GeoEntry:
    """One place of the gazetteer with all its Arabic spellings."""

    id: str
    kind: str  # one of KINDS
    country: str | None  # ISO3; None for seas and other places in no single country
    lat: float
    lon: float
    population: int | None
    name_en: str
    names_ar: tuple[str, ...]
    origin: str = "shared"  # "shared" or "extra" (hand-curated)

    @property
    def precision(self) -> str:
        return PRECISION_OF_KIND[self.kind]


def write_entries(path: Path, entries: Iterable[GeoEntry]) -> None:
    """Write `entries` as places.tsv.gz; deterministic bytes (no gzip timestamp)."""
    buf = io.StringIO()
    buf.write(f"{FORMAT_TAG}\t{FORMAT_VERSION}\n")
    buf.write("\t".join(COLUMNS) + "\n")
    for e in entries:
        fields = (
            e.id, e.kind, e.country or "", f"{e.lat:.5f}", f"{e.lon:.5f}",
            "" if e.population is None else str(e.population), e.origin, e.name_en,
            "|".join(e.names_ar),
        )
        for f in fields:
            if "\t" in f or "\n" in f:
                raise DictionaryError(f"tab or newline in field {f!r} of entry {e.id}")
        buf.write("\t".join(fields) + "\n")
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0,
                                                 filename="") as gz:
        gz.write(buf.getvalue().encode("utf-8"))


def read_entries(path: Path) -> Iterator[GeoEntry]:
    """Entries of a places.tsv.gz file; a malformed line raises DictionaryError(file, line)."""
    try:
        with gzip.open(path, "rt", encoding="utf-8", newline="\n") as f:
            text = f.read()
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise DictionaryError(f"cannot read the packed gazetteer: {exc}; "
                              "rebuild it with scripts/build_gazetteer.py", file=str(path)) from exc
    lines = text.split("\n")
    if not lines or lines[0].split("\t") != [FORMAT_TAG, FORMAT_VERSION]:
        raise DictionaryError(f"not a version-{FORMAT_VERSION} rasd gazetteer "
                              "(rebuild with scripts/build_gazetteer.py)", file=str(path), line=1)
    for lineno, line in enumerate(lines[2:], start=3):
        if not line:
            continue
        f = line.split("\t")
        if len(f) != len(COLUMNS):
            raise DictionaryError(f"expected {len(COLUMNS)} fields, got {len(f)}",
                                  file=str(path), line=lineno)
        try:
            kind = f[1]
            if kind not in KINDS:
                raise ValueError(f"unknown kind {kind!r}")
            yield GeoEntry(
                id=f[0], kind=kind, country=f[2] or None, lat=float(f[3]), lon=float(f[4]),
                population=int(f[5]) if f[5] else None, origin=f[6], name_en=f[7],
                names_ar=tuple(f[8].split("|")),
            )
        except ValueError as exc:
            raise DictionaryError(str(exc), file=str(path), line=lineno) from exc


@dataclass(frozen=True, slots=True)
class StopName:
    key: str  # normalised name
    docs: int  # articles of the news corpus in which the name occurs as a word
    reason: str


def write_stopnames(path: Path, stops: Iterable[StopName], header: str) -> None:
    lines = [f"# {h}" for h in header.splitlines()]
    lines += ["\t".join((s.key, str(s.docs), s.reason)) for s in stops]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def read_stopnames(path: Path) -> Iterator[StopName]:
    for lineno, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if not line or line.startswith("#"):
            continue
        f = line.split("\t")
        if len(f) != 3 or not f[1].isdigit():
            raise DictionaryError("expected key<TAB>docs<TAB>reason", file=str(path), line=lineno)
        yield StopName(f[0], int(f[1]), f[2])


def read_capitals(path: Path) -> Iterator[tuple[str, str]]:
    """capitals.tsv (scripts/build_capitals.py): `iso3<TAB>id<TAB>name_en` after a header."""
    for lineno, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if not line or line.startswith(("#", "iso3\t")):
            continue
        f = line.split("\t")
        if len(f) != 3 or len(f[0]) != 3:
            raise DictionaryError("expected iso3<TAB>id<TAB>name_en", file=str(path), line=lineno)
        yield f[0], f[1]
