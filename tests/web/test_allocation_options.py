"""The *Fordeling af kapaciteter* form's "Avanceret" options over HTTP, as a logged-in planner.

On the five-cell case (tests/optimise/allocation_case.py; the user's site N1 takes exactly 2,
and the best free choice with 3 capacities, 4,800, needs it): the form, posted as the page
without script posts it (multipart, the CSRF token in its action), places what the real CLI
``allocate snapshot:ID`` places with the same options — a weighted sum, an area limit, an
uploaded candidate file — and values derived by hand hold: a continuity weight of 1,000 outweighs
the 700 persons N1 adds (4,800 against 4,100), so every capacity goes to existing practices,
while a weight of 100 does not; an area's most of 0 leaves it without capacities. A background
job keeps the uploaded file. Every hostile field is a Danish error naming it, and nothing runs
or is audited.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from access_users import logged_in
from cli_process import run_cli
from optimise.allocation_case import user_sites_table
from praksisplan.core.danish_numbers import format_number_da
from praksisplan.store import AuditLog, Store

from .test_allocation_choices import case_client, case_store  # noqa: F401 - fixtures
from .test_allocation_jobs import _cells

#: N1 of the case as the user's candidate file (Danish Excel: semicolons).
CANDIDATES = user_sites_table().to_csv(index=False, sep=";").encode()
BASE: dict[str, Any] = {
    "capacities": "3",
    "existing": "true",
    "max_growth": "2",
    "frontier": "false",
}
CLI_BASE = ("--no-towns", "--no-premises", "--max-growth", "2", "--no-frontier")


def _post_form(client: TestClient, fields: dict[str, Any], file: bytes | None = None) -> str:
    """The form sent as the page without script sends it; the result page's HTML."""
    form_page = client.get(f"/fordeling?snapshot={fields['snapshot']}").text
    action = re.search(r'<form method="post" action="([^"]+)"[^>]*id="allocation-form"', form_page)
    assert action, "the form posts multipart to /fordeling with its CSRF token"
    token = client.headers.pop("X-CSRF-Token")  # the form's own token, in its action
    try:
        # no file chosen: the browser sends an empty part without a file name
        part = (
            ("kandidater.csv", file, "text/csv") if file else ("", b"", "application/octet-stream")
        )
        files = {"candidates": part}
        answer = client.post(action.group(1).replace("&amp;", "&"), data=fields, files=files)
    finally:
        client.headers["X-CSRF-Token"] = token
    assert answer.status_code == 200, answer.text
    return answer.text


def _cli_sites(store_url: str, snapshot: int, *options: str) -> dict[str, str]:
    result = run_cli("allocate", f"snapshot:{snapshot}", "--db", store_url, *CLI_BASE, *options,
                     "--format", "json")  # fmt: skip
    assert result.returncode == 0, result.stderr
    return {
        s["name"]: format_number_da(s["capacities"]) for s in json.loads(result.stdout)["sites"]
    }


def _shown(html: str) -> dict[str, str]:
    return {row[0]: row[2] for row in _cells(html, "allocation-table")}


def _runs(store_url: str) -> list[dict[str, Any]]:
    with Store(store_url) as store:
        return [e.after for e in AuditLog(store).entries() if e.action == "allocation_run"]


