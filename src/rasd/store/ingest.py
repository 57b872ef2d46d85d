"""`rasd ingest`: read, extract, store; idempotent, crash-safe, and bad input never stops it.

For each chunk of records: look up which articles are already present (same id, same hash
of the normalised text) and skip them before any extraction, so a re-run or a resumed run
only codes what is missing; extract the rest outside any transaction; then write each
article with all its events in one short transaction (on DuckDB, a chunk of whole articles
shares one commit). A crash loses at most the uncommitted chunk, never half an article, and
the next run picks it up. Every bad input (unreadable file, binary, empty, too large,
malformed line, no text, not Arabic, an extraction failure) is reported once with its file,
line and reason, kept in `rejects`, counted, and skipped.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from rasd.errors import InputError
from rasd.io import JSONL_SUFFIXES, MAX_ARTICLE_BYTES, TEXT_SUFFIXES, iter_records
from rasd.store.db import Article, Store, article_hash

MIN_ARABIC_RATIO = 0.5
CHUNK = 64
_SNIFF = 8192

# Arabic letters: the Arabic block and its supplements and presentation forms.
_ARABIC = re.compile("[\u0620-\u064A\u066E-\u06D3\u06D5\u06FA-\u06FF\u0750-\u077F"
                     "\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
_LETTER = re.compile(r"[^\W\d_]")
_SAMPLE = 20_000  # characters looked at: enough to tell the language of an article


def arabic_ratio(text: str) -> float:
    """Share of the letters in `text` that are Arabic letters (0.0 when it has no letters)."""
    sample = text[:_SAMPLE]
    letters = len(_LETTER.findall(sample))
    return len(_ARABIC.findall(sample)) / letters if letters else 0.0


@dataclass
class IngestSummary:
    new: int = 0
    changed: int = 0
    present: int = 0
    rejected: int = 0
    events: int = 0
    seconds: float = 0.0
    rejects: list[InputError] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)  # articles stored now or already present

    @property
    def read(self) -> int:
        """Articles read successfully (stored now or already present)."""
        return self.new + self.changed + self.present

    def to_json(self) -> dict[str, Any]:
        return {"new": self.new, "changed": self.changed, "present": self.present,
                "rejected": self.rejected, "events": self.events,
                "seconds": round(self.seconds, 2)}


@dataclass(frozen=True)
class IngestOptions:
    max_bytes: int = MAX_ARTICLE_BYTES
    published: str | None = None
    country: str | None = None
    min_arabic: float = MIN_ARABIC_RATIO
    chunk: int = CHUNK


def _sniff(path: Path) -> str | None:
    """Why a file cannot hold articles (empty, binary), or None."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(_SNIFF)
    except OSError as exc:
        return f"cannot read: {exc.strerror}"
    if size == 0:
        return "empty file"
    if b"\x00" in head:
        return "binary file (NUL bytes), not articles"
    text = head.decode("utf-8", errors="replace")
    if len(head) == _SNIFF:  # a multi-byte character may be cut at the end
        text = text[:-2]
    bad = text.count("\ufffd") + sum(1 for c in text if ord(c) < 32 and c not in "\t\n\r\f")
    if text and bad / len(text) > 0.3:
        return "binary file (mostly not UTF-8 text), not articles"
    if not text.strip():
        return "empty file (only whitespace)"
    return None


def input_files(inputs: Iterable[str | Path]) -> Iterator[tuple[str, Path | InputError]]:
    """(file name, path) for each file to read, or (name, InputError) for a bad one."""
    for item in inputs:
        name = str(item)
        if name == "-":
            yield name, Path("-")
            continue
        path = Path(item)
        if not path.exists():
            yield name, InputError("no such file or directory", file=name)
        elif path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file()
                           and p.suffix.lower() in TEXT_SUFFIXES + JSONL_SUFFIXES)
            if not files:
                yield name, InputError("no .jsonl or .txt files in this directory", file=name)
            for f in files:
                yield str(f), f
        else:
            yield name, path


