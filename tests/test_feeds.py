"""Live sources against a loopback HTTP server started here: feeds, pages, politeness, state.

The server (127.0.0.1, a free port, one per test) serves the fixtures in
tests/fixtures/feeds (real Arabic news: README.md there) and the bad cases a monitor meets:
a malformed feed, a 404, a slow endpoint, a redirect loop, a huge page, a robots.txt that
disallows a path, ETag / Last-Modified validators, a flaky 503, a windows-1256 page with a
wrong or missing charset header. It logs every request (path, headers, time) so tests can
check what rasd sent, and what it never asked for.
"""

from __future__ import annotations

import gzip
import itertools
import json
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from test_store_common import BACKENDS, backend_url

from rasd.errors import InputError
from rasd.feeds import (
    USER_AGENT,
    Fetcher,
    FetchError,
    FetchOptions,
    Watcher,
    decode,
    extract_article,
    load_sources,
    parse_feed,
)
from rasd.feeds.sources import Source
from rasd.store import Store

FIXTURES = Path(__file__).parent / "fixtures" / "feeds"
RASD = str(Path(sys.executable).with_name("rasd"))
ETAG = '"rss-v1"'
LAST_MODIFIED = "Mon, 29 May 2017 12:00:00 GMT"
SLOW_SECONDS = 2.0
TIMEOUT = 0.5
HUGE_LIMIT = 64_000
CP1256_SENTENCE = "أعلنت وكالة أعماق التابعة لتنظيم"  # jawharafm-1629, the windows-1256 page


@dataclass
class Hit:
    path: str
    headers: dict[str, str]
    at: float


@dataclass
class Site:
    """The test server's address and its request log."""

    base: str
    hits: list[Hit] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    active: int = 0
    max_active: int = 0
    robots: str = "User-agent: *\nDisallow: /private/\n"
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        return self.base + path

    def paths(self) -> list[str]:
        return [h.path for h in self.hits]

    def requests_to(self, path: str) -> list[Hit]:
        return [h for h in self.hits if h.path == path]


