"""Schemathesis over the OpenAPI schema: generated requests to every GET endpoint (valid and
invalid parameters) never get a server error, and every answer matches its documented
status codes, content type and schema.

The app is made at import (schemathesis reads its schema when the tests are collected) over
an empty store, which the first fixture fills by posting the sample articles to the API:
that also shows the pipeline is built only on the first write.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from test_api_common import AUTH, SAMPLE, TOKEN

from rasd.api import create_app

_DIR = Path(tempfile.mkdtemp(prefix="rasd-api-schema-"))
APP = create_app(str(_DIR / "schema.duckdb"), token=TOKEN)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP).include(method="GET")


@pytest.fixture(scope="module", autouse=True)
def filled() -> Any:
    """The sample articles, posted through the API (the pipeline is built on this write)."""
    access = APP.state.access
    assert access._pipeline is None  # a read-only use never builds it
    with open(SAMPLE, encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    articles = [{k: r.get(k) for k in ("id", "text", "published", "url", "source", "country")}
                for r in records]
    r = TestClient(APP).post("/api/articles", json={"articles": articles}, headers=AUTH)
    assert r.status_code == 200, r.text
    assert r.json()["summary"]["new"] == len(articles) == 9
    assert access._pipeline is not None
    yield
    access.close()
    shutil.rmtree(_DIR, ignore_errors=True)


@schema.parametrize()
@settings(max_examples=25, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
def test_get_endpoints_never_fail(case: Any) -> None:
    response = case.call_and_validate()
    assert response.status_code < 500, response.text


def test_schema_covers_the_reads() -> None:
    gets = {op.path for op in (r.ok() for r in schema.get_all_operations())
            if op.method.upper() == "GET"}
    assert gets == {"/api/health", "/api/events", "/api/events/{event_id}", "/api/actors",
                    "/api/actors/{key}", "/api/network", "/api/timeline", "/api/places",
                    "/api/stats"}
    assert TestClient(APP).get("/api/health").json()["events"] > 50


def test_docs_page() -> None:
    r = TestClient(APP).get("/docs")
    assert r.status_code == 200 and "swagger" in r.text.lower()
