"""The *Ledigt ydernummer* page over a real SQLite store of the tiny region, against the
``praksisplan vacancy`` command run as a user's shell runs it on the same snapshot.

The CLI's JSON gives each option's site, area and objective values; its table's first line
the patients to re-list and the practices within the radius. The page must show the same
figures (in Danish), and mark as best by each objective the options the test picks from the
CLI's numbers in the objective's own sense.
"""

from __future__ import annotations

import html as html_lib
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from access_users import logged_in
from cli_process import run_cli
from objective_figures import DECIMALS
from praksisplan.core.danish_numbers import format_number_da
from praksisplan.core.dataset import Dataset
from praksisplan.store import SnapshotInfo, Store

HTML = {"Accept": "text/html"}
#: +1: higher is better, -1: lower is better (docs/allocation.md, the objectives)
SENSE = {"free_choice": 1, "shortage": -1, "worst_area": 1, "nearness": -1, "continuity": 1}
OPTIONS = ("same_area", "elsewhere", "absorb")


def _text(fragment: str) -> str:
    return html_lib.unescape(re.sub(r"<[^>]*>", "", fragment)).strip()


def _cell(page: str, row: str, option: str) -> tuple[str, str]:
    """(text, class attribute) of the options table's cell of ``row`` and ``option``."""
    line = re.search(rf'<tr data-row="{row}">(.*?)</tr>', page, re.S)
    assert line, row
    cell = re.search(rf'<td(?: class="([^"]*)")? data-option="{option}">(.*?)</td>', line[1], re.S)
    assert cell, (row, option)
    return _text(cell[2]).removesuffix("★").strip(), cell[1] or ""


def _figure(page: str, name: str) -> str:
    found = re.search(rf'data-figure="{name}">([^<]*)<', page)
    assert found, name
    return found[1]


def _error(page: str) -> str:
    found = re.search(r'<p class="error" role="alert">(.*?)</p>', page, re.S)
    assert found, "no error message on the page"
    return html_lib.unescape(found[1])


def test_the_page_shows_the_clis_options_and_figures(
    client: TestClient, tiny_store: tuple[Store, SnapshotInfo], store_url: str
) -> None:
    snapshot = tiny_store[1].id
    cli = run_cli("vacancy", f"snapshot:{snapshot}", "P001", "--db", store_url, "--format", "json")
    assert cli.returncode == 0, cli.stderr
    options = {row["option"]: row for row in json.loads(cli.stdout)}
    summary = run_cli("vacancy", f"snapshot:{snapshot}", "P001", "--db", store_url)
    assert summary.returncode == 0, summary.stderr
    said = re.search(
        r"(\S+) patienter skal have ny læge; (\S+) praksis\s+inden for radius kan tage (\S+) "
        "ekstra patienter",
        summary.stdout,
    )
    assert said, summary.stdout

    response = client.get(f"/ledigt-ydernummer/P001?snapshot={snapshot}")
    assert response.status_code == 200
    page = response.text
    assert set(options) == set(OPTIONS)
    for option, row in options.items():
        assert f'<th scope="col" data-option="{option}">{row["label"]}</th>' in page
        site, _ = _cell(page, "site", option)
        if row["site_id"] is None:
            assert site == "–"
        else:
            assert site.endswith(f"({row['site_id']})"), site
        for objective in SENSE:
            shown, _ = _cell(page, objective, option)
            want = format_number_da(row[objective], DECIMALS[objective])
            assert shown == want, (option, objective)
    assert options["absorb"]["site_id"] is None
    assert (
        _figure(page, "patients_to_absorb"),
        _figure(page, "nearby_practices"),
        _figure(page, "extra_patients_within_radius"),
    ) == said.groups()
    for objective, sense in SENSE.items():
        top = max(sense * options[o][objective] for o in OPTIONS)
        expected = {o for o in OPTIONS if sense * options[o][objective] == top}
        marked = {o for o in OPTIONS if "best" in _cell(page, objective, o)[1].split()}
        assert marked == expected, objective


def test_the_map_marks_the_vacated_practice_the_sites_and_the_nearby_practices(
    client: TestClient, tiny_store: tuple[Store, SnapshotInfo]
) -> None:
    page = client.get("/ledigt-ydernummer/P001").text  # no snapshot: the newest
    svg = page[page.index('<svg id="vacancy-map"') : page.index("</svg>")]
    assert svg.count('class="vacated-practice"') == 1
    assert "Lægehuset Nord (P001)" in svg
    assert svg.count("option-site option-same_area") == 1
    assert svg.count("option-site option-elsewhere") == 1
    # the tiny region's other five practices all lie within 15 km of P001; only P005
    # answered the coverage survey with extra patients (100)
    assert svg.count('class="absorbing-practice') == 5
    assert svg.count("absorbing-practice takes-patients") == 1
    assert "<title>Lægen i Fjerritslev (P005)</title>" in svg


def test_unknown_provider_number_and_snapshot_are_404_pages(
    client: TestClient, tiny_store: tuple[Store, SnapshotInfo]
) -> None:
    unknown = client.get("/ledigt-ydernummer/P999?snapshot=1", headers=HTML)
    assert unknown.status_code == 404
    assert _error(unknown.text) == "Ydernummeret 'P999' findes ikke i øjebliksbillede 1."
    no_snapshot = client.get("/ledigt-ydernummer/P001?snapshot=99", headers=HTML)
    assert no_snapshot.status_code == 404
    assert _error(no_snapshot.text) == "Øjebliksbillede 99 findes ikke."


