"""Extraction on a Dask cluster: a laptop's cores, an existing scheduler, SLURM or Kubernetes.

    from rasd.errors import InputError
    from rasd.io import iter_records
    from rasd.scale import ExtractFailure, distributed_extract

    for out in distributed_extract(iter_records(["articles.jsonl"]), workers=4):
        if isinstance(out, (ExtractFailure, InputError)):
            report(out)           # str(out) is "FILE:LINE: reason"
        else:
            write(out)            # doc.to_json(): the per-article line of GOLD.md

How it works:

- **Cluster.** `workers=N` starts a `LocalCluster` of N single-threaded worker processes (no
  dashboard) and closes it at the end; `scheduler="tcp://host:8786"` connects to a running
  cluster (SLURM, Kubernetes, `dask scheduler`) and only closes the client.
- **One pipeline per worker process.** Tasks are module-level functions of this module,
  pickled by reference; each worker process builds its `Pipeline` the first time a task
  needs it (keyed by the actor directories) and keeps it for every later batch. The pipeline
  is never pickled or sent with a task; only records go out and JSON-able results come back.
- **Streaming, in input order.** Records are cut into batches of `batch_size`; at most about
  two batches per worker thread are submitted or waiting to be yielded at any time, so memory
  stays flat however long the stream. Results are yielded in input order: a batch finished
  early waits in a small buffer until the ones before it are yielded.
- **Failures are values, not exceptions.** A record a stage cannot process (a `RasdError`) is
  yielded in its place as an `ExtractFailure` (id, stage, reason, file, line); anything in the
  input stream that is not a dict (e.g. the `InputError`s of `rasd.io.iter_records`) is
  passed through unchanged at its place. An unexpected exception in a worker (a bug) is raised
  in the caller, as it would be in one process.

`extract_bag` does the same for a `dask.bag.Bag` of records, for notebooks; `distributed_map`
runs any batch task of this shape (e.g. extraction plus a write to PostgreSQL from every
worker) with the same cluster handling, batching and ordering.
"""

from __future__ import annotations

import dataclasses
import json
import os
import threading
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rasd.errors import ConfigError
from rasd.model import Document

if TYPE_CHECKING:
    import dask.bag
    from distributed import Client

    from rasd.pipeline import Pipeline

DEFAULT_BATCH = 200
CONNECT_TIMEOUT = 10.0  # seconds to reach an existing scheduler

Record = dict[str, Any]
ActorDirs = Sequence[str | os.PathLike[str]]


@dataclass(frozen=True, slots=True)
class ExtractFailure:
    """A record that a stage could not process; yielded in the record's place."""

    id: str
    stage: str  # "input" when the record itself is unusable (e.g. no text)
    reason: str
    file: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = f"{self.file}:{self.line}: " if self.line is not None else f"{self.file}: "
        return f"{where}{self.stage} failed: {self.reason}"

    def to_json(self) -> dict[str, Any]:
        """`{"id", "error", "stage", "file", "line"}`: has "error" where output has "events"."""
        return {"id": self.id, "error": self.reason, "stage": self.stage, "file": self.file,
                "line": self.line}


# -- the per-process pipeline ------------------------------------------------------------

_PIPELINES: dict[tuple[str, ...], tuple[Pipeline, threading.Lock]] = {}
_BUILDING = threading.Lock()
_BUILDS = 0  # pipelines built in this process (tests check it is one per worker)


def _key(actor_dirs: ActorDirs) -> tuple[str, ...]:
    return tuple(str(Path(d)) for d in actor_dirs)


def _pipeline(actor_dirs: ActorDirs) -> tuple[Pipeline, threading.Lock]:
    """This process's pipeline for these actor directories, built on first use, and its lock.

    The lock makes a pipeline safe on a worker with several threads (extraction is pure
    Python, so threads would not run it faster anyway: use one thread per worker process).
    """
    global _BUILDS
    key = _key(actor_dirs)
    entry = _PIPELINES.get(key)
    if entry is None:
        with _BUILDING:
            entry = _PIPELINES.get(key)
            if entry is None:
                from rasd.pipeline import Pipeline
                entry = (Pipeline(actor_dirs=[Path(d) for d in key]), threading.Lock())
                _PIPELINES[key] = entry
                _BUILDS += 1
    return entry


