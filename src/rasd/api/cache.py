"""Answers that stay true until the store changes: each event's JSON, filter counts, and the
ordered ids a filter and sort select.

A merged event changes only when an article is written. So `GET /api/events` takes the
filter's count and its ordered ids from here (a page is then a slice: paging and re-sorting
a filter cost no query), and each event's serialised JSON too, reading only what is missing
from the store. Everything cached belongs to one store *generation*; a new generation starts
an empty cache:

- DuckDB: the app's process is the file's only writer, so the generation is the number of
  writes this app has made (bumped after each commit);
- PostgreSQL: other processes may write, so the generation also holds the articles' count
  and latest `ingested_at` (every write of events writes its article), read again at most
  once a second: another process's write is seen within a second, this app's at once.

A request reads the generation before the data and only reads and fills that generation's
cache, so nothing it caches is older than the generation it is filed under.
"""

from __future__ import annotations

import json
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from datetime import date
from typing import Any

MAX_EVENTS = 100_000  # event JSON held (~1-2 KB each)
MAX_COUNTS = 4096  # filter counts held
MAX_LIST = 100_000  # a filter selecting more events is paged by the database instead
MAX_LISTED = 1_000_000  # ids held in all the ordered lists together (8 bytes each)
WARM_EVENTS = 20_000  # read into the cache when the server starts: the newest first


def _default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), default=_default)


class _Generation:
    """What is cached for one generation of the store."""

    __slots__ = ("counts", "events", "listed", "lists", "lock")

    def __init__(self) -> None:
        self.events: dict[str, str] = {}
        self.counts: dict[Hashable, int] = {}
        self.lists: OrderedDict[Hashable, list[str]] = OrderedDict()  # least recent first
        self.listed = 0
        self.lock = threading.Lock()


class StoreCache:
    """Event JSON by id, counts by filter and ordered ids by filter and sort, for the
    current generation."""

    def __init__(self, max_list: int = MAX_LIST) -> None:
        self.max_list = max_list
        self._lock = threading.Lock()
        self._generation: Hashable = None
        self._cache = _Generation()

    def _for(self, generation: Hashable) -> _Generation:
        """This generation's cache: a new, empty one when it is not the current one. A
        slower request of an older generation gets a cache of its own, so it can never hand
        its data to a newer one."""
        with self._lock:
            if generation != self._generation:
                self._generation, self._cache = generation, _Generation()
            return self._cache

    def events(self, generation: Hashable, ids: Sequence[str],
               fetch: Callable[[list[str]], list[Any]]) -> list[str]:
        """The JSON of each event in `ids` (in that order; unknown ids are left out);
        `fetch(missing ids)` reads the others as StoredEvents."""
        cached = self._for(generation).events
        found = {i: cached.get(i) for i in ids}  # a snapshot: another request may clear it
        missing = [i for i, js in found.items() if js is None]
        if missing:
            fresh = {ev.id: dumps(ev.to_json()) for ev in fetch(missing)}
            if len(cached) + len(fresh) > MAX_EVENTS:
                cached.clear()
            cached.update(fresh)
            found.update(fresh)
        return [js for js in (found[i] for i in ids) if js is not None]

    def fill(self, generation: Hashable, events: Sequence[Any]) -> int:
        """Cache these StoredEvents (a warm start); returns how many the cache holds."""
        cached = self._for(generation).events
        for ev in events[:max(0, MAX_EVENTS - len(cached))]:
            cached.setdefault(ev.id, dumps(ev.to_json()))
        return len(cached)

    def page(self, generation: Hashable, flt: Hashable, ordering: Hashable, offset: int,
             limit: int) -> tuple[int, list[str]] | None:
        """(total, events JSON) of a page when everything it needs is cached, else None."""
        gen = self._for(generation)
        total = gen.counts.get(flt)
        ordered = gen.lists.get(ordering)
        if total is None or ordered is None:
            return None
        out = []
        for i in ordered[offset:offset + limit]:
            js = gen.events.get(i)
            if js is None:
                return None
            out.append(js)
        return total, out

    def known_count(self, generation: Hashable, key: Hashable) -> int | None:
        return self._for(generation).counts.get(key)

    def count(self, generation: Hashable, key: Hashable, compute: Callable[[], int]) -> int:
        counts = self._for(generation).counts
        found = counts.get(key)
        if found is None:
            found = compute()
            if len(counts) >= MAX_COUNTS:
                counts.clear()
            counts[key] = found
        return found

    def ordered(self, generation: Hashable, key: Hashable,
                compute: Callable[[], list[str]]) -> list[str]:
        """The ids a filter and sort select, in order (`compute` reads them; a list longer
        than `max_list` is returned but not kept). The least recently used lists go first
        when MAX_LISTED ids are held."""
        gen = self._for(generation)
        with gen.lock:
            found = gen.lists.get(key)
            if found is not None:
                gen.lists.move_to_end(key)
                return found
        ids = list(map(sys.intern, compute()))  # one string per id, shared by every list
        with gen.lock:
            if key not in gen.lists and len(ids) <= self.max_list:
                gen.lists[key] = ids
                gen.listed += len(ids)
                while gen.listed > MAX_LISTED and len(gen.lists) > 1:
                    _, dropped = gen.lists.popitem(last=False)
                    gen.listed -= len(dropped)
        return ids
