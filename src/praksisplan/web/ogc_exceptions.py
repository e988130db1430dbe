"""Errors under ``/ogc`` in OGC API – Features' exception format: ``{"code", "description"}``
(Part 1, exception.yaml) with the HTTP status — also the refusals, unknown paths and invalid
parameter values, which get 400, not FastAPI's 422 (/req/core/query-param-invalid)."""

from __future__ import annotations

from collections.abc import Mapping

from fastapi.responses import JSONResponse
from starlette.types import Scope

PREFIX = "/ogc"

#: OGC exception codes by HTTP status (OWS Common's names).
_CODES = {400: "InvalidParameterValue", 404: "NotFound", 401: "NotAuthorized", 403: "Forbidden"}


def is_ogc(scope: Scope) -> bool:
    path = str(scope.get("path", ""))
    return path == PREFIX or path.startswith(PREFIX + "/")


def ogc_exception(
    status: int, description: str, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    code = _CODES.get(status, "NoApplicableCode")
    return JSONResponse(
        {"code": code, "description": description}, status_code=status, headers=headers
    )
