"""Downloads for the committee meeting: the gross list and the final list (indstilling)
as CSV, XLSX or PDF."""

from __future__ import annotations

from typing import Annotated

import pandas as pd
from fastapi import APIRouter, Depends, Path, Response

from praksisplan.web import views
from praksisplan.web.auth.scope import Scope, request_scope
from praksisplan.web.exports import (
    FINAL_FORMATS,
    ListFormat,
    download,
    final_sheet,
    gross_sheet,
    spreadsheet,
)
from praksisplan.web.snapshot_analysis import SnapshotAnalysis
from praksisplan.web.state import AppState, app_state

router = APIRouter(prefix="/api", tags=["api"])

State = Annotated[AppState, Depends(app_state)]
UserScope = Annotated[Scope, Depends(request_scope)]
SnapshotId = Annotated[int, Path(ge=1, description="Snapshot id (see /api/snapshots)")]
FILE_RESPONSES: dict[int | str, dict[str, object]] = {
    200: {
        "content": {
            "text/csv": {},
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {},
            "application/pdf": {},
        }
    },
    404: {"description": "No such snapshot"},
}


def _in_scope(frame: pd.DataFrame, scope: Scope, analysis: SnapshotAnalysis) -> pd.DataFrame:
    """The list's rows of the user's areas (``Område-id`` is the sheets' area column)."""
    return frame[frame["Område-id"].isin(scope.area_ids(analysis))].reset_index(drop=True)


@router.get(
    "/snapshots/{snapshot_id}/gross-list.{fmt}",
    summary="The gross list of threatened areas with every criterion (CSV, XLSX or PDF)",
    response_class=Response,
    responses=FILE_RESPONSES,
)
def gross_list_download(
    state: State, snapshot_id: SnapshotId, fmt: ListFormat, scope: UserScope
) -> Response:
    analysis = state.analysis(snapshot_id)
    frame, formats = gross_sheet(analysis.assessment, views.municipality_names(analysis))
    frame = _in_scope(frame, scope, analysis)
    if fmt is ListFormat.PDF:  # the criteria's columns do not fit a page
        frame = frame.iloc[:, :5]
    title = f"Bruttoliste – {analysis.info.region_name}"
    body = spreadsheet(frame, fmt, title, analysis.info, formats)
    return download(body, fmt.value, "bruttoliste", analysis.info)


@router.get(
    "/snapshots/{snapshot_id}/final-list.{fmt}",
    summary="The final list (indstilling): status, model class and decisions (CSV, XLSX, PDF)",
    response_class=Response,
    responses=FILE_RESPONSES,
)
def final_list_download(
    state: State, snapshot_id: SnapshotId, fmt: ListFormat, scope: UserScope
) -> Response:
    analysis = state.analysis(snapshot_id)
    frame = final_sheet(
        analysis.assessment,
        state.current_decisions(snapshot_id),
        views.municipality_names(analysis),
    )
    frame = _in_scope(frame, scope, analysis)
    title = f"Indstilling – {analysis.info.region_name}"
    body = spreadsheet(frame, fmt, title, analysis.info, FINAL_FORMATS)
    return download(body, fmt.value, "indstilling", analysis.info)
