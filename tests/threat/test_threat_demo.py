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


def close_practices(dataset: Dataset, provider_numbers: list[str], since: dt.date) -> Dataset:
    """The practices of one area shut down: their GPs leave, their capacities become one
    region-held vacancy."""
    practices = dataset.practices
    closing = practices["provider_number"].isin(provider_numbers)
    (area_id,) = set(practices.loc[closing, "area_id"])
    capacities = float(practices.loc[closing, "capacities"].sum())
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
        gps=dataset.gps[~dataset.gps["provider_number"].isin(provider_numbers)].reset_index(
            drop=True
        ),
        region_vacancies=pd.concat([vacancies, new_row], ignore_index=True),
    )


def open_only_to_own_area(practices: pd.DataFrame, area_postcodes: set[str]) -> bool:
    """No citizen outside the area loses an open practice when these practices close."""
    selective_codes = practices.loc[practices["status"] == "selective", "open_postcodes"]
    return bool(
        practices["status"].isin(["closed", "selective"]).all()
        and all(set(codes.split()) <= area_postcodes for codes in selective_codes)
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
    # the practices of a yellow area shut down: one whose practices are closed for new
    # patients or open only to the area's own postcodes (so no neighbour loses an open
    # practice within 15 km), the one with the fewest practices
    postcodes = demo.cells.groupby("area_id")["postcode"].agg(set).to_dict()
    threat_class = areas["threat_class"].to_dict()
    candidates = [
        (len(group), str(a))
        for a, group in practices.groupby("area_id")
        if threat_class[a] == "yellow"
        and open_only_to_own_area(group, postcodes[a])
        and a not in set(demo.region_vacancies["area_id"])
        and a != retire_area
    ]
    close_area = min(candidates)[1]
    closing = practices.loc[practices["area_id"] == close_area, "provider_number"].tolist()

    half_year_later = dt.date(2026, 7, 1)
    second = close_practices(retire_gps(demo, oldest), closing, half_year_later)
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
