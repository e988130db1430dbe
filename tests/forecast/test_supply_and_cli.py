"""Monte Carlo supply (seeded, ordered percentiles, retiring everyone) and the CLI."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from cli_process import run_cli
from praksisplan.core.danish_numbers import format_number_da
from praksisplan.core.dataset import Dataset
from praksisplan.forecast.parameters import load_parameters
from praksisplan.forecast.run import run_forecast
from praksisplan.forecast.supply import forecast_supply
from praksisplan.threat.rules import RetirementCurve, load_rules
from retirement_rules import rules_retiring_at_63, rules_with_curve

PARAMETERS = load_parameters()
RULES = load_rules(None)


def test_seeded_draws_are_reproducible(tiny_dataset: Dataset) -> None:
    curve = RULES.early_warning.retirement
    a = forecast_supply(tiny_dataset, curve, PARAMETERS.supply, 10, draws=200, seed=7)
    b = forecast_supply(tiny_dataset, curve, PARAMETERS.supply, 10, draws=200, seed=7)
    c = forecast_supply(tiny_dataset, curve, PARAMETERS.supply, 10, draws=200, seed=8)
    np.testing.assert_array_equal(a.supply_patients, b.supply_patients)
    assert not np.array_equal(a.supply_patients, c.supply_patients)


def test_retiring_every_gp_gives_supply_zero(tiny_dataset: Dataset) -> None:
    everyone = RetirementCurve(ages=[20, 21], cumulative_retired=[1.0, 1.0])
    result = forecast_supply(tiny_dataset, everyone, PARAMETERS.supply, 3, draws=50, seed=1)
    # every tiny practice has GPs; at the reference date supply is today's: filled × norm +
    # survey extras = 8 filled × 1600 − 200 (P005's norm 1400) + extras
    assert (result.supply_patients[1:] == 0).all()
    assert (result.supply_patients[0] > 0).all()


def test_percentiles_ordered_and_first_year_is_today(tiny_dataset: Dataset) -> None:
    forecast = run_forecast(tiny_dataset, RULES, PARAMETERS, 2035, "cohort", draws=300, seed=3)
    rows = forecast.rows
    ordered = [("supply", rows), ("supply_pct_of_need", rows), ("filled_capacities", rows)]
    ordered.append(("years_until_red", forecast.areas.fillna(np.inf)))
    for prefix, frame in ordered:
        assert (frame[f"{prefix}_p10"] <= frame[f"{prefix}_p50"]).all(), prefix
        assert (frame[f"{prefix}_p50"] <= frame[f"{prefix}_p90"]).all(), prefix
    areas = rows[rows["level"] == "area"]
    assert (areas["prob_red"] + areas["prob_yellow"] <= 1.0).all()  # one class a draw
    assert rows.loc[rows["level"] != "area", "prob_yellow"].isna().all()
    now = areas[areas["year"] == 2025].set_index("id")
    # A1: G01 and G04 of its four GPs are 60 or older (50 % ≥ a third): yellow, never red
    assert (now.loc["A1", "prob_yellow"], now.loc["A1", "prob_red"]) == (1.0, 0.0)
    assert (
        now["prob_yellow"].to_dict()
        == forecast.areas.set_index("area_id")["prob_yellow_now"].to_dict()
    )
    region = rows[rows["level"] == "region"].set_index("year")
    assert region.loc[2025, "population"] == pytest.approx(6600)  # the fixture's persons
    assert region.loc[2025, "supply_p10"] == region.loc[2025, "supply_p90"]
    assert len(rows) == (1 + 2 + 3) * 11  # region, 2 municipalities, 3 areas × 11 years


def test_cli_json_rows(tiny_dataset_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "forecast.json"
    result = run_cli(
        "forecast", str(tiny_dataset_dir), "--horizon", "2030", "--draws", "100",
        "--seed", "5", "--format", "json", "--out", str(out),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["model"] == "cohort" and document["draws"] == 100
    first = next(r for r in document["rows"] if r["level"] == "region" and r["year"] == 2025)
    assert first["population"] == pytest.approx(6600)
    wanted = {"id", "persons_65plus", "persons_80plus", "need_weighted_persons", "prob_red"}
    wanted |= {"supply_p10", "supply_p50", "supply_p90", "supply_pct_of_need_p50"}
    assert wanted <= set(first)


def test_cli_people_formats_are_danish_and_equal_the_json(
    tiny_dataset_dir: Path, tmp_path: Path
) -> None:
    argv = ("forecast", str(tiny_dataset_dir), "--horizon", "2030", "--draws", "50", "--seed", "2")
    scripts = json.loads(run_cli(*argv, "--format", "json").stdout)["rows"]
    book_file = tmp_path / "prognose.xlsx"
    assert run_cli(*argv, "--format", "xlsx", "--out", str(book_file)).returncode == 0
    book = openpyxl.load_workbook(book_file)
    assert book.sheetnames == ["Prognose", "Områder", "Befolkningspyramide"]
    sheet = book["Prognose"]
    assert sheet["A1"].value == "Prognose 2025–2030 pr. enhed og år – Region Nordjylland"
    assert "kohortemodel, 50 træk" in sheet["A3"].value
    rows = sheet.iter_rows(min_row=5, values_only=True)
    header = next(rows)
    people = [dict(zip(header, row, strict=True)) for row in rows]
    csv = run_cli(*argv, "--format", "csv")
    assert csv.returncode == 0, csv.stderr
    from_csv = pd.read_csv(io.StringIO(csv.stdout), sep=";", decimal=",", dtype={"Id": str})
    assert len(people) == len(from_csv) == len(scripts) == 6 * 6
    levels = {"region": "region", "municipality": "kommune", "area": "lægedækningsområde"}
    for person, line, script in zip(people, from_csv.to_dict("records"), scripts, strict=True):
        assert person["Niveau"] == line["Niveau"] == levels[script["level"]]
        for header_da, code in (("Indbyggere", "population"), ("År", "year"),
                                ("Udbud (patientpladser), median", "supply_p50"),
                                ("Sandsynlighed for rød", "prob_red")):  # fmt: skip
            assert person[header_da] == pytest.approx(script[code])
            assert line[header_da] == pytest.approx(script[code])
    # the tiny region at its reference date: 6,600 persons, 11 capacities
    assert (people[0]["Indbyggere"], people[0]["Kapaciteter"]) == (6600, 11)
    codes = run_cli(*argv, "--format", "csv-codes").stdout
    assert codes.startswith("level,id,name,year,population,")
    region = {r["year"]: r["expected_services"] for r in scripts if r["level"] == "region"}
    growth = 100 * (region[2030] / region[2025] - 1)
    # the services are 7 per need-weighted person (the packaged parameters)
    assert region[2025] == pytest.approx(7 * scripts[0]["need_weighted_persons"])
    table = run_cli(*argv).stdout
    expected = (
        f"Forventede ydelser i regionen: {format_number_da(region[2025])} i 2025, "
        f"{format_number_da(region[2030])} i 2030 ({'+' if growth > 0 else ''}"
        f"{format_number_da(growth, 1)} %)."
    )
    assert expected in " ".join(table.split())


def test_cli_bad_input_is_a_danish_error(tiny_dataset_dir: Path) -> None:
    result = run_cli("forecast", str(tiny_dataset_dir), "--draws", "0")
    assert result.returncode == 2
    assert "--draws 0: antallet af træk skal være mindst 1" in result.stderr
    result = run_cli("forecast", str(tiny_dataset_dir), "--horizon", "2020")
    assert result.returncode == 2
    assert "ligger før referencedatoens år 2025" in result.stderr


def test_forecast_of_a_stored_scenario_compared_with_its_snapshot(
    tiny_dataset_dir: Path, tmp_path: Path
) -> None:
    # the scenario raises P001 (no vacancy) from 3 to 5 capacities: 2 more filled, so the
    # region's supply at the reference date is 2 × the norm (1,600) patients higher
    db = f"sqlite:///{tmp_path / 'store.db'}"
    edits = tmp_path / "edits.json"
    edit = {"table": "practices", "key": "P001", "op": "update", "values": {"capacities": 5}}
    edits.write_text(json.dumps([edit]), encoding="utf-8")
    assert run_cli("load", str(tiny_dataset_dir), "--db", db).returncode == 0
    made = run_cli(
        "scenario", "new", "udvid", "--snapshot", "1", "--by", "test", "--edits", str(edits),
        "--db", db,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    result = run_cli(
        "forecast", "scenario:udvid", "--compare", "--draws", "20", "--horizon", "2027",
        "--format", "json", "--db", db,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    (region_now,) = [r for r in rows if r["level"] == "region" and r["year"] == 2025]
    assert region_now["supply_p50_difference"] == 2 * 1_600
    assert region_now["population_difference"] == 0
    people = run_cli(
        "forecast", "scenario:udvid", "--compare", "--draws", "20", "--horizon", "2027",
        "--format", "csv", "--db", db,
    )  # fmt: skip
    assert people.returncode == 0, people.stderr
    danish = pd.read_csv(io.StringIO(people.stdout), sep=";", decimal=",")
    first = danish.iloc[0]
    assert (first["Niveau"], first["År"]) == ("region", 2025)
    assert first["Udbud (patientpladser), median, forskel"] == 2 * 1_600
    assert first["Indbyggere, uden scenariet"] == first["Indbyggere, med scenariet"] == 6600

    refused = run_cli("forecast", str(tiny_dataset_dir), "--compare")
    assert refused.returncode != 0
    assert "--compare sammenligner et scenarie" in refused.stderr


def _assess_coming(dataset_dir: Path, *options: str) -> pd.DataFrame:
    result = run_cli("assess", str(dataset_dir), "--coming", "--format", "json", *options)
    assert result.returncode == 0, result.stderr
    return pd.DataFrame(json.loads(result.stdout)["areas"]).set_index("area_id")


def test_assess_coming_shows_the_forecasts_coming_threatened_areas(
    tiny_dataset: Dataset, tiny_dataset_dir: Path, tmp_path: Path
) -> None:
    """The gross list's ``coming`` is the forecast's (packaged parameters: 5 years, p ≥ 0.5);
    when every GP retires within a year, exactly the areas not red now are coming."""
    shown = _assess_coming(tiny_dataset_dir)
    window = PARAMETERS.threat.coming_within_years
    forecast = run_forecast(tiny_dataset, RULES, PARAMETERS, tiny_dataset.reference_year + window)
    expected = forecast.areas.set_index("area_id")
    assert shown["coming"].to_dict() == expected["coming"].to_dict()
    column = f"prob_red_within_{window}_years"
    assert shown[column].to_dict() == pytest.approx(expected[column].to_dict())

    rules = rules_with_curve(tmp_path / "everyone_retires.toml", [20, 21], [1.0, 1.0])
    retired = _assess_coming(tiny_dataset_dir, "--rules", str(rules))
    assert retired[column].tolist() == [1.0] * len(retired)  # supply 0 from year 1
    not_red_now = retired["threat_class"] != "red"
    assert not_red_now.any()
    assert retired["coming"].tolist() == not_red_now.tolist()


def test_assess_coming_columns_for_people(tiny_dataset_dir: Path) -> None:
    result = run_cli("assess", str(tiny_dataset_dir), "--coming", "--format", "csv")
    assert result.returncode == 0, result.stderr
    frame = pd.read_csv(io.StringIO(result.stdout.lstrip("\ufeff")), sep=";", dtype=str)
    columns = list(frame.columns)
    coming = columns.index("Kommende lægedækningstruet")
    assert columns[coming + 1] == "Sandsynlighed for rød inden for 5 år"
    assert set(frame["Kommende lægedækningstruet"]) <= {"ja", "nej"}
    table = run_cli("assess", str(tiny_dataset_dir), "--coming")
    assert table.returncode == 0, table.stderr
    assert "Kommende" in table.stdout and "lægedækningstruet" in table.stdout


def test_coming_year_is_the_first_year_red_with_the_coming_probability(
    tiny_dataset: Dataset, tmp_path: Path
) -> None:
    """Retiring at 63: G05, A2's only GP in P003 (born 1966), retires in 2029, leaving A2
    P004's 1,600 patients, under 75 % of A2's need (above 1,600 / 0.75 = 2,133 need-weighted
    persons until 2030): A2 is red from 2029 in every draw, so coming from 2029 with 100 %."""
    rules = load_rules(rules_retiring_at_63(tmp_path / "at63.toml"))
    forecast = run_forecast(tiny_dataset, rules, PARAMETERS, 2035, draws=50)
    areas = forecast.areas.set_index("area_id")
    rows = forecast.rows[forecast.rows["level"] == "area"].set_index(["id", "year"])
    assert rows.loc[("A2", 2028), "supply_p50"] == 3_200
    assert rows.loc[("A2", 2029), "supply_p50"] == 1_600
    assert rows.loc[("A2", 2030), "need_weighted_persons"] > 1_600 / 0.75
    assert areas.loc["A2", "coming"]
    assert (areas.loc["A2", "coming_year"], areas.loc["A2", "prob_red_within_5_years"]) == (
        2029,
        1.0,
    )
    # not coming: A1 stays far above need, A3 is red now
    assert not areas.loc["A1", "coming"] and np.isnan(areas.loc["A1", "coming_year"])
    assert areas.loc["A3", "prob_red_now"] == 1.0 and np.isnan(areas.loc["A3", "coming_year"])
