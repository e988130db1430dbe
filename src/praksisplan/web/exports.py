"""Downloads in Danish: the practice list, the gross list and the final list (indstilling)
as CSV for Danish Excel or as XLSX with a heading (written by :mod:`praksisplan.spreadsheets`).

Headers, classes, statuses and organisation forms are the vocabulary's Danish words; the
numbers stay numbers (XLSX) or use a decimal comma (CSV).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

import pandas as pd
from fastapi import Response

from praksisplan.core.vocabulary import (
    CLASS_WORDS,
    MODEL_CLASS_TERM,
    ORG_FORM_LABELS,
    PRACTICE_COLUMNS,
    STATUS_LABELS,
    STATUS_TERM,
)
from praksisplan.spreadsheets import SheetHeading, danish_csv, danish_xlsx
from praksisplan.store import SnapshotInfo
from praksisplan.threat.assess import Assessment
from praksisplan.threat.gross_list import Decision, final_list
from praksisplan.web.table_pdf import table_pdf


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


class ListFormat(StrEnum):
    """Formats of the gross list and final list: spreadsheets, or PDF for the meeting."""

    CSV = "csv"
    XLSX = "xlsx"
    PDF = "pdf"


MEDIA_TYPES: dict[str, str] = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}

PRACTICE_FORMATS: dict[str, str] = {
    PRACTICE_COLUMNS["capacities"]: "amount",
    PRACTICE_COLUMNS["vacant_capacities"]: "amount",
    PRACTICE_COLUMNS["filled_capacities"]: "amount",
    PRACTICE_COLUMNS["listed_patients"]: "count",
    PRACTICE_COLUMNS["patients_per_filled_capacity"]: "count",
    PRACTICE_COLUMNS["gps"]: "count",
}


def source_line(info: SnapshotInfo) -> str:
    """Where a download's figures come from, for its heading."""
    demo = ", syntetiske demodata" if info.synthetic else ""
    return f"praksisplan, øjebliksbillede {info.id} ({info.name}, {info.source}{demo})"


def download(body: bytes, fmt: str, name: str, info: SnapshotInfo) -> Response:
    """A file download named ``<name>_<region>_<date>.<fmt>``."""
    filename = f"{name}_{info.region_code}_{info.reference_date.isoformat()}.{fmt}"
    return Response(
        body,
        media_type=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def spreadsheet(
    frame: pd.DataFrame,
    fmt: ExportFormat | ListFormat,
    title: str,
    info: SnapshotInfo,
    formats: Mapping[str, str],
) -> bytes:
    if fmt.value == "csv":
        return danish_csv(frame)
    if fmt.value == "pdf":
        return table_pdf(frame, SheetHeading(title, info.reference_date, source_line(info)))
    return danish_xlsx(frame, SheetHeading(title, info.reference_date, source_line(info)), formats)


def practice_sheet(table: pd.DataFrame) -> pd.DataFrame:
    """The practice list with Danish headers and words."""
    frame = table.reset_index(drop=True)[list(PRACTICE_COLUMNS)]
    frame = frame.assign(
        status=frame["status"].map(STATUS_LABELS).fillna(frame["status"]),
        org_form=frame["org_form"].map(ORG_FORM_LABELS).fillna(frame["org_form"]),
    )
    return frame.rename(columns=PRACTICE_COLUMNS)


def export_practices(table: pd.DataFrame, fmt: ExportFormat, info: SnapshotInfo) -> Response:
    """The rows of ``table`` as a file named after the snapshot."""
    title = f"Praksis – {info.region_name}"
    body = spreadsheet(practice_sheet(table), fmt, title, info, PRACTICE_FORMATS)
    return download(body, fmt.value, "praksis", info)


def _class_words(column: pd.Series) -> pd.Series:
    return column.map(CLASS_WORDS).fillna("")


def final_sheet(
    assessment: Assessment, decisions: Mapping[str, Decision], municipality_names: pd.Series
) -> pd.DataFrame:
    """The final list (indstilling) in Danish: status next to the model's class."""
    listing = final_list(assessment, decisions)
    return pd.DataFrame(
        {
            "Område-id": listing.index.astype(str),
            "Lægedækningsområde": listing["name"].to_numpy(),
            "Kommune": listing["municipality_code"].map(municipality_names).to_numpy(),
            "Status": _class_words(listing["final_class"]).to_numpy(),
            MODEL_CLASS_TERM: _class_words(listing["model_class"]).to_numpy(),
            STATUS_TERM: _class_words(listing["decided_class"]).to_numpy(),
            "Begrundelse": listing["reason"].fillna("").to_numpy(),
            "Besluttet af": listing["decided_by"].fillna("").to_numpy(),
            "Tidspunkt (dansk tid)": listing["decided_at"].to_numpy(),
            "Scenarie": listing["decision_scenario"].fillna("").to_numpy(),
            "Modellens forklaring": listing["explanation"].to_numpy(),
            "År til rød": listing["years_until_red"].to_numpy(),
        }
    )


FINAL_FORMATS = {"Tidspunkt (dansk tid)": "datetime", "År til rød": "count"}


def gross_sheet(
    assessment: Assessment, municipality_names: pd.Series
) -> tuple[pd.DataFrame, dict[str, str]]:
    """The gross list in Danish: each area's class, explanation and, per criterion, the
    measured value, its limit and whether it is met."""
    areas = assessment.areas
    frame = pd.DataFrame(
        {
            "Område-id": areas.index.astype(str),
            "Lægedækningsområde": areas["name"].to_numpy(),
            "Kommune": areas["municipality_code"].map(municipality_names).to_numpy(),
            MODEL_CLASS_TERM: _class_words(areas["threat_class"]).to_numpy(),
            "Forklaring": areas["explanation"].to_numpy(),
        }
    )
    formats: dict[str, str] = {}
    criteria = assessment.criteria
    for _, rows in criteria.groupby("criterion_id", sort=False):
        by_area = rows.set_index("area_id").reindex(areas.index)
        word = CLASS_WORDS[str(rows["threat_class"].iloc[0])]
        label = f"{rows['label'].iloc[0]} ({word})"
        frame[f"{label}: værdi"] = by_area["value"].to_numpy()
        frame[f"{label}: grænse"] = by_area["threshold"].to_numpy()
        frame[f"{label}: opfyldt"] = by_area["fired"].map({True: "ja", False: "nej"}).to_numpy()
        formats[f"{label}: værdi"] = formats[f"{label}: grænse"] = "decimal"
    return frame, formats
