"""A polite HTTP fetcher: one request at a time per host, with a delay, robots.txt honoured.

    fetcher = Fetcher(FetchOptions(delay=1.0))
    page = fetcher.get("https://outlet.example/news/1", etag=old_etag)
    page.not_modified, page.text(), page.etag, page.last_modified

Politeness: requests to one host never overlap, and the next starts `delay` seconds after
the last one ended (or the site's robots.txt Crawl-delay, when longer, up to a minute);
a 429 pushes the host back by its Retry-After. Every request carries a User-Agent naming
rasd, and robots.txt (fetched through this same fetcher, cached per host for a day) is
asked before every URL, including each redirect hop. Conditional requests (ETag /
Last-Modified) let an unchanged feed cost one 304. Safety: connect and read timeouts plus a
deadline for the whole body, a size limit enforced while streaming (also after gzip),
redirect loops detected. Only 5xx answers and timeouts are retried, with exponential
backoff; any other failure is a FetchError saying why, with `transient` telling the caller
whether trying again at the next poll makes sense.

Built on http.client (the standard library) so that connect and read timeouts, redirects
and the size limit are under our control.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import threading
import time
import zlib
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

from rasd.errors import InputError
from rasd.feeds.charset import decode
from rasd.feeds.urls import canonical_url, host_key, request_target

try:
    from rasd import __version__ as _VERSION
except ImportError:  # pragma: no cover - rasd/__init__ half-imported
    _VERSION = "0"

USER_AGENT = f"rasd/{_VERSION} (+https://github.com/rasd)"
ROBOTS_AGENT = "rasd"  # the token robots.txt rules name
DEFAULT_DELAY = 1.0
DEFAULT_MAX_BYTES = 5_000_000
_REDIRECTS = (301, 302, 303, 307, 308)
_ROBOTS_TTL = 24 * 3600.0
_ROBOTS_RETRY = 600.0  # a robots.txt that could not be read is asked again after this
_ROBOTS_MAX_BYTES = 500_000  # as Google: rules past 500 kB are ignored
_MAX_CRAWL_DELAY = 60.0
_CHUNK = 65536


class Stopped(Exception):
    """The fetcher was asked to stop (Ctrl-C, SIGTERM) before this request."""


class FetchError(InputError):
    """A URL could not be fetched; `transient` when it may work at a later poll."""

    def __init__(self, reason: str, *, url: str, status: int | None = None,
                 transient: bool = False) -> None:
        super().__init__(reason, file=url)
        self.url = url
        self.status = status
        self.transient = transient


@dataclass(frozen=True)
class FetchOptions:
    delay: float = DEFAULT_DELAY  # seconds between two requests to one host
    connect_timeout: float = 10.0
    read_timeout: float = 20.0  # longest silence while waiting for bytes
    total_timeout: float = 120.0  # longest time for a whole response
    retries: int = 2  # extra attempts after a 5xx or a timeout
    backoff: float = 2.0  # first retry after this many seconds, then doubling
    max_bytes: int = DEFAULT_MAX_BYTES  # largest body accepted (after decompression)
    max_redirects: int = 5
    robots: bool = True
    user_agent: str = USER_AGENT


@dataclass
class Response:
    url: str  # as asked
    final_url: str  # after redirects
    status: int
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    body: bytes = b""

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")

    def text(self) -> str:
        """The body decoded (charset header, page declaration, UTF-8, windows-1256)."""
        return decode(self.body, self.content_type)[0]


@dataclass
class _Host:
    lock: threading.Lock = field(default_factory=threading.Lock)
    next_at: float = 0.0  # monotonic time before which no request may start
    crawl_delay: float = 0.0


@dataclass
class _Robots:
    parser: RobotFileParser | None  # None: could not be read (ask again later)
    expires: float
    problem: str = ""


class Fetcher:
    """Fetches URLs politely; safe to share between threads (hosts are serialised)."""

    def __init__(self, options: FetchOptions | None = None, *,
                 stop: threading.Event | None = None) -> None:
        self.options = options or FetchOptions()
        self.stop = stop or threading.Event()
        self._hosts: dict[str, _Host] = {}
        self._robots: dict[str, _Robots] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()
        self._ssl = ssl.create_default_context()
        self.requests = 0  # HTTP requests sent, robots.txt included
        self.bytes = 0  # body bytes received

    # -- public ----------------------------------------------------------------------------

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
            accept: str = "*/*", max_bytes: int | None = None) -> Response:
        """GET `url` following redirects; a 304 comes back as a Response (`not_modified`)."""
        return self._get(canonical_url(url), etag=etag, last_modified=last_modified,
                         accept=accept, max_bytes=max_bytes or self.options.max_bytes,
                         robots=self.options.robots)

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets rasd fetch `url` (fetches robots.txt when needed)."""
        return self._robots_problem(canonical_url(url)) is None

    # -- redirects and robots --------------------------------------------------------------

    def _get(self, url: str, *, etag: str | None, last_modified: str | None, accept: str,
             max_bytes: int, robots: bool) -> Response:
        headers = {"User-Agent": self.options.user_agent, "Accept": accept,
                   "Accept-Encoding": "gzip, deflate", "Accept-Language": "ar, en;q=0.5",
                   "Connection": "close"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        chain = [url]
        current = url
        while True:
            if robots:
                problem = self._robots_problem(current)
                if problem:
                    raise FetchError(problem, url=current,
                                     transient=problem.startswith("robots.txt could not"))
            status, reason, got, body = self._with_retries(current, headers, max_bytes)
            if status in _REDIRECTS and got.get("location"):
                target = canonical_url(urljoin(current, got["location"].strip()))
                if urlsplit(target).scheme not in ("http", "https"):
                    raise FetchError(f"redirected to a non-HTTP URL {target}", url=url)
                if target in chain:
                    loop = " → ".join(chain[chain.index(target):] + [target])
                    raise FetchError(f"redirect loop: {loop}", url=url, status=status)
                chain.append(target)
                if len(chain) > self.options.max_redirects + 1:
                    raise FetchError(f"more than {self.options.max_redirects} redirects "
                                     f"(last to {target})", url=url, status=status)
                current = target
                continue
            if status == 304 or 200 <= status < 300:
                return Response(url, current, status, got, body)
            if status == 429:
                raise FetchError("HTTP 429 Too Many Requests: the site asks rasd to slow "
                                 "down; trying again at a later poll", url=current,
                                 status=status, transient=True)
            where = "" if current == url else f" (after redirects to {current})"
            raise FetchError(f"HTTP {status} {reason}{where}".rstrip(), url=url, status=status,
                             transient=status >= 500)

    def _robots_problem(self, url: str) -> str | None:
        """Why robots.txt forbids `url`, or None when it may be fetched."""
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            reading = self._robots_locks.setdefault(root, threading.Lock())
        with reading:  # one thread reads a site's robots.txt; the others wait for it
            cached = self._robots.get(root)
            if cached is None or cached.expires < time.monotonic():
                cached = self._robots[root] = self._read_robots(root)
        if cached.parser is None:
            return cached.problem
        if not cached.parser.can_fetch(ROBOTS_AGENT, url):
            return f"disallowed by {root}/robots.txt"
        return None

    def _read_robots(self, root: str) -> _Robots:
        robots_url = root + "/robots.txt"
        parser = RobotFileParser(robots_url)
        now = time.monotonic()
        try:
            resp = self._get(robots_url, etag=None, last_modified=None, accept="text/plain",
                             max_bytes=_ROBOTS_MAX_BYTES, robots=False)
        except FetchError as exc:
            if exc.status in (401, 403):  # the convention: a closed robots.txt closes all
                parser.disallow_all = True
            elif exc.status is not None and 400 <= exc.status < 500:
                parser.allow_all = True  # no robots.txt: everything is allowed
            else:
                return _Robots(None, now + _ROBOTS_RETRY,
                               f"robots.txt could not be read ({exc.reason}); not fetching "
                               "from this site until it can")
            return _Robots(parser, now + _ROBOTS_TTL)
        lines = resp.text().splitlines()
        parser.parse(lines)
        delay = crawl_delay(lines, ROBOTS_AGENT)
        if delay:
            self._host(host_key(root)).crawl_delay = min(delay, _MAX_CRAWL_DELAY)
        return _Robots(parser, now + _ROBOTS_TTL)

    # -- politeness and retries ------------------------------------------------------------

    def _host(self, key: str) -> _Host:
        with self._lock:
            host = self._hosts.get(key)
            if host is None:
                host = self._hosts[key] = _Host()
            return host

    def _sleep(self, seconds: float) -> None:
        if seconds > 0 and self.stop.wait(seconds):
            raise Stopped()

    def _with_retries(self, url: str, headers: dict[str, str], max_bytes: int
                      ) -> tuple[int, str, dict[str, str], bytes]:
        attempt = 0
        while True:
            try:
                status, reason, got, body = self._polite(url, headers, max_bytes)
            except FetchError as exc:
                if not getattr(exc, "retry", False):
                    raise
                if attempt >= self.options.retries:
                    raise FetchError(f"{exc.reason} (after {attempt + 1} attempts)", url=url,
                                     transient=True) from None
            else:
                if status < 500:
                    return status, reason, got, body
                if attempt >= self.options.retries:
                    raise FetchError(f"HTTP {status} {reason} (after {attempt + 1} attempts)",
                                     url=url, status=status, transient=True)
            self._sleep(self.options.backoff * 2 ** attempt)
            attempt += 1

    def _polite(self, url: str, headers: dict[str, str], max_bytes: int
                ) -> tuple[int, str, dict[str, str], bytes]:
        """One request, alone on its host and after the host's delay."""
        if self.stop.is_set():
            raise Stopped()
        host = self._host(host_key(url))
        with host.lock:
            self._sleep(host.next_at - time.monotonic())
            if self.stop.is_set():
                raise Stopped()
            try:
                result = self._exchange(url, headers, max_bytes)
            finally:
                host.next_at = time.monotonic() + max(self.options.delay, host.crawl_delay)
            if result[0] == 429:
                wait = _retry_after(result[2].get("retry-after"))
                host.next_at = time.monotonic() + min(max(wait, 60.0), 3600.0)
            return result

    # -- one exchange ----------------------------------------------------------------------

    def _exchange(self, url: str, headers: dict[str, str], max_bytes: int
                  ) -> tuple[int, str, dict[str, str], bytes]:
        parts = urlsplit(url)
        opts = self.options
        if parts.scheme == "https":
            conn: http.client.HTTPConnection = http.client.HTTPSConnection(
                parts.hostname, parts.port, timeout=opts.connect_timeout, context=self._ssl)
        else:
            conn = http.client.HTTPConnection(parts.hostname, parts.port,
                                              timeout=opts.connect_timeout)
        with self._lock:
            self.requests += 1
        try:
            try:
                conn.connect()
            except TimeoutError:
                raise _transient(f"no connection within {opts.connect_timeout:g} s",
                                 url) from None
            conn.sock.settimeout(opts.read_timeout)
            deadline = time.monotonic() + opts.total_timeout
            conn.putrequest("GET", request_target(url), skip_accept_encoding=True)
            for name, value in headers.items():
                conn.putheader(name, value)
            conn.endheaders()
            resp = conn.getresponse()
            got = {k.lower(): v for k, v in resp.getheaders()}
            if resp.status in _REDIRECTS or resp.status == 304 or resp.status >= 400:
                return resp.status, resp.reason, got, b""
            body = self._read_body(resp, got, url, max_bytes, deadline)
            return resp.status, resp.reason, got, body
        except TimeoutError:
            raise _transient(f"timed out (no answer within {opts.read_timeout:g} s)",
                             url) from None
        except (ConnectionResetError, http.client.IncompleteRead) as exc:
            raise _transient(f"connection dropped ({type(exc).__name__})", url) from None
        except ConnectionRefusedError:
            raise FetchError("connection refused", url=url, transient=True) from None
        except socket.gaierror as exc:
            raise FetchError(f"cannot resolve host {parts.hostname} ({exc.strerror})", url=url,
                             transient=True) from None
        except ssl.SSLError as exc:
            raise FetchError(f"TLS error: {exc.reason or exc}", url=url) from None
        except http.client.HTTPException as exc:
            raise FetchError(f"bad HTTP response ({type(exc).__name__})", url=url,
                             transient=True) from None
        except OSError as exc:
            raise FetchError(f"network error: {exc.strerror or exc}", url=url,
                             transient=True) from None
        finally:
            conn.close()

    def _read_body(self, resp: http.client.HTTPResponse, got: dict[str, str], url: str,
                   max_bytes: int, deadline: float) -> bytes:
        too_big = f"larger than the limit of {max_bytes:,} bytes; skipped"
        length = got.get("content-length", "")
        if length.isdigit() and int(length) > max_bytes:
            raise FetchError(f"{too_big} (Content-Length {int(length):,})", url=url)
        encoding = got.get("content-encoding", "").strip().lower()
        inflate = None
        if encoding in ("gzip", "x-gzip"):
            inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            inflate = zlib.decompressobj()
        out = bytearray()
        raw = 0
        while True:
            if time.monotonic() > deadline:
                raise _transient(f"took longer than {self.options.total_timeout:g} s", url)
            chunk = resp.read1(_CHUNK) if hasattr(resp, "read1") else resp.read(_CHUNK)
            if not chunk:
                break
            raw += len(chunk)
            if inflate is not None:
                try:
                    chunk = inflate.decompress(chunk, max_bytes - len(out) + 1)
                except zlib.error:
                    if encoding == "deflate" and raw == len(chunk) and not out:
                        inflate = zlib.decompressobj(-zlib.MAX_WBITS)  # raw deflate
                        chunk = inflate.decompress(chunk, max_bytes - len(out) + 1)
                    else:
                        raise FetchError(f"corrupt {encoding} body", url=url) from None
                if inflate.unconsumed_tail:
                    raise FetchError(too_big, url=url)
            out += chunk
            if len(out) > max_bytes or raw > max_bytes:
                raise FetchError(too_big, url=url)
        with self._lock:
            self.bytes += raw
        return bytes(out)


def crawl_delay(lines: list[str], agent: str) -> float | None:
    """The Crawl-delay robots.txt asks of `agent` (its own group, else `*`), decimals
    included (urllib.robotparser reads whole seconds only)."""
    delays: dict[str, float] = {}
    agents: list[str] = []
    in_rules = False
    for raw in lines:
        line = raw.split("#", 1)[0].strip()
        key, _, value = line.partition(":")
        key, value = key.strip().lower(), value.strip()
        if key == "user-agent":
            if in_rules:
                agents, in_rules = [], False
            agents.append(value.lower())
        elif key in ("allow", "disallow", "crawl-delay", "request-rate"):
            in_rules = True
            if key == "crawl-delay":
                try:
                    seconds = float(value)
                except ValueError:
                    continue
                for a in agents:
                    delays.setdefault(a, seconds)
    mine = [d for a, d in delays.items() if a != "*" and a in agent.lower()]
    if mine:
        return mine[0]
    return delays.get("*")


def _transient(reason: str, url: str) -> FetchError:
    """A failure worth retrying now (timeouts, dropped connections)."""
    err = FetchError(reason, url=url, transient=True)
    err.retry = True  # type: ignore[attr-defined]
    return err


def _retry_after(value: str | None) -> float:
    if not value:
        return 0.0
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return 0.0
