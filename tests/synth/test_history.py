"""The demo history: 11 half-yearly snapshots, the last one today's calibration, with the
trends the issue describes (solo practices merge or close, region clinics appear, the
population ages) and areas that change class between the first and the last."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise

import pytest

from praksisplan.core.dataset import Dataset
from praksisplan.dataset_io.in_memory import dataset_issues
from praksisplan.engine.key_figures import key_figures
from praksisplan.report.figures import municipality_figures
from praksisplan.report.services import per_capacity_by_municipality, per_person_by_age
from praksisplan.synth.demo import build_demo_dataset
from praksisplan.synth.history import build_demo_history, build_demo_newest
from praksisplan.threat.assess import assess
from praksisplan.threat.compare import compare
from praksisplan.threat.rules import load_rules


@pytest.fixture(scope="module")
def history() -> list[Dataset]:
    return build_demo_history()


def _forms(dataset: Dataset) -> dict[str, int]:
    return {str(k): int(v) for k, v in dataset.practices["org_form"].value_counts().items()}


def test_every_snapshot_breaks_no_rule_of_validate(history: list[Dataset]) -> None:
    # the rules `praksisplan validate` and `load` apply to each snapshot's written copy
    # (before: 2021-01-01 … 2022-07-01 had a selective solo split from a partnership
    # without open_postcodes, and `load` refused them)
    for dataset in history:
        assert dataset_issues(dataset) == [], dataset.manifest.reference_date
    split = history[0].practices[history[0].practices["provider_number"].str.startswith("DM")]
    selective = split[split["status"] == "selective"]
    assert len(selective) == 2  # the two split from selective partnerships, with postcodes
    assert selective["open_postcodes"].notna().all()


def test_eleven_half_yearly_dates(history: list[Dataset]) -> None:
    dates = [d.manifest.reference_date for d in history]
    assert dates[0] == dt.date(2021, 1, 1) and dates[-1] == dt.date(2026, 1, 1)
    assert len(dates) == 11
    assert all((b - a).days in (181, 182, 184) for a, b in pairwise(dates))


def test_the_last_snapshot_is_todays_calibration(history: list[Dataset]) -> None:
    today = build_demo_dataset()
    assert history[-1].practices.equals(today.practices)
    assert history[-1].gps.equals(today.gps)
    figures = key_figures(history[-1])
    assert (figures["capacities"], figures["filled_capacities"], figures["vacant_capacities"]) == (
        373,
        331,
        42,
    )


def test_solos_merge_or_close_and_region_clinics_appear(history: list[Dataset]) -> None:
    first, last = _forms(history[0]), _forms(history[-1])
    # Sjælland: solo 145 → 96 (−34 %), partnerships 98 → 108 (+10 %) in five years
    assert last["solo"] / first["solo"] == pytest.approx(96 / 145, abs=0.05)
    assert last["partnership"] / first["partnership"] == pytest.approx(108 / 98, abs=0.05)
    region_run = [sum(_forms(d).get(f, 0) for f in ("region", "contract", "near")) for d in history]
    assert region_run[0] == 0 and region_run[-1] == 4
    assert region_run == sorted(region_run)


def test_gps_keep_ids_and_age_and_the_population_ages(history: list[Dataset]) -> None:
    first, last = history[0], history[-1]
    common = first.gps.merge(last.gps, on="gp_id", suffixes=("_then", "_now"))
    assert len(common) > 250
    assert (common["birth_year_then"] == common["birth_year_now"]).all()
    old_share = []
    for dataset in (first, last):
        population = dataset.population
        old = population["age_band"].isin(["65-69", "70-74", "75-79", "80-84", "85-89", "90+"])
        old_share.append(population.loc[old, "persons"].sum() / population["persons"].sum())
    assert old_share[0] < old_share[1]


def test_services_are_about_seven_a_citizen_and_rise(history: list[Dataset]) -> None:
    last = history[-1]
    per_year = last.services.groupby("year")["services"].sum() / last.population["persons"].sum()
    assert list(per_year.index) == [2020, 2021, 2022, 2023, 2024, 2025]
    assert 6.5 < per_year.iloc[0] < per_year.iloc[-1] < 7.5
    # each snapshot holds the complete calendar years before its date
    assert history[0].services["year"].unique().tolist() == [2020]
    assert build_demo_newest().services.equals(last.services)


def test_services_rise_with_age_and_per_capacity_varies_by_municipality(
    history: list[Dataset],
) -> None:
    last = history[-1]
    by_age = per_person_by_age(last, 2025)
    adults = by_age.loc["15-19":]
    assert adults.is_monotonic_increasing  # from the teens on, each band more than the last
    assert by_age["80-84"] > 1.7 * by_age.mean() and by_age["20-24"] < 0.75 * by_age.mean()
    # per capacity = per citizen x citizens per capacity: the demo's 590,000 citizens on 373
    # capacities (1,582 each) at 7-7.5 services a year make 11,000-11,900 a capacity
    capacities = municipality_figures(last)["capacities"]
    table = per_capacity_by_municipality(last, 2025, capacities)
    region = table["services"].sum() / table["capacities"].sum()
    assert 7.0 * 590_000 / 373 < region < 7.5 * 590_000 / 373
    mainland = table.drop(index="911")["per_capacity"]  # Sandø: 3 capacities, 1,742 citizens
    assert 10_000 < mainland.min() < 10_500 and 13_500 < mainland.max() < 14_000
    # the spread between municipalities is Sjælland's (7,163-10,500: 1.47 times)
    assert 1.3 < mainland.max() / mainland.min() < 1.5


def test_areas_change_class_between_the_first_and_last_snapshot(history: list[Dataset]) -> None:
    rules = load_rules(None)
    changes = compare(assess(history[0], rules), assess(history[-1], rules))
    assert len(changes) >= 3
    assert set(changes["direction"]) >= {"worse"}


def test_the_same_seed_gives_the_same_history(history: list[Dataset]) -> None:
    again = build_demo_history()
    for a, b in zip(history, again, strict=True):
        assert a.practices.equals(b.practices) and a.population.equals(b.population)