def test_a_weighted_request_places_what_the_cli_places(
    case_client: TestClient,  # noqa: F811
    case_store: tuple[str, int, int],  # noqa: F811
    tmp_path: Path,
) -> None:
    store_url, current, _ = case_store
    weighted = {**BASE, "snapshot": str(current), "objective": ["free_choice", "continuity"],
                "combine": "weights", "weight_free_choice": "1"}  # fmt: skip
    heavy = _post_form(case_client, {**weighted, "weight_continuity": "1000"}, CANDIDATES)
    light = _post_form(case_client, {**weighted, "weight_continuity": "100"}, CANDIDATES)
    shown_heavy, shown_light = _shown(heavy), _shown(light)
    # 3 in existing practices (4,100 + 3 × 1,000) beat N1's 4,800 + 1 × 1,000 …
    assert "Ny klinik N1" not in shown_heavy and sum(map(int, shown_heavy.values())) == 3
    # … but not with 100 a capacity: 4,800 + 100 > 4,100 + 300
    assert shown_light["Ny klinik N1"] == "2"
    path = tmp_path / "kandidater.csv"
    path.write_bytes(CANDIDATES)
    cli = ("--capacities", "3", "--objective", "free_choice", "--objective", "continuity",
           "--candidates", str(path), "--weight", "free_choice=1")  # fmt: skip
    assert shown_heavy == _cli_sites(store_url, current, *cli, "--weight", "continuity=1000")
    assert shown_light == _cli_sites(store_url, current, *cli, "--weight", "continuity=100")
    assert "som vægtet sum: frit valg × 1, kapaciteter til eksisterende praksis × 1.000" in heavy
    assert "Egen kandidatfil</dt><dd>kandidater.csv: 1 sted (N1)" in heavy
    run = _runs(store_url)[0]  # newest first: the light run
    assert run["weights"] == {"free_choice": 1.0, "continuity": 100.0}
    assert run["candidate_file"]["name"] == "kandidater.csv"
    assert run["candidate_file"]["sites"] == 1 and len(run["candidate_file"]["sha256"]) == 64


def test_an_area_limit_of_zero_keeps_capacities_out_of_the_area(
    case_client: TestClient,  # noqa: F811
    case_store: tuple[str, int, int],  # noqa: F811
) -> None:
    store_url, current, _ = case_store
    fields = {**BASE, "capacities": "2", "snapshot": str(current), "objective": "free_choice",
              "area_limit": ["A1", ""], "area_min": ["", ""], "area_max": ["0", ""]}  # fmt: skip
    html = _post_form(case_client, fields)
    rows = _cells(html, "allocation-table")
    assert rows and {r[1] for r in rows} == {"Område 2"}  # nothing in Område 1 (A1)
    cli = _cli_sites(store_url, current, "--capacities", "2", "--objective", "free_choice",
                     "--area-limit", "A1=0:0")  # fmt: skip
    assert {r[0]: r[2] for r in rows} == cli
    assert "Grænse for lægedækningsområde Område 1</dt><dd>mindst 0, højst 0" in html
    assert _runs(store_url)[0]["area_limits"] == [{"id": "A1", "min": 0, "max": 0}]


def test_a_background_job_keeps_the_uploaded_file(
    case_client: TestClient,  # noqa: F811
    case_store: tuple[str, int, int],  # noqa: F811
) -> None:
    """Only N1 may receive (existing practices do not grow): the job places its forced 2."""
    _, current, _ = case_store
    fields = {"snapshot": str(current), "capacities": "2", "objective": "free_choice",
              "frontier": "false"}  # fmt: skip
    files = {"candidates": ("egne.csv", CANDIDATES, "text/csv")}
    started = case_client.post("/fordeling/beregning", data=fields, files=files)
    assert started.status_code == 202, started.text
    status = started.json()
    while not status["done"]:
        time.sleep(0.05)
        status = case_client.get(f"/fordeling/beregning/{status['job']}").json()
    assert (status["failed"], status["error"]) == (False, None)
    query = "&".join(f"{k}={v}" for k, v in fields.items())
    page = case_client.get(f"/fordeling?{query}&job={status['job']}")
    assert page.status_code == 200, page.text
    assert _shown(page.text) == {"Ny klinik N1": "2"}
    assert "egne.csv: 1 sted (N1)" in page.text
    other = case_client.get(f"/fordeling?{query.replace('capacities=2', 'capacities=1')}"
                            f"&job={status['job']}")  # fmt: skip
    assert other.status_code == 400 and "andre valg end formularens" in other.text


def _row(text: str) -> bytes:
    return ("site_id;x;y;org_forms;min_capacities;max_capacities\n" + text).encode()