def _fixture(name: str, base: str) -> bytes:
    return (FIXTURES / name).read_bytes().replace(b"BASE_URL", base.encode())


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # keep pytest output clean
            pass

        def send(self, status: int, body: bytes = b"", ctype: str | None = None,
                 headers: dict[str, str] | None = None, length: bool = True) -> None:
            self.send_response(status)
            if ctype:
                self.send_header("Content-Type", ctype)
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            if length:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            path = self.path
            with site.lock:
                site.hits.append(Hit(path, {k.lower(): v for k, v in self.headers.items()},
                                     time.monotonic()))
                site.counts[path] = site.counts.get(path, 0) + 1
                n = site.counts[path]
                site.active += 1
                site.max_active = max(site.max_active, site.active)
            try:
                self.route(path, n)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeouts, size limit): expected here
            finally:
                with site.lock:
                    site.active -= 1

        def route(self, path: str, n: int) -> None:
            base = site.base
            inm = self.headers.get("If-None-Match")
            ims = self.headers.get("If-Modified-Since")
            if path == "/robots.txt":
                self.send(200, site.robots.encode(), "text/plain")
            elif path == "/rss.xml":
                if inm == ETAG:
                    self.send(304, headers={"ETag": ETAG}, length=False)
                else:
                    self.send(200, _fixture("rss.xml", base), "application/rss+xml",
                              {"ETag": ETAG})
            elif path == "/atom.xml":
                if ims == LAST_MODIFIED:
                    self.send(304, length=False)
                else:
                    self.send(200, _fixture("atom.xml", base), "application/atom+xml",
                              {"Last-Modified": LAST_MODIFIED})
            elif path == "/plain.xml":  # no validators: parsed again at every poll
                self.send(200, _fixture("atom.xml", base), "application/atom+xml")
            elif path == "/malformed.xml":
                self.send(200, _fixture("malformed.xml", base), "application/rss+xml")
            elif path == "/retry.xml":  # one item whose page fails once with a 503
                body = _fixture("rss.xml", base).replace(
                    f"{base}/articles/jawharafm-1508.html".encode(),
                    f"{base}/flaky/jawharafm-1508.html".encode())
                self.send(200, body, "application/rss+xml")
            elif path.startswith("/articles/"):
                file = FIXTURES / "articles" / Path(path).name
                if file.exists():
                    self.send(200, file.read_bytes(), "text/html; charset=utf-8")
                else:
                    self.send(404, b"not found", "text/plain")
            elif path.startswith("/flaky/"):
                if n == 1:
                    self.send(503, b"busy", "text/plain")
                else:
                    name = Path(path).name
                    self.send(200, (FIXTURES / "articles" / name).read_bytes(),
                              "text/html; charset=utf-8")
            elif path == "/cp1256.html":  # windows-1256 bytes, a wrong charset header
                self.send(200, _fixture("cp1256.html", base), "text/html; charset=iso-8859-1")
            elif path == "/cp1256-nocharset.html":  # ... and no charset anywhere
                self.send(200, _fixture("cp1256.html", base), "text/html")
            elif path == "/gzip.html":
                raw = (FIXTURES / "articles" / "jawharafm-1087.html").read_bytes()
                self.send(200, gzip.compress(raw), "text/html; charset=utf-8",
                          {"Content-Encoding": "gzip"})
            elif path == "/slow":
                time.sleep(SLOW_SECONDS)
                self.send(200, _fixture("rss.xml", base), "application/rss+xml")
            elif path == "/loop/a":
                self.send(302, headers={"Location": "/loop/b"})
            elif path == "/loop/b":
                self.send(302, headers={"Location": f"{base}/loop/a"})
            elif path == "/moved":
                self.send(301, headers={"Location": "/articles/jawharafm-1508.html"})
            elif path == "/huge":  # announced by Content-Length
                self.send(200, ("<p>" + "خبر " * 100_000 + "</p>").encode(), "text/html")
            elif path == "/huge-stream":  # no Content-Length: the limit must hold mid-stream
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                for _ in range(40):
                    self.wfile.write(("<p>" + "خبر " * 2_000 + "</p>").encode())
            elif path == "/error":
                self.send(500, b"boom", "text/plain")
            elif path.startswith("/private/"):
                self.send(200, b"<p>secret</p>", "text/html")
            else:
                self.send(404, b"not found", "text/plain")

    return Handler


@pytest.fixture
def site() -> Iterator[Site]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), lambda *a: None)  # handler set below
    server.daemon_threads = True
    s = Site(f"http://127.0.0.1:{server.server_address[1]}")
    server.RequestHandlerClass = _handler(s)
    server.handle_error = lambda request, address: None  # type: ignore[method-assign]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield s
    finally:
        server.shutdown()
        server.server_close()


def fast(**kw: object) -> Fetcher:
    """A fetcher with test-sized delays, timeouts and limits."""
    opts = {"delay": 0.0, "connect_timeout": TIMEOUT, "read_timeout": TIMEOUT,
            "total_timeout": 5.0, "retries": 0, "backoff": 0.05, "max_bytes": HUGE_LIMIT}
    opts.update(kw)
    return Fetcher(FetchOptions(**opts))  # type: ignore[arg-type]


# -- sources file ----------------------------------------------------------------------------

def test_sources_file_is_read_with_defaults(tmp_path: Path) -> None:
    f = tmp_path / "sources.yaml"
    f.write_text("# outlets\nsources:\n"
                 "  - name: Jawhara FM\n    feed: https://www.Jawharafm.net/ar/rss#top\n"
                 "    country: tun\n    notes: anything else is allowed\n"
                 "  - page: http://other.example/news/هجوم?utm_source=x&id=3\n",
                 encoding="utf-8")
    feed, page = load_sources(f)
    assert (feed.name, feed.kind, feed.url, feed.country, feed.line) == (
        "Jawhara FM", "feed", "https://www.jawharafm.net/ar/rss", "TUN", 3)
    assert page.kind == "page" and page.name == "other.example" and page.line == 7
    assert page.url == "http://other.example/news/%D9%87%D8%AC%D9%88%D9%85?id=3"


