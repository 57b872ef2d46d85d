"""The REST API: stored events, actors, the network, the timeline and places over HTTP.

    from rasd.api import create_app
    app = create_app("libya.duckdb", token="s3cret")   # an ASGI app; `rasd serve` runs it

Reads are open; writes (`POST /api/articles`) need `Authorization: Bearer <token>`. The
endpoints, the error shape and the locking choice are described in docs/api.md.
"""

from rasd.api.app import create_app

__all__ = ["create_app"]
