"""What a fetched feed or page holds: feed items (feedparser) and article text (trafilatura).

`parse_feed` reads RSS 0.9x/1.0/2.0 and Atom; a body that is no feed at all (malformed XML
without a single item, an HTML page) raises InputError, while a feed with a few broken bits
but readable items is used. `extract_article` takes the main text, title and date of a news
page; when it finds no text, the caller falls back to the feed item's own content/summary.
"""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

from rasd.errors import InputError
from rasd.feeds.charset import decode
from rasd.feeds.urls import canonical_url

_XML_DECL = re.compile(rb"^\s*<\?xml[^>]*\?>", re.DOTALL)
_BLOCK = re.compile(r"<\s*(?:br|/p|/div|/li|/h\d|/blockquote|/tr)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"[ \t\u00a0\u200f\u200e]+")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One item of a feed: its article's URL and what the feed itself says about it."""

    url: str  # canonical: the article's id in the store
    title: str | None = None
    text: str | None = None  # the item's content or summary as plain text (a fallback)
    published: str | None = None  # YYYY-MM-DD, in the date's own time zone


@dataclass(frozen=True, slots=True)
class Feed:
    title: str | None
    items: list[FeedItem]
    skipped: int = 0  # items without a usable http(s) link


@dataclass(frozen=True, slots=True)
class Page:
    """The article on a news page."""

    text: str
    title: str | None = None
    published: str | None = None


def html_to_text(markup: str | None) -> str:
    """Plain text of a snippet of HTML (a feed summary): tags out, entities decoded."""
    if not markup:
        return ""
    text = _TAG.sub("", _BLOCK.sub("\n", markup))
    text = html.unescape(text)
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _entry_date(entry: Any) -> str | None:
    """The item's date in its own time zone (feedparser's *_parsed fields are UTC)."""
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if not raw:
            continue
        for parse in (parsedate_to_datetime, datetime.fromisoformat):
            try:
                return parse(raw.strip()).date().isoformat()
            except (TypeError, ValueError, IndexError):
                continue
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            return f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}"
    return None


def _entry_url(entry: Any) -> str | None:
    candidates = [entry.get("link")]
    candidates += [link.get("href") for link in entry.get("links", [])
                   if link.get("rel", "alternate") == "alternate"]
    candidates.append(entry.get("id"))
    for url in candidates:
        if isinstance(url, str) and urlsplit(url.strip()).scheme in ("http", "https"):
            return canonical_url(url)
    return None


def parse_feed(body: bytes, content_type: str | None, url: str) -> Feed:
    """The items of an RSS or Atom feed; InputError(file=url) when it is not one."""
    import feedparser

    text, _ = decode(body, content_type)
    # feedparser decodes by itself, trusting the very header that may be wrong: hand it
    # UTF-8 with a matching declaration instead.
    data = _XML_DECL.sub(b"", text.encode("utf-8"), count=1)
    data = b'<?xml version="1.0" encoding="utf-8"?>\n' + data.lstrip()
    parsed = feedparser.parse(io.BytesIO(data), response_headers={
        "content-type": "application/xml; charset=utf-8", "content-location": url})
    if not parsed.entries and not parsed.bozo and not parsed.version:
        raise InputError("not an RSS or Atom feed", file=url)
    items: list[FeedItem] = []
    skipped = 0
    for entry in parsed.entries:
        link = _entry_url(entry)
        if link is None:
            skipped += 1
            continue
        content = entry.get("content") or []
        full = max((c.get("value", "") for c in content), key=len, default="")
        summary = html_to_text(full) or html_to_text(entry.get("summary"))
        items.append(FeedItem(url=link, title=html_to_text(entry.get("title")) or None,
                              text=summary or None, published=_entry_date(entry)))
    if parsed.bozo and not items:  # broken XML that the lenient parser got nothing from
        raise InputError(f"malformed feed, no items could be read "
                         f"({_bozo_reason(parsed.bozo_exception)})", file=url)
    return Feed(parsed.feed.get("title"), items, skipped)


def _bozo_reason(exc: Any) -> str:
    reason = str(getattr(exc, "getMessage", lambda: exc)()) if exc else "unknown error"
    return reason.strip().splitlines()[0] if reason.strip() else type(exc).__name__


def extract_article(page_html: str, url: str) -> Page | None:
    """Main text, title and date of a news page (trafilatura); None when it has no text."""
    import trafilatura

    found = trafilatura.bare_extraction(
        page_html, url=url, with_metadata=True, include_comments=False, include_tables=False,
        date_extraction_params={"extensive_search": False, "original_date": True})
    if found is None:
        return None
    data = found.as_dict() if hasattr(found, "as_dict") else dict(found)
    text = (data.get("text") or "").strip()
    if not text:
        return None
    date = data.get("date")
    return Page(text=text, title=data.get("title") or None,
                published=date if isinstance(date, str) and _DATE.match(date) else None)
