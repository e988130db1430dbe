"""The JSON/GeoJSON API against a real SQLite store holding the tiny dataset.

Expected values are worked out by hand from the fixture (see tests/conftest.py): e.g. area
A1 holds cells C01–C04 with 110 + 190 + 270 + 350 = 920 persons and practices P001
(3 capacities, 5,200 listed) and P002 (1 capacity, 1,750 listed).
"""

from __future__ import annotations

import csv
import io
import math

import openpyxl
import pytest
import shapely
import shapely.geometry
from fastapi.testclient import TestClient

from access_users import logged_in
from praksisplan.core.dataset import Dataset
from praksisplan.engine.indicators import compute_indicators
from praksisplan.store import SnapshotInfo, Store
from praksisplan.threat.assess import assess
from praksisplan.threat.rules import load_rules

from .snapshots import later_snapshot


def test_snapshots_lists_the_stored_snapshot(
    client: TestClient, tiny_store: tuple[Store, SnapshotInfo]
) -> None:
    _, info = tiny_store
    body = client.get("/api/snapshots").json()
    assert [s["id"] for s in body] == [info.id]
    assert body[0]["region_code"] == "1081"
    assert body[0]["reference_date"] == "2025-01-01"
    assert client.get(f"/api/snapshots/{info.id}").json()["name"] == "Tiny test region"


def test_overview_key_figures_and_change_since_previous_snapshot(
    tiny_store: tuple[Store, SnapshotInfo], tiny_dataset: Dataset, store_url: str
) -> None:
    store, first = tiny_store
    second = store.load_dataset(later_snapshot(tiny_dataset), source="tiny+6m")
    with logged_in(store_url) as client:
        body = client.get(f"/api/snapshots/{second.id}/overview").json()
    assert body["previous_snapshot"]["id"] == first.id
    figures = {f["key"]: f for f in body["figures"]}
    assert figures["population"]["value"] == 6600
    assert figures["population"]["text"] == "6.600"
    assert figures["population"]["change"] == 0
    # 10 practice capacities + 1 held by the region; 2 + 1 vacant; 8 filled
    assert figures["capacities"]["value"] == 11
    assert figures["vacant_capacities"]["value"] == 3
    assert figures["listed_patients"]["value"] == 14_500
    assert figures["listed_patients"]["change"] == 100
    assert figures["listed_patients"]["change_text"] == "+100"
    assert figures["patients_per_filled_capacity"]["value"] == pytest.approx(14_500 / 8)
    assert figures["patients_per_filled_capacity"]["change"] == pytest.approx(12.5)
    assert figures["coverage_areas"]["value"] == 3
    assert sum(body["threat_counts"].values()) == 3


def test_first_snapshot_has_no_previous(
    client: TestClient, tiny_store: tuple[Store, SnapshotInfo]
) -> None:
    body = client.get(f"/api/snapshots/{tiny_store[1].id}/overview").json()
    assert body["previous_snapshot"] is None
    assert all(f["change"] is None and f["change_text"] == "–" for f in body["figures"])


def test_area_detail_equals_the_engine_and_the_assessment(
    client: TestClient, tiny_store: tuple[Store, SnapshotInfo]
) -> None:
    store, info = tiny_store
    dataset = store.read_dataset(info.id)
    indicators = compute_indicators(dataset, "area")
    assessment = assess(dataset, load_rules(None), indicators)
    body = client.get(f"/api/snapshots/{info.id}/areas/A1").json()
    values = {i["key"]: i["value"] for i in body["indicators"]}
    assert values["population"] == 920
    assert values["capacities"] == 4
    assert values["listed_patients"] == 6950
    assert values["patients_per_filled_capacity"] == pytest.approx(6950 / 4)
    for key, value in values.items():
        expected = float(indicators.at["A1", key])
        assert (value is None and math.isnan(expected)) or value == pytest.approx(expected), key
    assert body["threat_class"] == assessment.areas.at["A1", "threat_class"]
    assert body["explanation"] == assessment.areas.at["A1", "explanation"]
    criteria = assessment.criteria[assessment.criteria["area_id"] == "A1"]
    assert [c["criterion_id"] for c in body["criteria"]] == list(criteria["criterion_id"])
    assert [c["fired"] for c in body["criteria"]] == [bool(f) for f in criteria["fired"]]
    assert sorted(p["provider_number"] for p in body["practices"]) == ["P001", "P002"]
    assert body["municipality_name"] == "Aalborg"


