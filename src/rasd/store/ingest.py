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
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from rasd.errors import InputError
from rasd.io import JSONL_SUFFIXES, MAX_ARTICLE_BYTES, TEXT_SUFFIXES, iter_records
from rasd.model import Document
from rasd.store.db import Article, Store, WriteResult, article_hash

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
                   clear_rejects: bool = True,
                   extract: Callable[[Iterable[Record]], Iterator[Any]] | None = None
                   ) -> IngestSummary:
    """Read, skip what is stored, extract (`extract`: in order, one result per record),
    write in chunks of whole articles.

    The three steps are generators chained together, so a Dask `extract` keeps its workers
    busy while this process reads and writes.
    """
    summary = IngestSummary()
    t0 = time.perf_counter()
    had_rejects = store.reject_files() if clear_rejects else set()
    cleared: set[str] = set()
    seen: dict[str, tuple[str, str, int | None]] = {}  # id -> (hash, file, line) this run
    pending: deque[tuple[Record, str]] = deque()  # records sent to extraction, with hashes

    def reject(err: InputError, article_id: str | None = None) -> None:
        summary.rejected += 1
        summary.rejects.append(err)
        store.reject(err.file or "<input>", err.line, err.reason, article_id)
        if on_reject:
            on_reject(err)

    def progress(n: int) -> None:
        if on_progress and n:
            on_progress(n)

    def todo() -> Iterator[Record]:
        """Records not stored yet, in order; rejects and duplicates handled on the way."""
        chunk: list[Record] = []
        for name, rec in items:
            if name not in cleared:  # a file read again: its old rejects go, new ones come
                cleared.add(name)
                if name in had_rejects:
                    store.clear_rejects(name)
            if isinstance(rec, InputError):
                reject(rec)
                progress(1 if rec.line is not None else 0)
                continue
            chunk.append(rec)
            if len(chunk) >= options.chunk:
                yield from _select(store, chunk, summary, reject, seen, pending, progress)
                chunk = []
        yield from _select(store, chunk, summary, reject, seen, pending, progress)

    run = extract or (lambda records: _extract_here(nlp, records))
    batch: list[Article] = []
    for result in run(todo()):
        rec, h = pending.popleft()
        if isinstance(result, WriteResult):  # extracted and written by a Dask worker
            _count(summary, rec["id"], result)
            progress(1)
        elif isinstance(result, Document):
            # Keep what the store writes; tokens and the rest of a Document weigh megabytes.
            doc = replace(result, sentences=(), tokens=(), mentions=(), actors=(), places=(),
                          times=(), normalized=None)
            batch.append(Article(doc, h, rec["_file"], rec["_line"]))
        else:
            reject(InputError(str(result), file=rec["_file"], line=rec["_line"]), rec["id"])
            progress(1)
        if len(batch) >= options.chunk:
            _write(store, batch, summary, progress)
            batch = []
    _write(store, batch, summary, progress)
    summary.seconds = time.perf_counter() - t0
    return summary


Record = dict[str, Any]


def ingest_distributed(store: Store, inputs: Sequence[str | Path], *,
                       workers: int | None = None, scheduler: str | None = None,
                       actor_dirs: Sequence[str | Path] = (),
                       options: IngestOptions | None = None,
                       on_reject: Callable[[InputError], None] | None = None,
                       on_progress: Callable[[int], None] | None = None) -> IngestSummary:
    """`ingest` with extraction on a Dask cluster (`rasd ingest --workers N`).

    This process reads and skips what is stored, as `ingest` does. DuckDB has one writer, so
    workers extract and this process writes; on PostgreSQL each worker also writes what it
    extracted, through its own connection (one per worker process), in parallel.
    """
    from rasd.scale import ExtractFailure, distributed_documents, distributed_map

    options = options or IngestOptions()
    dirs = tuple(str(d) for d in actor_dirs)

    def extract(records: Iterable[Record]) -> Iterator[Any]:
        if store.db.name == "duckdb":
            results = distributed_documents(records, workers=workers, scheduler=scheduler,
                                            actor_dirs=dirs)
        else:
            results = distributed_map(records, extract_and_store_batch, workers=workers,
                                      scheduler=scheduler, url=store.db.url, actor_dirs=dirs)
        for r in results:
            yield f"{r.stage} failed: {r.reason}" if isinstance(r, ExtractFailure) else r

    return _ingest_stream(store, read_inputs(inputs, options), None, options=options,
                          on_reject=on_reject, on_progress=on_progress, extract=extract)


def extract_and_store_batch(records: list[Record], url: str, actor_dirs: tuple[str, ...] = ()
                            ) -> list[WriteResult | str]:
    """Dask task for PostgreSQL: extract each record and store it from this worker.

    One store connection per worker process, kept between batches; one short transaction
    per article, as `ingest` does on PostgreSQL. A failure comes back as its reason.
    """
    from rasd.scale import ExtractFailure, extract_records, worker_resource

    store = worker_resource(("store", url), lambda: Store.open(url))
    out: list[WriteResult | str] = []
    for rec, res in zip(records, extract_records(records, actor_dirs)):
        if isinstance(res, ExtractFailure):
            out.append(f"{res.stage} failed: {res.reason}")
            continue
        doc = replace(res, sentences=(), tokens=(), mentions=(), actors=(), places=(),
                      times=(), normalized=None)
        art = Article(doc, article_hash(rec["text"]), rec.get("_file"), rec.get("_line"))
        out.append(store.write_many([art])[0])
    return out


def _extract_here(nlp: Any, records: Iterable[Record]) -> Iterator[Document | str]:
    """In this process: the Document of each record, or why it failed."""
    for rec in records:
        out = list(nlp.pipe([rec]))
        failures = list(nlp.failures)
        nlp.failures.clear()
        if out:
            yield out[0]
        else:
            yield "; ".join(f"{f.stage} failed: {f.reason}" for f in failures) or "no output"


def _select(store: Store, records: list[Record], summary: IngestSummary,
            reject: Callable[..., None], seen: dict[str, tuple[str, str, int | None]],
            pending: deque[tuple[Record, str]], progress: Callable[[int], None]
            ) -> Iterator[Record]:
    """The records of a chunk that need extracting (not stored with the same text)."""
    if not records:
        return
    hashes = [article_hash(r["text"]) for r in records]
    stored = store.hashes([r["id"] for r in records])
    skipped = 0
    for rec, h in zip(records, hashes):
        first = seen.get(rec["id"])
        if first is not None:
            skipped += 1
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
            skipped += 1
            summary.present += 1
            summary.ids.append(rec["id"])
            continue
        pending.append((rec, h))
        yield rec
    progress(skipped)


def _write(store: Store, items: list[Article], summary: IngestSummary,
           progress: Callable[[int], None]) -> None:
    if not items:
        return
    if store.db.name == "duckdb":  # one writer: whole articles share a commit
        results = store.write_many(items)
    else:  # parallel writers: one short transaction per article
        results = [store.write_many([item])[0] for item in items]
    for item, result in zip(items, results):
        _count(summary, item.doc.id, result)
    progress(len(items))


def _count(summary: IngestSummary, article_id: str, result: WriteResult) -> None:
    summary.ids.append(article_id)
    if result.status == "present":  # another writer stored it meanwhile
        summary.present += 1
        return
    if result.status == "changed":
        summary.changed += 1
    else:
        summary.new += 1
    summary.events += result.events
