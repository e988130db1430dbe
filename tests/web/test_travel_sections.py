"""The Sygebesøg og pladser section of the area and municipality pages, and the travel map
layers' GeoJSON, over HTTP on the demo region's snapshot in a real SQLite store.

Expected figures are computed independently of the web module: the assignment through the
core functions (``travel_od_table`` → ``estimate_patients`` → ``home_visit_table``, the
defaults of ``praksisplan travel assign``) on the dataset read back from the store, and
feature counts from the dataset's own tables.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from fastapi.testclient import TestClient

from access_users import logged_in
from praksisplan.core.danish_numbers import format_number_da, format_share_da
from praksisplan.core.dataset import Dataset
from praksisplan.core.vocabulary import TRAVEL_LABELS
from praksisplan.engine.travel_od import travel_od_table
from praksisplan.store import Store
from praksisplan.synth.demo import build_demo_dataset
from praksisplan.travel.land import land_masses_of
from praksisplan.travel.links import dataset_links
from praksisplan.travel.network import TravelNetwork
from praksisplan.travel.patients import DEFAULT_REACH_M, estimate_patients, home_visit_table
from praksisplan.web.travel_figures import TravelCache

#: Nørrehede Øst: a mainland area whose assignment leaves patients beyond 15 km of their GP.
FAR_AREA = "A14"
#: The smaller island: one practice, a ferry (47 min, 12 departures) and bed site B911.
ISLAND_AREA = "A40"


class Demo:
    def __init__(self, url: str, snapshot: int, dataset: Dataset) -> None:
        self.url, self.snapshot, self.dataset = url, snapshot, dataset


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    url = f"sqlite:///{Path(tmp_path_factory.mktemp('travel')) / 'store.db'}"
    with Store(url) as store:
        info = store.load_dataset(build_demo_dataset(), source="demo")
        dataset = store.read_dataset(info.id)
    return Demo(url, info.id, dataset)


@pytest.fixture(scope="module")
def client(demo: Demo) -> Iterator[TestClient]:
    with logged_in(demo.url) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def expected(demo: Demo) -> dict[str, pd.DataFrame]:
    dataset = demo.dataset
    network = TravelNetwork.of(land_masses_of(dataset), dataset_links(dataset))
    assignment = estimate_patients(dataset, travel_od_table(dataset, network, DEFAULT_REACH_M))
    return {
        "area": home_visit_table(dataset, assignment, "area"),
        "municipality": home_visit_table(dataset, assignment, "municipality"),
    }


def _row_text(html: str, key: str) -> str:
    start = html.index(f'<tr data-key="{key}">')
    cell = html.index('<td class="num">', start) + len('<td class="num">')
    return html[cell : html.index("</td>", cell)]


def _expected_texts(row: pd.Series) -> dict[str, str]:
    return {
        "patients": format_number_da(row["patients"]),
        "share_within_5_km": format_share_da(row["share_within_5_km"]),
        "share_within_9_km": format_share_da(row["share_within_9_km"]),
        "share_within_15_km": format_share_da(row["share_within_15_km"]),
        "share_within_17_km": format_share_da(row["share_within_17_km"]),
        "share_beyond_17_km": format_share_da(row["share_beyond_17_km"], 1),
        "patients_beyond_15_km": format_number_da(row["patients_beyond_15_km"]),
    }


def test_area_page_shows_the_assignment_of_the_core_functions(
    client: TestClient, demo: Demo, expected: dict[str, pd.DataFrame]
) -> None:
    row = expected["area"].loc[FAR_AREA]
    assert row["patients_beyond_15_km"] > 0  # the area the section is about
    html = client.get(f"/omraade/{FAR_AREA}?snapshot={demo.snapshot}").text
    assert '<h2 id="sygebesoeg">Sygebesøg og pladser</h2>' in html
    for key, text in _expected_texts(row).items():
        assert TRAVEL_LABELS[key] in html
        assert _row_text(html, key) == text, key
    assert "Ingen midlertidige pladser her." in html
    assert "island-note" not in html  # a mainland area


def test_island_area_has_its_note_and_bed_site(client: TestClient, demo: Demo) -> None:
    html = client.get(f"/omraade/{ISLAND_AREA}?snapshot={demo.snapshot}").text
    note = html[html.index('class="note island-note">') :]
    assert note.startswith(
        'class="note island-note">Ø: øen har én praksis; færge til fastlandet 47 min, 12 afgange'
    )
    beds = demo.dataset.temporary_beds
    on_island = beds[beds["bed_id"] == "B911"].iloc[0]
    # the island's one practice is the only one within 15 km of its bed site
    assert (
        f'<tr data-id="B911"><td>B911</td><td>{on_island["kind"]}</td>'
        f'<td class="num">{format_number_da(on_island["beds"])}</td><td class="num">1</td>'
    ) in html


def test_municipality_page_shows_its_areas_and_figures(
    client: TestClient, demo: Demo, expected: dict[str, pd.DataFrame]
) -> None:
    code = "903"
    html = client.get(f"/kommune/{code}?snapshot={demo.snapshot}").text
    areas = demo.dataset.coverage_areas
    mine = areas[areas["municipality_code"].astype(str) == code]
    assert f"Lægedækningsområder ({len(mine)})" in html
    for area_id in mine["area_id"]:
        assert f'<tr data-area-id="{area_id}">' in html
    for key, text in _expected_texts(expected["municipality"].loc[code]).items():
        assert _row_text(html, key) == text, key
    beds = demo.dataset.temporary_beds
    assert '<tr data-id="B903">' in html and "B904" not in html
    assert len(beds) > 1


def test_care_homes_with_and_without_a_fixed_gp(client: TestClient, demo: Demo) -> None:
    homes = demo.dataset.care_homes.set_index("municipality_code")
    for code, listed in (("902", True), ("903", False)):
        home = homes.loc[code]
        assert (home["fixed_gp"] == "false") is listed  # the demo alternates by code
        html = client.get(f"/kommune/{code}?snapshot={demo.snapshot}").text
        assert f'<tr data-id="{home["care_home_id"]}"><td>{home["name"]}</td>' in html
        if listed:
            assert f'<p id="homes-without-gp">Plejehjem uden fast læge: {home["name"]}.</p>' in html
        else:
            assert '<p id="homes-without-gp">Alle plejehjem her har en fast læge.</p>' in html


def test_unknown_municipality_is_404(client: TestClient, demo: Demo) -> None:
    assert client.get(f"/kommune/0000?snapshot={demo.snapshot}").status_code == 404


def test_another_municipalitys_page_is_refused(demo: Demo) -> None:
    with logged_in(demo.url, "municipality:903") as own:
        assert own.get(f"/kommune/903?snapshot={demo.snapshot}").status_code == 200
        assert own.get(f"/kommune/901?snapshot={demo.snapshot}").status_code == 403


def _layer(client: TestClient, demo: Demo, layer: str) -> list[dict[str, object]]:
    response = client.get(f"/api/snapshots/{demo.snapshot}/travel/{layer}.geojson")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/geo+json")
    features: list[dict[str, object]] = response.json()["features"]
    return features


def test_link_layer_has_every_ferry_and_fixed_link(client: TestClient, demo: Demo) -> None:
    features = _layer(client, demo, "links")
    ferries, fixed = demo.dataset.ferry_links, demo.dataset.fixed_links
    assert len(features) == len(ferries) + len(fixed) == 3
    by_id = {str(f["properties"]["link_id"]): f["properties"] for f in features}  # type: ignore[index]
    assert set(by_id) == set(ferries["link_id"]) | set(fixed["link_id"])
    for row in ferries.to_dict("records"):
        assert by_id[row["link_id"]]["crossing_minutes"] == row["crossing_minutes"]
        assert by_id[row["link_id"]]["departures_per_day"] == row["departures_per_day"]
    assert {f["geometry"]["type"] for f in features} == {"LineString"}  # type: ignore[index]


def test_site_layer_has_every_bed_site_and_care_home(client: TestClient, demo: Demo) -> None:
    features = _layer(client, demo, "sites")
    beds, homes = demo.dataset.temporary_beds, demo.dataset.care_homes
    assert len(features) == len(beds) + len(homes)
    properties = [f["properties"] for f in features]
    temporary = {p["id"]: p for p in properties if p["site"] == "temporary"}  # type: ignore[index]
    assert set(temporary) == set(beds["bed_id"])
    for row in beds.to_dict("records"):
        assert temporary[row["bed_id"]]["places"] == row["beds"]  # type: ignore[index]
    assert {p["id"] for p in properties if p["site"] == "care_home"} == set(  # type: ignore[index]
        homes["care_home_id"]
    )


def test_patients_beyond_layer_per_area(
    client: TestClient, demo: Demo, expected: dict[str, pd.DataFrame]
) -> None:
    features = _layer(client, demo, "patients-beyond")
    assert len(features) == len(demo.dataset.coverage_areas)
    beyond = {f["properties"]["area_id"]: f["properties"] for f in features}  # type: ignore[index]
    for area_id, row in expected["area"].iterrows():
        assert beyond[area_id]["patients_beyond_15_km"] == row["patients_beyond_15_km"]  # type: ignore[index]


def test_unknown_travel_layer_is_404(client: TestClient, demo: Demo) -> None:
    response = client.get(f"/api/snapshots/{demo.snapshot}/travel/roads.geojson")
    assert response.status_code in (404, 422)


def test_travel_figures_are_computed_once_per_snapshot(tiny_dataset: Dataset) -> None:
    cache = TravelCache(size=1)
    first = cache.get(1, tiny_dataset)
    assert cache.get(1, tiny_dataset) is first  # the cached figures, not a second run
    cache.get(2, tiny_dataset)  # the least recently used snapshot is dropped
    assert cache.get(1, tiny_dataset) is not first