def test_areas_are_paginated_most_threatened_first(
    client: TestClient, tiny_store: tuple[Store, SnapshotInfo]
) -> None:
    sid = tiny_store[1].id
    first = client.get(f"/api/snapshots/{sid}/areas", params={"page_size": 2}).json()
    second = client.get(f"/api/snapshots/{sid}/areas", params={"page_size": 2, "page": 2}).json()
    assert (first["total"], first["pages"], len(first["items"]), len(second["items"])) == (
        3,
        2,
        2,
        1,
    )
    severities = [a["severity"] for a in first["items"] + second["items"]]
    assert severities == sorted(severities, reverse=True)
    assert {a["area_id"] for a in first["items"] + second["items"]} == {"A1", "A2", "A3"}


def test_practices_filter_sort_and_paginate(
    client: TestClient, tiny_store: tuple[Store, SnapshotInfo]
) -> None:
    url = f"/api/snapshots/{tiny_store[1].id}/practices"
    closed = client.get(url, params={"status": "closed"}).json()
    assert [p["provider_number"] for p in closed["items"]] == ["P006", "P002"]  # by name
    by_list = client.get(url, params={"sort": "listed_patients", "order": "desc"}).json()
    assert [p["listed_patients"] for p in by_list["items"]] == [5200, 2100, 1900, 1800, 1750, 1650]
    page = client.get(url, params={"page_size": 4, "page": 2, "sort": "provider_number"}).json()
    assert (page["total"], page["pages"]) == (6, 2)
    assert [p["provider_number"] for p in page["items"]] == ["P005", "P006"]
    p003 = client.get(f"{url}/P003").json()
    assert (p003["filled_capacities"], p003["patients_per_filled_capacity"]) == (1.0, 1900.0)
    assert p003["area_id"] == "A2" and p003["gps"] >= 1
    found = client.get(url, params={"q": "syd"}).json()
    assert {p["provider_number"] for p in found["items"]} == {"P003", "P004"}
    # the search ignores case in provider numbers as in names
    by_number = client.get(url, params={"q": "p00"}).json()
    assert by_number["total"] == 6
    assert [
        p["provider_number"] for p in client.get(url, params={"q": "p005"}).json()["items"]
    ] == ["P005"]


def test_practice_exports_carry_the_filtered_rows(
    client: TestClient, tiny_store: tuple[Store, SnapshotInfo]
) -> None:
    url = f"/api/snapshots/{tiny_store[1].id}/practices/export"
    response = client.get(f"{url}.csv", params={"status": "open", "sort": "provider_number"})
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")  # BOM: Danish Excel reads UTF-8
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert [r["Ydernummer"] for r in rows] == ["P001", "P004", "P005"]
    assert rows[0]["Tilmeldte patienter"] == "5200"
    assert rows[0]["Status"] == "Åben"
    xlsx = client.get(f"{url}.xlsx", params={"org_form": "solo"})
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    table = list(sheet.iter_rows(values_only=True))
    assert table[4][:2] == ("Ydernummer", "Navn")  # below title, date and source
    assert sorted(r[0] for r in table[5:]) == ["P002", "P005"]


def test_decisions_are_recorded_with_the_model_class_and_kept_as_history(
    client: TestClient, tiny_store: tuple[Store, SnapshotInfo]
) -> None:
    sid = tiny_store[1].id
    model_class = client.get(f"/api/snapshots/{sid}/areas/A3").json()["threat_class"]
    url = f"/api/snapshots/{sid}/decisions"
    first = {
        "area_id": "A3",
        "decided_class": "red",
        "reason": "Ingen ansøgere",
    }
    second = {**first, "decided_class": "yellow", "reason": "Ny læge fra 1. maj"}
    assert client.post(url, json=first).status_code == 201
    created = client.post(url, json=second)
    assert created.status_code == 201
    assert created.json()["model_class"] == model_class
    history = client.get(url, params={"area_id": "A3"}).json()
    assert [d["decided_class"] for d in history] == ["yellow", "red"]  # newest first
    assert client.get(f"/api/snapshots/{sid}/areas/A3").json()["decision"]["reason"] == (
        "Ny læge fra 1. maj"
    )
    listed = {a["area_id"]: a for a in client.get(f"/api/snapshots/{sid}/threatened").json()}
    assert listed["A3"]["decision"]["decided_class"] == "yellow"
    assert listed["A1"]["decision"] is None


