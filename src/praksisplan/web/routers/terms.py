"""The *Begreber* page: every term the app shows figures under, with its definition."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from praksisplan.core.glossary import TERMS
from praksisplan.core.vocabulary import INDICATOR_LABELS
from praksisplan.web.routers.pages import templates

router = APIRouter(include_in_schema=False)


@router.get("/begreber", response_class=HTMLResponse)
def terms_page(request: Request) -> HTMLResponse:
    context = {
        "request": request,
        "page": "begreber",
        "snapshots": [],
        "terms": TERMS,
        "indicator_labels": INDICATOR_LABELS,
    }
    return templates.TemplateResponse(request, "terms.html", context)
