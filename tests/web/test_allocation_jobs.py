"""Background allocation runs over HTTP on the tiny dataset, as a logged-in planner.

Starting a run answers at once with a job id; polling its status ends done; the result page
of the finished job shows the sites, capacities and objective values that
:func:`praksisplan.optimise.allocation.allocate` gives for the same request when run
directly. Impossible requests fail with the Danish explanation; a job is its owner's only.
Cancelling stops a real long solve on the demo region at once; a job the server does not know
(as after a restart) gets the Danish explanation with 404 from every route.
"""

from __future__ import annotations

import re
import threading
import time
from typing import Any

from fastapi.testclient import TestClient

from access_users import logged_in
from objective_figures import DECIMALS
from praksisplan.core.danish_numbers import format_number_da
from praksisplan.core.dataset import Dataset
from praksisplan.optimise.allocation import AllocationRequest, allocate
from praksisplan.optimise.candidates import CandidateOptions
from praksisplan.optimise.explain import explain
from praksisplan.optimise.objectives import OBJECTIVES, Objective
from praksisplan.store import AuditLog, SnapshotInfo, Store
from praksisplan.synth.demo import build_demo_dataset
from praksisplan.web.allocation_jobs import AllocationJob, AllocationJobs
from praksisplan.web.allocation_options import TIME_LIMIT

QUERY = "snapshot=1&capacities=2&existing=true&towns=true"


def _finish(client: TestClient, started: dict[str, Any]) -> list[dict[str, Any]]:
    """Poll the job until it is done; every status seen, in order."""
    seen = [started]
    while not seen[-1]["done"]:
        time.sleep(0.05)
        answer = client.get(f"/fordeling/beregning/{started['job']}")
        assert answer.status_code == 200
        seen.append(answer.json())
    return seen


def _cells(html: str, table: str) -> list[list[str]]:
    body = html.split(f'class="{table}"', 1)[1].split("</tbody>", 1)[0].split("<tbody>", 1)[1]
    return [re.findall(r"<td>(.*?)</td>", row) for row in body.split("</tr>") if "<td>" in row]


def test_a_finished_job_shows_what_allocate_gives(
    client: TestClient, tiny_dataset: Dataset, tiny_store: tuple[Store, SnapshotInfo]
) -> None:
    started = client.post(f"/fordeling/beregning?{QUERY}")
    assert started.status_code == 202
    assert set(started.json()) == {
        "job", "stage", "elapsed_seconds", "done", "failed", "cancelled", "error",
    }  # fmt: skip
    seen = _finish(client, started.json())
    last = seen[-1]
    assert (last["failed"], last["error"], last["stage"]) == (False, None, "Færdig")
    assert [s["elapsed_seconds"] for s in seen] == sorted(s["elapsed_seconds"] for s in seen)

    expected = allocate(
        tiny_dataset,
        AllocationRequest(
            capacities=2,
            candidates=CandidateOptions(existing=True, towns=True),
            time_limit=TIME_LIMIT,
            runner_up=False,
        ),
    )
    page = client.get(f"/fordeling?{QUERY}&job={last['job']}")
    assert page.status_code == 200
    sites = {(row[0], row[2]) for row in _cells(page.text, "allocation-table")}
    want = explain(expected).to_dict(orient="records")
    assert sites == {(r["name"], format_number_da(int(r["capacities"]))) for r in want}
    values = {row[0]: row[2] for row in _cells(page.text, "objective-table")}
    for key, info in OBJECTIVES.items():
        value = expected.solution.values[key]
        assert values[info.label] == format_number_da(value, DECIMALS[key.value]), key

    store, _ = tiny_store
    runs = [e for e in AuditLog(store).entries() if e.action == "allocation_run"]
    assert len(runs) == 1  # the start is the audited write; showing its result is not


def test_impossible_requests_are_explained_in_danish(client: TestClient) -> None:
    too_many = client.post("/fordeling/beregning?snapshot=1&capacities=31&existing=true")
    assert too_many.status_code == 400
    assert "højst 30 kapaciteter" in too_many.json()["detail"]
    negative = client.post("/fordeling/beregning?snapshot=1&capacities=-1&existing=true")
    assert negative.status_code == 400
    assert "mindst 0" in negative.json()["detail"]
    no_room = client.post("/fordeling/beregning?snapshot=1&capacities=30&existing=true")
    assert no_room.status_code == 202
    last = _finish(client, no_room.json())[-1]
    assert last["failed"] is True and last["stage"] == "Fejlede"
    assert "kapacitet" in last["error"]


def test_a_job_is_only_its_owners(client: TestClient, store_url: str) -> None:
    job = client.post(f"/fordeling/beregning?{QUERY}").json()["job"]
    _finish(client, client.get(f"/fordeling/beregning/{job}").json())
    with logged_in(store_url, "admin") as other:
        answer = other.get(f"/fordeling/beregning/{job}")
    assert answer.status_code == 404
    assert "findes ikke" in answer.json()["detail"]
    assert client.get("/fordeling/beregning/ukendt").status_code == 404
    with logged_in(store_url, "admin") as other:
        assert other.post(f"/fordeling/beregning/{job}/annuller").status_code == 404