@pytest.mark.parametrize(("text", "line", "reason"), [
    ("sources:\n  - name: A\n", 2, "exactly one of 'feed:'"),
    ("sources:\n  - name: A\n    feed: http://a/x\n    page: http://a/y\n", 2, "not both"),
    ("sources:\n  - name: A\n    feed: ftp://a/x\n", 2, "http:// or https://"),
    ("sources:\n  - feed: http://a/x\n  - feed: http://a/x#y\n", 3, "listed twice"),
    ("sources:\n  - feed: http://a/x\n    country: Libya\n", 2, "ISO3"),
    ("sources:\n  - feed: [http://a/x\n", 3, "not valid YAML"),
    ("feeds:\n  - http://a/x\n", 1, "'sources:' list"),
    ("sources: []\n", 1, "non-empty list"),
])
def test_sources_file_errors_name_file_and_line(tmp_path: Path, text: str, line: int,
                                                reason: str) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_sources(f)
    assert str(err.value).startswith(f"{f}:{line}: "), str(err.value)
    assert reason in str(err.value)


def test_missing_or_empty_sources_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_sources(tmp_path / "nope.yaml")
    (tmp_path / "empty.yaml").write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="empty sources file"):
        load_sources(tmp_path / "empty.yaml")


# -- the fetcher -----------------------------------------------------------------------------

def test_etag_and_last_modified_make_conditional_requests(site: Site) -> None:
    f = fast()
    first = f.get(site.url("/rss.xml"))
    assert first.status == 200 and first.etag == ETAG
    again = f.get(site.url("/rss.xml"), etag=first.etag)
    assert again.not_modified and again.body == b""
    sent = site.requests_to("/rss.xml")
    assert "if-none-match" not in sent[0].headers
    assert sent[1].headers["if-none-match"] == ETAG
    atom = f.get(site.url("/atom.xml"))
    assert atom.last_modified == LAST_MODIFIED
    assert f.get(site.url("/atom.xml"), last_modified=atom.last_modified).status == 304
    assert site.requests_to("/atom.xml")[1].headers["if-modified-since"] == LAST_MODIFIED
    for hit in site.hits:  # every request, robots.txt included, names rasd
        assert hit.headers["user-agent"] == USER_AGENT
    assert USER_AGENT.startswith("rasd/") and "(+https://github.com/rasd)" in USER_AGENT


def test_robots_txt_is_honoured_and_read_once_per_host(site: Site) -> None:
    f = fast()
    with pytest.raises(FetchError, match=r"disallowed by .*/robots.txt") as err:
        f.get(site.url("/private/page.html"))
    assert not err.value.transient
    f.get(site.url("/articles/jawharafm-1508.html"))
    f.get(site.url("/rss.xml"))
    assert not any(p.startswith("/private/") for p in site.paths())
    assert site.paths().count("/robots.txt") == 1
    assert not f.allowed(site.url("/private/other.html"))


def test_404_is_reported_and_not_retried(site: Site) -> None:
    with pytest.raises(FetchError, match="HTTP 404") as err:
        fast(retries=3).get(site.url("/gone/x.html"))
    assert err.value.status == 404 and not err.value.transient
    assert str(err.value).startswith(site.url("/gone/x.html") + ": ")
    assert site.paths().count("/gone/x.html") == 1


def test_5xx_is_retried_with_backoff(site: Site) -> None:
    page = fast(retries=2, backoff=0.2).get(site.url("/flaky/jawharafm-1508.html"))
    assert page.status == 200
    hits = site.requests_to("/flaky/jawharafm-1508.html")
    assert len(hits) == 2 and hits[1].at - hits[0].at >= 0.19
    with pytest.raises(FetchError, match=r"HTTP 500 .*after 3 attempts") as err:
        fast(retries=2, backoff=0.01).get(site.url("/error"))
    assert err.value.transient and site.paths().count("/error") == 3


