"""*Indlæs datasæt*: a planner uploads a dataset zip or a workbook (``.xlsx``), sees the
validation report, and loads it.

The upload is screened (:mod:`praksisplan.web.upload_checks`), unpacked (a zip) or saved (a
workbook) into a temporary directory and read and validated by
:mod:`praksisplan.dataset_io` exactly as ``praksisplan load`` does. A workbook is read on a
base snapshot: the one chosen in the form, else the newest snapshot of the workbook's
region; the page says which. A dataset with problems is shown with every issue (file, row,
column, rule) and nothing is stored. A valid one becomes a snapshot in one transaction with
its audit entry (naming the base of a workbook).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from praksisplan.core.errors import PraksisplanError
from praksisplan.dataset_io import DatasetReading, inspect_dataset
from praksisplan.dataset_io.workbook import WORKBOOK_SUFFIX, WorkbookBase, inspect_workbook
from praksisplan.store import SnapshotInfo, Store
from praksisplan.web.auth.audit_trail import Audit, audited_async
from praksisplan.web.routers.pages import templates
from praksisplan.web.state import AppState, app_state
from praksisplan.web.upload_checks import save_workbook, unpack_upload

router = APIRouter(include_in_schema=False)
State = Annotated[AppState, Depends(app_state)]


def _page(request: Request, status: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(
        request, "upload.html", {"request": request, "page": "upload", **context}, status
    )


@router.get("/upload", response_class=HTMLResponse)
def upload_page(request: Request, state: State) -> Response:
    return _page(request, snapshots=state.store.list_snapshots())


@dataclass(frozen=True)
class _Upload:
    """What reading an upload found, and the base snapshot a workbook was read on."""

    reading: DatasetReading
    base: SnapshotInfo | None = None


def _base_chooser(
    store: Store, chosen: int | None
) -> tuple[Callable[..., WorkbookBase], list[SnapshotInfo]]:
    """The workbook's base: ``chosen``, else the newest snapshot of the workbook's region."""
    used: list[SnapshotInfo] = []

    def base_for(region_code: str | None) -> WorkbookBase:
        if chosen is not None:
            info = store.get_snapshot(chosen)
        else:
            if region_code is None:
                raise PraksisplanError(
                    "projektmappen angiver ingen region (nøglen region.code i arket "
                    "'dataset'), så intet øjebliksbillede kan vælges som basis"
                )
            same = [s for s in store.list_snapshots() if s.region_code == region_code]
            if not same:
                raise PraksisplanError(
                    f"der er intet øjebliksbillede af region {region_code} at bygge "
                    "projektmappen på; indlæs først regionens fulde datasæt som .zip"
                )
            info = max(same, key=lambda s: s.reference_date)
        used.append(info)
        return WorkbookBase(f"snapshot:{info.id}", store.read_dataset(info.id))

    return base_for, used


def _read(data: bytes, filename: str, store: Store, chosen: int | None) -> _Upload:
    with tempfile.TemporaryDirectory(prefix="praksisplan-upload-") as tmp:
        if Path(filename).suffix.lower() != WORKBOOK_SUFFIX:
            if chosen is not None:
                raise PraksisplanError(
                    f"{filename}: en basis gælder kun en projektmappe (.xlsx); en .zip har "
                    "sine egne grænser — vælg «nyeste af samme region» eller upload en .xlsx"
                )
            return _Upload(inspect_dataset(unpack_upload(data, filename, Path(tmp))))
        book = save_workbook(data, filename, Path(tmp))
        base_for, used = _base_chooser(store, chosen)
        reading = inspect_workbook(book, base_for)
        return _Upload(reading, used[0])


def _loaded(info: SnapshotInfo, base: SnapshotInfo | None) -> Audit:
    after = {"source": info.source, "region": info.region_code,
             "reference_date": info.reference_date.isoformat()}  # fmt: skip
    if base is not None:
        after["base"] = f"snapshot:{base.id}"
    return Audit("snapshot_loaded", "snapshot", str(info.id), after=after)


@router.post("/upload", response_class=HTMLResponse)
async def upload_dataset(
    request: Request,
    state: State,
    dataset: Annotated[UploadFile, File()],
    base: Annotated[str, Form()] = "",
) -> Response:
    data = await dataset.read()
    filename = dataset.filename or "upload.zip"
    page: dict[str, Any] = {"filename": filename, "snapshots": state.store.list_snapshots()}
    chosen = int(base) if base.strip().isdigit() else None
    if base.strip() and chosen not in {s.id for s in page["snapshots"]}:
        return _page(request, 400, error=f"basis «{base}» er ikke et øjebliksbillede", **page)
    try:
        upload = await run_in_threadpool(_read, data, filename, state.store, chosen)
        page |= {"base": upload.base, "from_base": upload.reading.from_base}
        uploaded = upload.reading.dataset
        if uploaded is None:
            return _page(request, 422, issues=upload.reading.issues, **page)
        info = await audited_async(
            request,
            lambda: state.store.load_dataset(uploaded, source=f"upload:{filename}"),
            lambda stored: _loaded(stored, upload.base),
        )
    except PraksisplanError as refused:
        return _page(request, 400, error=str(refused), **page)
    page["snapshots"] = state.store.list_snapshots()  # the new one is a base to choose now
    return _page(request, 201, loaded=info, **page)