def _builds() -> int:
    return _BUILDS


_RESOURCES: dict[Hashable, Any] = {}
_RESOURCE_LOCK = threading.RLock()


def worker_resource(key: Hashable, factory: Callable[[], Any]) -> Any:
    """A per-process object built once by `factory()` and kept, e.g. a PostgreSQL store.

    For tasks that write from every worker: `worker_resource(("store", url), lambda:
    Store.open(url))` opens one connection per worker process, not one per batch.
    """
    try:
        return _RESOURCES[key]
    except KeyError:
        with _RESOURCE_LOCK:
            if key not in _RESOURCES:
                _RESOURCES[key] = factory()
            return _RESOURCES[key]


def extract_records(records: Iterable[Record | str], actor_dirs: ActorDirs = ()
                    ) -> list[Document | ExtractFailure]:
    """One Document or ExtractFailure per record, with this process's pipeline.

    The building block of every task here; a custom `distributed_map` task calls it too.
    """
    nlp, lock = _pipeline(actor_dirs)
    out: list[Document | ExtractFailure] = []
    with lock:
        for n, rec in enumerate(records):
            docs = list(nlp.pipe([rec]))
            failures = list(nlp.failures)
            nlp.failures.clear()
            if docs:
                out.append(docs[0])
                continue
            f = failures[0] if failures else None
            meta = rec if isinstance(rec, dict) else {}
            out.append(ExtractFailure(
                id=str(meta.get("id") or (f.id if f else n)),
                stage=f.stage if f else "input", reason=f.reason if f else "no output",
                file=meta.get("_file"), line=meta.get("_line")))
    return out


def extract_batch(records: list[Record], actor_dirs: ActorDirs = ()
                  ) -> list[dict[str, Any] | ExtractFailure]:
    """Task: the output dict (`doc.to_json()`) or an ExtractFailure for each record."""
    return [r if isinstance(r, ExtractFailure) else r.to_json()
            for r in extract_records(records, actor_dirs)]


def extract_lines_batch(records: list[Record], actor_dirs: ActorDirs = ()
                        ) -> list[str | ExtractFailure]:
    """Task: the output as one JSON line (no newline) or an ExtractFailure for each record.

    Serialising on the workers spares the process that writes the file most of its work.
    """
    return [r if isinstance(r, ExtractFailure)
            else json.dumps(r.to_json(), ensure_ascii=False)
            for r in extract_records(records, actor_dirs)]


def document_batch(records: list[Record], actor_dirs: ActorDirs = ()
                   ) -> list[Document | ExtractFailure]:
    """Task: a Document (its text, metadata and events) or an ExtractFailure for each record.

    Tokens, sentences, mentions and the normalised text are dropped to keep results small:
    what comes back is what a store writes.
    """
    return [r if isinstance(r, ExtractFailure) else
            dataclasses.replace(r, sentences=(), tokens=(), mentions=(), normalized=None)
            for r in extract_records(records, actor_dirs)]


# -- clusters ------------------------------------------------------------------------------

