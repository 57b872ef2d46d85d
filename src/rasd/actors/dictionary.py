"""The actor dictionary: canonical actors, their Arabic aliases, roles and nisba adjectives.

Data lives in YAML files (`src/rasd/data/actors/*.yaml`, schema in docs/actors.md). Each file
is a list of actor mappings; `agents.yaml` is special and holds the generic agent nouns
(قوات، حكومة، مسلحون …) and the action nouns (دعم، قصف …) that a nisba may follow.

Loading order and merge rule (`ActorDictionary.load(dirs)`):

1. the built-in data directory, then each user directory in the order given;
2. inside one directory, files in name order; an id may appear only once per directory;
3. an entry whose id is already known from an earlier directory *extends* it: the list
   fields (`aliases`, `nisba`, `roles`, `affiliations`) are appended (duplicates dropped),
   every other field given replaces the earlier value; with `replace: true` the entry
   replaces the earlier one wholesale (and must then be complete).

Every problem is a `DictionaryError` naming the file and the line of the offending entry.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from rasd.errors import DictionaryError
from rasd.text.normalize import norm

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "actors"
AGENTS_FILE = "agents.yaml"

TYPES = frozenset({"person", "organisation", "armed_group", "state", "igo", "ngo"})
SECTORS = frozenset({"GOV", "MIL", "REB", "POL", "IGO", "NGO", "MED", "CIV", "BUS", "REL", "OTHER"})
KIND_LABELS = {"person": "person", "organisation": "organisation", "armed_group": "armed group",
               "state": "state", "igo": "IGO", "ngo": "NGO"}
_ID_RE = re.compile(r"^[A-Z]{3}(?:-[A-Z0-9]+)*$")
_ISO3_RE = re.compile(r"^[A-Z]{3}$")
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_ENTRY_KEYS = frozenset({"id", "name", "ar", "aliases", "type", "country", "sector", "affiliations",
                         "roles", "transnational", "ref", "nisba", "metonyms", "replace", "note", "en"})
_LIST_FIELDS = ("aliases", "nisba", "metonyms", "roles", "affiliations")


# --------------------------------------------------------------------------------------------
# Records


@dataclass(frozen=True, slots=True)
class Affiliation:
    """Membership of another actor: `role` in `actor` from `start` to `end` (ISO, inclusive)."""

    actor: str
    role: str | None = None
    start: str | None = None
    end: str | None = None

    def active(self, on: str) -> bool:
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)


@dataclass(frozen=True, slots=True)
class Role:
    """An Arabic role phrase the actor held (`رئيس المجلس الرئاسي`), with dates."""

    ar: str
    norm: str
    start: str | None = None
    end: str | None = None

    def active(self, on: str) -> bool:
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """One canonical actor of the dictionary."""

    id: str
    name: str
    country: str
    type: str
    ar: str = ""
    aliases: tuple[str, ...] = ()
    sector: str | None = None
    affiliations: tuple[Affiliation, ...] = ()
    roles: tuple[Role, ...] = ()
    nisba: tuple[str, ...] = ()
    metonyms: tuple[str, ...] = ()
    transnational: bool = False
    ref: str | None = None
    file: str | None = field(default=None, compare=False)
    line: int | None = field(default=None, compare=False)

    @property
    def names(self) -> tuple[str, ...]:
        """The Arabic name and every alias, as written in the data."""
        return ((self.ar,) if self.ar else ()) + self.aliases

    @property
    def kind(self) -> str:
        """The type as `rasd.model.Actor.kind` spells it."""
        return KIND_LABELS.get(self.type, self.type)

    @property
    def code(self) -> str:
        """CAMEO-style composite code: country + sector (`LBYGOV`, `TUR`, `IGO`)."""
        if self.country in ("IGO", "NGO"):
            return self.country
        return self.country + (self.sector or "") if self.type != "state" else self.country

    def affiliated(self, on: str | date | None = None) -> tuple[Affiliation, ...]:
        """Affiliations active on `on` (all of them when `on` is None)."""
        if on is None:
            return self.affiliations
        d = iso_day(on)
        return tuple(a for a in self.affiliations if a.active(d))


@dataclass(frozen=True, slots=True)
class Agent:
    """A generic actor noun (قوات، مسلحون …) with its sector; `suffix` picks the generated entry
    (`ISO3-MIL`, `ISO3-GOV`, `ISO3-MFA`) an agent + nisba phrase resolves to."""

    ar: str
    sector: str
    suffix: str | None = None
    person: bool = False
    # False for nouns that name an actor only with a nisba (الجانب التركي), never alone
    bare: bool = True
    # words after which the noun names an abstraction, not a body (الأمن القومي)
    not_before: frozenset[str] = frozenset()
    # words before which the noun names a means, not a body (استخدام القوة), and proclitics
    # written as "ب-" that make it a manner (بالقوة, by force)
    not_after: frozenset[str] = frozenset()


# --------------------------------------------------------------------------------------------
# Dates


def iso_day(value: str | date) -> str:
    """`YYYY-MM-DD` for a date or an ISO string; `YYYY` and `YYYY-MM` are taken mid-period."""
    if isinstance(value, date):
        return value.isoformat()[:10]
    m = _DATE_RE.match(value.strip())
    if not m:
        raise ValueError(f"not an ISO date: {value!r}")
    y, mo, d = m.groups()
    if mo is None:
        return f"{y}-07-01"
    if d is None:
        return f"{y}-{mo}-15"
    return f"{y}-{mo}-{d}"


def _check_date(value: Any, *, end: bool) -> str:
    """Validate a data date (YYYY, YYYY-MM or YYYY-MM-DD) and expand it to a day."""
    if isinstance(value, date):
        return value.isoformat()[:10]
    if not isinstance(value, str):
        raise ValueError(f"bad date {value!r}: use YYYY-MM-DD")
    m = _DATE_RE.match(value.strip())
    if not m:
        raise ValueError(f"bad date {value!r}: use YYYY-MM-DD")
    y, mo, d = m.groups()
    try:
        if mo is None:
            return f"{y}-12-31" if end else f"{y}-01-01"
        if d is None:
            if end:
                nxt = date(int(y) + (mo == "12"), int(mo) % 12 + 1, 1)
                return date.fromordinal(nxt.toordinal() - 1).isoformat()
            date(int(y), int(mo), 1)
            return f"{y}-{mo}-01"
        return date(int(y), int(mo), int(d)).isoformat()
    except ValueError:
        raise ValueError(f"bad date {value!r}: no such day") from None


# --------------------------------------------------------------------------------------------
# YAML with line numbers


try:  # the C parser when libyaml is there: several times faster
    _Base: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Base = yaml.SafeLoader


class _LineLoader(_Base):  # type: ignore[misc, valid-type]
    """SafeLoader that keeps dates as strings and records each mapping's line as `__line__`."""

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping


_LineLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in _Base.yaml_implicit_resolvers.items()
}
_LineLoader.add_constructor("tag:yaml.org,2002:map", _LineLoader.construct_mapping)


def _read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise DictionaryError(f"cannot read the file: {e}", file=str(path)) from None
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 (a SafeLoader subclass)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(e, "problem", None) or str(e)
        raise DictionaryError(f"not valid YAML: {problem}", file=str(path), line=line) from None


# --------------------------------------------------------------------------------------------
# Parsing one file into raw records


@dataclass(slots=True)
class _Raw:
    data: dict[str, Any]
    file: str
    line: int | None


def _as_list(value: Any, what: str) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, (str, dict)):
        return [value]
    if isinstance(value, list):
        return value
    raise ValueError(f"`{what}` must be a list")


def _iter_file(path: Path, errors: list[DictionaryError]) -> Iterator[_Raw]:
    try:
        doc = _read_yaml(path)
    except DictionaryError as e:
        errors.append(e)
        return
    if doc is None:
        return
    if isinstance(doc, dict) and "actors" in doc:
        doc = doc["actors"]
    if not isinstance(doc, list):
        errors.append(DictionaryError("expected a list of actors (or a mapping with `actors:`)",
                                      file=str(path), line=1))
        return
    for item in doc:
        if not isinstance(item, dict):
            errors.append(DictionaryError(f"an actor must be a mapping, got {item!r}", file=str(path)))
            continue
        line = item.pop("__line__", None)
        yield _Raw(item, str(path), line)


