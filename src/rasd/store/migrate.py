"""Versioned migrations: numbered .sql files in `migrations/`, applied in order, recorded.

A new database gets every migration. A database made by an older rasd (a lower version in
`schema_version`) is upgraded, all pending migrations in one transaction. One made by a
newer rasd, or a database with tables but no `schema_version`, is refused with a message
that says what to do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

from rasd.errors import StoreError
from rasd.store.backends import Backend, redact

_NAME = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


def migrations() -> list[Migration]:
    """Every migration shipped with this rasd, in version order."""
    out = []
    for entry in resources.files("rasd.store").joinpath("migrations").iterdir():
        m = _NAME.match(entry.name)
        if m:
            out.append(Migration(int(m.group(1)), m.group(2), entry.read_text(encoding="utf-8")))
    out.sort(key=lambda m: m.version)
    if not out:
        raise StoreError("rasd's schema migrations (rasd/store/migrations/*.sql) are missing "
                         "from this installation; reinstall rasd")
    if [m.version for m in out] != list(range(1, len(out) + 1)):
        raise StoreError("rasd's migrations are not numbered 001, 002, …; reinstall rasd")
    return out


def latest_version() -> int:
    return migrations()[-1].version


def current_version(db: Backend) -> int | None:
    """The schema version of this database; None for an empty one."""
    tables = db.tables()
    if "schema_version" not in tables:
        if tables & {"articles", "events", "event_sources"}:
            raise StoreError(
                f"{redact(db.url)} has rasd-like tables but no schema_version: it was made by a "
                "pre-release rasd or another program; ingest into a new database instead")
        return None
    row = db.execute("SELECT max(version) FROM schema_version")
    return row[0][0] if row and row[0][0] is not None else None


def needs_upgrade(db: Backend) -> bool:
    version = current_version(db)
    return version is None or version < latest_version()


def migrate(db: Backend, target: int | None = None) -> int:
    """Bring the schema to `target` (default: the latest); returns the version reached."""
    available = migrations()
    latest = available[-1].version
    target = latest if target is None else target
    version = current_version(db) or 0
    if version > latest:
        raise StoreError(
            f"{redact(db.url)} has schema version {version}, made by a newer rasd (this rasd "
            f"knows versions up to {latest}); upgrade rasd (pip install -U rasd) to use it")
    pending = [m for m in available if version < m.version <= target]
    if not pending:
        return version
    try:
        with db.transaction():
            db.lock(["migrate"])
            # Another writer may have migrated while we waited for the lock.
            if (current_version(db) or 0) != version:
                return current_version(db) or 0
            for m in pending:
                db.execute_script(m.sql)
                db.execute("INSERT INTO schema_version (version, name) VALUES (?, ?)",
                           [m.version, m.name])
    except StoreError as exc:
        raise StoreError(f"upgrading {redact(db.url)} from schema version {version} to "
                         f"{target} failed, nothing was changed: {exc}") from exc
    return target
