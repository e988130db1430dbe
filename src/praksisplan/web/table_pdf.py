"""A table as an A4 PDF for the meeting (the gross list, the final list), via WeasyPrint."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape

from praksisplan.core.danish_dates import format_date_da, format_moment_da
from praksisplan.core.danish_numbers import format_amount_da
from praksisplan.report.render.pdf import html_to_pdf
from praksisplan.spreadsheets import SheetHeading

_TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html"]),
)


def _text(value: Any) -> str:
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime):
        return format_moment_da(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format_amount_da(value)
    return str(value)


def table_pdf(frame: pd.DataFrame, heading: SheetHeading) -> bytes:
    """``frame`` under its heading as a landscape A4 PDF with page numbers."""
    html = _TEMPLATES.get_template("list_pdf.html").render(
        heading=heading,
        reference_date=format_date_da(heading.reference_date),
        columns=[str(c) for c in frame.columns],
        rows=[[_text(v) for v in row] for row in frame.itertuples(index=False)],
    )
    return html_to_pdf(html)
