"""Live sources: RSS/Atom feeds and news pages followed politely into the store.

    from rasd.feeds import Fetcher, FetchOptions, Watcher, load_sources
    watcher = Watcher(Fetcher(FetchOptions(delay=1.0)), rasd.Pipeline())
    with rasd.store.Store.open("rasd.duckdb") as store:
        print(watcher.poll(store, load_sources("sources.yaml")).line())

`sources` reads the sources file, `fetch` is the polite HTTP client, `charset` decodes
pages (windows-1256 with a wrong header included), `parse` reads feeds and extracts
articles, `state` keeps what was seen in the store, `poll` ties them together.
How to run it as a service: docs/watch.md.
"""

from rasd.feeds.charset import decode
from rasd.feeds.fetch import (
    USER_AGENT,
    Fetcher,
    FetchError,
    FetchOptions,
    Response,
    Stopped,
)
from rasd.feeds.parse import Feed, FeedItem, Page, extract_article, parse_feed
from rasd.feeds.poll import PollSummary, Watcher, fetch_page
from rasd.feeds.sources import Source, load_sources
from rasd.feeds.state import FeedState
from rasd.feeds.urls import canonical_url

__all__ = [
    "USER_AGENT", "Feed", "FeedItem", "FeedState", "FetchError", "FetchOptions", "Fetcher",
    "Page", "PollSummary", "Response", "Source", "Stopped", "Watcher", "canonical_url",
    "decode", "extract_article", "fetch_page", "load_sources", "parse_feed",
]
