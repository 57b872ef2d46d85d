"""What `rasd watch` remembers, kept in the store itself (tables feed_urls, feed_items).

Being in the same database as the articles, the state survives restarts, follows the store
(DuckDB file or PostgreSQL) and cannot drift from it: an item is marked stored only after
its article committed.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from rasd.store import Store

_CHUNK = 500


@dataclass(frozen=True, slots=True)
class UrlState:
    etag: str | None
    last_modified: str | None
    status: str
    failures: int


@dataclass(frozen=True, slots=True)
class ItemState:
    status: str  # stored, rejected, gone, failed
    tries: int


def _marks(n: int) -> str:
    return "(" + ", ".join("?" * n) + ")"


class FeedState:
    """Reads and writes the watch tables of an open store."""

    def __init__(self, store: Store) -> None:
        self.db = store.db
        self._batched = False

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Group the writes made inside into one transaction (one commit)."""
        if self._batched:
            yield
            return
        self._batched = True
        try:
            with self.db.transaction():
                yield
        finally:
            self._batched = False

    @contextmanager
    def _write(self) -> Iterator[None]:
        if self._batched:
            yield
        else:
            with self.db.transaction():
                yield

    def urls(self, urls: Sequence[str]) -> dict[str, UrlState]:
        out: dict[str, UrlState] = {}
        unique = list(dict.fromkeys(urls))
        for i in range(0, len(unique), _CHUNK):
            part = unique[i:i + _CHUNK]
            for url, etag, modified, status, failures in self.db.execute(
                    "SELECT url, etag, last_modified, status, failures FROM feed_urls "
                    f"WHERE url IN {_marks(len(part))}", part):
                out[url] = UrlState(etag, modified, status, failures)
        return out

    def save_url(self, url: str, *, status: str, etag: str | None = None,
                 last_modified: str | None = None, error: str | None = None,
                 failures: int = 0) -> None:
        with self._write():
            self.db.execute(
                "INSERT INTO feed_urls (url, etag, last_modified, status, error, failures, "
                "checked_at) VALUES (?, ?, ?, ?, ?, ?, CURRENT_TIMESTAMP) ON CONFLICT (url) DO "
                "UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, "
                "status = excluded.status, error = excluded.error, "
                "failures = excluded.failures, checked_at = excluded.checked_at",
                [url, etag, last_modified, status, error, failures])

    def items(self, urls: Sequence[str]) -> dict[str, ItemState]:
        out: dict[str, ItemState] = {}
        unique = list(dict.fromkeys(urls))
        for i in range(0, len(unique), _CHUNK):
            part = unique[i:i + _CHUNK]
            for url, status, tries in self.db.execute(
                    f"SELECT url, status, tries FROM feed_items WHERE url IN {_marks(len(part))}",
                    part):
                out[url] = ItemState(status, tries)
        return out

    def save_item(self, url: str, *, feed: str, status: str, tries: int,
                  reason: str | None = None) -> None:
        with self._write():
            self.db.execute(
                "INSERT INTO feed_items (url, feed, status, tries, reason, last_tried) "
                "VALUES (?, ?, ?, ?, ?, CURRENT_TIMESTAMP) ON CONFLICT (url) DO UPDATE SET "
                "status = excluded.status, tries = excluded.tries, reason = excluded.reason, "
                "last_tried = excluded.last_tried",
                [url, feed, status, tries, reason])

    def count_items(self) -> int:
        return self.db.execute("SELECT count(*) FROM feed_items")[0][0]
