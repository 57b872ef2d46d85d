"""The sources file of `rasd watch`: which feeds and pages to follow, validated up front.

    sources:
      - name: Jawhara FM
        feed: https://www.jawharafm.net/ar/rss
        country: TUN            # optional: context country of every article (ISO3)
      - name: One article
        page: https://other.example/news/123

Each source has exactly one of `feed` (RSS or Atom) or `page` (one article page, re-checked
every poll); `name` defaults to the host. Other keys are allowed and ignored, so a file can
carry notes. Every problem is reported as `FILE:LINE: reason` (InputError).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from rasd.errors import InputError
from rasd.feeds.urls import canonical_url

_ISO3 = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True, slots=True)
class Source:
    """One followed source: a feed (its items are articles) or a single article page."""

    name: str
    url: str
    kind: str  # "feed" or "page"
    country: str | None = None
    line: int | None = None  # where it is in the sources file, for messages

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or ""


class _LineLoader(yaml.SafeLoader):
    """A YAML loader that remembers the line of every mapping (as key `__line__`)."""


def _mapping_with_line(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


def _check_url(value: Any, key: str, file: str, line: int) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"'{key}' must be a URL (http:// or https://)", file=file, line=line)
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"'{key}' must be an http:// or https:// URL, not {value!r}",
                         file=file, line=line)
    return canonical_url(value.strip())


def parse_sources(data: Any, file: str) -> list[Source]:
    """Sources from already-loaded YAML (mappings carry `__line__`)."""
    if not isinstance(data, dict) or "sources" not in data:
        raise InputError("expected a mapping with a 'sources:' list (see `rasd watch --help`)",
                         file=file, line=data.get("__line__") if isinstance(data, dict) else 1)
    items = data["sources"]
    if not isinstance(items, list) or not items:
        raise InputError("'sources' must be a non-empty list of sources", file=file,
                         line=data["__line__"])
    out: list[Source] = []
    seen: dict[str, int] = {}
    for n, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise InputError(f"source {n} must be a mapping with 'feed:' or 'page:' and "
                             f"'name:', not {item!r}", file=file, line=data["__line__"])
        line = item["__line__"]
        kinds = [k for k in ("feed", "page") if k in item]
        if len(kinds) != 1:
            raise InputError("a source needs exactly one of 'feed:' (RSS/Atom URL) or "
                             "'page:' (article URL)" + (", not both" if kinds else ""),
                             file=file, line=line)
        kind = kinds[0]
        url = _check_url(item[kind], kind, file, line)
        name = item.get("name", urlsplit(url).hostname)
        if not isinstance(name, str) or not name.strip():
            raise InputError("'name' must be a non-empty string", file=file, line=line)
        country = item.get("country")
        if country is not None:
            if not isinstance(country, str) or not _ISO3.match(country.strip().upper()):
                raise InputError(f"'country' must be an ISO3 code such as LBY, not {country!r}",
                                 file=file, line=line)
            country = country.strip().upper()
        if url in seen:
            raise InputError(f"{url} is listed twice (first at line {seen[url]})",
                             file=file, line=line)
        seen[url] = line
        out.append(Source(name=name.strip(), url=url, kind=kind, country=country, line=line))
    return out


def load_sources(path: str | Path) -> list[Source]:
    """Read and validate a sources file; raises InputError naming the file and line."""
    file = str(path)
    try:
        raw = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("no such file", file=file) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a sources file", file=file) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"not valid UTF-8 (byte 0x{exc.object[exc.start]:02x})",
                         file=file) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", file=file) from None
    try:
        data = yaml.load(raw, Loader=_LineLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise InputError(f"not valid YAML: {exc.problem}", file=file,
                         line=mark.line + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise InputError(f"not valid YAML: {exc}", file=file) from None
    if data is None:
        raise InputError("empty sources file", file=file)
    return parse_sources(data, file)
