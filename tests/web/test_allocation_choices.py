"""The *Fordeling af kapaciteter* page's candidate choices, over HTTP as a logged-in planner.

On a store holding the five-cell case and its two earlier snapshots (P0's former premises at
N1's point, tests/optimise/allocation_case.py), a background job with *Eksisterende
kliniklokaler* on places the capacities where the CLI's ``allocate snapshot:ID`` places them
with the same options — the premises site among them — and with the control off the premises
site is not offered. An unknown organisation form, impossible clinic sizes and premises asked
of a snapshot without history are Danish errors and nothing runs; a choice the solve does not
use is named on the result page.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from access_users import logged_in
from cli_process import run_cli
from optimise.allocation_case import allocation_dataset, earlier_snapshots
from praksisplan.core.danish_numbers import format_number_da
from praksisplan.store import AuditLog, Store

from .test_allocation_jobs import _cells

#: Free choice on the case with existing practices and premises; no towns.
QUERY = "capacities=3&objective=free_choice&existing=true&premises=true"
#: The same options through the CLI (its growth and new-clinic sizes are the page's too).
CLI_OPTIONS = ("--capacities", "3", "--objective", "free_choice", "--no-towns", "--no-frontier")


@pytest.fixture
def case_store(store_url: str) -> Iterator[tuple[str, int, int]]:
    """The case's store: its URL, the current snapshot and the oldest (no history)."""
    with Store(store_url) as store:
        oldest, _ = (store.load_dataset(d, source="tidligere").id for d in earlier_snapshots())
        current = store.load_dataset(allocation_dataset(), source="case").id
    yield store_url, current, oldest


@pytest.fixture
def case_client(case_store: tuple[str, int, int]) -> Iterator[TestClient]:
    with logged_in(case_store[0]) as client:
        yield client


def _job_page(client: TestClient, query: str) -> str:
    started = client.post(f"/fordeling/beregning?{query}")
    assert started.status_code == 202, started.text
    status: dict[str, Any] = started.json()
    while not status["done"]:
        time.sleep(0.05)
        status = client.get(f"/fordeling/beregning/{status['job']}").json()
    assert (status["failed"], status["error"]) == (False, None)
    page = client.get(f"/fordeling?{query}&job={status['job']}")
    assert page.status_code == 200, page.text
    return page.text


def test_premises_job_places_what_the_cli_places(
    case_client: TestClient, case_store: tuple[str, int, int]
) -> None:
    store_url, current, _ = case_store
    form = case_client.get(f"/fordeling?snapshot={current}").text
    assert 'name="premises" value="true" id="premises" checked' in form  # on: it has history

    cli = run_cli("allocate", f"snapshot:{current}", "--db", store_url, *CLI_OPTIONS,
                  "--format", "json")  # fmt: skip
    assert cli.returncode == 0, cli.stderr
    placed = {s["name"]: s["capacities"] for s in json.loads(cli.stdout)["sites"]}
    assert "Tidligere klinik: Lægen P0 (P0, sidst 01.01.2024)" in placed

    html = _job_page(case_client, f"snapshot={current}&{QUERY}")
    rows = _cells(html, "allocation-table")
    assert {r[0]: r[2] for r in rows} == {n: format_number_da(c) for n, c in placed.items()}
    kinds = {r[0]: r[3] for r in rows}
    assert kinds["Tidligere klinik: Lægen P0 (P0, sidst 01.01.2024)"] == (
        "Eksisterende kliniklokaler (tidligere praksis)"
    )
    assert "eksisterende kliniklokaler tilbudt: 1" in html

    without_cli = run_cli("allocate", f"snapshot:{current}", "--db", store_url, *CLI_OPTIONS,
                          "--no-premises", "--format", "json")  # fmt: skip
    assert without_cli.returncode == 0, without_cli.stderr
    without = {s["name"]: s["capacities"] for s in json.loads(without_cli.stdout)["sites"]}
    off = _job_page(case_client, f"snapshot={current}&{QUERY.replace('&premises=true', '')}")
    shown = {r[0]: r[2] for r in _cells(off, "allocation-table")}
    assert shown == {n: format_number_da(c) for n, c in without.items()}
    assert not any(n.startswith("Tidligere klinik") for n in shown)
    # new clinics are premises only here: their form is used, and named on the page
    assert "Nye klinikker som kompagniskabspraksis med 2–4 kapaciteter" in html


def test_bad_choices_are_refused_in_danish(
    case_client: TestClient, case_store: tuple[str, int, int]
) -> None:
    store_url, current, oldest = case_store
    unknown = f"snapshot={current}&{QUERY}&new_form=partnership&new_form=klinik"
    started = case_client.post(f"/fordeling/beregning?{unknown}")
    assert started.status_code == 400
    assert started.json()["detail"] == (
        "Organisationsform for nye klinikker: ukendt organisationsform 'klinik' (tilladt: "
        "contract, licence, near, partnership, region, satellite, shared, solo)"
    )
    page = case_client.get(f"/fordeling?{unknown}")
    assert page.status_code == 400
    assert "ukendt organisationsform &#39;klinik&#39;" in page.text
    assert 'class="allocation-table"' not in page.text

    solo = case_client.get(f"/fordeling?snapshot={current}&{QUERY}&new_form=solo")
    assert solo.status_code == 400
    assert "En ny klinik som enkeltmandspraksis kan ikke have mellem 2 og 4 kapaciteter" in (
        solo.text
    )

    form = case_client.get(f"/fordeling?snapshot={oldest}").text
    assert 'id="premises" disabled' in form and 'id="premises-note"' in form
    no_history = case_client.post(f"/fordeling/beregning?snapshot={oldest}&{QUERY}")
    assert no_history.status_code == 400
    assert "ingen tidligere snapshots af regionen" in no_history.json()["detail"]
    with Store(store_url) as store:
        runs = [e for e in AuditLog(store).entries() if e.action == "allocation_run"]
    assert runs == []  # nothing ran


def test_an_unused_choice_is_named(
    case_client: TestClient, case_store: tuple[str, int, int]
) -> None:
    _, current, _ = case_store
    html = case_client.get(
        f"/fordeling?snapshot={current}&capacities=1&objective=free_choice&existing=true"
        "&new_form=region"
    ).text
    assert "Organisationsformen (regionsklinik) og størrelsen for nye klinikker bruges ikke" in (
        html
    )