def test_slow_server_times_out_and_is_retried(site: Site) -> None:
    t0 = time.perf_counter()
    with pytest.raises(FetchError, match="timed out") as err:
        fast(retries=1).get(site.url("/slow"))
    took = time.perf_counter() - t0
    assert err.value.transient
    assert site.paths().count("/slow") == 2  # a timeout is retried
    assert took < SLOW_SECONDS, "the read timeout did not cut the slow answer"


def test_redirects_are_followed_and_loops_detected(site: Site) -> None:
    f = fast()
    moved = f.get(site.url("/moved"))
    assert moved.final_url == site.url("/articles/jawharafm-1508.html")
    assert moved.status == 200
    with pytest.raises(FetchError, match="redirect loop") as err:
        f.get(site.url("/loop/a"))
    assert "/loop/a → " in str(err.value) and not err.value.transient
    assert site.paths().count("/loop/a") == 1 and site.paths().count("/loop/b") == 1


def test_size_limit_holds_with_and_without_content_length(site: Site) -> None:
    f = fast()
    for path in ("/huge", "/huge-stream"):
        with pytest.raises(FetchError, match=f"larger than the limit of {HUGE_LIMIT:,} bytes"):
            f.get(site.url(path))
    assert f.bytes < 4 * HUGE_LIMIT  # stopped reading early, not after the whole body
    assert len(f.get(site.url("/articles/jawharafm-1508.html")).body) < HUGE_LIMIT


def test_gzip_bodies_are_decompressed(site: Site) -> None:
    page = fast().get(site.url("/gzip.html"))
    assert site.requests_to("/gzip.html")[0].headers["accept-encoding"] == "gzip, deflate"
    assert "القضاء على 6 من قادة" in page.text()


def test_one_request_at_a_time_per_host_with_the_delay(site: Site) -> None:
    f = fast(delay=0.3)
    paths = [f"/articles/jawharafm-{n}.html" for n in (1508, 1524, 338, 1087)]
    threads = [threading.Thread(target=f.get, args=(site.url(p),)) for p in paths]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert site.max_active == 1  # never two requests at once on one host
    starts = sorted(h.at for h in site.hits)
    assert len(starts) == 5  # robots.txt + 4 pages
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert min(gaps) >= 0.28, gaps


def test_robots_crawl_delay_wins_over_a_shorter_delay(site: Site) -> None:
    site.robots = "User-agent: rasd\nCrawl-delay: 0.4\nDisallow: /private/\n"
    f = fast(delay=0.0)
    f.get(site.url("/articles/jawharafm-1508.html"))
    f.get(site.url("/articles/jawharafm-1524.html"))
    starts = [h.at for h in site.hits]
    assert site.hits[0].path == "/robots.txt"
    assert starts[2] - starts[1] >= 0.38


# -- decoding, feeds, articles ---------------------------------------------------------------

def test_windows_1256_page_decodes_with_wrong_or_missing_charset(site: Site) -> None:
    f = fast()
    for path in ("/cp1256.html", "/cp1256-nocharset.html"):
        resp = f.get(site.url(path))
        assert decode(resp.body, resp.content_type)[1] == "cp1256"
        page = extract_article(resp.text(), resp.final_url)
        assert page is not None and CP1256_SENTENCE in page.text
        assert page.title == '"داعش" يعلن تبنيه الهجوم الارهابي في إيران'
        assert page.published == "2017-06-07"
    # And the converse: UTF-8 bytes under a wrong windows-1256 header stay UTF-8.
    utf8 = (FIXTURES / "articles" / "jawharafm-1508.html").read_bytes()
    text, codec = decode(utf8, "text/html; charset=windows-1256")
    assert codec == "utf-8" and "52 قتيلا وعشرات الجرحى" in text


