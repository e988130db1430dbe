"""Response bodies encoded once and served as bytes: strong ETag, 304, gzip when large.

A cached body is hashed (for its ETag) and, when large, gzip-compressed once, when it is
made. Serving it then costs no serialisation, validation or compression: the hot path is a
dictionary look-up and a header comparison.
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

from fastapi import Request, Response

#: Bodies at least this large are also kept gzip-compressed (in practice: the map layers).
GZIP_MIN_BYTES = 32 * 1024
GZIP_LEVEL = 6


@dataclass(frozen=True)
class EncodedBody:
    body: bytes
    media_type: str
    etag: str
    gzipped: bytes | None

    @classmethod
    def of(cls, body: bytes, media_type: str) -> EncodedBody:
        etag = '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'
        compressed = (
            gzip.compress(body, GZIP_LEVEL, mtime=0) if len(body) >= GZIP_MIN_BYTES else None
        )
        return cls(body, media_type, etag, compressed)

    def response(self, request: Request, headers: Mapping[str, str] | None = None) -> Response:
        """The body for this request: 304 if the client holds it, gzip if it accepts that."""
        common = {"ETag": self.etag, **(headers or {})}
        if self.gzipped is not None:
            common["Vary"] = "Accept-Encoding"
        if _matches(request.headers.get("if-none-match"), self.etag):
            return Response(status_code=304, headers=common)
        if self.gzipped is not None and _accepts_gzip(request.headers.get("accept-encoding")):
            return Response(
                self.gzipped,
                media_type=self.media_type,
                headers={**common, "Content-Encoding": "gzip"},
            )
        return Response(self.body, media_type=self.media_type, headers=common)


def _matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    candidates = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in candidates or etag in candidates


def _accepts_gzip(accept_encoding: str | None) -> bool:
    """Whether ``gzip`` is listed without ``q=0`` (RFC 9110 §12.5.3)."""
    for coding in (accept_encoding or "").lower().split(","):
        name, _, parameters = coding.partition(";")
        if name.strip() == "gzip":
            quality = parameters.strip().removeprefix("q=").strip()
            return not parameters or quality not in {"0", "0.0", "0.00", "0.000"}
    return False