HOSTILE: dict[str, tuple[dict[str, Any], bytes | None, str]] = {
    "min above max": ({"area_limit": "A1", "area_min": "3", "area_max": "1"}, None,
                      "Grænse pr. lægedækningsområde, række 1: mindst 3 er mere end højst 1"),
    "unknown area": ({"area_limit": "ZZ"}, None,
                     "Grænse pr. lægedækningsområde, række 1: ukendt lægedækningsområde 'ZZ'"),
    "limit without area": ({"area_limit": "", "area_max": "1"}, None,
                           "række 1: vælg et lægedækningsområde for mindst og højst"),
    "area twice": ({"area_limit": ["A1", "A1"], "area_max": ["1", "2"]}, None,
                   "række 2: Område 1 har allerede en grænse"),
    "unknown municipality": ({"municipality_limit": "999", "municipality_max": "1"}, None,
                             "Grænse pr. kommune, række 1: ukendt kommune '999'"),
    "limit not a number": ({"municipality_limit": "101", "municipality_max": "to"}, None,
                           "Feltet 'Grænse pr. kommune, række 1, højst' skal være et helt tal"),
    "negative weight": ({"combine": "weights", "weight_free_choice": "-1"}, None,
                        "Feltet 'Vægt for frit valg' skal være mellem 0 og"),
    "weight not a number": ({"combine": "weights", "weight_free_choice": "meget"}, None,
                            "Feltet 'Vægt for frit valg' skal være et tal, ikke 'meget'"),
    "weight of an objective not chosen": (
        {"combine": "weights", "weight_nearness": "2"}, None,
        "Feltet 'Vægt for afstand til nærmeste praksis': målet er ikke valgt"),
    "weight without weighted sum": ({"weight_free_choice": "2"}, None,
                                    "vægte bruges kun, når målene kombineres som vægtet sum"),
    "every weight zero": ({"combine": "weights", "weight_free_choice": "0"}, None,
                          "mindst én vægt skal være større end 0"),
    "unknown combination": ({"combine": "tilfældigt"}, None,
                            "Feltet 'Målene kombineres': ukendt værdi 'tilfældigt'"),
    "radius zero": ({"radius_km": "0"}, None,
                    "Feltet 'Radius for frit valg (km)' skal være mellem 0,1 og 100"),
    "radius not finite": ({"radius_km": "inf"}, None, "Feltet 'Radius for frit valg (km)'"),
    "detour below 1": ({"detour_factor": "0,5"}, None, "Feltet 'Omvejsfaktor' skal være mellem 1"),
    "negative growth": ({"max_growth": "-1"}, None,
                        "Feltet 'Højst pr. eksisterende praksis' skal være mellem 0 og 30"),
    "not a yes or no": ({"move_vacant": "banan"}, None,
                        "Feltet 'Flyt regionens ledige kapaciteter' skal være ja eller nej"),
    "N missing": ({"capacities": ""}, None, "Feltet 'Antal kapaciteter' skal udfyldes"),
    "N as a word": ({"capacities": "tre"}, None,
                    "Feltet 'Antal kapaciteter' skal være et helt tal, ikke 'tre'"),
    "unknown objective": ({"objective": "lykke"}, None, "Feltet 'Mål': ukendt mål 'lykke'"),
    "bad row of the file": ({}, _row("N1;7500;0;partnership;2;2\nN2;øst;0;solo;1;1\n"),
                            "kandidater.csv, række 3, kolonne 'x': skal være et tal"),
    "file too large": ({}, _row("N1;7500;0;solo;1;1\n" + "#" * 300_000),
                       "er for stor; højst 256 kB"),
    "too many sites": ({}, _row("".join(f"S{i};7500;0;solo;1;1\n" for i in range(1_001))),
                       "kandidater.csv: filen har 1.001 kandidatsteder; højst 1.000 er tilladt"),
    "too many fields": ({"area_limit": [""] * 401}, None,
                        "Formularen har for mange felter eller filer; højst 400 felter"),
}  # fmt: skip


