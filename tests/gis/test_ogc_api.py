"""OGC API – Features over HTTP: landing page, conformance, collections, items (bbox, limit,
offset) and single items of the tiny snapshot, against hand-known features of
tests/fixtures/tiny; hostile queries are refused; GDAL's OAPIF driver (pyogrio) reads a
collection from a live server as QGIS would."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from access_users import api_token, logged_in
from live_server import serving
from praksisplan.core.dataset import Dataset
from praksisplan.store import Store


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory, tiny_dataset: Dataset) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('ogc') / 'store.db'}"
    with Store(url) as store:
        store.load_dataset(tiny_dataset, source="tiny")
    return url


@pytest.fixture(scope="module")
def client(store_url: str) -> Iterator[TestClient]:
    with logged_in(store_url, "viewer") as test_client:
        yield test_client


def test_landing_conformance_and_collections(client: TestClient) -> None:
    landing = client.get("/ogc").json()
    assert {link["rel"] for link in landing["links"]} == {"self", "conformance", "data"}
    conformance = client.get("/ogc/conformance").json()["conformsTo"]
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson" in conformance
    collections = client.get("/ogc/collections").json()["collections"]
    assert [c["id"] for c in collections] == [
        "coverage_areas",
        "municipalities",
        "practices",
        "cells",
    ]
    areas = client.get("/ogc/collections/coverage_areas").json()
    # the three areas span lon 9.6–10.0, lat 56.95–57.10 (fixture corners)
    assert areas["extent"]["spatial"]["bbox"][0] == pytest.approx([9.6, 56.95, 10.0, 57.1])
    assert client.get("/ogc/collections/roads").status_code == 404


def test_items_page_with_limit_offset_and_next_link(client: TestClient) -> None:
    response = client.get("/ogc/collections/practices/items", params={"limit": 4})
    assert response.headers["content-type"] == "application/geo+json"
    first = response.json()
    assert (first["numberMatched"], first["numberReturned"]) == (6, 4)
    assert [f["id"] for f in first["features"]] == ["P001", "P002", "P003", "P004"]
    assert first["features"][1]["geometry"]["coordinates"] == pytest.approx([9.92, 57.05])
    next_link = next(link["href"] for link in first["links"] if link["rel"] == "next")
    second = client.get(next_link).json()
    assert [f["id"] for f in second["features"]] == ["P005", "P006"]
    assert not any(link["rel"] == "next" for link in second["links"])


def test_bbox_selects_the_features_inside(client: TestClient) -> None:
    # Jammerbugt's half of the map (lon < 9.8): P005 (9.68) and P006 (9.72) only
    inside = client.get("/ogc/collections/practices/items", params={"bbox": "9.6,56.9,9.79,57.2"})
    assert [f["id"] for f in inside.json()["features"]] == ["P005", "P006"]
    areas = client.get(
        "/ogc/collections/coverage_areas/items", params={"bbox": "9.9,57.05,9.95,57.08"}
    )
    assert [f["id"] for f in areas.json()["features"]] == ["A1"]


def test_one_item(client: TestClient) -> None:
    area = client.get("/ogc/collections/coverage_areas/items/A3").json()
    assert area["properties"]["threat_class"] == "red"
    assert area["properties"]["name"] == "Jammerbugt"
    assert area["properties"]["population"] == sum(80 * i + 30 for i in range(9, 13))
    assert client.get("/ogc/collections/coverage_areas/items/A9").status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        {"limit": 0},
        {"limit": 10_001},
        {"limit": "ti"},
        {"offset": -1},
        {"bbox": "1,2,3"},
        {"bbox": "nan,0,1,1"},
        {"bbox": "10,0,9,1"},
        {"bbox": "0,0,1," + "9" * 400},
    ],
)
def test_hostile_queries_are_refused(client: TestClient, query: dict[str, object]) -> None:
    response = client.get("/ogc/collections/practices/items", params=query)
    assert response.status_code in (400, 422), response.text


def test_anonymous_visitors_are_refused(store_url: str) -> None:
    from praksisplan.web.app import create_app

    with TestClient(create_app(store_url)) as anonymous:
        assert anonymous.get("/ogc/collections", follow_redirects=False).status_code in (
            303,
            401,
        )


#: GDAL's reader runs in its own process: pyogrio holds the GIL while GDAL waits for the
#: server, which would starve a server thread in this process.
GDAL_READER = """
import json, sys
import pyogrio
base, token = sys.argv[1], sys.argv[2]
pyogrio.set_gdal_config_options({"GDAL_HTTP_AUTH": "BEARER", "GDAL_HTTP_BEARER": token})
layers = [str(name) for name, _ in pyogrio.list_layers(f"OAPIF:{base}/ogc")]
practices = pyogrio.read_dataframe(f"OAPIF:{base}/ogc", layer="practices")
points = {p: [g.x, g.y] for p, g in zip(practices["provider_number"], practices.geometry)}
print(json.dumps({"layers": layers, "practices": points}))
"""


def test_gdal_reads_a_collection_as_qgis_would(store_url: str) -> None:
    token = api_token(store_url, "viewer")
    with serving(store_url) as base:
        result = subprocess.run(
            [sys.executable, "-c", GDAL_READER, base, token],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
    assert result.returncode == 0, result.stderr
    read = json.loads(result.stdout)
    assert read["layers"] == ["coverage_areas", "municipalities", "practices", "cells"]
    assert sorted(read["practices"]) == [f"P00{i}" for i in range(1, 7)]
    assert read["practices"]["P005"] == pytest.approx([9.68, 57.02])
