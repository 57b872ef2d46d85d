"""The dashboard: static files (HTML, JavaScript, CSS and vendored libraries) that the API app
serves at `/` and `/static/`; the page reads everything it shows from the REST API."""

from __future__ import annotations

from pathlib import Path

STATIC_DIR: Path = Path(__file__).resolve().parent / "static"
"""index.html, app.js, app.css and vendor/ (Leaflet, markercluster, world-atlas, topojson-client,
cytoscape, Chart.js, each with its licence); nothing is fetched from the internet."""

__all__ = ["STATIC_DIR"]