def _parse_agents(path: Path, errors: list[DictionaryError]
                  ) -> tuple[list[Agent], list[str], list[str]]:
    """`agents.yaml`: {agents: [{ar, sector, suffix?, person?, forms?}], actions: [words],
    ambiguous: [aliases that are also common words]}."""
    agents: list[Agent] = []
    actions: list[str] = []
    ambiguous: list[str] = []
    try:
        doc = _read_yaml(path)
    except DictionaryError as e:
        errors.append(e)
        return agents, actions, ambiguous
    if doc is None:
        return agents, actions, ambiguous
    if not isinstance(doc, dict):
        errors.append(DictionaryError("agents file must be a mapping with `agents:` and `actions:`",
                                      file=str(path), line=1))
        return agents, actions, ambiguous
    for item in doc.get("agents") or []:
        if not isinstance(item, dict):
            errors.append(DictionaryError(f"an agent must be a mapping, got {item!r}", file=str(path)))
            continue
        line = item.get("__line__")
        sector = item.get("sector")
        words = [w for w in [item.get("ar")] + list(item.get("forms") or []) if w]
        if not words:
            errors.append(DictionaryError("agent without `ar`", file=str(path), line=line))
            continue
        if sector not in SECTORS:
            errors.append(DictionaryError(f"unknown sector {sector!r} (one of {', '.join(sorted(SECTORS))})",
                                          file=str(path), line=line))
            continue
        suffix = item.get("suffix")
        not_before = frozenset(norm(str(w)) for w in item.get("not_before") or [])
        not_after = frozenset(norm(str(w)) for w in item.get("not_after") or [])
        for w in words:
            agents.append(Agent(norm(str(w)), sector, suffix, bool(item.get("person", False)),
                                bool(item.get("bare", True)), not_before, not_after))
    for item in doc.get("actions") or []:
        if isinstance(item, str):
            actions.append(norm(item))
        else:
            errors.append(DictionaryError(f"an action noun must be a string, got {item!r}", file=str(path)))
    for item in doc.get("ambiguous") or []:
        if isinstance(item, str):
            ambiguous.append(norm(item))
        else:
            errors.append(DictionaryError(f"an ambiguous alias must be a string, got {item!r}", file=str(path)))
    for key, mark in (("not_before_adjective", ">"), ("not_before_noun", "<")):
        for item in doc.get(key) or []:
            if isinstance(item, str):
                ambiguous.append(mark + norm(item))
            else:
                errors.append(DictionaryError(f"an ambiguous alias must be a string, got {item!r}",
                                              file=str(path)))
    return agents, actions, ambiguous


def _validate_fields(raw: _Raw, complete: bool) -> dict[str, Any]:
    """Check the fields present in `raw` (all required ones when `complete`); return a clean
    dict of the fields given. Raises ValueError with the reason."""
    d = raw.data
    out: dict[str, Any] = {}
    unknown = set(d) - _ENTRY_KEYS
    if unknown:
        raise ValueError(f"unknown field(s) {', '.join(sorted(map(str, unknown)))}")
    ident = d.get("id")
    if not ident:
        raise ValueError("missing `id`")
    ident = str(ident)
    if not _ID_RE.match(ident):
        raise ValueError(f"bad id {ident!r}: use ISO3-SLUG in capitals (LBY-GNA, IGO-UN, NGO-HRW)")
    out["id"] = ident
    if complete:
        for key in ("name", "country", "type"):
            if not d.get(key):
                raise ValueError(f"{ident}: missing `{key}`")
    if "name" in d:
        if not isinstance(d["name"], str) or not d["name"].strip():
            raise ValueError(f"{ident}: `name` must be a non-empty string")
        out["name"] = d["name"].strip()
    if "ar" in d:
        if not isinstance(d["ar"], str):
            raise ValueError(f"{ident}: `ar` must be a string")
        out["ar"] = d["ar"].strip()
    if "type" in d:
        if d["type"] not in TYPES:
            raise ValueError(f"{ident}: unknown type {d['type']!r} (one of {', '.join(sorted(TYPES))})")
        out["type"] = d["type"]
    if "country" in d:
        c = str(d["country"])
        if not (_ISO3_RE.match(c)):
            raise ValueError(f"{ident}: bad country {c!r}: use ISO3, IGO or NGO")
        out["country"] = c
    if "sector" in d and d["sector"] is not None:
        if d["sector"] not in SECTORS:
            raise ValueError(f"{ident}: unknown sector {d['sector']!r} (one of {', '.join(sorted(SECTORS))})")
        out["sector"] = d["sector"]
    for key in ("aliases", "nisba", "metonyms"):
        if key in d:
            vals = _as_list(d[key], key)
            for v in vals:
                if not isinstance(v, str) or not v.strip():
                    raise ValueError(f"{ident}: `{key}` must be a list of non-empty strings, got {v!r}")
            out[key] = [v.strip() for v in vals]
    if "affiliations" in d:
        affs = []
        for a in _as_list(d["affiliations"], "affiliations"):
            if not isinstance(a, dict) or not a.get("actor"):
                raise ValueError(f"{ident}: an affiliation needs `actor`")
            try:
                start = _check_date(a["from"], end=False) if a.get("from") is not None else None
                end = _check_date(a["to"], end=True) if a.get("to") is not None else None
            except ValueError as e:
                raise ValueError(f"{ident}: affiliation to {a['actor']}: {e}") from None
            if start and end and end < start:
                raise ValueError(f"{ident}: affiliation to {a['actor']} ends before it starts")
            affs.append(Affiliation(str(a["actor"]), a.get("role"), start, end))
        out["affiliations"] = affs
    if "roles" in d:
        roles = []
        for r in _as_list(d["roles"], "roles"):
            if isinstance(r, str):
                r = {"ar": r}
            if not isinstance(r, dict) or not isinstance(r.get("ar"), str) or not r["ar"].strip():
                raise ValueError(f"{ident}: a role needs `ar` (the Arabic role phrase)")
            try:
                start = _check_date(r["from"], end=False) if r.get("from") is not None else None
                end = _check_date(r["to"], end=True) if r.get("to") is not None else None
            except ValueError as e:
                raise ValueError(f"{ident}: role {r['ar']!r}: {e}") from None
            if start and end and end < start:
                raise ValueError(f"{ident}: role {r['ar']!r} ends before it starts")
            roles.append(Role(r["ar"].strip(), norm(r["ar"].strip()), start, end))
        out["roles"] = roles
    if "transnational" in d:
        if not isinstance(d["transnational"], bool):
            raise ValueError(f"{ident}: `transnational` must be true or false")
        out["transnational"] = d["transnational"]
    if "ref" in d and d["ref"] is not None:
        out["ref"] = str(d["ref"])
    return out


