"""*Indlæs datasæt*: a planner uploads a dataset zip, sees the validation report, and loads it.

The upload is screened (:mod:`praksisplan.web.upload_checks`), unpacked into a temporary
directory and read and validated by :mod:`praksisplan.dataset_io` exactly as ``praksisplan
load`` does; a dataset with problems is shown with every issue (file, row, column, rule) and
nothing is stored. A valid one becomes a snapshot in one transaction with its audit entry.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from praksisplan.core.dataset import Dataset
from praksisplan.core.errors import DatasetInvalidError, PraksisplanError
from praksisplan.dataset_io import read_dataset
from praksisplan.store import SnapshotInfo
from praksisplan.web.auth.audit_trail import Audit, audited_async
from praksisplan.web.routers.pages import templates
from praksisplan.web.state import AppState, app_state
from praksisplan.web.upload_checks import unpack_upload

router = APIRouter(include_in_schema=False)
State = Annotated[AppState, Depends(app_state)]


def _page(request: Request, status: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(
        request, "upload.html", {"request": request, "page": "upload", **context}, status
    )


@router.get("/upload", response_class=HTMLResponse)
def upload_page(request: Request) -> Response:
    return _page(request)


def _read(data: bytes, filename: str) -> Dataset:
    with tempfile.TemporaryDirectory(prefix="praksisplan-upload-") as tmp:
        root = unpack_upload(data, filename, Path(tmp))
        return read_dataset(root)


def _loaded(info: SnapshotInfo) -> Audit:
    after = {"source": info.source, "region": info.region_code,
             "reference_date": info.reference_date.isoformat()}  # fmt: skip
    return Audit("snapshot_loaded", "snapshot", str(info.id), after=after)


@router.post("/upload", response_class=HTMLResponse)
async def upload_dataset(
    request: Request, state: State, dataset: Annotated[UploadFile, File()]
) -> Response:
    data = await dataset.read()
    filename = dataset.filename or "upload.zip"
    try:
        uploaded = await run_in_threadpool(_read, data, filename)
        info = await audited_async(
            request,
            lambda: state.store.load_dataset(uploaded, source=f"upload:{filename}"),
            _loaded,
        )
    except DatasetInvalidError as invalid:
        return _page(request, 422, filename=filename, issues=invalid.issues)
    except PraksisplanError as refused:
        return _page(request, 400, filename=filename, error=str(refused))
    return _page(request, 201, filename=filename, loaded=info)
