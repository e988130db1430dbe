"""Refusals and errors as Danish pages (or JSON for the API), never with a stack trace."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from http import HTTPStatus
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Scope

from praksisplan.web.auth.principal import Principal
from praksisplan.web.ogc_exceptions import is_ogc, ogc_exception
from praksisplan.web.routers.pages import templates

_LOG = logging.getLogger("praksisplan.web")

_TITLES = {
    400: "Forkert forespørgsel",
    401: "Log ind",
    403: "Ingen adgang",
    404: "Siden findes ikke",
    405: "Metoden er ikke tilladt",
    413: "For stor forespørgsel",
    422: "Forkerte oplysninger",
    500: "Der opstod en fejl",
}


#: What an error without a message of its own says (Starlette's defaults are the English
#: reason phrases, "Not Found" and the like).
_DEFAULT_MESSAGES = {
    400: "Forespørgslen kunne ikke forstås.",
    404: "Der er ingen side på denne adresse. Tjek den, eller gå videre fra Overblik.",
    405: "Adressen kan ikke bruges sådan (HTTP-metoden er ikke tilladt her).",
    413: "Forespørgslen er større end tilladt og blev afvist; intet er gemt.",
    500: "Der opstod en uventet fejl. Fejlen er logget; prøv igen senere.",
}


def danish_detail(status: int, detail: object) -> str:
    """The error's own message, or a Danish one where it has only the reason phrase."""
    text = str(detail)
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = None
    if detail is None or text == phrase:
        return _DEFAULT_MESSAGES.get(
            status, f"Forespørgslen kunne ikke gennemføres (HTTP {status})."
        )
    return text


def login_redirect_target(path: str, query: str) -> str:
    return "/login?next=" + quote(path + (f"?{query}" if query else ""), safe="")


def wants_json(scope: Scope) -> bool:
    """API paths and clients that do not ask for HTML get JSON errors."""
    headers = dict(scope.get("headers", []))
    accept = headers.get(b"accept", b"").decode("latin-1")
    return scope["path"].startswith("/api") or "text/html" not in accept


def error_page(
    request: Request, status: int, message: str, headers: Mapping[str, str] | None = None
) -> HTMLResponse:
    """The Danish error page; ``headers`` the error's own (a 405's ``Allow``)."""
    return templates.TemplateResponse(
        request,
        "error.html",
        {"request": request, "page": "fejl", "title": _TITLES.get(status, "Fejl"),
         "message": message},
        status_code=status,
        headers=headers,
    )  # fmt: skip


def _message(status: int, no_rule: bool, csrf: bool, principal: Principal) -> str:
    if status == 413:
        return _DEFAULT_MESSAGES[413]
    if csrf:
        return (
            "Forespørgslen blev afvist: den kom ikke fra praksisplans egne sider (mangler eller "
            "forkert CSRF-token / fremmed Origin). Intet er gemt – genindlæs siden og prøv igen."
        )
    if no_rule:
        return "Ruten har ingen adgangsregel og er derfor lukket for alle."
    if not principal.logged_in:
        return "Du skal logge ind for at se denne side."
    return f"{principal.label} (rolle {principal.role}) har ikke adgang til denne side."


def refusal_response(
    scope: Scope,
    principal: Principal,
    key: str,
    no_rule: bool,
    *,
    status: int | None = None,
    csrf: bool = False,
) -> Response:
    """The answer to a request the middleware refuses."""
    code = status or (403 if csrf or principal.logged_in or no_rule else 401)
    message = _message(code, no_rule, csrf, principal)
    if wants_json(scope) or is_ogc(scope):
        headers = {"WWW-Authenticate": 'Bearer realm="praksisplan"'} if code == 401 else None
        if is_ogc(scope):
            return ogc_exception(code, message, headers)
        return JSONResponse({"detail": message}, status_code=code, headers=headers)
    if code == 401 and key.startswith("GET "):
        query = scope.get("query_string", b"").decode("latin-1")
        return RedirectResponse(login_redirect_target(scope["path"], query), status_code=303)
    return error_page(Request(scope), code, message)


def _ogc_invalid(error: RequestValidationError) -> Response:
    """An invalid value under /ogc: 400 for a query parameter, 404 for a path segment (no
    collection or feature has such an id)."""
    first = error.errors()[0]
    where, name = first["loc"][0], str(first["loc"][-1])
    given = str(first.get("input", ""))[:40]
    if where == "path":
        return ogc_exception(404, f"'{given}' findes ikke ({name}).")
    return ogc_exception(400, f"Ugyldig værdi af forespørgselsparameteren {name}: '{given}'.")


def install_error_pages(app: FastAPI) -> None:
    """Danish error pages for HTML requests; JSON ``detail`` for the API as before."""

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, error: StarletteHTTPException) -> Response:
        if wants_json(request.scope) and not isinstance(error.detail, str | None):
            # a structured detail (a refused scenario edit's number, field and rule) as is
            return await http_exception_handler(request, error)
        message = danish_detail(error.status_code, error.detail)
        if is_ogc(request.scope):
            return ogc_exception(error.status_code, message, error.headers)
        if wants_json(request.scope):
            danish = StarletteHTTPException(error.status_code, message, error.headers)
            return await http_exception_handler(request, danish)
        return error_page(request, error.status_code, message, error.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, error: RequestValidationError) -> Response:
        if is_ogc(request.scope):
            return _ogc_invalid(error)
        if wants_json(request.scope):
            return await request_validation_exception_handler(request, error)
        fields = ", ".join(str(e["loc"][-1]) for e in error.errors())
        return error_page(request, 422, f"Ugyldige værdier i forespørgslen: {fields}.")

    @app.exception_handler(Exception)
    async def _crash(request: Request, error: Exception) -> Response:
        _LOG.exception("unhandled error on %s", request.url.path)
        message = _DEFAULT_MESSAGES[500]
        if is_ogc(request.scope):
            return ogc_exception(500, message)
        if wants_json(request.scope):
            return JSONResponse({"detail": message}, status_code=500)
        return error_page(request, 500, message)