def count_articles(inputs: Iterable[str | Path]) -> int | None:
    """A quick upper bound on the articles to read (for the progress bar); None for stdin."""
    total = 0
    for name, path in input_files(inputs):
        if name == "-":
            return None
        if isinstance(path, InputError) or _sniff(path):
            continue
        if path.suffix.lower() in TEXT_SUFFIXES:
            total += 1
            continue
        try:
            with open(path, "rb") as fh:
                n, last = 0, b"\n"
                while block := fh.read(1 << 20):
                    n += block.count(b"\n")
                    last = block[-1:]
                total += n + (last != b"\n")
        except OSError:
            continue
    return total


def read_inputs(inputs: Iterable[str | Path], options: IngestOptions
                ) -> Iterator[tuple[str, dict[str, Any] | InputError]]:
    """(file, record or InputError) for every article or bad input, in order."""
    for name, path in input_files(inputs):
        if isinstance(path, InputError):
            yield name, path
            continue
        if name != "-":
            problem = _sniff(path)
            if problem:
                yield name, InputError(problem, file=name)
                continue
        for rec in iter_records([path if name != "-" else "-"], published=options.published,
                                country=options.country, max_bytes=options.max_bytes):
            if isinstance(rec, dict):
                ratio = arabic_ratio(rec["text"])
                if ratio < options.min_arabic:
                    rec = InputError(f"not Arabic (only {ratio:.0%} of its letters are Arabic; "
                                     f"id {rec['id']})", file=rec["_file"], line=rec["_line"])
            yield name, rec


def ingest(store: Store, inputs: Sequence[str | Path], nlp: Any, *,
           options: IngestOptions | None = None,
           on_reject: Callable[[InputError], None] | None = None,
           on_progress: Callable[[int], None] | None = None) -> IngestSummary:
    """Extract and store every article of `inputs`; returns the counts.

    `nlp` is a `rasd.Pipeline`; `on_reject` is called with each bad input as it is found,
    `on_progress` with the number of records just handled.
    """
    options = options or IngestOptions()
    return _ingest_stream(store, read_inputs(inputs, options), nlp, options=options,
                          on_reject=on_reject, on_progress=on_progress)


def ingest_records(store: Store, records: Iterable[dict[str, Any]], nlp: Any, *,
                   origin: str = "<records>", options: IngestOptions | None = None,
                   on_reject: Callable[[InputError], None] | None = None) -> IngestSummary:
    """Extract and store articles given as dicts (an API request, a fetched feed item).

    The same idempotent path as `ingest`: each dict needs `id` and `text` (optional
    `published`, `url`, `source`, `country`); `origin` names where they came from in rejects
    (a URL, "POST /api/articles"). `summary.ids` lists the ids stored or already present.
    """
    options = options or IngestOptions()

    def stream() -> Iterator[tuple[str, dict[str, Any] | InputError]]:
        for n, raw in enumerate(records, 1):
            line = raw.get("_line", n)
            text, rid = raw.get("text"), raw.get("id")
            if not isinstance(text, str) or not text.strip():
                yield origin, InputError("no text", file=origin, line=line)
                continue
            if rid is None or not str(rid).strip():
                yield origin, InputError("no id", file=origin, line=line)
                continue
            if len(text.encode("utf-8")) > options.max_bytes:
                yield origin, InputError(f"article {rid} is larger than {options.max_bytes} "
                                         "bytes", file=origin, line=line)
                continue
            rec = dict(raw, id=str(rid), _file=raw.get("_file", origin), _line=line)
            rec.setdefault("published", options.published)
            if options.country and not rec.get("country"):
                rec["country"] = options.country
            ratio = arabic_ratio(text)
            if ratio < options.min_arabic:
                yield origin, InputError(f"not Arabic (only {ratio:.0%} of its letters are "
                                         f"Arabic; id {rid})", file=origin, line=line)
                continue
            yield origin, rec

    return _ingest_stream(store, stream(), nlp, options=options, on_reject=on_reject,
                          on_progress=None, clear_rejects=False)


