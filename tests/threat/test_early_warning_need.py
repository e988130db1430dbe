"""The early warning with need grown by the population forecast (``early_warning.need``).

One area, 10,000 persons, all need weights 1, 7 GPs aged 45 (nobody retires within five
years), supply 112 % of need. The official projection says 16,000 persons in 2031; the years
between the reference date (2026) and 2031 are linear, so need grows by ``G(t) = 1 + 0.12 t``
and the projected supply is ``112 / G(t)``: 100.0, 90.3, 82.4, 75.7 and 70.0 % for t = 1..5,
first below 75 % in year 5. With need held fixed it stays at 112 %. The packaged rule set
grows need with the forecast, as the forecast issue asks of the early warning.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from threat_builders import FIXED_NEED_RULES, PracticeSpec, build_dataset, healthy_area

from access_users import logged_in
from cli_process import run_cli
from praksisplan.core.dataset import Dataset
from praksisplan.core.vocabulary import EARLY_WARNING_NEED
from praksisplan.dataset_io import write_dataset
from praksisplan.forecast.need_growth import need_growth
from praksisplan.forecast.parameters import load_parameters
from praksisplan.store import Store
from praksisplan.threat.assess import assess
from praksisplan.threat.rules import load_rules, parse_rules
from praksisplan.threat.run_service import run_in_force, save_run

PACKAGED = load_rules(None)
EXPECTED_GROWTH = [1.0, 1.12, 1.24, 1.36, 1.48, 1.60]


def growing_area() -> Dataset:
    row = {"municipality_code": "101", "year": 2031, "age_band": "0+", "sex": None}
    projection = pd.DataFrame([{**row, "persons": 16_000}])
    return build_dataset([healthy_area("X")]).with_tables(population_projection=projection)


def test_need_growth_follows_the_official_projection() -> None:
    growth = need_growth(growing_area(), load_parameters(), 5)
    assert list(growth.columns) == [0, 1, 2, 3, 4, 5]
    np.testing.assert_allclose(growth.loc["X"].to_numpy(), EXPECTED_GROWTH)


def test_forecast_need_brings_red_within_the_horizon() -> None:
    dataset = growing_area()
    fixed = assess(dataset, FIXED_NEED_RULES)
    np.testing.assert_allclose(fixed.projection.loc["X"].to_numpy(), [112.0] * 6)
    assert math.isnan(fixed.areas.loc["X", "years_until_red"])
    assert fixed.areas.loc["X", "threat_class"] == "green"

    grown = assess(dataset, PACKAGED)
    expected = [112.0 / g for g in EXPECTED_GROWTH]
    np.testing.assert_allclose(grown.projection.loc["X"].to_numpy(), expected)
    assert grown.areas.loc["X", "years_until_red"] == 5.0
    assert grown.areas.loc["X", "threat_class"] == "yellow"


def test_retirements_and_need_growth_combine() -> None:
    # two of the seven GPs are 66: they keep (1 − F(66 + t)) / (1 − F(66)) of their work,
    # F(66) = 0.40, F(67) = 0.55 → S(1) = 0.75; R(1) = (5 + 2 · 0.75) / 7; G(1) = 1.12
    practices = (
        PracticeSpec("X-P1", 4, (1981,) * 4),
        PracticeSpec("X-P2", 3, (1981, 1960, 1960), offset_km=(1, 0)),
    )
    dataset = build_dataset([healthy_area("X", practices=practices)])
    dataset = dataset.with_tables(population_projection=growing_area().population_projection)
    grown = assess(dataset, PACKAGED)
    assert grown.projection.loc["X", 1] == pytest.approx(112.0 * (5 + 2 * 0.75) / 7 / 1.12)


def test_assess_by_default_grows_need_and_stores_the_basis_with_the_run(tmp_path: Path) -> None:
    path = write_dataset(growing_area(), tmp_path / "data")
    db = f"sqlite:///{tmp_path / 'store.db'}"
    assert run_cli("load", str(path), "--db", db).returncode == 0
    result = run_cli("assess", "snapshot:1", "--format", "json", "--db", db)
    assert result.returncode == 0, result.stderr
    (area,) = json.loads(result.stdout)["areas"]
    assert (area["threat_class"], area["years_until_red"]) == ("yellow", 5.0)

    with Store(db, create=False) as store:
        run = run_in_force(store, 1, save=False)  # the rules in force carry the need basis
    assert run.id == 1
    assert run.rules.early_warning.need == "forecast"
    assert run.assessment.areas.loc["X", "years_until_red"] == 5.0

    fixed = run_cli("assess", str(path), "--need", "fixed", "--format", "json")
    assert json.loads(fixed.stdout)["areas"][0]["years_until_red"] is None
    forecast = run_cli("assess", str(path), "--need", "forecast", "--format", "json")
    assert json.loads(forecast.stdout)["areas"][0]["years_until_red"] == 5.0


def test_pages_say_which_need_the_early_warning_used(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'store.db'}"
    with Store(db) as store:
        info = store.load_dataset(growing_area(), source="test")
        save_run(store, info.id, assess(growing_area(), PACKAGED))
    with logged_in(db) as client:
        for page in ("/omraade/X", "/truede"):
            html = client.get(page).text
            assert 'id="early-warning-need" data-need="forecast"' in html
            assert EARLY_WARNING_NEED["forecast"] in html


def test_a_rule_file_without_the_need_basis_keeps_its_meaning_and_identity() -> None:
    # a rule set written before early_warning.need existed holds need fixed, with the same
    # canonical TOML as then; the packaged rule set says "forecast" in its own
    assert "\nneed = " not in FIXED_NEED_RULES.to_toml()
    assert parse_rules(FIXED_NEED_RULES.to_toml(), "test").early_warning.need == "fixed"
    assert 'need = "forecast"' in PACKAGED.to_toml()
    assert parse_rules(PACKAGED.to_toml(), "test") == PACKAGED
    assert parse_rules(FIXED_NEED_RULES.to_toml(), "test") == FIXED_NEED_RULES
