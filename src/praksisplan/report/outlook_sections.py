"""The free-choice and forecast sections of Tal og fakta.

Free choice: the engine's legal free-choice figures (at least two open practices within the
dataset's radius, straight lines) per municipality and for the region, from one per-cell
analysis (:func:`~praksisplan.engine.cells.analyse_cells`). Forecast: the rows and area list
of a :class:`~praksisplan.forecast.run.Forecast` of the report's snapshot, as given.
"""

from __future__ import annotations

import math

import pandas as pd

from praksisplan.core.danish_numbers import format_amount_da
from praksisplan.core.dataset import Dataset
from praksisplan.core.vocabulary import indicator_label
from praksisplan.engine.cells import SpatialSettings, analyse_cells
from praksisplan.engine.indicators import indicators_of_cells
from praksisplan.forecast.run import Forecast
from praksisplan.report.figures import municipality_names
from praksisplan.report.model import Chart, Column, Section, Table, Value, table_rows

#: Free-choice columns of the engine's indicators, in the table's order.
FREE_CHOICE_COLUMNS = (
    "persons_2plus_open",
    "persons_1_open",
    "persons_0_open",
    "share_persons_lt2_open",
    "dist_open_median_km",
)
#: The year whose population the municipality forecast table shows besides now and horizon.
FORECAST_MIDDLE_YEAR = 2030


def _free_choice_rows(frame: pd.DataFrame, names: list[str]) -> list[tuple[Value, ...]]:
    return [
        (
            name,
            int(row["population"]),
            int(row["persons_2plus_open"]),
            int(row["persons_1_open"]),
            int(row["persons_0_open"]),
            100 * float(row["share_persons_lt2_open"]),
            float(row["dist_open_median_km"]),
        )
        for name, (_, row) in zip(names, frame.iterrows(), strict=True)
    ]


def free_choice_section(now: Dataset) -> Section:
    """Persons by open practices within the radius, per municipality and for the region."""
    settings = SpatialSettings()
    radius_km = settings.radius_m(now) / 1000
    cells = analyse_cells(now, settings)
    names = municipality_names(now)
    by_municipality = indicators_of_cells(now, "municipality", cells, radius_km)
    by_municipality = by_municipality.reindex(names.index)
    region = indicators_of_cells(now, "region", cells, radius_km)
    rows = [
        *_free_choice_rows(by_municipality, list(names)),
        *_free_choice_rows(region, ["Hele regionen"]),
    ]
    radius = format_amount_da(radius_km)
    table = Table(
        "free_choice",
        f"Frit lægevalg pr. kommune: åbne praksis inden for {radius} km",
        (
            Column("Kommune", "text"),
            Column(indicator_label("population")),
            *(Column(indicator_label(c)) for c in FREE_CHOICE_COLUMNS[:3]),
            Column(f"{indicator_label('share_persons_lt2_open')}, %", "decimal"),
            Column(f"{indicator_label('dist_open_median_km')}, km", "decimal"),
        ),
        tuple(rows),
        "Frit valg",
        note=(
            f"Frit valg: mindst to åbne praksis inden for {radius} km i lige linje; en "
            "selektivt lukket praksis tæller for de postnumre, den er åben for."
        ),
    )
    chart = Chart(
        "free_choice",
        f"Andel borgere med færre end to åbne praksis inden for {radius} km",
        "Kommune",
        "Andel i %",
        tuple(names),
        {"Færre end to åbne": tuple(100 * by_municipality["share_persons_lt2_open"])},
        kind="bar",
    )
    return Section("free_choice", "Frit lægevalg", tables=(table,), charts=(chart,))


def _nan_free(value: float) -> float | None:
    return None if math.isnan(value) else value


