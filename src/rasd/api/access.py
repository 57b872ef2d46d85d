"""The app's one opened store: a small pool of readers and one writer behind a lock.

DuckDB allows one process to write a file, so the app opens the store once, read-write (a
read-only open would lock `POST /api/articles` out). Readers are cursors of that same
connection: each is its own DuckDB connection to the one database, so requests read in
parallel and keep reading, from the last committed state, while a write is in progress.
Writes go through the store itself, one at a time (the write lock), which also guards the
pipeline (not thread-safe), and start a new cache generation (rasd.api.cache). On PostgreSQL the readers are separate connections and every
read ends its transaction, so a reader never holds a snapshot or a lock between requests.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from rasd.api.cache import StoreCache
from rasd.store import Store, is_postgres
from rasd.store.backends import DuckDBBackend, PostgresBackend

READERS = 4  # parallel reads; more would only queue on 2 cores
PG_RECHECK = 1.0  # seconds: how stale a PostgreSQL answer may be after another process writes


class _DuckDBCursor(DuckDBBackend):
    """A reader: a cursor of the writer's DuckDB connection (same database, own connection)."""

    def __init__(self, parent: DuckDBBackend) -> None:  # no connect: a cursor
        self.url = parent.url
        self._duckdb = parent._duckdb
        self.con = parent.con.cursor()
        self._in_tx = False


class StoreAccess:
    """Readers and the writer of one store; opened once, reopened if used after close()."""

    def __init__(self, url: str, *, pipeline: Any = None,
                 actor_dirs: list[Path] | None = None, readers: int = READERS) -> None:
        self.url = url
        self.postgres = is_postgres(url)
        self.readers = readers
        self._pipeline = pipeline
        self._actor_dirs = list(actor_dirs or [])
        self._open_lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._writer: Store | None = None
        self._pool: queue.Queue[Store] | None = None
        self._all: list[Store] = []
        self._writes = 0
        self._seen: tuple[Any, float] = (None, 0.0)  # PostgreSQL: (articles state, when)
        self.cache = StoreCache()

    def generation(self, store: Store | None) -> Any:
        """What identifies the store's current contents for `cache` (see rasd.api.cache).
        DuckDB: this app's writes (`store` may be None). PostgreSQL: those, and the
        articles' count and latest `ingested_at`, read at most once a second (a scan of
        the articles per request would cost more than the answers it saves)."""
        if not self.postgres:
            return self._writes
        now = time.monotonic()
        seen, at = self._seen
        if seen is None or now - at >= PG_RECHECK:
            assert store is not None
            seen = tuple(store.db.execute(
                "SELECT count(*), max(ingested_at) FROM articles")[0])
            self._seen = (seen, now)
        return (self._writes, seen)

    def warm(self) -> None:
        """Read the newest events into the cache (run in the background at start-up, so the
        first requests find most events there); errors are left to the requests."""
        from rasd.api.cache import WARM_EVENTS
        from rasd.store.query import EventFilter, query

        with suppress(Exception), self.read() as store:
            generation = self.generation(store)
            events = query(store, EventFilter(limit=WARM_EVENTS, sort="-date"))
            self.cache.fill(generation, events)

    def open(self) -> None:
        """Open and migrate the store and its readers (idempotent)."""
        with self._open_lock:
            if self._writer is not None:
                return
            writer = Store.open(self.url)
            made: list[Store] = []
            try:
                for _ in range(self.readers):
                    if self.postgres:
                        made.append(Store(PostgresBackend(self.url)))
                    else:
                        made.append(Store(_DuckDBCursor(writer.db)))
            except BaseException:
                for s in made:
                    s.close()
                writer.close()
                raise
            pool: queue.Queue[Store] = queue.Queue()
            for s in made:
                pool.put(s)
            self._writer, self._pool, self._all = writer, pool, made

    def close(self) -> None:
        with self._open_lock, self._write_lock:
            for s in self._all:
                with suppress(Exception):  # closing what may already be broken
                    s.close()
            if self._writer is not None:
                self._writer.close()
            self._writer, self._pool, self._all = None, None, []

    @contextmanager
    def read(self) -> Iterator[Store]:
        """A reader for one request (waits while every reader is busy)."""
        if self._pool is None:
            self.open()
        pool = self._pool
        assert pool is not None
        store = pool.get()
        try:
            yield store
        finally:
            if self.postgres:
                store = self._end_read(store)
            pool.put(store)

    def _end_read(self, store: Store) -> Store:
        """End the reader's transaction; a broken connection is replaced by a new one."""
        con = store.db.con
        with suppress(Exception):  # a failed rollback: the connection is going away
            if not con.closed and not con.broken:
                con.rollback()
                return store
        with suppress(Exception):
            store.close()
        fresh = Store(PostgresBackend(self.url))
        self._all = [fresh if s is store else s for s in self._all]
        return fresh

    def write(self, work: Callable[[Store, Any], Any]) -> Any:
        """Run `work(store, pipeline)` alone; the pipeline is built on the first write."""
        if self._writer is None:
            self.open()
        with self._write_lock:
            if self._pipeline is None:
                from rasd.pipeline import Pipeline

                self._pipeline = Pipeline(actor_dirs=self._actor_dirs)
            assert self._writer is not None
            try:
                return work(self._writer, self._pipeline)
            finally:
                self._writes += 1  # after the commit: cached answers are now old
                if self.postgres:
                    self._writer.db.rollback()  # end the read the work may have left open