@pytest.mark.parametrize("case", HOSTILE)
def test_hostile_fields_are_refused_in_danish_and_nothing_runs(
    case: str,
    case_client: TestClient,  # noqa: F811
    case_store: tuple[str, int, int],  # noqa: F811
) -> None:
    store_url, current, _ = case_store
    extra, file, message = HOSTILE[case]
    fields = {"snapshot": str(current), "capacities": "2", "objective": "free_choice",
              "existing": "true", **extra}  # fmt: skip
    files = {"candidates": ("kandidater.csv", file, "text/csv")} if file is not None else None
    started = case_client.post("/fordeling/beregning", data=fields, files=files)
    assert started.status_code == 400, started.text
    assert message in started.json()["detail"]
    page = case_client.post("/fordeling", data=fields, files=files)
    assert page.status_code == 400
    assert 'class="allocation-table"' not in page.text
    assert _runs(store_url) == []


def test_a_file_cannot_come_in_a_query(case_store: tuple[str, int, int]) -> None:  # noqa: F811
    store_url, current, _ = case_store
    with logged_in(store_url) as client:
        page = client.get(f"/fordeling?snapshot={current}&capacities=1&candidates=k.csv")
    assert page.status_code == 400
    assert "Feltet &#39;Egen kandidatfil (CSV)&#39; skal være én fil sendt med formularen" in (
        page.text
    )


def test_distances_and_vacancies_are_the_clis(
    client: TestClient, store_url: str, tiny_dataset_dir: Path
) -> None:
    """The tiny dataset holds one region-held vacancy (A3): moved into the pool it makes
    N = 1 place 2; a 4 km radius and a detour of 1,2 (decimal comma) change the distances as
    ``--radius-km 4 --detour-factor 1.2`` do; the travel links it lacks are named as unused."""
    fields = {"snapshot": "1", "capacities": "1", "objective": "free_choice",
              "existing": "true", "towns": "true", "frontier": "false", "move_vacant": "true",
              "radius_km": "4", "detour_factor": "1,2", "travel_links": "true"}  # fmt: skip
    html = _post_form(client, fields)
    assert "Forslag: 2 kapaciteter" in html
    result = run_cli("allocate", str(tiny_dataset_dir), "--capacities", "1", "--objective",
                     "free_choice", "--move-vacant", "--radius-km", "4", "--detour-factor", "1.2",
                     "--travel-links", "--no-frontier", "--format", "json")  # fmt: skip
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["capacities"] == 2
    cli = {s["name"]: format_number_da(s["capacities"]) for s in document["sites"]}
    assert _shown(html) == cli
    assert "Radius for frit valg</dt><dd>4 km" in html and "Omvejsfaktor</dt><dd>1,2" in html
    assert "snapshottet har ingen færge- eller faste forbindelser" in html
    run = _runs(store_url)[0]
    assert (run["move_vacant"], run["radius_km"], run["detour_factor"]) == (True, 4.0, 1.2)


def test_limits_that_contradict_n_are_explained_and_not_audited(
    case_client: TestClient,  # noqa: F811
    case_store: tuple[str, int, int],  # noqa: F811
) -> None:
    """Each row is valid, but together the leasts ask 3 of N = 2: the solve's own check
    says so in Danish (issue 10 item 9), on the page without script and in a failed job."""
    store_url, current, _ = case_store
    fields = {**BASE, "capacities": "2", "snapshot": str(current), "objective": "free_choice",
              "area_limit": ["A1", "A2"], "area_min": ["2", "1"], "area_max": ["", ""]}  # fmt: skip
    page = case_client.post("/fordeling", data=fields)
    assert page.status_code == 400
    message = (
        "Minimumskravene pr. lægedækningsområde kræver 3 kapaciteter i alt, men der placeres kun 2"
    )
    assert message in page.text
    assert _runs(store_url) == []
    status = case_client.post("/fordeling/beregning", data=fields).json()
    while not status["done"]:
        time.sleep(0.05)
        status = case_client.get(f"/fordeling/beregning/{status['job']}").json()
    assert status["failed"] is True and message in status["error"]