def _dedup(seq: Iterable[Any]) -> list[Any]:
    seen: set[Any] = set()
    out = []
    for x in seq:
        k = norm(x) if isinstance(x, str) else x
        if k not in seen:
            seen.add(k)
            out.append(x)
    return out


def _build(fields: dict[str, Any], file: str, line: int | None) -> ActorEntry:
    return ActorEntry(
        id=fields["id"], name=fields["name"], country=fields["country"], type=fields["type"],
        ar=fields.get("ar", ""),
        aliases=tuple(_dedup(a for a in fields.get("aliases", ()) if a != fields.get("ar"))),
        sector=fields.get("sector"), affiliations=tuple(_dedup(fields.get("affiliations", ()))),
        roles=tuple(_dedup(fields.get("roles", ()))), nisba=tuple(_dedup(fields.get("nisba", ()))),
        metonyms=tuple(_dedup(fields.get("metonyms", ()))),
        transnational=fields.get("transnational", False), ref=fields.get("ref"), file=file, line=line)


def _fields_of(e: ActorEntry) -> dict[str, Any]:
    return {"id": e.id, "name": e.name, "country": e.country, "type": e.type, "ar": e.ar,
            "aliases": list(e.aliases), "sector": e.sector, "affiliations": list(e.affiliations),
            "roles": list(e.roles), "nisba": list(e.nisba), "metonyms": list(e.metonyms),
            "transnational": e.transnational,
            "ref": e.ref}


