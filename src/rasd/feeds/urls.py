"""URLs as rasd keeps them: one spelling per article, so the URL can be its id."""

from __future__ import annotations

from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

# Characters left as they are in a path or query; everything else is percent-encoded
# (UTF-8), so an Arabic URL has one spelling whether a feed wrote it encoded or not.
_SAFE_PATH = "/%:@!$&'()*+,;=-._~"
_SAFE_QUERY = _SAFE_PATH + "?"
_TRACKING = ("utm_", "fbclid", "gclid")


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, no credentials, no default port, no fragment, no utm_*
    tracking parameters, non-ASCII characters percent-encoded."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    try:
        host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        pass
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    port = parts.port
    netloc = host if port is None or (scheme, port) in (("http", 80), ("https", 443)) \
        else f"{host}:{port}"
    path = quote(parts.path or "/", safe=_SAFE_PATH)
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        kept = [(k, v) for k, v in pairs if not k.lower().startswith(_TRACKING)]
        query = (quote(query, safe=_SAFE_QUERY) if len(kept) == len(pairs)
                 else urlencode(kept, doseq=True))
    return urlunsplit((scheme, netloc, path, query, ""))


def request_target(url: str) -> str:
    """The path and query to send in the request line (already percent-encoded)."""
    parts = urlsplit(url)
    path = quote(parts.path or "/", safe=_SAFE_PATH)
    return path + ("?" + quote(parts.query, safe=_SAFE_QUERY) if parts.query else "")


def host_key(url: str) -> str:
    """What politeness is counted per: the host name (all ports of a host together)."""
    return (urlsplit(url).hostname or "").lower()