def default_workers() -> int:
    """One worker per core this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _check(workers: int | None, scheduler: str | None, batch_size: int) -> None:
    if workers is not None and scheduler is not None:
        raise ConfigError("give --workers (a local cluster) or --scheduler (an existing "
                          "cluster), not both")
    if workers is not None and workers < 1:
        raise ConfigError(f"--workers must be 1 or more, not {workers}")
    if batch_size < 1:
        raise ConfigError(f"the batch size must be 1 or more, not {batch_size}")
    if scheduler is not None and not scheduler.strip():
        raise ConfigError("--scheduler needs an address such as tcp://10.0.0.5:8786")


def _check_address(scheduler: str) -> None:
    """Refuse a malformed address before a Client is made (a failed one lingers noisily)."""
    from distributed.comm.addressing import parse_address, parse_host_port
    from distributed.comm.registry import get_backend

    try:
        scheme, location = parse_address(scheduler, strict=False)
        get_backend(scheme)
        if scheme in ("tcp", "tls"):
            parse_host_port(location)
    except ValueError as exc:
        raise ConfigError(f"{scheduler!r} is not a Dask scheduler address ({exc}); give one "
                          "like tcp://10.0.0.5:8786") from exc


@contextmanager
def open_client(workers: int | None = None, scheduler: str | None = None, *,
                connect_timeout: float = CONNECT_TIMEOUT) -> Iterator[Client]:
    """A client of a new LocalCluster (`workers`) or of the scheduler at `scheduler`.

    Everything opened here is closed on exit; an existing cluster is left running.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise ConfigError("--workers and --scheduler need Dask: pip install 'dask[bag]' "
                          "distributed") from exc

    if scheduler is None:
        cluster = LocalCluster(n_workers=workers or default_workers(), threads_per_worker=1,
                               processes=True, dashboard_address=None)
        try:
            with Client(cluster, set_as_default=False) as client:
                yield client
        finally:
            cluster.close()
        return
    _check_address(scheduler)
    try:
        client = Client(scheduler, timeout=connect_timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError, TypeError) as exc:
        raise ConfigError(
            f"cannot reach a Dask scheduler at {scheduler!r} ({type(exc).__name__}: {exc}); "
            "check that it is running and give its address as printed by `dask scheduler` "
            "or `cluster.scheduler_address` (e.g. tcp://10.0.0.5:8786), or use --workers N "
            "for a cluster on this machine") from exc
    try:
        yield client
    finally:
        client.close()


# -- streaming in order ----------------------------------------------------------------

def _call(task: Callable[..., list[Any]], records: list[Record], kwargs: dict[str, Any]
          ) -> list[Any]:
    return task(records, **kwargs)


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """Lists of `size` items; items that are not records ride along in the same list."""
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _window(client: Client) -> int:
    """Batches submitted or waiting to be yielded: two per worker thread, at least two."""
    return max(2, 2 * sum(client.nthreads().values()))


def ordered_map(client: Client, items: Iterable[Any], task: Callable[..., list[Any]], *,
                batch_size: int = DEFAULT_BATCH, **task_kwargs: Any) -> Iterator[Any]:
    """`task(batch, **task_kwargs)` on the cluster, one result per dict, in input order.

    Non-dict items are yielded unchanged at their place. At most `_window(client)` batches
    are in flight or buffered at once.
    """
    from distributed import as_completed

    batches = _batches(items, batch_size)
    done = as_completed(loop=client.loop)
    in_flight: dict[str, tuple[int, list[Any], Any]] = {}  # future key -> (seq, batch, future)
    ready: dict[int, tuple[list[Any], list[Any]]] = {}  # seq -> (batch, results)
    submitted = yielded = 0
    exhausted = False
    try:
        while True:
            limit = _window(client)
            while not exhausted and len(in_flight) + len(ready) < limit:
                batch = next(batches, None)
                if batch is None:
                    exhausted = True
                    break
                records = [x for x in batch if isinstance(x, dict)]
                if records:
                    fut = client.submit(_call, task, records, task_kwargs, pure=False)
                    in_flight[fut.key] = (submitted, batch, fut)
                    done.add(fut)
                else:  # only pass-through items: nothing to compute
                    ready[submitted] = (batch, [])
                submitted += 1
            if yielded in ready:
                batch, results = ready.pop(yielded)
                yielded += 1
                it = iter(results)
                for item in batch:
                    yield next(it) if isinstance(item, dict) else item
                continue
            if not in_flight:
                return
            fut = next(done)
            seq, batch, _ = in_flight.pop(fut.key)
            ready[seq] = (batch, fut.result())  # a task's exception is raised here
            fut.release()
    finally:
        if in_flight:
            client.cancel([f for _, _, f in in_flight.values()])


