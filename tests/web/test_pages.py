"""The Danish HTML pages, rendered over a real SQLite store."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from praksisplan.store import SnapshotInfo, Store
from praksisplan.web.app import create_app


def _cell(html: str, key: str) -> str:
    match = re.search(
        rf'data-key="{key}"><th scope="row">[^<]*</th><td class="num value">([^<]*)<', html
    )
    assert match, key
    return match.group(1)


def test_empty_store_says_so(store_url: str) -> None:
    with TestClient(create_app(store_url)) as client:
        page = client.get("/overblik")
        assert page.status_code == 200
        assert "Ingen data endnu" in page.text
        assert client.get("/api/snapshots").json() == []


def test_overview_shows_danish_numbers(
    client: TestClient, tiny_store: tuple[Store, SnapshotInfo]
) -> None:
    html = client.get("/overblik").text
    assert '<html lang="da">' in html
    assert _cell(html, "population") == "6.600"
    assert _cell(html, "listed_patients") == "14.400"
    assert _cell(html, "patients_per_filled_capacity") == "1.800"  # 14,400 / 8 filled
    assert "Region Nordjylland" in html
    assert client.get("/", follow_redirects=False).headers["location"] == "/overblik"


def test_area_page_lists_indicators_criteria_and_practices(
    client: TestClient, tiny_store: tuple[Store, SnapshotInfo]
) -> None:
    html = client.get(f"/omraade/A1?snapshot={tiny_store[1].id}").text
    assert _cell(html, "population").endswith("920")
    assert 'data-provider="P001"' in html and 'data-provider="P002"' in html
    assert 'data-provider="P003"' not in html
    assert "data-criterion=" in html
    assert client.get("/omraade/NOPE").status_code == 404


def test_practice_page_filters_and_links_exports(client: TestClient) -> None:
    html = client.get("/praksis", params={"status": "closed"}).text
    assert re.findall(r'data-provider="(P\d+)"', html) == ["P006", "P002"]
    assert '<span id="practice-count">2</span>' in html
    assert "export.xlsx?" in html and "status=closed" in html
    by_list = client.get("/praksis", params={"sort": "listed_patients", "order": "desc"}).text
    assert re.findall(r'data-provider="(P\d+)"', by_list)[0] == "P001"
    assert 'aria-sort="descending"' in by_list


def test_decision_form_records_and_shows_the_decision(
    client: TestClient, tiny_store: tuple[Store, SnapshotInfo]
) -> None:
    store, info = tiny_store
    form = {
        "snapshot": str(info.id),
        "area_id": "A2",
        "decided_class": "red",
        "reason": "To kapaciteter ubesatte i et år",
        "decided_by": "Praksisplanudvalget",
    }
    response = client.post("/truede/beslutning", data=form, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/truede?snapshot={info.id}#omraade-A2"
    assert [d.reason for d in store.decisions(info.id, "A2")] == ["To kapaciteter ubesatte i et år"]
    html = client.get(f"/truede?snapshot={info.id}").text
    assert "To kapaciteter ubesatte i et år" in html
    rejected = client.post(
        "/truede/beslutning", data={**form, "reason": ""}, follow_redirects=False
    )
    assert rejected.status_code == 303 and "error=" in rejected.headers["location"]
    assert len(store.decisions(info.id, "A2")) == 1
