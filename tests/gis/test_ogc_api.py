"""OGC API – Features over HTTP: landing page (with the API definition), conformance,
collections, items (bbox, datetime, limit, offset) and single items of a snapshot chosen by
``snapshot`` (default: the newest), against hand-known features of tests/fixtures/tiny;
unknown parameters and hostile values are refused with 400/404 in the OGC exception format;
GDAL's OAPIF driver (pyogrio) reads a collection from a live server as QGIS would, of the
newest snapshot and of an older one."""

from __future__ import annotations

import dataclasses
import datetime as dt
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

#: Snapshot 1: the tiny region half a year earlier, with P001 at 5 capacities (3 in the
#: fixture); snapshot 2, the newest: the fixture as it is.
OLDER, NEWEST = 1, 2


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory, tiny_dataset: Dataset) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('ogc') / 'store.db'}"
    practices = tiny_dataset.practices.copy()
    practices.loc[practices["provider_number"] == "P001", "capacities"] = 5
    earlier = tiny_dataset.manifest.model_copy(update={"reference_date": dt.date(2024, 7, 1)})
    older_dataset = dataclasses.replace(
        tiny_dataset.with_tables(practices=practices), manifest=earlier
    )
    with Store(url) as store:
        older = store.load_dataset(older_dataset, source="ældre")
        newest = store.load_dataset(tiny_dataset, source="tiny")
    assert (older.id, newest.id) == (OLDER, NEWEST)
    return url


@pytest.fixture(scope="module")
def client(store_url: str) -> Iterator[TestClient]:
    with logged_in(store_url, "viewer") as test_client:
        yield test_client


def test_landing_conformance_and_collections(client: TestClient) -> None:
    landing = client.get("/ogc").json()
    # /req/core/root-success: the API definition, conformance and collections
    assert {link["rel"] for link in landing["links"]} == {
        "self",
        "service-desc",
        "conformance",
        "data",
    }
    assert f"øjebliksbillede {NEWEST}" in landing["description"]
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


def test_the_api_definition_describes_the_ogc_endpoints(client: TestClient) -> None:
    (link,) = [k for k in client.get("/ogc").json()["links"] if k["rel"] == "service-desc"]
    assert link["type"] == "application/vnd.oai.openapi+json;version=3.1"
    # /req/core/api-definition-success: asked for the link's type, it answers in that type
    response = client.get(link["href"], headers={"Accept": link["type"]})
    assert response.status_code == 200
    assert response.headers["content-type"] == link["type"]
    document = response.json()
    assert document["openapi"].startswith("3.1")
    assert set(document["paths"]) == {
        "/ogc",
        "/ogc/api",
        "/ogc/conformance",
        "/ogc/collections",
        "/ogc/collections/{collection_id}",
        "/ogc/collections/{collection_id}/items",
        "/ogc/collections/{collection_id}/items/{feature_id}",
    }
    items = document["paths"]["/ogc/collections/{collection_id}/items"]["get"]
    parameters = {p["name"]: p for p in items["parameters"] if p["in"] == "query"}
    assert set(parameters) == {"limit", "offset", "bbox", "datetime", "snapshot"}
    assert parameters["limit"]["schema"]["maximum"] == 10_000
    assert parameters["limit"]["schema"]["minimum"] == 1
    assert "422" not in items["responses"]
    error = items["responses"]["400"]["content"]["application/json"]["schema"]["$ref"]
    assert document["components"]["schemas"][error.rsplit("/", 1)[1]]["required"] == ["code"]
    # GDAL asks for OpenAPI 3.0 or JSON: it gets the document as JSON
    gdal = client.get("/ogc/api", headers={"Accept": "application/vnd.oai.openapi+json;"
                                                     "version=3.0, application/json"})  # fmt: skip
    assert gdal.headers["content-type"] == "application/json"
    # the app's own OpenAPI leaves the OGC endpoints to theirs
    assert not any(path.startswith("/ogc") for path in client.get("/openapi.json").json()["paths"])