def test_rss_and_atom_items_and_a_malformed_feed(site: Site) -> None:
    rss = parse_feed(_fixture("rss.xml", site.base), "application/rss+xml", site.url("/rss.xml"))
    assert [i.url for i in rss.items] == [
        site.url("/articles/jawharafm-1508.html"), site.url("/articles/jawharafm-1524.html"),
        site.url("/articles/jawharafm-338.html"), site.url("/gone/jawharafm-449.html")]
    assert rss.items[0].published == "2017-05-27"
    assert rss.items[0].text.startswith("ارتفعت حصيلة الاشتباكات")  # HTML summary as text
    atom = parse_feed(_fixture("atom.xml", site.base), "application/atom+xml",
                      site.url("/atom.xml"))
    assert [i.published for i in atom.items] == ["2017-03-19", "2016-10-28"]
    with pytest.raises(InputError, match="malformed feed"):
        parse_feed(_fixture("malformed.xml", site.base), "application/rss+xml", "m.xml")
    with pytest.raises(InputError, match="malformed feed|not an RSS or Atom feed"):
        parse_feed((FIXTURES / "articles" / "jawharafm-1508.html").read_bytes(), "text/html",
                   "page.html")


# -- polling into a store --------------------------------------------------------------------

def _sources(site: Site) -> list[Source]:
    s = [("RSS", "/rss.xml", "feed"), ("Atom", "/atom.xml", "feed"),
         ("Broken", "/malformed.xml", "feed"), ("Dead", "/missing.xml", "feed"),
         ("Slow", "/slow", "feed"), ("Loop", "/loop/a", "feed"), ("Huge", "/huge", "page"),
         ("Private", "/private/page.html", "page"), ("Windows-1256", "/cp1256.html", "page")]
    return [Source(name, site.url(path), kind) for name, path, kind in s]


def test_poll_stores_new_items_and_a_second_poll_adds_nothing(site: Site, tmp_path: Path,
                                                               nlp) -> None:
    db = str(tmp_path / "watch.duckdb")
    errors: list[str] = []
    watcher = Watcher(fast(), nlp, workers=4, on_error=errors.append)
    with Store.open(db) as store:
        first = watcher.poll(store, _sources(site))
        assert (first.sources_ok, first.sources_failed) == (3, 6), first.errors
        assert (first.items_new, first.items_seen) == (7, 0)  # 4 RSS + 2 Atom + 1 page
        assert (first.stored, first.rejected) == (7, 0)
        assert first.events > 0 and first.events == store.count("event_sources")
        assert store.count("articles") == 7
        rows = dict(store.db.execute("SELECT id, published FROM articles"))
        assert rows[site.url("/articles/jawharafm-1508.html")] == "2017-05-27"
        cp_text = store.db.execute("SELECT text FROM articles WHERE id = ?",
                                   [site.url("/cp1256.html")])[0][0]
        assert CP1256_SENTENCE in cp_text
        # The item whose page is gone (404) is stored from the feed's own text.
        gone = store.db.execute("SELECT text FROM articles WHERE id = ?",
                                [site.url("/gone/jawharafm-449.html")])[0][0]
        assert gone.startswith("أعلنت الشرطة في بنغلادش")
    joined = "\n".join(errors)
    for reason in ("malformed feed", "HTTP 404", "timed out", "redirect loop",
                   "larger than the limit", "disallowed by"):
        assert reason in joined, joined
    assert not any(p.startswith("/private/") for p in site.paths())

    n_hits = len(site.hits)
    with Store.open(db) as store:
        second = watcher.poll(store, _sources(site))
        assert (second.items_new, second.stored, second.present) == (0, 0, 1)
        assert second.items_seen == 1  # the page source, fetched again, already stored
        assert store.count("articles") == 7
    again = site.hits[n_hits:]
    assert [h.headers.get("if-none-match") for h in again if h.path == "/rss.xml"] == [ETAG]
    assert [h.headers.get("if-modified-since") for h in again if h.path == "/atom.xml"] == [
        LAST_MODIFIED]
    assert not [h for h in again if h.path.startswith("/articles/")]  # no page fetched again