def _load_into(dirs: Sequence[Path], errors: list[DictionaryError]
               ) -> tuple[dict[str, ActorEntry], list[Agent], list[str], list[str]]:
    entries: dict[str, ActorEntry] = {}
    agents: list[Agent] = []
    actions: list[str] = []
    ambiguous: list[str] = []
    for d in dirs:
        d = Path(d)
        if not d.is_dir():
            errors.append(DictionaryError("not a directory", file=str(d)))
            continue
        seen_here: dict[str, str] = {}
        for path in sorted(d.glob("*.yaml")) + sorted(d.glob("*.yml")):
            if path.name in (AGENTS_FILE, "agents.yml"):
                ag, ac, am = _parse_agents(path, errors)
                agents.extend(ag)
                actions.extend(ac)
                ambiguous.extend(am)
                continue
            for raw in _iter_file(path, errors):
                ident = raw.data.get("id")
                prev = entries.get(str(ident)) if ident else None
                extending = prev is not None and str(ident) not in seen_here and not raw.data.get("replace")
                try:
                    fields = _validate_fields(raw, complete=not extending)
                except ValueError as e:
                    errors.append(DictionaryError(str(e), file=raw.file, line=raw.line))
                    continue
                ident = fields["id"]
                if ident in seen_here:
                    where = seen_here[ident]
                    errors.append(DictionaryError(f"duplicate id {ident} (first at {where})",
                                                  file=raw.file, line=raw.line))
                    continue
                seen_here[ident] = f"{raw.file}:{raw.line}"
                if extending and prev is not None:
                    merged = _fields_of(prev)
                    for k, v in fields.items():
                        merged[k] = merged.get(k, []) + v if k in _LIST_FIELDS else v
                    fields = merged
                entries[ident] = _build(fields, raw.file, raw.line)
    # Affiliations must point at known actors.
    for e in entries.values():
        for a in e.affiliations:
            if a.actor not in entries:
                errors.append(DictionaryError(f"{e.id}: affiliation to unknown actor {a.actor}",
                                              file=e.file, line=e.line))
    return entries, agents, actions, ambiguous


# --------------------------------------------------------------------------------------------
# Nisba forms


# Adverbs in -يا that look like an accusative nisba (ماليا "financially" is not Mali).
_ADVERB_NOT_NISBA = frozenset({"ماليا", "عمليا", "رسميا", "فعليا", "كليا", "جزئيا", "محليا",
                               "دوليا", "اقليميا", "عربيا", "سياسيا", "عسكريا", "امنيا",
                               "نسبيا", "حاليا", "تدريجيا", "يوميا", "شخصيا", "نهائيا"})


def nisba_forms(adj: str) -> list[str]:
    """Inflected forms of a masculine nisba adjective, without the article.

    ليبي → ليبي ليبيه ليبيون ليبيين ليبيات ليبيان ليبيتان ليبيتين (normalised). Compound
    adjectives (كوري جنوبي) inflect each word.
    """
    words = norm(adj).split()
    if len(words) > 1 and words[0] in ("جنوب", "شمال", "غرب", "شرق", "وسط"):
        return [words[0] + " " + f for f in nisba_forms(" ".join(words[1:]))]
    if len(words) > 1:
        per_word = [nisba_forms(w) for w in words]
        return [" ".join(ws) for ws in zip(*per_word, strict=False)]
    w = words[0] if words else ""
    if not w.endswith("ي"):
        return [w]
    return [w, w + "ه", w + "ون", w + "ين", w + "ات", w + "ان", w + "تان", w + "تين"]


def definite(phrase: str) -> str:
    """Add the article to a (normalised) nisba phrase: كوري جنوبي → الكوري الجنوبي; but
    جنوب سوداني → الجنوب سوداني."""
    words = phrase.split()
    if len(words) > 1 and words[0] in ("جنوب", "شمال", "غرب", "شرق", "وسط"):
        return "ال" + phrase
    return " ".join(w if w.startswith("ال") else "ال" + w for w in words)


# --------------------------------------------------------------------------------------------
# The dictionary