def distributed_map(items: Iterable[Any], task: Callable[..., list[Any]], *,
                    workers: int | None = None, scheduler: str | None = None,
                    batch_size: int = DEFAULT_BATCH, connect_timeout: float = CONNECT_TIMEOUT,
                    **task_kwargs: Any) -> Iterator[Any]:
    """Run a batch task over a stream on a local or existing cluster; see `ordered_map`.

    `task` must be a module-level function (importable on the workers) taking a list of
    record dicts and returning one result per record. The cluster is opened when iteration
    starts and closed when it ends (or when the iterator is closed). Options are checked now.
    """
    _check(workers, scheduler, batch_size)

    def run() -> Iterator[Any]:
        with open_client(workers, scheduler, connect_timeout=connect_timeout) as client:
            yield from ordered_map(client, items, task, batch_size=batch_size, **task_kwargs)

    return run()


def distributed_extract(records: Iterable[Record | Any], *, workers: int | None = None,
                        scheduler: str | None = None, batch_size: int = DEFAULT_BATCH,
                        actor_dirs: ActorDirs = (), json_lines: bool = False,
                        connect_timeout: float = CONNECT_TIMEOUT
                        ) -> Iterator[dict[str, Any] | str | ExtractFailure | Any]:
    """The output dict (`doc.to_json()`) of each record, in input order, extracted on Dask.

    `workers=N`: a LocalCluster of N processes on this machine (default: one per core);
    `scheduler="tcp://host:8786"`: an existing cluster. A record that fails comes out as an
    `ExtractFailure` at its place; non-dict items of `records` (such as the `InputError`s of
    `rasd.io.iter_records`) come out unchanged at theirs. With `json_lines=True` the output
    comes as the JSONL line to write, `json.dumps(doc.to_json(), ensure_ascii=False)`
    without the newline, serialised on the workers. Raises ConfigError for bad options or
    an unreachable scheduler (when iteration starts).
    """
    task = extract_lines_batch if json_lines else extract_batch
    return distributed_map(records, task, workers=workers, scheduler=scheduler,
                           batch_size=batch_size, connect_timeout=connect_timeout,
                           actor_dirs=_key(actor_dirs))


def distributed_documents(records: Iterable[Record | Any], *, workers: int | None = None,
                          scheduler: str | None = None, batch_size: int = DEFAULT_BATCH,
                          actor_dirs: ActorDirs = (),
                          connect_timeout: float = CONNECT_TIMEOUT
                          ) -> Iterator[Document | ExtractFailure | Any]:
    """As `distributed_extract`, but Documents (text, metadata, events) for one writer.

    For a store with one writer (DuckDB): workers extract, this process writes.
    """
    return distributed_map(records, document_batch, workers=workers, scheduler=scheduler,
                           batch_size=batch_size, connect_timeout=connect_timeout,
                           actor_dirs=_key(actor_dirs))


# -- dask.bag --------------------------------------------------------------------------------

def _extract_partition(records: Iterable[Record | str], actor_dirs: tuple[str, ...]
                       ) -> list[dict[str, Any]]:
    return [r.to_json() if isinstance(r, ExtractFailure) else r
            for r in extract_batch(list(records), actor_dirs)]


def extract_bag(bag: dask.bag.Bag, actor_dirs: ActorDirs = ()) -> dask.bag.Bag:
    """A bag of output dicts (`doc.to_json()`), one per record of `bag`, in the same order.

    Records are dicts with "text" (+ "id", "published", "source", "url", "country") or
    strings. Each process that runs a partition builds its pipeline once and keeps it. A
    record that fails becomes `{"id", "error", "stage", "file", "line"}` (it has "error"
    where output has "events"): `bag.filter(lambda d: "error" not in d)` keeps the output.

        import dask.bag as db, json, rasd.scale
        out = rasd.scale.extract_bag(db.read_text("news/*.jsonl").map(json.loads))
        out.map(json.dumps, ensure_ascii=False).to_textfiles("events/*.jsonl",
                                                             last_endline=True)
    """
    return bag.map_partitions(_extract_partition, _key(actor_dirs))