def test_hostile_parameters_are_refused_and_never_echoed_as_markup(
    client: TestClient, tiny_store: tuple[Store, SnapshotInfo]
) -> None:
    markup = client.get(
        "/ledigt-ydernummer/%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E", headers=HTML
    )
    assert markup.status_code == 404
    assert "<img" not in markup.text
    assert _error(markup.text) == (
        "Ydernummeret '\"><img src=x onerror=alert(1)>' findes ikke i øjebliksbillede 1."
    )
    for query in ("snapshot=abc", "snapshot=0", "snapshot=%3Cb%3E", "snapshot=1e99"):
        bad = client.get(f"/ledigt-ydernummer/P001?{query}", headers=HTML)
        assert bad.status_code == 422, query
        assert _error(bad.text) == "Ugyldige værdier i forespørgslen: snapshot."
    long = client.get("/ledigt-ydernummer/" + "P" * 41, headers=HTML)
    assert long.status_code == 422


@pytest.fixture
def nothing_filled(tmp_path: Path, tiny_dataset: Dataset) -> Iterator[TestClient]:
    """The tiny region where P005's only capacity is already vacant."""
    practices = tiny_dataset.practices.copy()
    practices.loc[practices["provider_number"] == "P005", "vacant_capacities"] = 1.0
    url = f"sqlite:///{tmp_path / 'vacant.db'}"
    with Store(url) as store:
        store.load_dataset(tiny_dataset.with_tables(practices=practices), source="tiny")
    with logged_in(url) as client:
        yield client


def test_a_practice_without_a_filled_capacity_is_a_400_page_as_the_cli_refuses_it(
    nothing_filled: TestClient,
) -> None:
    page = nothing_filled.get("/ledigt-ydernummer/P005?snapshot=1", headers=HTML)
    assert page.status_code == 400
    assert _error(page.text) == (
        "Ydernummeret 'P005' har ingen besat kapacitet, der kan blive ledig."
    )
    listing = nothing_filled.get("/praksis?snapshot=1").text
    row = re.search(r'<tr data-provider="P005">(.*?)</tr>', listing, re.S)
    assert row and "vacancy-link" not in row[1]


def test_the_practice_list_and_area_page_link_every_practice_with_a_filled_capacity(
    client: TestClient, tiny_store: tuple[Store, SnapshotInfo], store_url: str
) -> None:
    listing = client.get("/praksis?snapshot=1").text
    links = re.findall(r'<a class="vacancy-link" href="([^"]+)">([^<]+)</a>', listing)
    assert sorted(href for href, _ in links) == [
        f"/ledigt-ydernummer/P00{n}?snapshot=1" for n in range(1, 7)
    ]
    assert {text for _, text in links} == {"Ledigt ydernummer: se mulighederne"}
    area = client.get("/omraade/A1?snapshot=1").text
    assert 'href="/ledigt-ydernummer/P001?snapshot=1"' in area
    with logged_in(store_url, "committee") as committee:  # may read the list, not the page
        assert "vacancy-link" not in committee.get("/praksis?snapshot=1").text
        refused = committee.get("/ledigt-ydernummer/P001?snapshot=1", headers=HTML)
        assert refused.status_code == 403


def _option_edits(page: str, option: str) -> list[dict[str, object]]:
    found = re.search(rf'name="option" value="{option}" data-edits="([^"]*)"', page)
    assert found, option
    edits: list[dict[str, object]] = json.loads(html_lib.unescape(found[1]))
    return edits


def test_each_option_is_offered_as_scenario_edits_the_scenario_api_accepts(
    client: TestClient, tiny_store: tuple[Store, SnapshotInfo]
) -> None:
    page = client.get("/ledigt-ydernummer/P001?snapshot=1").text
    # P001 (3 capacities) loses one; re-advertised at P001 itself it is no change at all
    assert _option_edits(page, "same_area") == []
    absorb = [{"table": "practices", "key": "P001", "op": "update", "values": {"capacities": 2.0}}]
    assert _option_edits(page, "absorb") == absorb
    # elsewhere: to P006, closed with 1,800 listed on 1 capacity; with 2 it has 900 per filled
    # capacity, under the norm of 1,600, so it opens to all
    elsewhere = _option_edits(page, "elsewhere")
    assert elsewhere[0] == absorb[0]
    assert elsewhere[1]["key"] == "P006"
    values = elsewhere[1]["values"]
    assert isinstance(values, dict)
    assert (values["capacities"], values["status"], values["open_postcodes"]) == (2.0, "open", None)
    # pre-chosen: the best by the first objective (free choice: elsewhere, 7,489.95)
    assert re.search(r'value="elsewhere" data-edits="[^"]*" data-description="[^"]*" checked', page)
    saved = client.post(
        "/api/scenarios",
        json={"snapshot_id": 1, "name": "P001 til P006", "edits": elsewhere, "status": "forslag"},
    )
    assert saved.status_code == 201, saved.text
    scenario = client.get(f"/api/scenarios/{saved.json()['id']}").json()
    assert scenario["status"] == "forslag"
    assert len(scenario["edits"]) == 2
