"""Decoding fetched pages: Arabic sites in windows-1256 with a wrong or missing charset.

Candidates, in order: the charset of the Content-Type header, the page's own declaration
(`<meta charset>`, `<meta http-equiv>` or `<?xml encoding>`), UTF-8, windows-1256. Strictly
valid UTF-8 with non-ASCII bytes wins outright: Arabic text in a single-byte charset is
practically never valid UTF-8, while any byte string decodes "successfully" as latin-1 or
windows-1256. Otherwise the first candidate that decodes strictly *and* yields Arabic
letters wins; a page with no Arabic takes the first candidate that decodes at all.
"""

from __future__ import annotations

import codecs
import re

_ARABIC_LETTER = re.compile("[\u0621-\u064A\u0671-\u06D3\u06FA-\u06FF\u0750-\u077F]")
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
_META = (
    re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE),
    re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)["']""", re.IGNORECASE),
)
_SNIFF = 4096  # declarations live in the first kilobytes (HTML spec: 1024, be generous)


def _codec(name: str | None) -> str | None:
    """The Python codec for a declared charset, or None when unknown."""
    if not name:
        return None
    name = name.strip().lower()
    # Browsers read these labels as windows-1252 / GB18030 (WHATWG encoding standard).
    name = {"iso-8859-1": "cp1252", "latin1": "cp1252", "ascii": "cp1252",
            "us-ascii": "cp1252", "gb2312": "gb18030", "gbk": "gb18030"}.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def header_charset(content_type: str | None) -> str | None:
    m = _HEADER_CHARSET.search(content_type or "")
    return m.group(1) if m else None


def declared_charset(body: bytes) -> str | None:
    """The charset a page or feed declares in its first bytes, if any."""
    head = body[:_SNIFF]
    for pattern in _META:
        m = pattern.search(head)
        if m:
            return m.group(1).decode("ascii", "replace")
    return None


def arabic_letters(text: str) -> int:
    return len(_ARABIC_LETTER.findall(text))


def decode(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """(text, codec used) for a fetched body; never raises."""
    if body.startswith(codecs.BOM_UTF8):
        return body[3:].decode("utf-8", "replace"), "utf-8"
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return body.decode("utf-16", "replace"), "utf-16"
    try:
        text = body.decode("utf-8")
        if not text.isascii():
            return text, "utf-8"
    except UnicodeDecodeError:
        pass
    candidates: list[str] = []
    for name in (header_charset(content_type), declared_charset(body), "utf-8", "cp1256"):
        codec = _codec(name)
        if codec and codec not in candidates:
            candidates.append(codec)
    first_strict: tuple[str, str] | None = None
    for codec in candidates:
        try:
            text = body.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        if "\ufffd" not in text and arabic_letters(text):
            return text, codec
        if first_strict is None:
            first_strict = (text, codec)
    if first_strict is not None:
        return first_strict
    return body.decode("utf-8", "replace"), "utf-8"
