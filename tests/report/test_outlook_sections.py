"""Free choice and forecast in Tal og fakta: the free-choice table against a brute-force count
over every cell and practice of the tiny dataset, the forecast tables against the forecast's
own rows, and both sections in the XLSX and HTML (the PDF test reads every heading)."""

from __future__ import annotations

import io
import math
from dataclasses import replace
from typing import Any

import pytest
from openpyxl import load_workbook

from praksisplan.core.dataset import Dataset
from praksisplan.forecast.parameters import load_parameters
from praksisplan.forecast.run import Forecast, run_forecast
from praksisplan.report.facts import build_facts_report
from praksisplan.report.model import FactsReport, Table
from praksisplan.report.render import render_facts
from praksisplan.threat.assess import assess
from praksisplan.threat.rules import load_rules


@pytest.fixture(scope="module")
def forecast(tiny_dataset: Dataset) -> Forecast:
    return run_forecast(tiny_dataset, load_rules(None), load_parameters(), 2040, draws=50, seed=7)


@pytest.fixture(scope="module")
def report(tiny_dataset: Dataset, forecast: Forecast) -> FactsReport:
    return build_facts_report([tiny_dataset], assess(tiny_dataset, load_rules(None)), forecast)


def _table(report: FactsReport, table_id: str) -> Table:
    return next(t for t in report.tables() if t.id == table_id)


def _open_to(practice: Any, postcode: str) -> bool:
    if practice.status == "open":
        return True
    if practice.status == "selective" and isinstance(practice.open_postcodes, str):
        return postcode in practice.open_postcodes.split()
    return False


def test_free_choice_equals_a_count_over_every_cell_and_practice(
    tiny_dataset: Dataset, report: FactsReport
) -> None:
    radius_m = 1000 * tiny_dataset.manifest.rules.free_choice_radius_km
    persons = tiny_dataset.population.groupby("cell_id")["persons"].sum()
    names = dict(
        zip(tiny_dataset.municipalities["code"], tiny_dataset.municipalities["name"], strict=True)
    )
    counts: dict[str, list[int]] = {}  # name → persons with ≥ 2, 1, 0 open practices
    for cell in tiny_dataset.cells.itertuples():
        within = sum(
            _open_to(p, str(cell.postcode)) and math.dist((cell.x, cell.y), (p.x, p.y)) <= radius_m
            for p in tiny_dataset.practices.itertuples()
        )
        for name in (names[cell.municipality_code], "Hele regionen"):
            row = counts.setdefault(name, [0, 0, 0])
            row[0 if within >= 2 else 2 - within] += int(persons[cell.cell_id])
    table = _table(report, "free_choice")
    got = {row[0]: row[2:5] for row in table.rows}
    assert got == {name: tuple(row) for name, row in counts.items()}
    # Jammerbugt: half its 3,480 citizens have only P005 open within 15 km
    assert got["Jammerbugt"] == (1_740, 1_740, 0)
    shares = {row[0]: row[5] for row in table.rows}
    for name, (two, one, none) in counts.items():
        assert shares[name] == pytest.approx(100 * (one + none) / (two + one + none))


def test_forecast_tables_are_the_forecasts_rows(forecast: Forecast, report: FactsReport) -> None:
    rows = forecast.rows
    region = rows[rows["level"] == "region"].sort_values("year")
    by_year = _table(report, "forecast_region")
    assert [r[0] for r in by_year.rows] == [str(y) for y in forecast.years]
    assert [r[1] for r in by_year.rows] == [round(v) for v in region["population"]]
    assert [r[8] for r in by_year.rows] == pytest.approx(list(region["supply_pct_of_need_p50"]))
    # the reference year is the snapshot itself: 6,600 citizens, no spread of the supply
    assert by_year.rows[0][1] == 6_600 and by_year.rows[0][7] == by_year.rows[0][9]
    municipal = _table(report, "forecast_municipality")
    assert [c.heading for c in municipal.columns][1:4] == [
        "Borgere 2025",
        "Borgere 2030",
        "Borgere 2040",
    ]
    # the municipalities' populations sum to the region's (to rounding) every shown year
    for k, year in enumerate((2025, 2030, 2040), start=1):
        total = float(region.loc[region["year"] == year, "population"].iloc[0])
        assert abs(sum(float(r[k]) for r in municipal.rows) - total) <= len(municipal.rows)
    expected = forecast.areas[forecast.areas["coming"].astype(bool)]
    section = next(s for s in report.sections if s.id == "forecast")
    if len(expected):
        assert [r[0] for r in _table(report, "forecast_coming").rows] == list(expected["name"])
    else:  # said in words, no empty table
        assert section.text == "Ingen områder er kommende truede efter prognosen."
        assert "forecast_coming" not in [t.id for t in section.tables]


def test_sections_are_in_every_output(report: FactsReport) -> None:
    workbook = load_workbook(io.BytesIO(render_facts(report, "xlsx")))
    for sheet in ("Frit valg", "Prognose", "Prognose pr. kommune"):
        assert sheet in workbook.sheetnames
    assert workbook["Frit valg"]["A4"].value == "Jammerbugt"
    html = render_facts(report, "html").decode("utf-8")
    for heading in ("Frit lægevalg", "Prognose for regionen 2025–2040", "Behov og udbud"):
        assert heading in html


def test_without_a_forecast_the_section_is_named_as_left_out(tiny_dataset: Dataset) -> None:
    plain = build_facts_report([tiny_dataset], assess(tiny_dataset, load_rules(None)))
    assert not any(t.id.startswith("forecast") for t in plain.tables())
    assert any(line.startswith("Prognose:") for line in plain.omitted)


def test_coming_threatened_areas_are_listed_with_their_probability(
    tiny_dataset: Dataset, forecast: Forecast
) -> None:
    areas = forecast.areas.copy()
    areas["coming"] = areas["area_id"] == "A1"
    within = next(c for c in areas.columns if c.startswith("prob_red_within_"))
    areas.loc[areas["area_id"] == "A1", [within, "years_until_red_p50"]] = [0.75, 3.0]
    given = replace(forecast, areas=areas)
    report = build_facts_report([tiny_dataset], assess(tiny_dataset, load_rules(None)), given)
    assert _table(report, "forecast_coming").rows == (("Aalborg Nord", "Aalborg", 75.0, 3.0),)
