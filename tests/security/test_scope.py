"""A municipality user reads full detail for its own municipality only, over HTTP.

The tiny region has Aalborg (851: areas A1 Aalborg Nord, A2 Aalborg Syd) and Jammerbugt
(849: area A3 Jammerbugt, with the practices P005 Lægen i Fjerritslev and P006 Jammerbugt
Lægehus by their coordinates west of Aalborg). A ``municipality:849`` user logs in through the
login form and is refused Aalborg's areas and practices; its lists hold Jammerbugt's rows
only, while the region's aggregated figures stay whole. A planner sees everything.
"""

from __future__ import annotations

import csv
import io

import pytest

from access_users import logged_in

OWN_AREAS = {"A3"}
OWN_PRACTICES = {"P005", "P006"}
ALL_AREAS = {"A1", "A2", "A3"}
ALL_PRACTICES = {f"P00{n}" for n in range(1, 7)}


@pytest.mark.parametrize(
    "path",
    [
        "/omraade/A1",
        "/api/snapshots/1/areas/A2",
        "/api/snapshots/1/practices/P001",
        "/api/snapshots/1/decisions?area_id=A1",
    ],
)
def test_another_municipalitys_detail_is_refused(url: str, path: str) -> None:
    with logged_in(url, "municipality:849") as client:
        response = client.get(path)
        assert response.status_code == 403
        assert "din egen kommune" in response.text


def test_own_municipality_detail_is_served(url: str) -> None:
    with logged_in(url, "municipality:849") as client:
        area = client.get("/api/snapshots/1/areas/A3").json()
        assert area["municipality_name"] == "Jammerbugt"
        assert {p["provider_number"] for p in area["practices"]} <= OWN_PRACTICES
        assert client.get("/omraade/A3").status_code == 200
        assert client.get("/api/snapshots/1/practices/P006").status_code == 200


def _lists(url: str, role: str) -> tuple[set[str], set[str], set[str], set[str]]:
    """Threatened areas, practices, practices exported as CSV, final-list areas of ``role``."""
    with logged_in(url, role) as client:
        threatened = {a["area_id"] for a in client.get("/api/snapshots/1/threatened").json()}
        listed = client.get("/api/snapshots/1/practices?page_size=500").json()
        practices = {p["provider_number"] for p in listed["items"]}
        assert listed["total"] == len(practices)
        exported = client.get("/api/snapshots/1/practices/export.csv").text
        rows = list(csv.reader(io.StringIO(exported.lstrip("\ufeff")), delimiter=";"))
        exported_numbers = {row[0] for row in rows[1:] if row}
        final = client.get("/api/snapshots/1/final-list.csv").text
        final_rows = list(csv.reader(io.StringIO(final.lstrip("\ufeff")), delimiter=";"))
        final_areas = {row[0] for row in final_rows[1:] if row}
    return threatened, practices, exported_numbers, final_areas


def test_lists_hold_only_the_own_municipalitys_rows(url: str) -> None:
    assert _lists(url, "municipality:849") == (
        OWN_AREAS,
        OWN_PRACTICES,
        OWN_PRACTICES,
        OWN_AREAS,
    )
    assert _lists(url, "planner") == (ALL_AREAS, ALL_PRACTICES, ALL_PRACTICES, ALL_AREAS)


def test_pages_list_only_the_own_municipality(url: str) -> None:
    with logged_in(url, "municipality:849") as client:
        threatened = client.get("/truede").text
        assert 'data-area="A3"' in threatened
        assert 'data-area="A1"' not in threatened and 'data-area="A2"' not in threatened
        practices = client.get("/praksis").text
        assert "Jammerbugt Lægehus" in practices and "Lægehuset Nord" not in practices


def test_aggregated_region_figures_stay_whole(url: str) -> None:
    with logged_in(url, "planner") as planner:
        region = planner.get("/api/snapshots/1/overview").json()
        areas = planner.get("/api/snapshots/1/areas").json()
    with logged_in(url, "municipality:849") as client:
        assert client.get("/api/snapshots/1/overview").json() == region
        assert client.get("/api/snapshots/1/areas").json() == areas
        assert areas["total"] == len(ALL_AREAS)
        assert client.get("/overblik").status_code == 200
