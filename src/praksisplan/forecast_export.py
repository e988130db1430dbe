"""A forecast as JSON-ready data (column codes, for scripts) and, for people, as a Danish
XLSX workbook and a Danish CSV of its rows, and the Danish tables the CLI's ``forecast``
table and the web's *Prognose* pages both show (the region by year, its growth in
services, the coming threatened areas).

The Danish forms are the house's (:mod:`praksisplan.spreadsheets`): headers and level words
from :mod:`praksisplan.core.vocabulary`, numbers stored as numbers with Danish number
formats (XLSX) or written with a decimal comma (CSV).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import pandas as pd

from praksisplan.core.danish_numbers import format_amount_da, format_number_da, format_share_da
from praksisplan.core.vocabulary import (
    FORECAST_MODEL_LABELS,
    FORECAST_YEAR_COLUMNS,
    column_header,
)
from praksisplan.forecast.run import Forecast
from praksisplan.spreadsheets import Sheet, SheetHeading, danish_csv, danish_workbook
from praksisplan.tables import danish_frame, frame_to_records

#: ``prob_red_within_<n>_years`` of the threat list.
_WITHIN = re.compile(r"prob_red_within_(\d+)_years")
#: Number formats (:data:`praksisplan.spreadsheets.NUMBER_FORMATS`) by column code.
_FORMATS: dict[str, str] = {
    **dict.fromkeys(
        ["population", "persons_65plus", "persons_80plus", "need_weighted_persons"], "count"
    ),
    **dict.fromkeys(["expected_services", "supply_p10", "supply_p50", "supply_p90"], "count"),
    **dict.fromkeys(
        ["capacities", "filled_capacities_p10", "filled_capacities_p50", "filled_capacities_p90"],
        "amount",
    ),
    **dict.fromkeys(
        ["supply_pct_of_need_p10", "supply_pct_of_need_p50", "supply_pct_of_need_p90"],
        "percent",
    ),
    "supply_pct_of_need_now": "percent",
    **dict.fromkeys(
        ["years_until_red_p10", "years_until_red_p50", "years_until_red_p90"], "amount"
    ),
    **dict.fromkeys(["women_now", "men_now", "women_horizon", "men_horizon"], "count"),
}


def _format_of(code: str) -> str | None:
    if code in _FORMATS or code.startswith("services_"):
        return _FORMATS.get(code, "count")
    return "share" if code.startswith("prob_") else None


@dataclass(frozen=True)
class ForecastOrigin:
    """What a forecast was made from, for its spreadsheets' headings."""

    region_name: str
    reference_date: dt.date
    #: where the figures come from (a snapshot's source line, a dataset's path)
    source: str


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


def _headers(forecast: Forecast, codes: list[str]) -> dict[str, str]:
    """Danish headers of ``codes``; the year-dependent ones name their year."""
    years = {"now": forecast.years[0], "horizon": forecast.years[-1]}
    headers = {}
    for code in codes:
        within = _WITHIN.fullmatch(code)
        if within:
            headers[code] = FORECAST_YEAR_COLUMNS["prob_red_within"].format(n=within.group(1))
        elif code in FORECAST_YEAR_COLUMNS:
            headers[code] = FORECAST_YEAR_COLUMNS[code].format(**years)
    return headers


def _danish(forecast: Forecast, frame: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, str]]:
    """``frame`` for people, and the number format of each of its Danish headers."""
    codes = [str(c) for c in frame.columns]
    own = _headers(forecast, codes)
    words = (
        frame.assign(coming=frame["coming"].map({True: "ja", False: "nej"}))
        if ("coming" in frame)
        else frame
    )
    shown = danish_frame(words.rename(columns=own))
    formats = {
        str(header): kind
        for code, header in zip(codes, shown.columns, strict=True)
        if (kind := _format_of(code)) is not None
    }
    return shown, formats


def forecast_rows_da(forecast: Forecast) -> pd.DataFrame:
    """The forecast's rows (every unit and year) with Danish headers and level words."""
    return _danish(forecast, forecast.rows)[0]


#: The columns of :func:`praksisplan.forecast.run.compare_forecasts`, for people.
_COMPARED_SUFFIXES = {
    "_first": "uden scenariet",
    "_second": "med scenariet",
    "_difference": "forskel",
}


def comparison_for_people(comparison: pd.DataFrame) -> pd.DataFrame:
    """A forecast comparison under Danish headers (``Indbyggere, uden scenariet`` …), for
    :func:`praksisplan.tables.write_table` to finish (level words, CSV/XLSX layout)."""

    def header(code: str) -> str:
        for suffix, words in _COMPARED_SUFFIXES.items():
            if code.endswith(suffix):
                return f"{column_header(code.removesuffix(suffix))}, {words}"
        return code

    return comparison.rename(columns=header)