class ActorDictionary:
    """Every canonical actor, indexed by id, normalised name, nisba and role phrase."""

    _default: ActorDictionary | None = None
    _lock = threading.Lock()

    def __init__(self, entries: dict[str, ActorEntry], agents: Sequence[Agent] = (),
                 actions: Sequence[str] = (), ambiguous: Sequence[str] = ()):
        self.entries = entries
        self.ambiguous: frozenset[str] = frozenset(a for a in ambiguous if a[:1] not in "><")
        # Aliases that are common nouns before an adjective (القاعدة العسكرية is a base).
        self.not_before_adjective: frozenset[str] = frozenset(a[1:] for a in ambiguous if a.startswith(">"))
        # Aliases that are verbal nouns before their object (فتح الممرات "opening the corridors").
        self.not_before_noun: frozenset[str] = frozenset(a[1:] for a in ambiguous if a.startswith("<"))
        self.agents: dict[str, Agent] = {}
        for a in agents:
            self.agents.setdefault(a.ar, a)
        self.actions: frozenset[str] = frozenset(actions)
        self._by_name: dict[str, list[ActorEntry]] = {}
        self._nisba: dict[str, str] = {}  # normalised form (with and without ال) → actor id
        self._nisba_plural: set[str] = set()  # forms that name people on their own (السوريين)
        self._roles: dict[str, list[tuple[Role, ActorEntry]]] = {}
        self._states: dict[str, ActorEntry] = {}
        for e in entries.values():
            for n in e.names:
                k = norm(n)
                lst = self._by_name.setdefault(k, [])
                if e not in lst:
                    lst.append(e)
            for r in e.roles:
                self._roles.setdefault(r.norm, []).append((r, e))
            if e.type == "state":
                self._states.setdefault(e.country, e)
            for adj in e.nisba:
                self._add_nisba(adj, e.id)

    def _add_nisba(self, adj: str, ident: str) -> None:
        n = norm(adj)
        # ألماني، ألباني: a hamza-alef + ل of the word itself, which normalisation writes
        # like the article; the definite forms still add one (الألمانية)
        own_alef_lam = adj.strip().startswith(("أل", "إل", "آل"))
        article = own_alef_lam
        if n.startswith("ال") and " " not in n and not own_alef_lam:
            # given definite: a broken plural (الأتراك، الألمان)
            forms = [n[2:]]
            plural = article = True
        elif " " not in n and not n.endswith("ي"):  # a form given as is (روس، ماليين)
            forms = [n]
            plural = not n.endswith("ه")
        else:
            forms = nisba_forms(n)
            plural = False
        for i, f in enumerate(forms):
            for k in (f, "ال" + f if article else definite(f)):
                self._nisba.setdefault(k, ident)
                if plural or i in (2, 3):  # -ون / -ين: people
                    self._nisba_plural.add(k)
        # the indefinite accusative, which takes no article (مقترحا أمميا، دعما روسيا); not
        # an adverb of the same shape (ماليا "financially" is not Mali)
        accusative = n + "ا"
        if " " not in n and n.endswith("ي") and accusative not in _ADVERB_NOT_NISBA:
            self._nisba.setdefault(accusative, ident)

    # -- construction ------------------------------------------------------------------------

    @classmethod
    def load(cls, dirs: Sequence[Path | str] = (), *, builtin: bool = True) -> ActorDictionary:
        """The built-in data (unless `builtin=False`) with each of `dirs` merged over it.

        Raises the first DictionaryError found (use `check` for all of them).
        """
        errors: list[DictionaryError] = []
        all_dirs = ([DATA_DIR] if builtin else []) + [Path(d) for d in dirs]
        entries, agents, actions, ambiguous = _load_into(all_dirs, errors)
        if errors:
            raise errors[0]
        return cls(entries, agents, actions, ambiguous)

    @classmethod
    def default(cls) -> ActorDictionary:
        """The built-in dictionary plus the directories in `RASD_ACTORS` (os.pathsep-separated),
        loaded once per process."""
        if cls._default is None:
            with cls._lock:
                if cls._default is None:
                    extra = [p for p in os.environ.get("RASD_ACTORS", "").split(os.pathsep) if p]
                    cls._default = cls.load(extra)
        return cls._default

    # -- queries -----------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[ActorEntry]:
        return iter(self.entries.values())

    def __contains__(self, ident: object) -> bool:
        return ident in self.entries

    def get(self, ident: str) -> ActorEntry | None:
        return self.entries.get(ident)

    def alias_count(self) -> int:
        """Distinct (actor, normalised name) pairs: the Arabic name and every alias."""
        return sum(len({norm(n) for n in e.names}) for e in self.entries.values())

    def by_name(self, name: str) -> list[ActorEntry]:
        """Entries with exactly this Arabic name or alias (normalised comparison)."""
        return list(self._by_name.get(norm(name), ()))

    def search(self, name: str, limit: int = 20) -> list[ActorEntry]:
        """Entries whose id, English name or Arabic name/alias matches `name`: exact matches
        first, then the rest by substring."""
        q = norm(name.strip())
        if not q:
            return []
        ql = q.lower()
        out: list[ActorEntry] = []
        seen: set[str] = set()

        def add(e: ActorEntry) -> None:
            if e.id not in seen:
                seen.add(e.id)
                out.append(e)

        if name.strip().upper() in self.entries:
            add(self.entries[name.strip().upper()])
        for e in self._by_name.get(q, ()):
            if e.id not in seen:
                add(e)
        q_bare = q[2:] if q.startswith("ال") and len(q) > 3 else q
        for e in self.entries.values():
            if len(out) >= limit:
                break
            if ql in e.name.lower() or ql in e.id.lower():
                add(e)
                continue
            if any(q_bare in norm(n) for n in e.names):
                add(e)
        return out[:limit]

    def role_holder(self, role_phrase_norm: str, on_date: str | date,
                    country: str | None = None) -> ActorEntry | None:
        """Who held the role `role_phrase_norm` (a normalised Arabic phrase: رئيس المجلس الرئاسي)
        on `on_date`; None when nobody in the dictionary did. A leading proclitic is ignored.
        With `country`, only holders of that country (or IGO holders) count, so that a phrase
        without a nisba (محافظ المصرف المركزي) resolves within the article's country."""
        key = norm(role_phrase_norm)
        cands = self._roles.get(key)
        if cands is None and key[:1] in "وفبلك" and len(key) > 3:
            cands = self._roles.get(key[1:]) or (self._roles.get("ا" + key[1:]) if key.startswith("لل") else None)
        if not cands:
            return None
        d = iso_day(on_date)
        if country is not None:
            local = [(r, e) for r, e in cands if e.country in (country, "IGO")]
            # A phrase that names its country (العاهل الأردني) is not limited to the article's.
            if local or not any(w in self._nisba or w in self._by_name for w in key.split()):
                cands = local
        best: tuple[str, ActorEntry] | None = None
        for r, e in cands:
            if r.active(d):
                # Prefer the most recently started holder when ranges overlap.
                s = r.start or ""
                if best is None or s > best[0]:
                    best = (s, e)
        return best[1] if best else None

    def roles(self) -> dict[str, list[tuple[Role, ActorEntry]]]:
        return self._roles

    def nisba_entry(self, word_norm: str) -> ActorEntry | None:
        """The actor a nisba adjective names: a state (التركية → Turkey) or, for the few
        organisations with one, the organisation (الأممي → United Nations)."""
        w = norm(word_norm)
        ident = self._nisba.get(w)
        if ident is None and w[:1] in "وفبلك" and len(w) > 3:
            rest = w[1:]
            ident = self._nisba.get(rest) or (self._nisba.get("ا" + rest) if rest.startswith("ل") else None)
        return self.entries.get(ident) if ident else None

    def nisba(self, word_norm: str) -> str | None:
        """Country ISO3 (or IGO) of a nisba adjective or its plural (التركية, روسي,
        الأمريكيين, الأتراك); None when the word is not a nisba."""
        e = self.nisba_entry(word_norm)
        return e.country if e else None

    def phrase_country(self, phrase: str) -> str | None:
        """The country a description names by a nisba in it (21 فلسطينيا، البرلمانيين
        الفرنسيين العشرة → PSE, FRA), for actors the dictionary has no entry for."""
        for word in norm(phrase).split():
            country = self.nisba(word)
            # the indefinite accusative (فلسطينيا، عراقيا) of a nisba in ي; not ماليا
            # "financially", which would be Mali
            if country is None and word.endswith("يا") and len(word) > 4 \
                    and word not in _ADVERB_NOT_NISBA:
                country = self.nisba(word[:-1])
            if country is not None:
                return country
        return None

    def nisba_forms(self) -> dict[str, str]:
        """Every normalised nisba form (with and without the article) → actor id."""
        return self._nisba

    def is_nationals(self, form_norm: str) -> bool:
        """True for nisba forms that name people on their own (السوريين، الأتراك)."""
        return form_norm in self._nisba_plural

    def country_entry(self, iso3: str) -> ActorEntry | None:
        """The state entry of a country (`TUR` → Turkey)."""
        return self._states.get(iso3)

    def generic(self, iso3: str, suffix: str | None) -> ActorEntry | None:
        """The generated organ of a state (`TUR`, 'MIL' → TUR-MIL); None without a suffix."""
        if not suffix:
            return None
        if suffix == "STATE":
            return self._states.get(iso3)
        return self.entries.get(f"{iso3}-{suffix}")

    def agent(self, word_norm: str) -> Agent | None:
        return self.agents.get(word_norm)


def check(*dirs: Path | str, builtin: bool = True) -> list[DictionaryError]:
    """Every problem in the user directories `dirs`, read over the built-in data (the built-in
    data is read first so that affiliations may point at its actors)."""
    errors: list[DictionaryError] = []
    all_dirs = ([DATA_DIR] if builtin else []) + [Path(d) for d in dirs]
    _load_into(all_dirs, errors)
    return errors
