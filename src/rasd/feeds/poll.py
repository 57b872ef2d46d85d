"""One poll of every source: feeds and pages fetched, new items' articles fetched, extracted
and stored through the idempotent ingest path.

    watcher = Watcher(Fetcher(FetchOptions(delay=1.0)), rasd.Pipeline())
    with Store.open("rasd.duckdb") as store:
        summary = watcher.poll(store, load_sources("sources.yaml"))
    print(summary.line())

A poll runs in two network rounds, each spread over worker threads one host per thread
(the fetcher keeps each host to one request at a time): first every feed and page
(conditional GETs), then the article page of every item not dealt with before. Only the
calling thread touches the database and the pipeline: fetched articles come back to it
through a queue and are stored as they arrive (those ready together share one commit), so
stopping (the `stop` event: Ctrl-C, SIGTERM) loses nothing but the requests in flight. A
source or item that fails is reported and skipped, never fatal; an item that failed for a
transient reason (timeout, 5xx, 429, network) is tried again at the next polls, `max_tries`
times in all, after which the feed's own text of the item is used if it has one.
"""

from __future__ import annotations

import queue
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass, field
from typing import Any

from rasd.errors import InputError
from rasd.feeds.fetch import Fetcher, FetchError, Response, Stopped
from rasd.feeds.parse import Feed, FeedItem, Page, extract_article, parse_feed
from rasd.feeds.sources import Source
from rasd.feeds.state import FeedState, ItemState
from rasd.feeds.urls import host_key
from rasd.store import IngestOptions, Store, arabic_ratio, article_hash, ingest_records

MAX_TRIES = 3
FEED_ACCEPT = ("application/rss+xml, application/atom+xml, application/xml;q=0.9, "
               "text/xml;q=0.9, */*;q=0.5")
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"


@dataclass
class PollSummary:
    sources_ok: int = 0
    sources_failed: int = 0
    items_new: int = 0
    items_seen: int = 0
    items_failed: int = 0
    stored: int = 0  # articles new or changed in the store
    present: int = 0  # articles fetched but already in the store
    rejected: int = 0
    events: int = 0
    requests: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    errors: list[str] = field(default_factory=list)

    def line(self) -> str:
        s = (f"sources {self.sources_ok} ok, {self.sources_failed} failed; items "
             f"{self.items_new} new, {self.items_seen} seen"
             + (f", {self.items_failed} failed" if self.items_failed else "")
             + f"; articles {self.stored} stored, {self.present} already present, "
             f"{self.rejected} rejected; {self.events} events; {self.requests} requests; "
             f"{self.seconds:.1f} s")
        return s + (" (interrupted)" if self.interrupted else "")

    def to_json(self) -> dict[str, Any]:
        return {"sources_ok": self.sources_ok, "sources_failed": self.sources_failed,
                "items_new": self.items_new, "items_seen": self.items_seen,
                "items_failed": self.items_failed, "stored": self.stored,
                "present": self.present, "rejected": self.rejected, "events": self.events,
                "requests": self.requests, "seconds": round(self.seconds, 2),
                "interrupted": self.interrupted}


@dataclass
class _Job:
    """An article to fetch (or already fetched, for a page source) and where it came from."""

    url: str
    source: Source
    item: FeedItem | None = None  # None for a page source
    tries: int = 0  # failed attempts at earlier polls
    response: Response | None = None


@dataclass
class _Fetched:
    job: _Job
    page: Page | None = None
    error: FetchError | InputError | None = None


def fetch_page(fetcher: Fetcher, url: str, response: Response | None = None
               ) -> tuple[Response, Page | None]:
    """Fetch (unless given) and extract one article page."""
    resp = response or fetcher.get(url, accept=PAGE_ACCEPT)
    ctype = resp.content_type.split(";")[0].strip().lower()
    if ctype and not (ctype.startswith("text/") or "html" in ctype or "xml" in ctype):
        raise FetchError(f"not a web page ({ctype})", url=url)
    return resp, extract_article(resp.text(), resp.final_url)