def test_a_feed_re_polled_without_validators_adds_nothing(site: Site, tmp_path: Path,
                                                          nlp) -> None:
    db = str(tmp_path / "plain.duckdb")
    src = [Source("Plain", site.url("/plain.xml"), "feed")]
    with Store.open(db) as store:
        first = Watcher(fast(), nlp).poll(store, src)
        assert (first.items_new, first.stored) == (2, 2)
    n_hits = len(site.hits)
    with Store.open(db) as store:  # a new process: a new watcher, the state from the store
        second = Watcher(fast(), nlp).poll(store, src)
        assert (second.items_new, second.items_seen, second.stored) == (0, 2, 0)
        assert store.count("articles") == 2
    assert [h.path for h in site.hits[n_hits:]] == ["/robots.txt", "/plain.xml"]


def test_a_transient_item_failure_is_tried_again_next_poll(site: Site, tmp_path: Path,
                                                           nlp) -> None:
    db = str(tmp_path / "retry.duckdb")
    src = [Source("Retry", site.url("/retry.xml"), "feed")]
    flaky = site.url("/flaky/jawharafm-1508.html")
    watcher = Watcher(fast(), nlp)
    with Store.open(db) as store:
        first = watcher.poll(store, src)
        assert (first.items_new, first.items_failed, first.stored) == (4, 1, 3)
        assert "will try again" in first.errors[0]
        assert store.hashes([flaky]) == {}
    with Store.open(db) as store:
        second = watcher.poll(store, src)
        assert (second.items_new, second.items_seen, second.stored) == (0, 3, 1)
        assert flaky in store.hashes([flaky])


@pytest.mark.parametrize("backend", BACKENDS)
def test_state_is_kept_in_the_store_on_both_backends(backend: str, site: Site,
                                                     tmp_path: Path, nlp) -> None:
    gen = backend_url(backend, tmp_path)
    url = next(gen)
    try:
        src = [Source("Atom", site.url("/atom.xml"), "feed")]
        with Store.open(url) as store:
            assert Watcher(fast(), nlp).poll(store, src).stored == 2
        with Store.open(url) as store:
            second = Watcher(fast(), nlp).poll(store, src)
            assert (second.sources_ok, second.items_new, second.stored) == (1, 0, 0)
            assert store.db.execute("SELECT status, last_modified FROM feed_urls")[0] == (
                "not-modified", LAST_MODIFIED)
            assert store.db.execute("SELECT count(*) FROM feed_items WHERE status = "
                                    "'stored'")[0][0] == 2
    finally:
        gen.close()


# -- the commands as users run them ----------------------------------------------------------

def rasd(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([RASD, *args], capture_output=True, text=True, timeout=timeout,
                          check=False)


def _sources_file(site: Site, tmp_path: Path) -> Path:
    lines = ["sources:"]
    for src in _sources(site):
        lines += [f"  - name: {src.name}", f"    {src.kind}: {src.url}"]
    path = tmp_path / "sources.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_watch_once_twice_through_the_cli_adds_nothing_the_second_time(
        site: Site, tmp_path: Path) -> None:
    sources = _sources_file(site, tmp_path)
    db = tmp_path / "tmp.duckdb"
    args = ["watch", str(sources), "--db", str(db), "--once", "--delay", "0s",
            "--timeout", f"{TIMEOUT}s", "--retries", "0", "--max-bytes", "64kB"]
    first = rasd(*args)
    assert first.returncode == 0, first.stderr
    assert "poll: sources 3 ok, 6 failed; items 7 new, 0 seen" in first.stdout
    assert "articles 7 stored, 0 already present, 0 rejected" in first.stdout
    assert f"{site.url('/missing.xml')}: HTTP 404 Not Found (source 'Dead')" in first.stderr
    assert "malformed feed" in first.stderr and "redirect loop" in first.stderr
    with Store.open(str(db), read_only=True) as store:
        counts = (store.count("articles"), store.count("event_sources"))
    assert counts[0] == 7 and counts[1] > 0

    second = rasd(*args)
    assert second.returncode == 0, second.stderr
    assert "items 0 new, 1 seen; articles 0 stored, 1 already present" in second.stdout
    assert "; 0 events;" in second.stdout
    with Store.open(str(db), read_only=True) as store:
        assert (store.count("articles"), store.count("event_sources")) == counts


