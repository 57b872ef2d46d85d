"""The event store: DuckDB by default (a file), PostgreSQL for teams (a URL).

    from rasd.store import Store, EventFilter, query, ingest
    with Store.open("libya.duckdb") as store:
        summary = ingest(store, ["articles.jsonl"], rasd.Pipeline())
        events = query(store, EventFilter(country="LBY", types=("ASSAULT",)))

Schema and merging rule: docs/store.md.
"""

from rasd.store.backends import DEFAULT_DB, is_postgres, redact
from rasd.store.db import DEFAULT_MERGE_DAYS, Store, WriteResult, article_hash
from rasd.store.ingest import (
    IngestOptions,
    IngestSummary,
    arabic_ratio,
    count_articles,
    ingest,
    ingest_records,
)
from rasd.store.migrate import latest_version, migrate
from rasd.store.query import (
    EventFilter,
    StoredActor,
    StoredEvent,
    StoredPlace,
    StoredReport,
    query,
    rejects,
)

__all__ = [
    "DEFAULT_DB", "DEFAULT_MERGE_DAYS", "EventFilter", "IngestOptions", "IngestSummary",
    "Store", "StoredActor", "StoredEvent", "StoredPlace", "StoredReport", "WriteResult",
    "arabic_ratio", "article_hash", "count_articles", "ingest", "ingest_records", "is_postgres", "latest_version",
    "migrate", "query", "redact", "rejects",
]
