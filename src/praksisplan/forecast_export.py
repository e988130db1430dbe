"""A forecast as JSON-ready data and as an XLSX workbook (for the CLI and the web page)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pandas as pd

from praksisplan.forecast.run import Forecast
from praksisplan.tables import frame_to_records

#: Sheets of the workbook: name → attribute of :class:`Forecast`.
SHEETS = {"prognose": "rows", "omraader": "areas", "befolkningspyramide": "pyramid"}


def forecast_document(forecast: Forecast) -> dict[str, Any]:
    """``{"model", "years", "draws", "seed", "rows", "areas", "pyramid"}``."""
    return {
        "model": forecast.model,
        "years": forecast.years,
        "draws": forecast.draws,
        "seed": forecast.seed,
        "rows": frame_to_records(forecast.rows),
        "areas": frame_to_records(forecast.areas),
        "pyramid": frame_to_records(forecast.pyramid),
    }


def forecast_xlsx(forecast: Forecast, target: Path | io.BytesIO) -> None:
    """The forecast's rows, threat list and pyramid, one sheet each."""
    with pd.ExcelWriter(target, engine="openpyxl") as writer:
        for sheet, attribute in SHEETS.items():
            frame: pd.DataFrame = getattr(forecast, attribute)
            frame.to_excel(writer, index=False, sheet_name=sheet)