def test_watch_stops_cleanly_on_sigterm(site: Site, tmp_path: Path) -> None:
    sources = tmp_path / "one.yaml"
    sources.write_text(f"sources:\n  - feed: {site.url('/atom.xml')}\n", encoding="utf-8")
    proc = subprocess.Popen([RASD, "watch", str(sources), "--db", str(tmp_path / "w.duckdb"),
                             "--interval", "1h", "--delay", "0s", "--json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    watchdog = threading.Timer(60, proc.kill)  # never hang the suite on a stuck rasd
    watchdog.start()
    try:
        summary = json.loads(proc.stdout.readline())  # the first poll; then it waits an hour
        assert (summary["sources_ok"], summary["items_new"], summary["stored"]) == (1, 2, 2)
        t0 = time.perf_counter()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
        assert time.perf_counter() - t0 < 5
        assert "stopping after the current item" in proc.stderr.read()
    finally:
        watchdog.cancel()
        if proc.poll() is None:
            proc.kill()


def test_watch_reports_a_bad_sources_file_with_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("sources:\n  - name: X\n    feed: not-a-url\n", encoding="utf-8")
    out = rasd("watch", str(bad), "--once", "--db", str(tmp_path / "x.duckdb"))
    assert out.returncode == 1
    assert out.stderr.strip() == (f"rasd: error: {bad}:2: 'feed' must be an http:// or "
                                  "https:// URL, not 'not-a-url'")
    out = rasd("watch", str(bad), "--interval", "soon")
    assert out.returncode == 1 and "--interval must be a duration" in out.stderr


def test_fetch_prints_events_or_stores_them(site: Site, tmp_path: Path) -> None:
    url = site.url("/cp1256.html")
    db = str(tmp_path / "f.duckdb")
    # Two independent runs at once: each loads the pipeline, the slow part.
    runs = [subprocess.Popen([RASD, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True) for args in (
        ["fetch", url, site.url("/gone/x.html"), "--delay", "0s", "--format", "jsonl"],
        ["fetch", url, url + "#again", "--db", db, "--delay", "0s"])]
    (out, err), (stored_out, stored_err) = (p.communicate(timeout=120) for p in runs)
    assert runs[0].returncode == 0, err
    (doc,) = [json.loads(line) for line in out.splitlines()]
    assert doc["id"] == url and doc["events"]
    assert f"{site.url('/gone/x.html')}: HTTP 404 Not Found" in err
    assert runs[1].returncode == 0, stored_err
    assert stored_out.startswith("2 pages fetched: 1 new, 1 already present")
    with Store.open(db, read_only=True) as store:
        assert store.db.execute("SELECT id, published FROM articles") == [(url, "2017-06-07")]
    dead = rasd("fetch", site.url("/loop/a"), "--delay", "0s")
    assert dead.returncode == 1 and "redirect loop" in dead.stderr


def test_help_teaches_with_examples() -> None:
    from typer.testing import CliRunner

    from rasd.cli import app

    for cmd in ("watch", "fetch"):
        out = CliRunner().invoke(app, [cmd, "--help"], terminal_width=100)
        assert out.exit_code == 0 and "Example" in out.stdout, out.stdout
        assert f"rasd {cmd} " in out.stdout
    assert "page:" in CliRunner().invoke(app, ["watch", "--help"]).stdout


def test_docs_explain_the_service_and_capacity() -> None:
    doc = (Path(__file__).parents[1] / "docs" / "watch.md").read_text(encoding="utf-8")
    assert "Restart=on-failure" in doc and "ExecStart=" in doc
    assert "sources" in doc and "per-host delay" in doc
