"""Helpers shared by the API tests (this module holds no tests): a real store built from the
bundled sample articles, on DuckDB or on the PostgreSQL server named by RASD_TEST_PG."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from test_store_common import pg_fresh

from rasd.resources import data_path
from rasd.store import Store, ingest

SAMPLE = data_path("samples", "articles.jsonl")
TOKEN = "test-token-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def sample_store(backend: str, tmp: Path, nlp: Any) -> Iterator[str]:
    """The URL of a store holding the sample articles (a PostgreSQL schema is dropped after)."""
    if backend == "duckdb":
        url = str(tmp / "sample.duckdb")
        with Store.open(url) as store:
            assert ingest(store, [SAMPLE], nlp).new == 9
        yield url
        return
    gen = pg_fresh()
    url = next(gen)
    try:
        with Store.open(url) as store:
            assert ingest(store, [SAMPLE], nlp).new == 9
        yield url
    finally:
        gen.close()


def news_articles(shared: Path, n: int, start: int = 0) -> list[dict[str, Any]]:
    """`n` articles of the shared news corpus as API records (ids made unique to the tests)."""
    out = []
    with open(shared / "data" / "news" / "articles.jsonl", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i < start:
                continue
            if len(out) == n:
                break
            rec = json.loads(line)
            out.append({"id": f"api-test-{rec['id']}", "text": rec["text"],
                        "published": rec.get("published"), "url": rec.get("url"),
                        "source": rec.get("source")})
    return out


def counts(app: Any) -> dict[str, int]:
    """Rows of every table a write could touch."""
    with app.state.access.read() as store:
        return {t: store.count(t) for t in ("articles", "events", "event_sources", "actors",
                                             "places", "rejects")}


def assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    err = body["error"]
    assert err["status"] == status and err["code"] == code
    assert isinstance(err["message"], str) and err["message"]
    return err


