"""The FastAPI application over a store."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from praksisplan.core.errors import PraksisplanError
from praksisplan.store import Store
from praksisplan.web import auth
from praksisplan.web.assets import STATIC_DIR
from praksisplan.web.head_requests import HeadAsGetMiddleware
from praksisplan.web.routers import (
    allocation,
    api,
    decision_form,
    downloads,
    forecast,
    ogc,
    pages,
    plan,
    plan_content,
    plan_reporting,
    reports,
    scenario_review,
    scenarios,
    terms,
    travel,
    upload,
    vacancy,
)
from praksisplan.web.snapshot_analysis import AnalysisCache
from praksisplan.web.state import AppState

DESCRIPTION = """
The planners' map and dashboards over a praksisplan store: key figures, coverage areas
coloured by threat class or indicator, practices, and committee decisions on threatened
areas. Every page of the app is built from these endpoints. Snapshots are immutable, so
their figures are computed once per process and cached.
"""


def create_app(db_url: str, access: auth.AuthSettings | None = None) -> FastAPI:
    """The web app over the store at ``db_url`` (created and migrated if new); login required
    unless ``access`` (default: from the environment) opens the public view."""
    app = FastAPI(
        title="praksisplan",
        summary="Lægedækning: kort, nøgletal og lægedækningstruede områder",
        description=DESCRIPTION,
        version="0.1.0",
    )
    store = Store(db_url)
    app.state.praksisplan = AppState(store=store, cache=AnalysisCache(store))
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(decision_form.router)
    app.include_router(allocation.router)
    app.include_router(vacancy.router)
    app.include_router(plan.router)
    app.include_router(plan_content.router)
    app.include_router(plan_reporting.router)
    app.include_router(scenarios.router)
    app.include_router(scenario_review.router)
    app.include_router(upload.router)
    app.include_router(forecast.router)
    app.include_router(travel.router)
    app.include_router(reports.router)
    app.include_router(ogc.router, include_in_schema=False)  # its own at /ogc/api
    app.include_router(terms.router)
    app.include_router(downloads.router)
    STATIC_DIR.mkdir(parents=True, exist_ok=True)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    auth.install(app, access or auth.AuthSettings.from_environment())
    app.add_middleware(HeadAsGetMiddleware)  # outermost: HEAD is a GET without its body

    @app.exception_handler(PraksisplanError)
    async def _input_error(request: Request, error: PraksisplanError) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=400)

    return app
