"""HTTP HEAD on every kind of GET route: the GET's status and headers, no body.

Through the real app over a real SQLite store (TestClient) and once through uvicorn on a
loopback port, as a client such as curl or a link checker sends it. Content-Length is
compared with the length of the GET's body (and, for a static file, with the file's size on
disk); compression is switched off so the body is the one the length counts.
"""

from __future__ import annotations

import httpx
import pytest
from fastapi.testclient import TestClient

from access_users import logged_in, login
from live_server import serving
from praksisplan.store import SnapshotInfo, Store
from praksisplan.web.app import create_app
from praksisplan.web.assets import DIST_DIR
from praksisplan.web.auth.headers import SECURITY_HEADERS

IDENTITY = {"Accept-Encoding": "identity"}
#: One GET route of each kind: a page, the JSON API, a CSV download, OGC API, a static file.
ROUTES = (
    "/overblik",
    "/api/snapshots/{id}/overview",
    "/api/snapshots/{id}/practices/export.csv",
    "/ogc/collections?snapshot={id}",
    "/static/dist/app.css",
)


def _assert_head_is_get_without_body(client: TestClient | httpx.Client, path: str) -> None:
    get = client.get(path, headers=IDENTITY, follow_redirects=False)
    head = client.head(path, headers=IDENTITY, follow_redirects=False)
    assert head.status_code == get.status_code, path
    assert head.content == b"", path
    assert head.headers["content-length"] == str(len(get.content)), path
    for name in ("content-type", "location", "etag", "content-disposition"):
        assert head.headers.get(name) == get.headers.get(name), (path, name)
    for name, value in SECURITY_HEADERS:
        assert head.headers[name.decode()] == value.decode(), (path, name)


def test_head_answers_like_get_on_every_kind_of_route(
    tiny_store: tuple[Store, SnapshotInfo], store_url: str
) -> None:
    _, info = tiny_store
    with logged_in(store_url, "planner") as client:
        for route in ROUTES:
            path = route.format(id=info.id)
            _assert_head_is_get_without_body(client, path)
            assert client.head(path).status_code == 200, path
        css = client.head("/static/dist/app.css", headers=IDENTITY)
        assert css.headers["content-length"] == str((DIST_DIR / "app.css").stat().st_size)
        assert css.headers["content-type"].startswith("text/css")
        csv = client.head(f"/api/snapshots/{info.id}/practices/export.csv")
        assert csv.headers["content-type"].startswith("text/csv")
        overview = client.head(f"/api/snapshots/{info.id}/overview")
        assert overview.headers["content-type"] == "application/json"


@pytest.mark.parametrize(
    ("role", "path", "status"),
    [
        ("anonymous", "/overblik", 303),  # a page: to the login
        ("anonymous", "/api/snapshots/{id}/overview", 401),
        ("anonymous", "/ogc/collections", 401),
        ("viewer", "/truede", 403),  # detail: refused to the viewer
        ("viewer", "/api/snapshots/{id}/practices", 403),
        ("planner", "/brugere", 403),  # users: the administrator's
        ("planner", "/api/snapshots/999", 404),
        ("planner", "/ingen-side", 404),
        ("planner", "/logout", 405),  # POST only
    ],
)
def test_a_refused_or_missing_head_is_answered_as_its_get(
    tiny_store: tuple[Store, SnapshotInfo], store_url: str, role: str, path: str, status: int
) -> None:
    _, info = tiny_store
    with TestClient(create_app(store_url)) as client:
        if role != "anonymous":
            login(client, store_url, role)
        if not path.startswith(("/api", "/ogc")):
            client.headers["Accept"] = "text/html"  # as a browser asks for a page
        path = path.format(id=info.id)
        _assert_head_is_get_without_body(client, path)
        head = client.head(path, follow_redirects=False)
    assert head.status_code == status
    if status == 405:
        assert head.headers["allow"] == "POST"


def test_head_through_uvicorn_gets_headers_and_no_body(
    tiny_store: tuple[Store, SnapshotInfo], store_url: str
) -> None:
    _, info = tiny_store
    with logged_in(store_url, "planner") as logged:
        cookies = dict(logged.cookies)
    with serving(store_url) as base, httpx.Client(base_url=base, cookies=cookies) as client:
        for route in ROUTES:
            _assert_head_is_get_without_body(client, route.format(id=info.id))
