"""The Danish HTML pages, rendered over a real SQLite store."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from fastapi.testclient import TestClient

from access_users import logged_in
from praksisplan.store import SnapshotInfo, Store
from web.danish_offset import danish_offset


def _cell(html: str, key: str) -> str:
    match = re.search(
        rf'data-key="{key}"><th scope="row">[^<]*</th><td class="num value">([^<]*)<', html
    )
    assert match, key
    return match.group(1)


def _cell_text(html: str, key: str) -> str:
    """The text of an indicator's value cell, without markup (e.g. its colour chip)."""
    match = re.search(rf'data-key="{key}">.*?<td class="num value">(.*?)</td>', html, re.S)
    assert match, key
    return re.sub(r"<[^>]*>", "", match.group(1)).strip()


def test_empty_store_says_so(store_url: str) -> None:
    with logged_in(store_url) as client:
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


@pytest.mark.parametrize(
    "body",
    [b"snapshot=%C2%B2&area_id=A2", b"snapshot=1&area_id=\xff\xfe", b"area_id=A2"],
    ids=["superscript-digit", "invalid-utf8", "no-snapshot"],
)
def test_malformed_decision_form_is_a_clear_400_or_303_and_stores_nothing(
    client: TestClient, tiny_store: tuple[Store, SnapshotInfo], body: bytes
) -> None:
    store, info = tiny_store
    response = client.post(
        "/truede/beslutning",
        content=body,
        headers={"content-type": "application/x-www-form-urlencoded"},
        follow_redirects=False,
    )
    assert response.status_code in (400, 303)
    assert store.decisions(info.id) == []


def test_capacities_are_whole_numbers_without_decimals(
    client: TestClient, tiny_store: tuple[Store, SnapshotInfo]
) -> None:
    overview = client.get("/overblik").text
    # 10 practice capacities + 1 held by the region; 2 + 1 vacant
    assert (_cell(overview, "capacities"), _cell(overview, "vacant_capacities")) == ("11", "3")
    area = client.get(f"/omraade/A2?snapshot={tiny_store[1].id}").text
    assert _cell_text(area, "capacities") == "4"  # P003 2 + P004 2
    assert _cell_text(area, "vacant_capacities") == "2"  # after a colour chip
    row = re.search(r'data-provider="P003">(.*?)</tr>', area, re.S)
    assert row is not None
    numbers = re.findall(r'<td class="num">([^<]*)</td>', row.group(1))
    assert numbers == ["2", "1", "1.900", "1.900", "1"]  # 1,900 listed on 1 filled capacity
    assert ",00<" not in overview + area


def test_criteria_read_as_a_planner_writes_them(
    client: TestClient, tiny_store: tuple[Store, SnapshotInfo]
) -> None:
    html = client.get(f"/omraade/A1?snapshot={tiny_store[1].id}").text
    assert "&gt;=" not in html and "&lt;=" not in html and "≥" in html
    # A1 has no region-held vacancy: the months are missing, shown as a bare dash
    assert "– måneder" not in html and "– år" not in html
    assert "Lægedækningsområde A1 · " in html


def test_decision_history_names_the_area_and_uses_danish_time(
    client: TestClient, tiny_store: tuple[Store, SnapshotInfo]
) -> None:
    store, info = tiny_store
    form = {"snapshot": str(info.id), "area_id": "A3", "decided_class": "yellow"}
    form |= {"reason": "Ny læge fra 1. marts"}
    client.post("/truede/beslutning", data=form)
    html = client.get(f"/truede?snapshot={info.id}").text
    (decided_at,) = [d.decided_at for d in store.decisions(info.id, "A3")]
    history = html.split('class="history-table"')[1]
    area_name = client.get(f"/api/snapshots/{info.id}/areas/A3").json()["name"]
    assert f">{area_name}</a></td>" in history
    assert "<td>A3</td>" not in history
    # Copenhagen is UTC+1 in winter, UTC+2 in summer (the EU rule, valid on any day)
    local = decided_at.astimezone(dt.UTC) + danish_offset(decided_at)
    assert local.strftime("%d.%m.%Y %H:%M") in history