@pytest.mark.parametrize(
    ("method", "path", "payload", "status"),
    [
        ("get", "/api/snapshots/999/overview", None, 404),
        ("get", "/api/snapshots/0/overview", None, 422),
        ("get", "/api/snapshots/{sid}/areas/NOPE", None, 404),
        ("get", "/api/snapshots/{sid}/areas?page=0", None, 422),
        ("get", "/api/snapshots/{sid}/areas?page_size=501", None, 422),
        ("get", "/api/snapshots/{sid}/practices?sort=shoe_size", None, 422),
        ("get", "/api/snapshots/{sid}/practices?status=half-open", None, 422),
        ("get", "/api/snapshots/{sid}/practices/P999", None, 404),
        ("get", "/api/snapshots/{sid}/practices/export.pdf", None, 422),
        ("get", "/api/snapshots/{sid}/layers/roads.geojson", None, 422),
        ("get", "/api/snapshots/{sid}/decisions?area_id=NOPE", None, 404),
        ("post", "/api/snapshots/{sid}/decisions", {"area_id": "A1"}, 422),
        (
            "post",
            "/api/snapshots/{sid}/decisions",
            {"area_id": "A1", "decided_class": "blue", "reason": "abc"},
            422,
        ),
        (
            "post",
            "/api/snapshots/{sid}/decisions",
            {"area_id": "NOPE", "decided_class": "red", "reason": "abc"},
            404,
        ),
    ],
)
def test_bad_parameters_get_a_clear_4xx(
    client: TestClient,
    tiny_store: tuple[Store, SnapshotInfo],
    method: str,
    path: str,
    payload: dict[str, str] | None,
    status: int,
) -> None:
    url = path.format(sid=tiny_store[1].id)
    response = client.post(url, json=payload) if method == "post" else client.get(url)
    assert response.status_code == status
    assert response.json()["detail"]


def test_geojson_layers_are_wgs84_with_threat_classes(
    client: TestClient, tiny_store: tuple[Store, SnapshotInfo], tiny_dataset: Dataset
) -> None:
    sid = tiny_store[1].id
    areas = client.get(f"/api/snapshots/{sid}/layers/areas.geojson")
    assert areas.headers["content-type"] == "application/geo+json"
    features = areas.json()["features"]
    detail = {a: client.get(f"/api/snapshots/{sid}/areas/{a}").json() for a in ("A1", "A2", "A3")}
    assert {f["properties"]["area_id"]: f["properties"]["threat_class"] for f in features} == {
        a: d["threat_class"] for a, d in detail.items()
    }
    ring = next(f for f in features if f["properties"]["area_id"] == "A3")["geometry"]
    lons = [c[0] for poly in _polygons(ring) for c in poly[0]]
    lats = [c[1] for poly in _polygons(ring) for c in poly[0]]
    # Jammerbugt: lon 9.6–9.8, lat 56.95–57.10 in the fixture
    assert min(lons) == pytest.approx(9.6, abs=1e-4) and max(lons) == pytest.approx(9.8, abs=1e-4)
    assert min(lats) == pytest.approx(56.95, abs=1e-4) and max(lats) == pytest.approx(
        57.10, abs=1e-4
    )
    for feature in features:  # the name's place lies inside its own area
        shape = shapely.geometry.shape(feature["geometry"])
        assert shape.contains(shapely.Point(feature["properties"]["label_point"]))
    practices = client.get(f"/api/snapshots/{sid}/layers/practices.geojson").json()["features"]
    p001 = next(p for p in practices if p["properties"]["provider_number"] == "P001")
    assert p001["geometry"]["coordinates"] == pytest.approx([9.88, 57.06], abs=2e-5)
    assert p001["properties"]["status"] == "open" and p001["properties"]["capacities"] == 3
    municipalities = client.get(f"/api/snapshots/{sid}/layers/municipalities.geojson").json()
    assert {f["properties"]["code"] for f in municipalities["features"]} == {"849", "851"}


def _polygons(geometry: dict[str, object]) -> list[list[list[list[float]]]]:
    coordinates = geometry["coordinates"]
    return [coordinates] if geometry["type"] == "Polygon" else coordinates  # type: ignore[list-item,return-value]


def test_indicator_catalogue_has_fixed_classes(client: TestClient) -> None:
    body = client.get("/api/indicators").json()
    supply = next(i for i in body["indicators"] if i["key"] == "supply_pct_of_need")
    assert supply["breaks"] == [75.0, 90.0, 110.0]
    assert supply["class_labels"] == [
        "110 % og derover",
        "90 % – 110 %",
        "75 % – 90 %",
        "under 75 %",
    ]
    assert len(body["class_colours"]) == 4
    assert [c["key"] for c in body["threat_classes"]] == ["red", "yellow", "green"]
