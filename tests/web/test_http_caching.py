"""Cached responses served as bytes: ETag and 304, gzip of large bodies, no thread-pool hop.

Over a real SQLite store with the tiny fixture; the gzip cases compress with Python's
``gzip`` and compare with what the server sent.
"""

from __future__ import annotations

import gzip
import inspect
import json
from typing import Any

import pytest
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from access_users import logged_in
from praksisplan.store import SnapshotInfo, Store
from praksisplan.web import encoded
from praksisplan.web.routers import api

#: The endpoints the map and lists poll; they must run on the event loop alone.
HOT_ENDPOINTS = {
    "get_overview",
    "list_areas",
    "get_area",
    "list_practices",
    "get_practice",
    "get_threat_list",
    "get_layer",
}


def _dependency_calls(dependant: Dependant) -> list[Any]:
    calls = []
    for sub in dependant.dependencies:
        calls += [sub.call, *_dependency_calls(sub)]
    return calls


def test_hot_endpoints_and_their_dependencies_are_coroutines() -> None:
    # FastAPI runs a plain ``def`` endpoint or dependency in the thread pool; one such hop
    # per request halved the throughput under 50 clients (docs/performance.md).
    routes = {r.endpoint.__name__: r for r in api.router.routes if isinstance(r, APIRoute)}
    assert routes.keys() >= HOT_ENDPOINTS
    for name in HOT_ENDPOINTS:
        route = routes[name]
        assert inspect.iscoroutinefunction(route.endpoint), name
        for call in _dependency_calls(route.dependant):
            assert inspect.iscoroutinefunction(call), f"{name} depends on sync {call}"


def test_openapi_still_documents_the_response_models(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    area = paths["/api/snapshots/{snapshot_id}/areas/{area_id}"]["get"]["responses"]["200"]
    assert area["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/AreaDetailOut"
    }


def test_etag_gives_304_until_a_decision_changes_the_area(
    client: TestClient, tiny_store: tuple[Store, SnapshotInfo]
) -> None:
    url = f"/api/snapshots/{tiny_store[1].id}/areas/A1"
    first = client.get(url)
    etag = first.headers["etag"]
    assert first.headers["cache-control"] == "no-cache"
    assert client.get(url).headers["etag"] == etag  # the same bytes, the same tag

    unchanged = client.get(url, headers={"If-None-Match": etag})
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert unchanged.headers["etag"] == etag
    listed = client.get(url, headers={"If-None-Match": f'"other", W/{etag}'})
    assert listed.status_code == 304
    assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200

    decision = {"area_id": "A1", "decided_class": "red", "reason": "Test"}
    assert client.post(f"/api/snapshots/{tiny_store[1].id}/decisions", json=decision).is_success
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["etag"] != etag
    assert changed.json()["decision"]["decided_class"] == "red"


def test_small_bodies_are_not_compressed(
    client: TestClient, tiny_store: tuple[Store, SnapshotInfo]
) -> None:
    layer = client.get(
        f"/api/snapshots/{tiny_store[1].id}/layers/areas.geojson",
        headers={"Accept-Encoding": "gzip"},
    )
    assert len(layer.content) < encoded.GZIP_MIN_BYTES
    assert "content-encoding" not in layer.headers
    assert "vary" not in layer.headers


def test_large_layers_are_sent_gzipped_to_clients_that_accept_it(
    monkeypatch: pytest.MonkeyPatch, tiny_store: tuple[Store, SnapshotInfo], store_url: str
) -> None:
    # every body counts as large, so the tiny fixture's layers are compressed
    monkeypatch.setattr(encoded, "GZIP_MIN_BYTES", 0)
    url = f"/api/snapshots/{tiny_store[1].id}/layers/practices.geojson"
    with logged_in(store_url) as client:
        plain = client.get(url, headers={"Accept-Encoding": "identity"})
        assert "content-encoding" not in plain.headers
        with client.stream("GET", url, headers={"Accept-Encoding": "br, gzip"}) as stream:
            raw = b"".join(stream.iter_raw())
            headers = stream.headers
        refused = client.get(url, headers={"Accept-Encoding": "gzip;q=0"})
        revalidated = client.get(url, headers={"If-None-Match": plain.headers["etag"]})
    assert headers["content-encoding"] == "gzip"
    assert headers["vary"] == "Accept-Encoding"
    assert headers["etag"] == plain.headers["etag"]
    assert gzip.decompress(raw) == plain.content
    assert json.loads(plain.content)["type"] == "FeatureCollection"
    assert "content-encoding" not in refused.headers
    assert revalidated.status_code == 304


@pytest.mark.parametrize(
    ("accept_encoding", "expected"),
    [
        (None, False),
        ("identity", False),
        ("gzip", True),
        ("GZIP", True),
        ("br, gzip;q=0.5", True),
        ("gzip;q=0", False),
        ("gzip; q=0.0, br", False),
        ("x-gzip", False),
    ],
)
def test_accept_encoding_parsing(accept_encoding: str | None, expected: bool) -> None:
    assert encoded._accepts_gzip(accept_encoding) is expected


def test_only_bodies_from_the_threshold_on_are_compressed() -> None:
    small = encoded.EncodedBody.of(b"x" * (encoded.GZIP_MIN_BYTES - 1), "text/plain")
    large = encoded.EncodedBody.of(b"x" * encoded.GZIP_MIN_BYTES, "text/plain")
    assert small.gzipped is None
    assert large.gzipped is not None and gzip.decompress(large.gzipped) == large.body
    assert len(large.gzipped) < len(large.body) // 100
