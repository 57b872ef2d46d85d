"""The export mappings, read once from src/rasd/data/export/ (data, not code).

`plover.yaml` holds PLOVER's four classes, `acled.yaml` the PLOVER → ACLED rules and actor
types, `cameo.yaml` the PLOVER → CAMEO codes. A malformed file raises a DictionaryError
naming the file and what is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from rasd.errors import DictionaryError
from rasd.model import EVENT_TYPES
from rasd.resources import data_path, load_yaml


@dataclass(frozen=True, slots=True)
class Rule:
    type: str
    modes: frozenset[str] | None
    target_sectors: frozenset[str] | None
    factuality: frozenset[str] | None
    values: dict[str, str]

    def matches(self, type: str, mode: str | None, target_sector: str | None = None,
                factuality: str | None = None) -> bool:
        return (self.type == type
                and (self.modes is None or mode in self.modes)
                and (self.target_sectors is None or target_sector in self.target_sectors)
                and (self.factuality is None or factuality in self.factuality))


def _rules(path: Path, doc: dict[str, Any], needed: tuple[str, ...]) -> tuple[Rule, ...]:
    out = []
    for n, item in enumerate(doc.get("rules") or [], start=1):
        if not isinstance(item, dict) or item.get("type") not in EVENT_TYPES:
            raise DictionaryError(f"rule {n}: needs a PLOVER `type`", file=str(path))
        missing = [k for k in needed if not item.get(k)]
        if missing:
            raise DictionaryError(f"rule {n} ({item['type']}): missing {', '.join(missing)}",
                                  file=str(path))
        modes, sectors, facts = (frozenset(item[k]) if item.get(k) else None
                                 for k in ("modes", "target_sectors", "factuality"))
        out.append(Rule(item["type"], modes, sectors, facts, {k: str(item[k]) for k in needed}))
    return tuple(out)


def _load(name: str) -> tuple[Path, dict[str, Any]]:
    path = data_path("export", name)
    doc = load_yaml(path)
    if not isinstance(doc, dict):
        raise DictionaryError("expected a mapping at the top level", file=str(path))
    return path, doc


@lru_cache(maxsize=1)
def quad_classes() -> dict[str, tuple[int, str, str]]:
    """PLOVER type -> (quad code 1-4, class key, label)."""
    path, doc = _load("plover.yaml")
    out: dict[str, tuple[int, str, str]] = {}
    for key, spec in (doc.get("quad_classes") or {}).items():
        for t in spec.get("types") or []:
            out[t] = (int(spec["code"]), key, spec.get("label", key))
    missing = set(EVENT_TYPES) - set(out)
    if missing:
        raise DictionaryError(f"PLOVER types in no class: {', '.join(sorted(missing))}",
                              file=str(path))
    return out


QUAD_KEYS = ("verbal_cooperation", "material_cooperation", "verbal_conflict",
             "material_conflict")


@dataclass(frozen=True)
class Acled:
    rules: tuple[Rule, ...]
    disorder_types: dict[str, str]
    inter: dict[str, Any]
    unnamed_source: dict[str, dict[str, Any]]
    geo_precision: dict[str, int]

    def classify(self, type: str, mode: str | None, target_sector: str | None
                 ) -> tuple[str, str, str] | None:
        """(disorder_type, event_type, sub_event_type), or None when ACLED does not code it."""
        for rule in self.rules:
            if rule.matches(type, mode, target_sector):
                et = rule.values["event_type"]
                return self.disorder_types.get(et, ""), et, rule.values["sub_event_type"]
        return None


@lru_cache(maxsize=1)
def acled() -> Acled:
    path, doc = _load("acled.yaml")
    rules = _rules(path, doc, ("event_type", "sub_event_type"))
    disorder = doc.get("disorder_types") or {}
    for r in rules:
        if r.values["event_type"] not in disorder:
            raise DictionaryError(f"event_type {r.values['event_type']!r} has no disorder_type",
                                  file=str(path))
    return Acled(rules, disorder, doc.get("inter") or {}, doc.get("unnamed_source") or {},
                 {k: int(v) for k, v in (doc.get("geo_precision") or {}).items()})


@dataclass(frozen=True)
class Cameo:
    rules: tuple[Rule, ...]
    sectors: dict[str, str]

    def code(self, type: str, mode: str | None, factuality: str | None) -> tuple[str, str]:
        """(event code, root code)."""
        for rule in self.rules:
            if rule.matches(type, mode, factuality=factuality):
                return rule.values["code"], rule.values["root"]
        raise DictionaryError(f"no CAMEO rule for {type}", file="data/export/cameo.yaml")


@lru_cache(maxsize=1)
def cameo() -> Cameo:
    path, doc = _load("cameo.yaml")
    rules = _rules(path, doc, ("code", "root"))
    missing = set(EVENT_TYPES) - {r.type for r in rules}
    if missing:
        raise DictionaryError(f"no CAMEO rule for {', '.join(sorted(missing))}", file=str(path))
    return Cameo(rules, dict(doc.get("sectors") or {}))


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """ISO3 -> English country name, from the actor dictionary's states (when present)."""
    path = data_path("actors", "states.yaml")
    if not path.exists():
        return {}
    out = {}
    for item in load_yaml(path) or []:
        if isinstance(item, dict) and item.get("id") and item.get("name"):
            out[str(item["id"])] = str(item["name"])
    return out


def country_name(iso3: str | None) -> str:
    if not iso3:
        return ""
    return country_names().get(iso3, iso3)


def cameo_actor_code(country: str | None, sector: str | None) -> str:
    """CAMEO-style composite code from country and sector (LBYGOV, TUR, IGO)."""
    code = country or ""
    mapped = cameo().sectors.get(sector or "")
    if mapped and mapped != code:
        code += mapped
    return code
