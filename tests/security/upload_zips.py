"""Dataset zips for the upload tests and posting them as the upload form does."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from fastapi.testclient import TestClient

TINY = Path(__file__).resolve().parents[1] / "fixtures" / "tiny"


def tiny_files(date: str = "2025-07-01") -> dict[str, bytes]:
    """The tiny dataset's files with ``date`` as reference date (the store holds 2025-01-01)."""
    files = {p.name: p.read_bytes() for p in TINY.iterdir()}
    files["dataset.toml"] = files["dataset.toml"].replace(b"2025-01-01", date.encode())
    return files


def zipped(files: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def upload(client: TestClient, data: bytes, filename: str) -> tuple[int, str]:
    """Post ``data`` as the upload form does (CSRF token in the query); status and page."""
    token = client.headers["X-CSRF-Token"]
    response = client.post(
        f"/upload?csrf_token={token}",
        files={"dataset": (filename, data, "application/zip")},
        headers={"X-CSRF-Token": "", "Accept": "text/html"},
    )
    return response.status_code, response.text