def forecast_csv(forecast: Forecast) -> bytes:
    """The rows as CSV for Danish Excel (``;``, decimal comma, BOM)."""
    return danish_csv(forecast_rows_da(forecast))


def forecast_sheets(forecast: Forecast, origin: ForecastOrigin) -> list[Sheet]:
    """The workbook's sheets: the rows, the forecast threat list and the population pyramid."""
    span = f"{forecast.years[0]}–{forecast.years[-1]}"
    model = FORECAST_MODEL_LABELS.get(forecast.model, forecast.model)
    source = (
        f"{origin.source}; {model}, {format_number_da(forecast.draws)} træk af lægernes "
        f"pensionering (frø {forecast.seed})"
    )
    tables = [
        ("Prognose", f"Prognose {span} pr. enhed og år – {origin.region_name}", forecast.rows),
        ("Områder", f"Lægedækningsområder frem til {forecast.years[-1]}", forecast.areas),
        ("Befolkningspyramide", f"Befolkningen efter alder og køn, {span}", forecast.pyramid),
    ]
    sheets = []
    for name, title, frame in tables:
        shown, formats = _danish(forecast, frame)
        heading = SheetHeading(title, origin.reference_date, source)
        sheets.append(Sheet(shown, heading, formats, name))
    return sheets


def forecast_xlsx(forecast: Forecast, origin: ForecastOrigin) -> bytes:
    """The forecast as a Danish workbook (:func:`forecast_sheets`)."""
    return danish_workbook(forecast_sheets(forecast, origin))


def region_table_da(forecast: Forecast) -> pd.DataFrame:
    """The region by year, every figure written in Danish."""
    rows = forecast.rows[forecast.rows["level"] == "region"]
    return pd.DataFrame(
        {
            "År": rows["year"].astype(str),
            "Befolkning": rows["population"].map(format_number_da),
            "65+": rows["persons_65plus"].map(format_number_da),
            "80+": rows["persons_80plus"].map(format_number_da),
            "Behovsvægtede": rows["need_weighted_persons"].map(format_number_da),
            "Ydelser": rows["expected_services"].map(format_number_da),
            "Forsyning P10": rows["supply_p10"].map(format_number_da),
            "P50": rows["supply_p50"].map(format_number_da),
            "P90": rows["supply_p90"].map(format_number_da),
            "Forsyning/behov P50": (rows["supply_pct_of_need_p50"] / 100).map(format_share_da),
            "Sandsynlighed for rød": rows["prob_red"].map(format_share_da),
        }
    )


def services_growth_da(forecast: Forecast) -> str:
    """The region's expected GP services now and at the horizon, and the growth between."""
    region = forecast.rows[forecast.rows["level"] == "region"]
    services = dict(zip(region["year"], region["expected_services"].astype(float), strict=True))
    first, last = forecast.years[0], forecast.years[-1]
    now, then = services[first], services[last]
    growth = then / now - 1.0 if now > 0 else float("nan")
    sign = "+" if growth > 0 else ""
    return (
        f"Forventede ydelser i regionen: {format_number_da(now)} i {first}, "
        f"{format_number_da(then)} i {last} ({sign}{format_share_da(growth, 1)})."
    )


def within_column(areas: pd.DataFrame) -> tuple[str, str]:
    """The threat list's ``prob_red_within_<N>_years`` column and its Danish header."""
    code = next(str(c) for c in areas.columns if _WITHIN.fullmatch(str(c)))
    match = _WITHIN.fullmatch(code)
    assert match is not None
    return code, FORECAST_YEAR_COLUMNS["prob_red_within"].format(n=match.group(1))


def year_da(value: float) -> str:
    """A calendar year as written (``2031``, no thousands point); ``–`` when missing."""
    return "–" if pd.isna(value) else str(int(value))


def coming_table_da(forecast: Forecast) -> pd.DataFrame:
    """The coming threatened areas (not red now, red within N years with probability at
    least p): the year they are expected red from and their probability, in Danish."""
    areas = forecast.areas[forecast.areas["coming"]]
    within, header = within_column(areas)
    return pd.DataFrame(
        {
            "Id": areas["area_id"],
            "Område": areas["name"],
            column_header("coming_year"): areas["coming_year"].map(year_da),
            header: areas[within].map(format_share_da),
            "År til rød (median)": areas["years_until_red_p50"].map(
                lambda y: format_amount_da(y, 1)
            ),
        }
    )