def test_a_lost_job_is_explained_rather_than_waited_for(client: TestClient) -> None:
    """Jobs live in memory: after a restart every id is unknown, and each route says so."""
    poll = client.get("/fordeling/beregning/efter-genstart")
    cancel = client.post("/fordeling/beregning/efter-genstart/annuller")
    page = client.get(f"/fordeling?{QUERY}&job=efter-genstart")
    for answer in (poll, cancel):
        assert answer.status_code == 404
        assert "genstartet" in answer.json()["detail"]
    assert page.status_code == 404
    assert "Serveren kan være genstartet" in page.text


def test_the_form_page_has_the_hidden_progress_box(client: TestClient) -> None:
    page = client.get("/fordeling?snapshot=1")
    assert 'id="allocation-form"' in page.text
    assert re.search(r'id="allocation-progress"[^>]*hidden>', page.text)


def test_start_returns_at_once_and_runs_one_solve_at_a_time(tiny_dataset: Dataset) -> None:
    """While the first run is held in reading its data, both jobs report where they are."""
    gate = threading.Event()

    def read_held(snapshot_id: int) -> Dataset:
        gate.wait()
        return tiny_dataset

    jobs = AllocationJobs()
    request = AllocationRequest(capacities=1, candidates=CandidateOptions(towns=False))
    first = jobs.start("planner", 1, request, read_held)
    second = jobs.start("planner", 1, request, read_held)
    while "Læser data …" not in (first.stage, second.stage):
        time.sleep(0.01)
    assert {first.stage, second.stage} == {"Læser data …", "Venter på en anden beregning …"}
    assert (first.status()["done"], second.status()["done"]) == (False, False)
    gate.set()
    while not (first.done and second.done):
        time.sleep(0.01)
    direct = allocate(tiny_dataset, request)
    for job in (first, second):
        assert job.proposal is not None and job.error is None
        assert job.proposal.solution.values == direct.solution.values
        assert list(job.proposal.solution.added) == list(direct.solution.added)


def _until(job: AllocationJob, seen: str, timeout: float = 120.0) -> None:
    begin = time.monotonic()
    while job.stage != seen and not job.done:
        assert time.monotonic() - begin < timeout, job.stage
        time.sleep(0.02)


def test_cancelling_stops_a_long_solve_at_once() -> None:
    """On the demo region the nearness stage after free choice and shortage takes ~17 s
    here (docs/performance.md); cancelled half a second in, the job ends within 3 s."""
    dataset = build_demo_dataset()
    request = AllocationRequest(
        capacities=10,
        objectives=(Objective.FREE_CHOICE, Objective.SHORTAGE, Objective.NEARNESS),
        frontier=False,
        runner_up=False,
    )
    jobs = AllocationJobs()
    job = jobs.start("planner", 1, request, lambda _: dataset)
    _until(job, "Løser trin 3 af 3 …")
    time.sleep(0.5)
    assert not job.done
    cancelled, asked = jobs.cancel(job.id, "planner")
    assert cancelled is job and asked and job.stage == "Annullerer …"
    begin = time.monotonic()
    while not job.done:
        time.sleep(0.01)
    assert time.monotonic() - begin < 3.0
    assert (job.cancelled, job.stage, job.error, job.proposal) == (True, "Annulleret", None, None)
    assert job.status()["cancelled"] is True and job.status()["failed"] is False
    assert jobs.cancel(job.id, "planner")[1] is False  # already ended: nothing to ask


def test_cancel_over_http_is_audited_and_a_waiting_job_never_starts(
    client: TestClient, tiny_dataset: Dataset, tiny_store: tuple[Store, SnapshotInfo]
) -> None:
    gate = threading.Event()

    def read_held(snapshot_id: int) -> Dataset:
        gate.wait()
        return tiny_dataset

    holder = AllocationJobs().start("planner", 1, AllocationRequest(capacities=1), read_held)
    try:
        _until(holder, "Læser data …")
        started = client.post(f"/fordeling/beregning?{QUERY}").json()
        assert started["stage"] == "Venter på en anden beregning …"
        answer = client.post(f"/fordeling/beregning/{started['job']}/annuller")
        # the waiting job may see the request and end before the answer is written
        assert answer.status_code == 200
        assert answer.json()["stage"] in ("Annullerer …", "Annulleret")
        last = _finish(client, answer.json())[-1]
        assert (last["cancelled"], last["failed"], last["stage"]) == (True, False, "Annulleret")
        again = client.post(f"/fordeling/beregning/{started['job']}/annuller")
        assert again.status_code == 200 and again.json()["cancelled"] is True
    finally:
        gate.set()
    store, snapshot = tiny_store
    entries = [e for e in AuditLog(store).entries() if e.action == "allocation_cancelled"]
    assert [(e.actor_role, e.object_id) for e in entries] == [("planner", str(snapshot.id))]
    assert entries[0].after == {"job": started["job"], "capacities": 2}
    while not holder.done:
        time.sleep(0.01)
