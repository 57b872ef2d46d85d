"""`rasd serve`: the REST API and the dashboard over a store, run with uvicorn.

Binds 127.0.0.1 unless told otherwise. Writes (`POST /api/articles`) need the bearer token
from RASD_TOKEN or --token-file; with neither, the server is read-only and every write is
refused with 403.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from typing import Annotated

import typer

from rasd.errors import ConfigError

TOKEN_ENV = "RASD_TOKEN"
MIN_TOKEN = 16  # shorter tokens are accepted, with a warning


def read_token(token_file: Path | None) -> str | None:
    """The write token: the file's first line when given, else RASD_TOKEN, else None."""
    if token_file is not None:
        try:
            text = token_file.read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"{token_file}: cannot read the token file: "
                              f"{exc.strerror or exc}") from None
        except UnicodeDecodeError:
            raise ConfigError(f"{token_file}: the token file is not UTF-8 text") from None
        lines = text.strip().splitlines()
        if not lines or not lines[0].strip():
            raise ConfigError(f"{token_file}: the token file is empty")
        return lines[0].strip()
    env = os.environ.get(TOKEN_ENV, "").strip()
    return env or None


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(
    db: Annotated[str | None, typer.Option(
        "--db", help="A DuckDB file (default ./rasd.duckdb, or RASD_DB) or a postgresql:// "
                     "URL.")] = None,
    host: Annotated[str, typer.Option(
        "--host", help="Address to listen on; 127.0.0.1 keeps it to this machine.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="TCP port.", min=1, max=65535)] = 8000,
    token_file: Annotated[Path | None, typer.Option(
        "--token-file", help="A file whose first line is the token writes need (instead of "
                             "RASD_TOKEN). Without a token the server is read-only.")] = None,
    actors: Annotated[list[Path] | None, typer.Option(
        "--actors", help="A directory of your own actor dictionaries, for articles posted "
                         "to /api/articles (also RASD_ACTORS).")] = None,
    access_log: Annotated[bool, typer.Option(
        "--access-log/--no-access-log", help="Log every request on stderr.")] = True,
) -> None:
    """Serve the REST API (/api, docs at /docs) and the dashboard (/) over a store.

    Reads are open; writes (POST /api/articles) need the header Authorization: Bearer TOKEN.

    The token comes from RASD_TOKEN or --token-file; without one, every write is refused.

    Example: [bold]RASD_TOKEN=$(openssl rand -hex 16) rasd serve --db libya.duckdb[/]

    Then open http://127.0.0.1:8000/ or [bold]curl 'http://127.0.0.1:8000/api/events?limit=5'[/]
    """
    import uvicorn

    from rasd.api import create_app
    from rasd.cli import _actor_dirs, _say
    from rasd.commands.store import _db
    from rasd.store import redact

    token = read_token(token_file)
    url = _db(db)
    app = create_app(url, token=token, actor_dirs=_actor_dirs(actors))
    access = app.state.access
    with access.read() as store:
        n_events, n_articles = store.count("events"), store.count("articles")
    shown = f"[{host}]" if ":" in host else host
    _say(f"rasd serve: http://{shown}:{port}/ (API at /api, docs at /docs) over "
         f"{redact(url)}: {n_events:,} events, {n_articles:,} articles")
    if token is None:
        _say(f"rasd serve: read-only: writes are refused (403); set {TOKEN_ENV} or "
             "--token-file to allow POST /api/articles")
    elif len(token) < MIN_TOKEN:
        _say(f"rasd serve: warning: the token is short ({len(token)} characters); use "
             f"{MIN_TOKEN} or more, e.g. openssl rand -hex 16")
    if not _loopback(host):
        _say(f"rasd serve: warning: listening on {host}: anyone who can reach it can read "
             "every stored event")
    try:
        uvicorn.run(app, host=host, port=port, access_log=access_log, log_level="info",
                    server_header=False)
    finally:
        access.close()


def register(app: typer.Typer) -> None:
    """Add `rasd serve` to the main `rasd` app."""
    app.command("serve")(serve)