def test_snapshot_picks_the_layers_and_the_links_keep_it(client: TestClient) -> None:
    def capacities(query: str) -> object:
        response = client.get(f"/ogc/collections/practices/items/P001{query}")
        return response.json()["properties"]["capacities"]

    assert capacities("") == capacities(f"?snapshot={NEWEST}") == 3
    assert capacities(f"?snapshot={OLDER}") == 5
    landing = client.get("/ogc", params={"snapshot": OLDER}).json()
    assert f"øjebliksbillede {OLDER}" in landing["description"]
    assert all(link["href"].endswith(f"snapshot={OLDER}") for link in landing["links"])
    collections = client.get("/ogc/collections", params={"snapshot": OLDER}).json()
    items_link = next(
        link["href"]
        for link in collections["collections"][2]["links"]  # practices
        if link["rel"] == "items"
    )
    first = client.get(items_link + "&limit=4").json()  # httpx params would replace the query
    next_link = next(link["href"] for link in first["links"] if link["rel"] == "next")
    assert next_link.endswith(f"&offset=4&snapshot={OLDER}"), next_link
    assert [f["id"] for f in client.get(next_link).json()["features"]] == ["P005", "P006"]


@pytest.mark.parametrize(
    ("query", "status", "words"),
    [
        ({"snapshot": "99"}, 404, "Øjebliksbillede 99 findes ikke."),
        ({"snapshot": "abc"}, 400, "snapshot"),
        ({"snapshot": "0"}, 400, "snapshot"),
        ({"snapshot": "-1"}, 400, "snapshot"),
        ({"snapshot": "9" * 30}, 400, "snapshot"),
        ({"snapshot": "1; DROP TABLE snapshots"}, 400, "snapshot"),
        ({"snapshots": "1"}, 400, "Ukendt forespørgselsparameter 'snapshots'"),
        ({"f": "json"}, 400, "Ukendt forespørgselsparameter 'f'"),
    ],
)
def test_unknown_and_hostile_snapshots_are_refused_as_ogc_exceptions(
    client: TestClient, query: dict[str, str], status: int, words: str
) -> None:
    for path in ("/ogc", "/ogc/collections", "/ogc/collections/practices/items"):
        response = client.get(path, params=query)
        assert response.status_code == status, (path, response.text)
        body = response.json()
        assert body["code"] == {400: "InvalidParameterValue", 404: "NotFound"}[status]
        assert words in body["description"]


def test_datetime_matches_every_feature_and_bad_values_are_refused(client: TestClient) -> None:
    # the layers have no temporal geometry: a valid datetime matches them all (fc-time-response C)
    for valid in (
        "2026-01-01T00:00:00Z",
        "../2026-01-01T00:00:00Z",
        "2020-01-01T00:00:00+01:00/..",
    ):
        found = client.get("/ogc/collections/practices/items", params={"datetime": valid}).json()
        assert found["numberMatched"] == 6, valid
    for invalid in ("2026-01-01", "../..", "i går", "2026-01-02T00:00:00Z/2026-01-01T00:00:00Z"):
        response = client.get("/ogc/collections/practices/items", params={"datetime": invalid})
        assert response.status_code == 400, invalid
        assert response.json()["code"] == "InvalidParameterValue"


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
    # /req/core/query-param-invalid: 400 (not FastAPI's 422), in the OGC exception format
    response = client.get("/ogc/collections/practices/items", params=query)
    assert response.status_code == 400, response.text
    assert response.json()["code"] == "InvalidParameterValue"


def test_unknown_collections_features_and_paths_are_ogc_not_found(client: TestClient) -> None:
    for path in (
        "/ogc/collections/roads",
        "/ogc/collections/" + "x" * 65,
        "/ogc/collections/practices/items/P999",
        "/ogc/ukendt",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.json()["code"] == "NotFound"


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
older = pyogrio.read_dataframe(f"OAPIF:{base}/ogc?snapshot=1", layer="practices")
capacities = {
    "newest": int(practices.set_index("provider_number").loc["P001", "capacities"]),
    "older": int(older.set_index("provider_number").loc["P001", "capacities"]),
}
print(json.dumps({"layers": layers, "practices": points, "capacities": capacities}))
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
    # GDAL sends the connection's ?snapshot=1 with every request, the API definition's too
    assert read["capacities"] == {"newest": 3, "older": 5}
