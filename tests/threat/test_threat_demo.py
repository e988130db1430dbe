"""The demo region's gross list, and the half-yearly comparison of two demo snapshots."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd
import pytest

from praksisplan.core.dataset import Dataset
from praksisplan.synth.demo import build_demo_dataset
from praksisplan.threat.assess import Assessment, assess
from praksisplan.threat.compare import compare
from praksisplan.threat.rules import load_rules

RULES = load_rules(None)
#: Persons per km² above which an area counts as urban.
URBAN_DENSITY = 100.0


@pytest.fixture(scope="module")
def demo() -> Dataset:
    return build_demo_dataset()


@pytest.fixture(scope="module")
def demo_assessment(demo: Dataset) -> Assessment:
    return assess(demo, RULES)


def main_city_code(dataset: Dataset) -> str:
    """The municipality with the most inhabitants."""
    persons = dataset.population.groupby("cell_id")["persons"].sum()
    by_municipality = persons.groupby(dataset.cells.set_index("cell_id")["municipality_code"]).sum()
    return str(by_municipality.idxmax())


def test_demo_list_is_plausible(demo: Dataset, demo_assessment: Assessment) -> None:
    areas = demo_assessment.areas
    city = main_city_code(demo)
    persons = demo.population.groupby("cell_id")["persons"].sum()
    area_persons = persons.groupby(demo.cells.set_index("cell_id")["area_id"]).sum()
    km2 = demo.coverage_areas.set_index("area_id").geometry.area / 1e6
    density = (area_persons / km2).reindex(areas.index)

    city_urban = areas[(areas["municipality_code"] == city) & (density >= URBAN_DENSITY)]
    outlying = areas[areas["municipality_code"] != city]
    # the main city is the most populous municipality and its urban areas are all green
    assert len(city_urban) >= 5
    assert set(city_urban["threat_class"]) == {"green"}
    # red and yellow areas exist in the outlying municipalities, and a majority of them is
    # threatened, while not every one is
    counts = outlying["threat_class"].value_counts()
    assert counts.get("red", 0) >= 3 and counts.get("yellow", 0) >= 3
    assert counts.get("green", 0) >= 1
    # every threatened area's explanation starts with its class and the count of criteria
    for threat_class, label in (("red", "Rød: "), ("yellow", "Gul: "), ("green", "Grøn: ")):
        assert (
            areas.loc[areas["threat_class"] == threat_class, "explanation"]
            .str.startswith(label)
            .all()
        )
    # the list is sorted by severity
    assert areas["severity"].is_monotonic_decreasing
    # every red area has at least one red criterion fired, with its measured value
    fired = demo_assessment.criteria[demo_assessment.criteria["fired"]]
    red_fired = set(fired.loc[fired["threat_class"] == "red", "area_id"])
    assert red_fired == set(areas.index[areas["threat_class"] == "red"])


def retire_gps(dataset: Dataset, gp_ids: list[str]) -> Dataset:
    """Remove GPs; their share of the practice's filled capacities becomes vacant."""
    gps = dataset.gps
    leaving = gps["gp_id"].isin(gp_ids)
    practices = dataset.practices.set_index("provider_number")
    fte_total = gps.groupby("provider_number")["fte"].sum()
    filled = practices["capacities"] - practices["vacant_capacities"]
    left = gps[leaving]
    freed = (filled.reindex(left["provider_number"]).to_numpy() * left["fte"].to_numpy()) / (
        fte_total.reindex(left["provider_number"]).to_numpy()
    )
    freed_per_practice = pd.Series(freed, index=left["provider_number"]).groupby(level=0).sum()
    vacant = practices["vacant_capacities"].add(freed_per_practice, fill_value=0.0)
    return dataset.with_tables(
        gps=gps[~leaving].reset_index(drop=True),
        practices=practices.assign(vacant_capacities=vacant.to_numpy()).reset_index(),
    )


def close_practice(dataset: Dataset, provider_number: str, since: dt.date) -> Dataset:
    """The practice shuts down: its GPs leave, its capacities become region-held vacancies."""
    practices = dataset.practices
    closing = practices["provider_number"] == provider_number
    area_id = practices.loc[closing, "area_id"].iloc[0]
    capacities = float(practices.loc[closing, "capacities"].iloc[0])
    vacancies = dataset.region_vacancies
    assert area_id not in set(vacancies["area_id"]), "area already holds a vacancy"
    new_row = pd.DataFrame(
        {
            "area_id": [area_id],
            "vacant_capacities": [capacities],
            "advertised_since": [pd.Timestamp(since)],
        }
    )
    return dataset.with_tables(
        practices=practices[~closing].reset_index(drop=True),
        gps=dataset.gps[dataset.gps["provider_number"] != provider_number].reset_index(drop=True),
        region_vacancies=pd.concat([vacancies, new_row], ignore_index=True),
    )


def test_two_demo_snapshots_compare_to_exactly_the_changed_areas(
    demo: Dataset, demo_assessment: Assessment
) -> None:
    areas = demo_assessment.areas
    practices = demo.practices
    # three GPs retire: the three oldest of the green area with the lowest supply
    retire_area = areas[areas["threat_class"] == "green"]["supply_pct_of_need"].idxmin()
    area_gps = demo.gps.merge(practices[["provider_number", "area_id"]], on="provider_number")
    oldest = (
        area_gps[area_gps["area_id"] == retire_area]
        .sort_values(["birth_year", "gp_id"])["gp_id"]
        .head(3)
        .tolist()
    )
    # one practice closes: the only practice of a yellow area, already closed for new
    # patients (so no neighbour loses an open practice within 15 km)
    per_area = practices.groupby("area_id")["provider_number"].agg(list)
    candidates = [
        a
        for a in areas.index[areas["threat_class"] == "yellow"]
        if len(per_area.get(a, [])) == 1
        and practices.set_index("provider_number").loc[per_area[a][0], "status"] == "closed"
        and a not in set(demo.region_vacancies["area_id"])
    ]
    close_area = sorted(candidates)[0]

    half_year_later = dt.date(2026, 7, 1)
    second = close_practice(retire_gps(demo, oldest), per_area[close_area][0], half_year_later)
    second = replace(
        second, manifest=demo.manifest.model_copy(update={"reference_date": half_year_later})
    )
    second_assessment = assess(second, RULES)

    changes = compare(demo_assessment, second_assessment)
    assert set(changes.index) == {retire_area, close_area}
    assert changes.loc[close_area, "old_class"] == "yellow"
    assert changes.loc[close_area, "new_class"] == "red"
    assert "red_supply" in changes.loc[close_area, "criteria_now_fired"].split()
    assert changes.loc[retire_area, "old_class"] == "green"
    assert changes.loc[retire_area, "new_class"] in {"yellow", "red"}
    assert "yellow_supply" in changes.loc[retire_area, "criteria_now_fired"].split()
    assert set(changes["direction"]) == {"worse"}
    # the rest of the region's classes are unchanged
    unchanged = demo_assessment.areas.index.difference([retire_area, close_area])
    pd.testing.assert_series_equal(
        demo_assessment.areas.loc[unchanged, "threat_class"],
        second_assessment.areas.loc[unchanged, "threat_class"],
    )
