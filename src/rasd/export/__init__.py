"""Exports of stored events: PLOVER JSON, ACLED-style CSV, CAMEO, GeoJSON, Parquet, CSV.

    from rasd.export import export
    n = export(events, "acled", sys.stdout)        # text formats: a text stream
    n = export(events, "parquet", Path("ev.parquet"))   # Parquet: a file path

Field mappings: docs/store.md; the data behind them: src/rasd/data/export/.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import IO

from rasd.errors import ConfigError
from rasd.export.formats import (
    ACLED_COLUMNS,
    CAMEO_COLUMNS,
    FLAT_COLUMNS,
    acled_record,
    cameo_record,
    flat_row,
    geojson_feature,
    plover_record,
    write_acled,
    write_cameo,
    write_csv,
    write_geojson,
    write_parquet,
    write_plover,
)
from rasd.store.query import StoredEvent

FORMATS = ("plover", "acled", "cameo", "geojson", "parquet", "csv")
BINARY = frozenset({"parquet"})

_TEXT_WRITERS = {"plover": write_plover, "acled": write_acled, "cameo": write_cameo,
                 "geojson": write_geojson, "csv": write_csv}


def export(events: Sequence[StoredEvent], fmt: str, out: IO[str] | Path) -> int:
    """Write `events` in `fmt` to a text stream (or, for Parquet, a path); returns the count
    written (ACLED leaves out types it does not code, GeoJSON events without coordinates)."""
    if fmt not in FORMATS:
        raise ConfigError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt in BINARY:
        if not isinstance(out, Path):
            raise ConfigError(f"{fmt} is a binary format: give a file with --out")
        return write_parquet(events, out)
    if isinstance(out, Path):
        raise ConfigError(f"{fmt} writes text: pass an open text stream")
    return _TEXT_WRITERS[fmt](events, out)


__all__ = [
    "ACLED_COLUMNS", "BINARY", "CAMEO_COLUMNS", "FLAT_COLUMNS", "FORMATS", "acled_record",
    "cameo_record", "export", "flat_row", "geojson_feature", "plover_record",
]