def _ingest_stream(store: Store, items: Iterable[tuple[str, dict[str, Any] | InputError]],
                   nlp: Any, *, options: IngestOptions,
                   on_reject: Callable[[InputError], None] | None,
                   on_progress: Callable[[int], None] | None,
                   clear_rejects: bool = True) -> IngestSummary:
    summary = IngestSummary()
    t0 = time.perf_counter()
    had_rejects = store.reject_files() if clear_rejects else set()
    cleared: set[str] = set()
    chunk: list[dict[str, Any]] = []
    seen: dict[str, tuple[str, str, int | None]] = {}  # id -> (hash, file, line) this run

    def reject(err: InputError, article_id: str | None = None) -> None:
        summary.rejected += 1
        summary.rejects.append(err)
        store.reject(err.file or "<input>", err.line, err.reason, article_id)
        if on_reject:
            on_reject(err)

    def flush() -> None:
        if chunk:
            _ingest_chunk(store, chunk, nlp, summary, reject, seen)
            if on_progress:
                on_progress(len(chunk))
            chunk.clear()

    for name, rec in items:
        if name not in cleared:  # a file read again: its old rejects go, new ones come
            cleared.add(name)
            if name in had_rejects:
                store.clear_rejects(name)
        if isinstance(rec, InputError):
            reject(rec)
            if on_progress and rec.line is not None:
                on_progress(1)
            continue
        chunk.append(rec)
        if len(chunk) >= options.chunk:
            flush()
    flush()
    summary.seconds = time.perf_counter() - t0
    return summary


def _ingest_chunk(store: Store, records: list[dict[str, Any]], nlp: Any,
                  summary: IngestSummary, reject: Callable[..., None],
                  seen: dict[str, tuple[str, str, int | None]]) -> None:
    hashes = [article_hash(r["text"]) for r in records]
    stored = store.hashes([r["id"] for r in records])
    todo = []
    for rec, h in zip(records, hashes):
        first = seen.get(rec["id"])
        if first is not None:
            if first[0] == h[:16]:  # the same article twice: one copy
                summary.present += 1
                summary.ids.append(rec["id"])
            else:  # the first text read wins, so a re-run stores the same thing
                where = f"{first[1]}:{first[2]}" if first[2] else first[1]
                reject(InputError(f"duplicate id {rec['id']!r} with another text (first read "
                                  f"at {where})", file=rec["_file"], line=rec["_line"]),
                       rec["id"])
            continue
        seen[rec["id"]] = (h[:16], rec["_file"], rec["_line"])
        if stored.get(rec["id"]) == h:
            summary.present += 1
            summary.ids.append(rec["id"])
            continue
        todo.append((rec, h))
    docs = []
    for rec, h in todo:  # extraction: outside any transaction
        out = list(nlp.pipe([rec]))
        failures = list(nlp.failures)
        nlp.failures.clear()
        if not out:
            reason = "; ".join(f"{f.stage} failed: {f.reason}" for f in failures) or "no output"
            reject(InputError(reason, file=rec["_file"], line=rec["_line"]), rec["id"])
            continue
        # Keep what the store writes; tokens and the rest of a Document weigh megabytes.
        docs.append((replace(out[0], sentences=(), tokens=(), mentions=(), actors=(), places=(),
                             times=(), normalized=None), h, rec))
    if not docs:
        return
    items = [Article(doc, h, rec["_file"], rec["_line"]) for doc, h, rec in docs]
    if store.db.name == "duckdb":  # one writer: whole articles share a commit
        results = store.write_many(items)
    else:  # parallel writers: one short transaction per article
        results = [store.write_many([item])[0] for item in items]
    for item, result in zip(items, results):
        summary.ids.append(item.doc.id)
        if result.status == "present":  # another writer stored it meanwhile
            summary.present += 1
            continue
        if result.status == "changed":
            summary.changed += 1
        else:
            summary.new += 1
        summary.events += result.events
