"""Where the built front end lives and how pages link to it (with a cache-busting version)."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

#: The Vite build output (``make web-assets``), served under ``/static/dist``.
STATIC_DIR = Path(__file__).parent / "static"
DIST_DIR = STATIC_DIR / "dist"


@cache
def _version(name: str) -> str:
    path = DIST_DIR / name
    if not path.is_file():
        return "missing"
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def asset_url(name: str) -> str:
    """URL of a built asset, e.g. ``app.js`` → ``/static/dist/app.js?v=1a2b…``."""
    return f"/static/dist/{name}?v={_version(name)}"


def assets_built() -> bool:
    return (DIST_DIR / "app.js").is_file()
