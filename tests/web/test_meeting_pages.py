"""Comparison and filters on the pages (issue 15, items 5 and 6), over HTTP on the tiny
dataset and a copy of it half a year later."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from access_users import logged_in
from praksisplan.core.dataset import Dataset
from praksisplan.store import SnapshotInfo, Store
from praksisplan.threat.assess import assess
from praksisplan.threat.rules import load_rules

from .snapshots import later_snapshot

WORSE = {"green": "yellow", "yellow": "red", "red": "red"}


def _rows(html: str, table_class: str) -> list[str]:
    table = html.split(f'class="{table_class}"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<tr data-area="([^"]+)"', table)


def test_threatened_list_filters_by_status_and_municipality(
    client: TestClient, tiny_store: tuple[Store, SnapshotInfo]
) -> None:
    store, info = tiny_store
    areas = assess(store.read_dataset(info.id), load_rules(None)).areas
    for cls in ("red", "yellow", "green"):
        html = client.get("/truede", params={"snapshot": info.id, "klasse": cls}).text
        expected = sorted(areas.index[areas["threat_class"] == cls])
        assert sorted(re.findall(r'<tr id="omraade-[^"]+" data-area="([^"]+)"', html)) == expected
    html = client.get("/truede", params={"snapshot": info.id, "kommune": "849", "klasse": ""}).text
    shown = re.findall(r'<tr id="omraade-[^"]+" data-area="([^"]+)"', html)
    assert shown == list(areas.index[areas["municipality_code"] == "849"])
    overview = client.get("/overblik", params={"snapshot": info.id}).text
    assert f"/truede?snapshot={info.id}&amp;klasse=red" in overview


def test_practice_list_filters_by_municipality(
    client: TestClient, tiny_store: tuple[Store, SnapshotInfo]
) -> None:
    store, info = tiny_store
    practices = store.read_dataset(info.id).practices
    html = client.get(
        "/praksis", params={"snapshot": info.id, "municipality_code": "849", "status": ""}
    ).text
    expected = sorted(practices["provider_number"][practices["municipality_code"] == "849"])
    assert sorted(re.findall(r'<tr data-provider="([^"]+)"', html)) == expected


def test_overview_lists_the_areas_whose_status_changed(
    tiny_store: tuple[Store, SnapshotInfo], tiny_dataset: Dataset, store_url: str
) -> None:
    store, first = tiny_store
    second = store.load_dataset(later_snapshot(tiny_dataset), source="tiny+6m")
    model = assess(store.read_dataset(first.id), load_rules(None)).areas["threat_class"]
    later_model = assess(store.read_dataset(second.id), load_rules(None)).areas["threat_class"]
    unchanged = [a for a in model.index if model[a] == later_model[a] and model[a] != "red"]
    area = unchanged[0]
    with logged_in(store_url, "planner") as client:
        client.post(
            f"/api/snapshots/{second.id}/decisions",
            json={
                "area_id": area,
                "decided_class": WORSE[str(model[area])],
                "reason": "Læge stopper",
            },
        )
        html = client.get("/overblik", params={"snapshot": second.id, "sammenlign": first.id}).text
        area_html = client.get(
            "/omraade/A1", params={"snapshot": second.id, "sammenlign": first.id}
        ).text
    expected = sorted({area} | {a for a in model.index if model[a] != later_model[a]})
    assert sorted(_rows(html, "changed-areas")) == expected
    assert f'data-area="{area}" data-direction="worse"' in html
    # A1 holds P001 (5,200 listed) and P002 (1,750, placed by its location); P001 has 100
    # more half a year later
    row = area_html.split('data-key="listed_patients"', 1)[1].split("</tr>", 1)[0]
    assert '<td class="num previous">6.950</td>' in row
    assert '<td class="num change">+100</td>' in row