def forecast_section(now: Dataset, forecast: Forecast) -> Section:
    """The region's forecast by year, population per municipality now, in 2030 and at the
    horizon, and the coming threatened areas."""
    rows = forecast.rows
    region = rows[rows["level"] == "region"].sort_values("year")
    by_year = Table(
        "forecast_region",
        f"Prognose for regionen {forecast.years[0]}–{forecast.years[-1]}",
        (
            Column("År", "text"),
            Column("Borgere"),
            Column("65 år og derover"),
            Column("80 år og derover"),
            Column(indicator_label("need_weighted_persons")),
            Column("Forventede ydelser"),
            Column("Udbud P50 (patientpladser)"),
            *(
                Column(f"{indicator_label('supply_pct_of_need')}, {p}", "decimal")
                for p in ("P10", "P50", "P90")
            ),
        ),
        tuple(
            (
                str(int(r["year"])),
                round(float(r["population"])),
                round(float(r["persons_65plus"])),
                round(float(r["persons_80plus"])),
                round(float(r["need_weighted_persons"])),
                round(float(r["expected_services"])),
                round(float(r["supply_p50"])),
                _nan_free(float(r["supply_pct_of_need_p10"])),
                _nan_free(float(r["supply_pct_of_need_p50"])),
                _nan_free(float(r["supply_pct_of_need_p90"])),
            )
            for _, r in region.iterrows()
        ),
        "Prognose",
        note=(
            f"Befolkning 1. januar; model: {forecast.model}; udbud efter {forecast.draws} "
            "trækninger af lægernes tilbagetrækning (P10/P50/P90)."
        ),
    )
    first, last = forecast.years[0], forecast.years[-1]
    middle = FORECAST_MIDDLE_YEAR if first < FORECAST_MIDDLE_YEAR < last else None
    shown = [first, *([middle] if middle else []), last]
    municipal = rows[rows["level"] == "municipality"]
    persons = municipal.pivot_table(index="id", columns="year", values="population")
    names = municipality_names(now)
    persons = persons.reindex(names.index)
    per_municipality = Table(
        "forecast_municipality",
        f"Befolkningsprognose pr. kommune, {' / '.join(map(str, shown))}",
        (
            Column("Kommune", "text"),
            *(Column(f"Borgere {year}") for year in shown),
            Column(f"Ændring {first}–{last}, %", "decimal"),
        ),
        table_rows(
            list(names),
            *([round(float(v)) for v in persons[year]] for year in shown),
            [
                100 * (float(b) - float(a)) / float(a) if a else None
                for a, b in zip(persons[first], persons[last], strict=True)
            ],
        ),
        "Prognose pr. kommune",
    )
    areas = forecast.areas
    coming = areas[areas["coming"].astype(bool)]
    # the window of "coming" is a forecast parameter: prob_red_within_<N>_years
    within = next(c for c in areas.columns if c.startswith("prob_red_within_"))
    years = within.removeprefix("prob_red_within_").removesuffix("_years")
    coming_table = Table(
        "forecast_coming",
        "Kommende lægedækningstruede områder (prognose)",
        (
            Column("Område", "text"),
            Column("Kommune", "text"),
            Column(f"Sandsynlighed for rød inden for {years} år, %", "decimal"),
            Column("År til rød, median", "decimal"),
        ),
        tuple(
            (
                str(a["name"]),
                str(names.get(str(a["municipality_code"]), a["municipality_code"])),
                100 * float(a[within]),
                _nan_free(float(a["years_until_red_p50"])),
            )
            for _, a in coming.iterrows()
        ),
        "Kommende truede",
    )
    chart = Chart(
        "forecast_need_supply",
        "Behov og udbud (P10, P50, P90) i regionen",
        "År",
        "Patientpladser / behovsvægtede borgere",
        tuple(str(int(y)) for y in region["year"]),
        {
            "Behov": tuple(float(v) for v in region["need_weighted_persons"]),
            "Udbud P10": tuple(float(v) for v in region["supply_p10"]),
            "Udbud P50": tuple(float(v) for v in region["supply_p50"]),
            "Udbud P90": tuple(float(v) for v in region["supply_p90"]),
        },
    )
    # an empty list is said in words, not shown as a table without rows
    no_coming = "" if len(coming) else "Ingen områder er kommende truede efter prognosen."
    return Section(
        "forecast",
        "Prognose",
        text=no_coming,
        tables=(by_year, per_municipality, *((coming_table,) if len(coming) else ())),
        charts=(chart,),
    )
