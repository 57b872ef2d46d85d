"""The app factory: one store, the /api routes, the error shape, the body limit, the dashboard.

`create_app(db, token=..., pipeline=...)` opens the store at once (a bad path or a DuckDB
file locked by another rasd fails here, not at the first request) and closes it when the
server shuts down; when the server starts, a background thread reads the newest events into
the cache (rasd.api.cache). The pipeline is built on the first write unless one is given (it
takes a second or two, and a read-only server never needs it).
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from starlette.responses import FileResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rasd.api import errors, schemas
from rasd.api.access import StoreAccess
from rasd.api.errors import ApiError, error_body

MAX_BODY = 5 * 1024 * 1024

DESCRIPTION = """\
Stored conflict events coded from Arabic news by rasd: filter and page through them, read
the evidence behind each one, follow actors and their relations, and count them over time
and space. Reads are open; `POST /api/articles` needs `Authorization: Bearer <token>`.

Every error has one shape: `{"error": {"status": 404, "code": "not_found", "message": "..."}}`
with `code` one of not_found, bad_request, unauthorized, too_large, forbidden, server_error.
"""


class BodyLimit:
    """Refuse a request body over `limit` bytes with 413 in the error shape, before the app
    reads it: by its Content-Length, or, for a chunked body, as soon as it grows past it."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        message = (f"the request body is larger than {self.limit // (1024 * 1024)} MB; "
                   "send fewer articles at a time")
        headers = dict(scope["headers"])
        length = headers.get(b"content-length")
        if length is None and b"chunked" not in headers.get(b"transfer-encoding", b"").lower():
            await self.app(scope, receive, send)  # no body
            return
        if length is not None:
            try:
                too_big = int(length) > self.limit
            except ValueError:
                await _send_error(send, 400, "Content-Length is not a number")
                return
            if too_big:
                await _send_error(send, 413, message)
                return
            await self.app(scope, receive, send)
            return
        # No length given (chunked): read it here, up to the limit, then replay it.
        chunks, size, more = [], 0, True
        while more:
            msg = await receive()
            if msg["type"] != "http.request":
                break
            body = msg.get("body", b"")
            size += len(body)
            if size > self.limit:
                await _send_error(send, 413, message)
                return
            chunks.append(body)
            more = msg.get("more_body", False)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


async def _send_error(send: Send, status: int, message: str) -> None:
    body = error_body(status, message)
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


def _static_dir() -> Path:
    from rasd.web import STATIC_DIR

    return STATIC_DIR


def create_app(db: str, *, token: str | None = None, pipeline: Any = None,
               actor_dirs: list[Path] | None = None) -> FastAPI:
    """The ASGI app serving the store at `db` (a DuckDB path or a postgresql:// URL).

    `token`: the bearer token writes need (None: every write is refused with 403);
    `pipeline`: a `rasd.Pipeline` for `POST /api/articles` (built on the first one if None,
    with `actor_dirs`).
    """
    from rasd import __version__
    from rasd.api.routes import router

    if token is not None and not token.strip():
        token = None
    access = StoreAccess(str(db), pipeline=pipeline, actor_dirs=actor_dirs)
    access.open()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        threading.Thread(target=access.warm, name="rasd-cache-warm", daemon=True).start()
        yield
        access.close()  # reopened on demand if the app is used again (tests)

    app = FastAPI(title="rasd", version=__version__, description=DESCRIPTION,
                  lifespan=lifespan)
    app.state.access = access
    app.state.token = token
    errors.install(app)
    app.include_router(router)
    app.add_middleware(BodyLimit, limit=MAX_BODY)

    static = _static_dir()
    if (static / "index.html").is_file():
        app.mount("/static", StaticFiles(directory=static), name="static")

    @app.get("/", include_in_schema=False)
    def dashboard() -> Response:
        index = static / "index.html"
        if not index.is_file():
            raise ApiError(404, "the dashboard is not installed with this rasd; the API is "
                                "at /api (see /docs)")
        return FileResponse(index, media_type="text/html")

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            spec = get_openapi(title=app.title, version=app.version,
                               description=app.description, routes=app.routes,
                               tags=[{"name": "events"}, {"name": "actors"},
                                     {"name": "analysis"}, {"name": "ingest"},
                                     {"name": "meta"}])
            # The POST body is parsed by hand (after the token check), so its model is
            # added to the components here.
            body = schemas.ArticlesIn.model_json_schema(
                ref_template="#/components/schemas/{model}")
            comps = spec.setdefault("components", {}).setdefault("schemas", {})
            comps.update(body.pop("$defs", {}))
            comps["ArticlesIn"] = body
            # Validation errors are answered as 400 in the error shape, never as 422.
            for ops in spec.get("paths", {}).values():
                for op in ops.values():
                    op.get("responses", {}).pop("422", None)
            for name in ("HTTPValidationError", "ValidationError"):
                comps.pop(name, None)
            app.openapi_schema = spec
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app
