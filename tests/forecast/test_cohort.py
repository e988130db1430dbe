"""The cohort-component model: a hand-computed step, the balancing equation, the life table."""

from __future__ import annotations

import numpy as np
import pytest

from praksisplan.core.dataset import Dataset, empty_table
from praksisplan.core.schema import PopulationHistoryRow
from praksisplan.forecast.cohort import Rates, step
from praksisplan.forecast.demography import (
    FEMALE,
    MALE,
    MAX_AGE,
    fertility_rates,
    life_expectancy,
)
from praksisplan.forecast.parameters import load_parameters
from praksisplan.forecast.population import forecast_population
from praksisplan.synth.demo import build_demo_dataset

AGES = MAX_AGE + 1


def _two_cohorts() -> tuple[np.ndarray, Rates]:
    population = np.zeros((1, 2, AGES))
    population[0, FEMALE, 30] = 1000.0
    population[0, MALE, 60] = 500.0
    survival = np.ones((2, AGES))
    survival[FEMALE, 30] = 0.9
    survival[MALE, 60] = 0.8
    fertility = np.zeros(AGES)
    fertility[30] = 0.1
    migration = np.zeros((1, 2, AGES))
    migration[0, FEMALE, 31] = 0.1
    rates = Rates(survival, np.array([1.0, 0.98]), fertility, 0.5, migration)
    return population, rates


def test_two_cohort_step_by_hand() -> None:
    population, rates = _two_cohorts()
    result = step(population, rates)
    # women 30 → 31: 1000 × 0.9 survive, then +10 % net migration = 990
    assert result.population[0, FEMALE, 31] == pytest.approx(990.0)
    # men 60 → 61: 500 × 0.8 = 400
    assert result.population[0, MALE, 61] == pytest.approx(400.0)
    # 1000 women × 0.1 = 100 births, half girls (all survive), half boys (98 % survive)
    assert result.births[0] == pytest.approx(100.0)
    assert result.population[0, FEMALE, 0] == pytest.approx(50.0)
    assert result.population[0, MALE, 0] == pytest.approx(49.0)
    # deaths: 100 women + 100 men + 1 newborn boy; migration: +90
    assert result.deaths[0] == pytest.approx(201.0)
    assert result.net_migration[0] == pytest.approx(90.0)
    assert result.population.sum() == pytest.approx(990 + 400 + 50 + 49)


def test_open_age_keeps_its_survivors() -> None:
    population = np.zeros((1, 2, AGES))
    population[0, FEMALE, MAX_AGE] = 100.0
    population[0, FEMALE, MAX_AGE - 1] = 10.0
    survival = np.full((2, AGES), 0.5)
    rates = Rates(survival, np.ones(2), np.zeros(AGES), 0.5, np.zeros((1, 2, AGES)))
    assert step(population, rates).population[0, FEMALE, MAX_AGE] == pytest.approx(55.0)


@pytest.fixture(scope="module")
def demo() -> Dataset:
    return build_demo_dataset()


def test_balancing_equation_per_municipality_and_year(demo: Dataset) -> None:
    forecast = forecast_population(demo, load_parameters(), 2040, "cohort")
    totals = forecast.single_ages.sum(axis=(2, 3))  # (years, municipalities)
    assert np.abs(forecast.net_migration).sum() > 0  # the demo's history gives migration
    expected = totals[:-1] + forecast.births - forecast.deaths + forecast.net_migration
    np.testing.assert_allclose(totals[1:], expected, rtol=1e-12)


def test_reference_year_is_the_dataset_population(demo: Dataset) -> None:
    forecast = forecast_population(demo, load_parameters(), 2030, "cohort")
    assert forecast.years[0] == 2026
    assert forecast.persons[0].sum() == pytest.approx(demo.population["persons"].sum())
    by_band = demo.population.groupby("age_band")["persons"].sum()
    for i, band in enumerate(forecast.bands):
        assert forecast.persons[0, :, :, i].sum() == pytest.approx(by_band.get(band, 0))


def test_life_table_and_fertility_match_the_published_figures() -> None:
    parameters = load_parameters()
    women, men = life_expectancy(parameters.mortality)
    # Statistics Denmark 2019-2020: women about 83.4, men about 79.5 years
    assert women == pytest.approx(83.4, abs=0.3)
    assert men == pytest.approx(79.5, abs=0.3)
    assert fertility_rates(parameters.fertility).sum() == pytest.approx(1.70)


def test_no_history_means_no_migration(demo: Dataset) -> None:
    without = demo.with_tables(population_history=empty_table(PopulationHistoryRow))
    forecast = forecast_population(without, load_parameters(), 2028, "cohort")
    assert np.abs(forecast.net_migration).max() == 0
