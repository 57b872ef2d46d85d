"""Every error the API answers with, in one shape, made in one place.

    {"error": {"status": 404, "code": "not_found", "message": "no event with id 'x'"}}

`install(app)` routes HTTP errors, validation errors (FastAPI's 422, answered as 400),
rasd's own errors (a ConfigError or InputError is the client's fault: 400; a StoreError is
ours: 500) and anything unexpected (500, logged with its traceback) through `error_response`.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from rasd.errors import ConfigError, InputError, RasdError

log = logging.getLogger("rasd.api")

CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
         413: "too_large"}


def code_for(status: int) -> str:
    if status >= 500:
        return "server_error"
    return CODES.get(status, "bad_request")


class ApiError(Exception):
    """An answer other than success: raised anywhere, turned into the error shape here."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers


def error_body(status: int, message: str) -> bytes:
    body = {"error": {"status": status, "code": code_for(status), "message": message}}
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


def error_response(status: int, message: str, headers: dict[str, str] | None = None
                   ) -> Response:
    return Response(error_body(status, message), status_code=status,
                    media_type="application/json", headers=headers)


def cli_words(message: str) -> str:
    """A filter error from rasd.store names CLI options (--since); the API's are parameters."""
    return re.sub(r"(?<![\w-])--(\w+)", r"\1", message)


def validation_message(errors: list[Any]) -> str:
    """Pydantic's errors as one line: `query.limit: Input should be ...; ...`."""
    parts = []
    for err in errors[:5]:
        loc = ".".join(str(p) for p in err.get("loc", ()))
        parts.append(f"{loc}: {err.get('msg', 'invalid')}" if loc else err.get("msg", "invalid"))
    more = len(errors) - 5
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")


def install(app: FastAPI) -> None:
    """Make every error, wherever raised, come out in the one shape."""

    @app.exception_handler(ApiError)
    async def _api(_: Request, exc: ApiError) -> Response:
        return error_response(exc.status, exc.message, exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if exc.status_code == 404 and message == "Not Found":
            message = "no such endpoint; the API is under /api (see /docs)"
        return error_response(exc.status_code, message, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> Response:
        return error_response(400, validation_message(list(exc.errors())))

    @app.exception_handler(ValidationError)
    async def _body(_: Request, exc: ValidationError) -> Response:
        return error_response(400, validation_message(exc.errors(include_url=False)))

    @app.exception_handler(RasdError)
    async def _rasd(_: Request, exc: RasdError) -> Response:
        if isinstance(exc, (ConfigError, InputError)):
            return error_response(400, cli_words(str(exc)))
        log.error("store or pipeline error: %s", exc)
        return error_response(500, str(exc))

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> Response:
        log.exception("unexpected error", exc_info=exc)
        return error_response(500, f"internal error ({type(exc).__name__}); see the server log")