class Watcher:
    """Polls sources into a store; keep one for the life of the process (it caches
    robots.txt and per-host timing in its fetcher, and holds the loaded pipeline)."""

    def __init__(self, fetcher: Fetcher, nlp: Any, *, workers: int = 8,
                 max_tries: int = MAX_TRIES, batch: int = 32,
                 options: IngestOptions | None = None,
                 on_error: Callable[[str], None] | None = None) -> None:
        self.fetcher = fetcher
        self.nlp = nlp
        self.workers = max(1, workers)
        self.max_tries = max(1, max_tries)
        self.batch = max(1, batch)  # articles stored in one commit, when ready together
        self.options = options or IngestOptions()
        self.on_error = on_error or (lambda message: None)

    @property
    def stop(self) -> threading.Event:
        return self.fetcher.stop

    def poll(self, store: Store, sources: Sequence[Source]) -> PollSummary:
        summary = PollSummary()
        t0 = time.perf_counter()
        requests0 = self.fetcher.requests
        state = FeedState(store)
        try:
            jobs = self._poll_sources(state, sources, summary)
            if not self.stop.is_set():
                self._poll_articles(store, state, jobs, summary)
        except Stopped:
            pass
        summary.interrupted = self.stop.is_set()
        summary.requests = self.fetcher.requests - requests0
        summary.seconds = time.perf_counter() - t0
        return summary

    def _report(self, summary: PollSummary, message: str) -> None:
        summary.errors.append(message)
        self.on_error(message)

    # -- round 1: feeds and pages ----------------------------------------------------------

    def _poll_sources(self, state: FeedState, sources: Sequence[Source],
                      summary: PollSummary) -> list[_Job]:
        known = state.urls([s.url for s in sources])

        def fetch(src: Source) -> tuple[Response, Feed | InputError | None]:
            old = known.get(src.url)
            resp = self.fetcher.get(src.url, etag=old.etag if old else None,
                                    last_modified=old.last_modified if old else None,
                                    accept=FEED_ACCEPT if src.kind == "feed" else PAGE_ACCEPT)
            if src.kind == "page" or resp.not_modified:
                return resp, None
            try:
                return resp, parse_feed(resp.body, resp.content_type, resp.final_url)
            except InputError as exc:
                return resp, exc

        jobs: list[_Job] = []
        items: dict[str, _Job] = {}
        fetched = [r for batch in self._by_host(sources, lambda s: s.host, fetch) for r in batch]
        if self.stop.is_set():
            return []
        with state.batch():
            for src, result in fetched:
                old = known.get(src.url)
                failures = (old.failures if old else 0) + 1
                if isinstance(result, Exception):
                    summary.sources_failed += 1
                    reason = result.reason if isinstance(result, InputError) else repr(result)
                    self._report(summary, f"{src.url}: {reason} (source {src.name!r})")
                    state.save_url(src.url, status="failed", error=reason, failures=failures,
                                   etag=old.etag if old else None,
                                   last_modified=old.last_modified if old else None)
                    continue
                resp, feed = result
                if isinstance(feed, InputError):
                    summary.sources_failed += 1
                    self._report(summary, f"{src.url}: {feed.reason} (source {src.name!r})")
                    # No validators kept: once fixed, the feed must come back in full.
                    state.save_url(src.url, status="failed", error=feed.reason,
                                   failures=failures)
                    continue
                summary.sources_ok += 1
                if resp.not_modified:
                    if src.kind == "page":
                        summary.items_seen += 1
                    state.save_url(src.url, status="not-modified",
                                   etag=resp.etag or (old.etag if old else None),
                                   last_modified=resp.last_modified
                                   or (old.last_modified if old else None))
                elif feed is None:  # a page: its validators are saved once it is stored
                    jobs.append(_Job(src.url, src, response=resp))
                else:
                    state.save_url(src.url, status="ok", etag=resp.etag,
                                   last_modified=resp.last_modified)
                    for item in feed.items:
                        items.setdefault(item.url, _Job(item.url, src, item))
        seen = state.items(list(items))
        for url, job in items.items():
            old_item: ItemState | None = seen.get(url)
            if old_item is None:
                summary.items_new += 1
            elif old_item.status == "failed" and old_item.tries < self.max_tries:
                job.tries = old_item.tries
            else:
                summary.items_seen += 1
                continue
            jobs.append(job)
        return jobs

    # -- round 2: articles -----------------------------------------------------------------

    def _poll_articles(self, store: Store, state: FeedState, jobs: list[_Job],
                       summary: PollSummary) -> None:
        def fetch(job: _Job) -> _Fetched:
            try:
                _, page = fetch_page(self.fetcher, job.url, job.response)
            except (FetchError, InputError) as exc:
                return _Fetched(job, error=exc)
            return _Fetched(job, page=page)

        # Articles that arrive together are stored together: one commit for the lot.
        with closing(self._by_host(jobs, lambda j: host_key(j.url), fetch,
                                   batch=self.batch)) as batches:
            for batch in batches:
                done = []
                for job, fetched in batch:
                    if isinstance(fetched, Exception):  # a bug in extraction: report, go on
                        fetched = _Fetched(job, error=InputError(
                            f"extraction failed: {type(fetched).__name__}: {fetched}",
                            file=job.url))
                    done.append(fetched)
                self._store(store, state, done, summary)
                if self.stop.is_set():
                    break

    def _record(self, state: FeedState, fetched: _Fetched, summary: PollSummary,
                rejects: list[InputError]) -> dict[str, Any] | None:
        """The article to store for a fetched job, or None (reported, state saved)."""
        job, page, error = fetched.job, fetched.page, fetched.error
        item = job.item
        text = title = published = None
        if page is not None:
            text, title, published = page.text, page.title, page.published
        if text is None and item is not None:
            if isinstance(error, FetchError) and error.transient \
                    and job.tries + 1 < self.max_tries:
                summary.items_failed += 1
                self._report(summary, f"{error}; will try again at the next poll")
                state.save_item(job.url, feed=job.source.url, status="failed",
                                tries=job.tries + 1, reason=error.reason)
                return None
            text = item.text  # the feed's own content or summary stands in for the page
        if item is not None:
            published = published or item.published
            title = title or item.title
        problem = None
        if not text:
            problem = error.reason if error is not None else "no article text on the page"
            summary.items_failed += 1
        else:  # what ingest would reject, checked here so a batch's rejects name their URL
            ratio = arabic_ratio(text)
            if ratio < self.options.min_arabic:
                problem = f"not Arabic (only {ratio:.0%} of its letters are Arabic)"
            elif len(text.encode("utf-8")) > self.options.max_bytes:
                problem = f"article text larger than {self.options.max_bytes:,} bytes"
            if problem is not None:
                summary.rejected += 1
                rejects.append(InputError(problem, file=job.url))
        if problem is not None:
            self._report(summary, f"{job.url}: {problem}; skipped (source {job.source.name!r})")
            if item is not None:  # a page source is simply tried again next poll
                state.save_item(job.url, feed=job.source.url, tries=job.tries + 1,
                                status="gone" if error is not None else "rejected",
                                reason=problem)
            return None
        return {"id": job.url, "url": job.url, "text": text, "published": published,
                "source": job.source.name, "country": job.source.country, "title": title,
                "_file": job.url, "_line": None}

    def _store(self, store: Store, state: FeedState, batch: list[_Fetched],
               summary: PollSummary) -> None:
        records: list[tuple[_Job, dict[str, Any]]] = []
        refused: list[InputError] = []
        with state.batch():
            for fetched in batch:
                rec = self._record(state, fetched, summary, refused)
                if rec is not None:
                    records.append((fetched.job, rec))
        for err in refused:  # kept with ingest's own rejects
            store.reject(err.file or "rasd watch", None, err.reason, err.file)
        if not records:
            return
        pages = [rec["id"] for job, rec in records if job.item is None]
        before = store.hashes(pages) if pages else {}
        rejects: list[InputError] = []
        result = ingest_records(store, [rec for _, rec in records], self.nlp,
                                origin="rasd watch", options=self.options,
                                on_reject=rejects.append)
        summary.stored += result.new + result.changed
        summary.present += result.present
        summary.events += result.events
        summary.rejected += result.rejected
        for err in rejects:
            self._report(summary, str(err))
        ok = set(result.ids)
        with state.batch():
            for job, rec in records:
                if job.item is None:  # a page source: new if its text changed
                    unchanged = before.get(job.url) == article_hash(rec["text"])
                    if unchanged:
                        summary.items_seen += 1
                    else:
                        summary.items_new += 1
                    if job.url in ok and job.response is not None:
                        state.save_url(job.url, status="ok", etag=job.response.etag,
                                       last_modified=job.response.last_modified)
                    continue
                reason = next((e.reason for e in rejects if e.file == job.url), None)
                state.save_item(job.url, feed=job.source.url, tries=job.tries + 1,
                                status="stored" if job.url in ok else "rejected",
                                reason=None if job.url in ok else reason or "rejected")

    # -- threads ---------------------------------------------------------------------------

    def _by_host(self, work: Sequence[Any], host_of: Callable[[Any], str],
                 fn: Callable[[Any], Any], *, batch: int = 1
                 ) -> Iterator[list[tuple[Any, Any]]]:
        """Yield lists of (item, fn(item) or the exception it raised) as results arrive:
        one worker thread per host at a time, a host's items in order; a list holds what
        is ready (at most `batch`). Stops early when `stop` is set."""
        groups: dict[str, list[Any]] = defaultdict(list)
        for w in work:
            groups[host_of(w)].append(w)
        if not groups:
            return
        results: queue.Queue = queue.Queue()
        cancel = threading.Event()  # this round is over: workers leave after their item

        def run(group: list[Any]) -> None:
            for w in group:
                if cancel.is_set() or self.stop.is_set():
                    return
                try:
                    results.put((w, fn(w)))
                except Stopped:
                    return
                except Exception as exc:  # noqa: BLE001 - one bug must not lose a host's items
                    results.put((w, exc))

        pool = ThreadPoolExecutor(max_workers=min(self.workers, len(groups)),
                                  thread_name_prefix="rasd-fetch")
        futures: list[Future] = [pool.submit(run, g) for g in groups.values()]
        remaining = len(work)
        try:
            while remaining:
                try:
                    ready = [results.get(timeout=0.2)]
                except queue.Empty:
                    if self.stop.is_set() or all(f.done() for f in futures) and results.empty():
                        break
                    continue
                while len(ready) < batch:
                    try:
                        ready.append(results.get_nowait())
                    except queue.Empty:
                        break
                remaining -= len(ready)
                yield ready
                if self.stop.is_set():
                    break
        except KeyboardInterrupt:  # no signal handler (library use): stop requests too
            self.stop.set()
            raise
        finally:
            cancel.set()
            pool.shutdown(wait=True, cancel_futures=True)
