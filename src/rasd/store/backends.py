"""The two database backends behind one small interface: DuckDB (a file) and PostgreSQL.

SQL is written once, with `?` placeholders, in the dialect both speak; the PostgreSQL
backend turns `?` into psycopg's `%s` (so rasd's SQL never holds a literal `?` or `%`).
A backend knows how to connect, run statements, group them in a transaction and take the
per-key locks that let several PostgreSQL writers run at once. DuckDB has one writer per
file (the file lock), so its locks are no-ops.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from rasd.errors import StoreError

DEFAULT_DB = "rasd.duckdb"


def is_postgres(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://"))


def redact(url: str) -> str:
    """A URL fit for a message: the password replaced by ***."""
    if not is_postgres(url):
        return url
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
        return parts._replace(netloc=netloc).geturl()
    return url


class Backend:
    """What the store needs from a database connection."""

    name = "?"
    url = ""

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        raise NotImplementedError

    def execute_script(self, sql: str) -> None:
        for statement in split_statements(sql):
            self.execute(statement)

    def insert(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]],
               conflict: str = "") -> None:
        """Insert many rows (`conflict`: an ON CONFLICT clause, or '')."""
        raise NotImplementedError

    def update(self, table: str, keys: Sequence[str], columns: Sequence[str],
               rows: Sequence[Sequence[Any]]) -> None:
        """Set `columns` of the rows identified by `keys`; each row is key values + values."""
        raise NotImplementedError

    def begin(self) -> None:
        raise NotImplementedError

    def commit(self) -> None:
        raise NotImplementedError

    def rollback(self) -> None:
        raise NotImplementedError

    def lock(self, keys: Sequence[str]) -> None:
        """Serialise writers on these keys until the transaction ends (sorted: no deadlock)."""

    def tables(self) -> set[str]:
        rows = self.execute("SELECT table_name FROM information_schema.tables "
                            "WHERE table_schema = current_schema()")
        return {r[0] for r in rows}

    def close(self) -> None:
        raise NotImplementedError

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self.begin()
        try:
            yield
        except BaseException:
            self.rollback()
            raise
        self.commit()


def split_statements(sql: str) -> list[str]:
    """Statements of a migration file: `;` at the end of a line ends one; `--` comments go."""
    out, current = [], []
    for line in sql.splitlines():
        stripped = line.split("--", 1)[0].rstrip()
        if not stripped.strip():
            continue
        current.append(stripped)
        if stripped.endswith(";"):
            out.append("\n".join(current).rstrip(";"))
            current = []
    if current:
        out.append("\n".join(current))
    return out


class DuckDBBackend(Backend):
    name = "duckdb"

    def __init__(self, path: str, *, read_only: bool = False) -> None:
        import duckdb

        self.url = path
        self._duckdb = duckdb
        file = Path(path)
        if read_only and not file.exists():
            raise StoreError(f"no database at {path}; create it with "
                             f"`rasd ingest PATH --db {path}`")
        if file.parent and not file.parent.exists():
            raise StoreError(f"cannot create {path}: directory {file.parent} does not exist")
        try:
            self.con = duckdb.connect(path, read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                holder = re.search(r"\(PID (\d+)\)", str(exc))
                who = f" (process {holder.group(1)})" if holder else ""
                raise StoreError(
                    f"{path} is in use by another rasd{who}: a DuckDB file has one writer at a "
                    "time; wait for it to finish, or use PostgreSQL for parallel writers") from exc
            raise StoreError(f"cannot open {path}: {exc}") from exc
        except duckdb.Error as exc:
            raise StoreError(f"cannot open {path} as a DuckDB database: {exc}") from exc
        self._in_tx = False

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        try:
            cur = self.con.execute(sql, list(params))
            return cur.fetchall() if cur.description else []
        except self._duckdb.Error as exc:
            raise StoreError(f"{self.url}: {exc}") from exc

    def _register(self, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
        import pyarrow as pa

        table = pa.table({c: [r[i] for r in rows] for i, c in enumerate(columns)})
        self.con.register("_rasd_rows", table)
        return "_rasd_rows"

    def insert(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]],
               conflict: str = "") -> None:
        # Bound parameters cost DuckDB dearly per statement: rows go in as an Arrow table.
        if not rows:
            return
        name = self._register(columns, rows)
        try:
            cols = ", ".join(columns)
            self.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {name}{conflict}")
        finally:
            self.con.unregister(name)

    def update(self, table: str, keys: Sequence[str], columns: Sequence[str],
               rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        name = self._register([*keys, *columns], rows)
        try:
            sets = ", ".join(f"{c} = v.{c}" for c in columns)
            match = " AND ".join(f"{table}.{k} = v.{k}" for k in keys)
            self.execute(f"UPDATE {table} SET {sets} FROM {name} v WHERE {match}")
        finally:
            self.con.unregister(name)

    def begin(self) -> None:
        self.con.begin()
        self._in_tx = True

    def commit(self) -> None:
        try:
            self.con.commit()
        except self._duckdb.Error as exc:
            raise StoreError(f"{self.url}: commit failed: {exc}") from exc
        finally:
            self._in_tx = False

    def rollback(self) -> None:
        if self._in_tx:
            self._in_tx = False
            self.con.rollback()

    def close(self) -> None:
        self.con.close()


def _lock_id(key: str) -> int:
    return int.from_bytes(hashlib.sha1(f"rasd:{key}".encode()).digest()[:8], "big", signed=True)


class PostgresBackend(Backend):
    name = "postgresql"

    def __init__(self, url: str) -> None:
        try:
            import psycopg
        except ImportError as exc:  # pragma: no cover - a dependency of rasd
            raise StoreError("PostgreSQL needs psycopg: pip install 'psycopg[binary]'") from exc
        self.url = url
        self._psycopg = psycopg
        try:
            self.con = psycopg.connect(url, autocommit=False, connect_timeout=10)
        except psycopg.Error as exc:
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise StoreError(f"cannot connect to {redact(url)}: {reason}") from exc

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        try:
            cur = self.con.execute(sql.replace("?", "%s"), list(params) if params else None)
            return cur.fetchall() if cur.description else []
        except self._psycopg.Error as exc:
            raise StoreError(f"{redact(self.url)}: {str(exc).strip()}") from exc

    def _many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        try:
            with self.con.cursor() as cur:
                cur.executemany(sql.replace("?", "%s"), [list(r) for r in rows])
        except self._psycopg.Error as exc:
            raise StoreError(f"{redact(self.url)}: {str(exc).strip()}") from exc

    def insert(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]],
               conflict: str = "") -> None:
        marks = ", ".join("?" * len(columns))
        self._many(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks}){conflict}", rows)

    def update(self, table: str, keys: Sequence[str], columns: Sequence[str],
               rows: Sequence[Sequence[Any]]) -> None:
        sets = ", ".join(f"{c} = ?" for c in columns)
        match = " AND ".join(f"{k} = ?" for k in keys)
        # executemany takes the values in statement order: the set values, then the keys.
        self._many(f"UPDATE {table} SET {sets} WHERE {match}",
                   [[*r[len(keys):], *r[:len(keys)]] for r in rows])

    def begin(self) -> None:
        # psycopg opens a transaction with the first statement; end any read left open.
        self.con.rollback()

    def commit(self) -> None:
        try:
            self.con.commit()
        except self._psycopg.Error as exc:
            raise StoreError(f"{redact(self.url)}: commit failed: {exc}") from exc

    def rollback(self) -> None:
        self.con.rollback()

    def lock(self, keys: Sequence[str]) -> None:
        for key in sorted(set(keys)):
            self.execute("SELECT pg_advisory_xact_lock(?)", [_lock_id(key)])

    def close(self) -> None:
        self.con.close()


def connect(url: str, *, read_only: bool = False) -> Backend:
    """A backend for a DuckDB path or a postgresql:// URL."""
    if is_postgres(url):
        return PostgresBackend(url)
    if "://" in url:
        raise StoreError(f"unknown database URL {url!r}: give a .duckdb file path or a "
                         "postgresql:// URL")
    return DuckDBBackend(url, read_only=read_only)
