"""Reading articles from files: JSONL, plain text, directories of them, or stdin.

Bad input never stops a run: each unreadable line or file is yielded as an `InputError`
(file, line, reason) for the caller to report, and reading goes on.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from rasd.errors import InputError

MAX_ARTICLE_BYTES = 1_000_000
TEXT_SUFFIXES = (".txt",)
JSONL_SUFFIXES = (".jsonl", ".ndjson")

Record = dict[str, Any]


def _decode(raw: bytes, file: str, line: int | None) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at position {exc.start})",
                         file=file, line=line) from exc


def _check_text(text: Any, file: str, line: int | None, max_bytes: int) -> str:
    if not isinstance(text, str):
        raise InputError("no 'text' string in this record", file=file, line=line)
    if not text.strip():
        raise InputError("empty text", file=file, line=line)
    if "\x00" in text:
        raise InputError("binary content (NUL bytes), not an article", file=file, line=line)
    if len(text.encode("utf-8")) > max_bytes:
        raise InputError(f"article larger than the limit of {max_bytes:,} bytes",
                         file=file, line=line)
    return text


def read_jsonl(fh: BinaryIO, file: str, max_bytes: int = MAX_ARTICLE_BYTES
               ) -> Iterator[Record | InputError]:
    for n, raw in enumerate(fh, start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(_decode(raw, file, n))
            if not isinstance(obj, dict):
                raise InputError("line is not a JSON object", file=file, line=n)
            _check_text(obj.get("text"), file, n, max_bytes)
        except InputError as exc:
            yield exc
            continue
        except json.JSONDecodeError as exc:
            yield InputError(f"malformed JSON ({exc.msg} at column {exc.colno})", file=file, line=n)
            continue
        rec = {k: obj.get(k) for k in ("id", "text", "published", "source", "url", "country")}
        rec["id"] = str(rec["id"]) if rec["id"] is not None else f"{Path(file).stem}-{n}"
        rec["_file"], rec["_line"] = file, n
        yield rec


def read_text_file(path: Path, max_bytes: int = MAX_ARTICLE_BYTES) -> Record:
    file = str(path)
    raw = path.read_bytes()
    if b"\x00" in raw[:8192]:
        raise InputError("binary file, not an article", file=file)
    text = _check_text(_decode(raw, file, None), file, None, max_bytes)
    return {"id": path.stem, "text": text, "published": None, "source": None, "url": None,
            "country": None, "_file": file, "_line": None}


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.rglob("*")
                      if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES + JSONL_SUFFIXES)
    return [path]


def iter_records(inputs: Iterable[str | os.PathLike[str]], *, published: str | None = None,
                 country: str | None = None, max_bytes: int = MAX_ARTICLE_BYTES
                 ) -> Iterator[Record | InputError]:
    """Records (dicts with id, text, published, source, url, country) or InputErrors."""
    for item in inputs:
        if str(item) == "-":
            yield from _defaults(read_jsonl(sys.stdin.buffer, "<stdin>", max_bytes),
                                 published, country)
            continue
        path = Path(item)
        if not path.exists():
            yield InputError("no such file or directory", file=str(path))
            continue
        for f in _files(path):
            try:
                if f.suffix.lower() in TEXT_SUFFIXES:
                    yield from _defaults([read_text_file(f, max_bytes)], published, country)
                else:
                    with open(f, "rb") as fh:
                        yield from _defaults(read_jsonl(fh, str(f), max_bytes), published, country)
            except InputError as exc:
                yield exc
            except OSError as exc:
                yield InputError(f"cannot read: {exc.strerror}", file=str(f))


def _defaults(records: Iterable[Record | InputError], published: str | None,
              country: str | None) -> Iterator[Record | InputError]:
    for rec in records:
        if isinstance(rec, dict):
            if published and not rec.get("published"):
                rec["published"] = published
            if country and not rec.get("country"):
                rec["country"] = country
        yield rec
