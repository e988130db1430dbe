"""The Praksisplan pages over a real SQLite store: roles enforced, refusals store nothing."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from plan_builders import NOW, PLANNER, consulted_plan, small_plan, store_rows

from access_users import label_of, logged_in, login
from praksisplan.core.dataset import Dataset
from praksisplan.plan.edits import PutMeasure, SetStatus
from praksisplan.plan.model import ComputedMeasure
from praksisplan.store import PlanStore, Store

FORM = {"content-type": "application/x-www-form-urlencoded"}
OPEN_SHARE = ComputedMeasure(
    id="open", title="Åbne praksis", indicator="share_practices_open", level="region",
    unit="1081", baseline_snapshot_id=1, baseline_value=0.5, target=0.75,
    direction="increase", deadline=dt.date(2027, 1, 1),
)  # fmt: skip


@pytest.fixture
def url(tmp_path: Path, tiny_dataset: Dataset) -> str:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    with Store(url) as store:
        store.load_dataset(tiny_dataset, source="tiny")
        plans = PlanStore(store)
        plans.add(consulted_plan(), PLANNER)
        plans.edit("plan-2026", PLANNER, PutMeasure(initiative_id="I2", measure=OPEN_SHARE), NOW)
    return url


@pytest.fixture
def client(url: str) -> Iterator[TestClient]:
    with logged_in(url, "committee") as test_client:  # reads everything, writes nothing
        yield test_client


def _as(client: TestClient, role: str) -> TestClient:
    login(client, str(client.app.state.praksisplan.store.url), role)  # type: ignore[attr-defined]
    return client


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_plan_page_shows_every_initiative_measure_and_version(client: TestClient) -> None:
    page = client.get("/praksisplan/plan-2026")
    assert page.status_code == 200
    text = _text(page.text)
    assert "Indsats I1" in text and "Indsats I2" in text
    assert "Planen samler ." in text or "Planen samler." in text  # Markdown rendered
    assert "<em>samler</em>" in page.text
    # the computed measure on the tiny snapshot: 3 of 6 practices open
    assert re.search(r"Åbne praksis.*?50 %.*?75 %", text)
    assert page.text.count('<img class="chart"') == 2
    for number in range(1, 9):  # 8 versions, each with its page
        assert f'href="/praksisplan/plan-2026/version/{number}"' in page.text
    assert client.get("/praksisplan", follow_redirects=False).status_code == 307
    version = client.get("/praksisplan/plan-2026/version/4")
    assert version.status_code == 200 and "Lige adgang" in version.text
    assert client.get("/praksisplan/plan-2026/version/99").status_code == 404
    assert client.get("/praksisplan/nope").status_code == 404


def test_a_municipality_cannot_write_for_another_municipality(client: TestClient, url: str) -> None:
    before = store_rows(url)
    refused = _as(client, "municipality:849").post(
        "/praksisplan/plan-2026/oenske",
        content="municipality_code=851&theme=Øer&text=Mere",
        headers=FORM,
    )
    assert refused.status_code == 403
    assert "må ikke indsende ønsker for kommune 851" in refused.text
    assert store_rows(url) == before
    accepted = client.post(
        "/praksisplan/plan-2026/oenske",
        content="municipality_code=849&theme=Øer&text=Mere",
        headers=FORM,
        follow_redirects=False,
    )
    assert accepted.status_code == 303
    with Store(url) as store:
        wishes = PlanStore(store).get("plan-2026").wishes
    assert [(w.municipality_code, w.submitted_by) for w in wishes] == [
        ("849", label_of("municipality:849"))
    ]


def test_a_frozen_version_cannot_be_edited(client: TestClient, url: str) -> None:
    with Store(url) as store:
        PlanStore(store).edit("plan-2026", PLANNER, SetStatus(status="vedtaget"), NOW)
    before = store_rows(url)
    refused = _as(client, "planner").post(
        "/praksisplan/plan-2026/afsnit",
        content="key=intro&title=Ny&markdown=Ny+tekst",
        headers=FORM,
    )
    assert refused.status_code == 409
    assert "er vedtaget og låst; den kan ikke ændres" in refused.text
    assert store_rows(url) == before
    assert "Redigér afsnittet" not in client.get("/praksisplan/plan-2026").text


def test_status_entries_follow_the_owners(client: TestClient, url: str) -> None:
    body = "initiative_id=I2&date=2026-09-01&state=i+gang&bullets=Møde+holdt%0AAftale+på+vej"
    plo = _as(client, "plo")
    assert (
        plo.post(
            "/praksisplan/plan-2026/status", content=body, headers=FORM, follow_redirects=False
        ).status_code
        == 303
    )
    other = body.replace("I2", "I1")
    assert plo.post("/praksisplan/plan-2026/status", content=other, headers=FORM).status_code == 403
    client.cookies.clear()  # logged out: not allowed at all
    assert (
        client.post("/praksisplan/plan-2026/status", content=body, headers=FORM).status_code == 401
    )
    assert (
        _as(client, "plo")
        .post(
            "/praksisplan/plan-2026/status",
            content="initiative_id=I2&state=i+gang&bullets=",
            headers=FORM,
        )
        .status_code
        == 422
    )
    with Store(url) as store:
        entries = PlanStore(store).get("plan-2026").status_entries
    assert [(e.initiative_id, e.author, e.bullets) for e in entries] == [
        ("I2", label_of("plo"), ["Møde holdt", "Aftale på vej"])
    ]
    assert "Status pr. 01.09.2026: i gang" in _text(client.get("/praksisplan/plan-2026").text)


def test_the_inbox_shows_a_party_its_own_responses(client: TestClient) -> None:
    planner = _text(_as(client, "planner").get("/praksisplan/plan-2026/indbakke").text)
    assert (
        "Høringssvar 1: Aalborg Kommune" in planner
        and "Høringssvar 3: Jammerbugt Kommune" in planner
    )
    assert "Vedrører: Afsnit: Lægedækning" in planner
    aalborg = _text(_as(client, "municipality:851").get("/praksisplan/plan-2026/indbakke").text)
    assert "Høringssvar 1: Aalborg Kommune" in aalborg and "Høringssvar 3" not in aalborg
    assert "afsluttet (frist 01.04.2026)" in aalborg and "Indsend høringssvar" not in aalborg


def test_the_hvidbog_page_lists_every_response_with_its_answer(client: TestClient) -> None:
    text = _text(client.get("/praksisplan/plan-2026/hvidbog").text)
    plan = consulted_plan()
    for response in plan.consultations[0].responses:
        assert response.answer is not None
        assert response.text in text and response.answer.text in text
    assert "Høringssvar 1: Aalborg Kommune" in text and "Nyt afsnit om småøer" in text
    pdf = client.get("/praksisplan/plan-2026/hvidbog?format=pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    docx = client.get("/praksisplan/plan-2026/statusnotat?format=docx")
    assert docx.status_code == 200 and docx.content.startswith(b"PK")


def test_the_area_page_shows_the_instruments_its_status_unlocks(client: TestClient) -> None:
    # tiny: A3 is red, A2 green (default rules)
    red = client.get("/omraade/A3")
    assert red.status_code == 200
    assert 'data-instrument="licence_clinic"' in red.text
    assert "Delepraksis i op til seks år" in red.text
    green = client.get("/omraade/A2")
    assert 'data-instrument="ordinary_advertising"' in green.text
    assert 'data-instrument="licence_clinic"' not in green.text
    plan = _text(client.get("/praksisplan/plan-2026").text)
    assert "Virkemidler i de truede områder" in plan and "Licensklinik" in plan


def test_the_secretariat_runs_the_plan_cycle_in_the_browser_forms(
    client: TestClient, url: str
) -> None:
    with Store(url) as store:
        PlanStore(store).add(small_plan().model_copy(update={"key": "ny"}), PLANNER)
    aalborg = _as(client, "municipality:851")
    assert (
        aalborg.post(
            "/praksisplan/ny/oenske",
            content="municipality_code=851&theme=Øer&text=A",
            headers=FORM,
            follow_redirects=False,
        ).status_code
        == 303
    )
    assert (
        aalborg.post(
            "/praksisplan/ny/hoering", content="deadline=2099-01-01", headers=FORM
        ).status_code
        == 403
    )
    planner = _as(client, "planner")
    theme = "id=T1&title=Øerne&wish_id=1&goal_id=G1"
    assert (
        planner.post(
            "/praksisplan/ny/tema", content=theme, headers=FORM, follow_redirects=False
        ).status_code
        == 303
    )
    assert (
        planner.post(
            "/praksisplan/ny/hoering",
            content="deadline=2099-01-01",
            headers=FORM,
            follow_redirects=False,
        ).status_code
        == 303
    )
    assert (
        planner.post(
            "/praksisplan/ny/planstatus", content="status=forlænget", headers=FORM
        ).status_code
        == 409
    )
    assert (
        planner.post(
            "/praksisplan/ny/planstatus",
            content="status=vedtaget",
            headers=FORM,
            follow_redirects=False,
        ).status_code
        == 303
    )
    with Store(url) as store:
        plan = PlanStore(store).get("ny")
    assert (plan.status, plan.latest.frozen) == ("vedtaget", True)
    assert [(t.id, t.wish_ids, t.goal_ids) for t in plan.wish_themes] == [("T1", [1], ["G1"])]
    assert plan.consultations[0].deadline == dt.date(2099, 1, 1)


PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def test_a_consultation_response_carries_pdf_attachments_from_the_form(
    client: TestClient, url: str
) -> None:
    with Store(url) as store:
        PlanStore(store).add(small_plan().model_copy(update={"key": "ny"}), PLANNER)
    planner = _as(client, "planner")
    opened = planner.post(
        "/praksisplan/ny/hoering", content="deadline=2099-01-01", headers=FORM,
        follow_redirects=False,
    )  # fmt: skip
    assert opened.status_code == 303
    aalborg = _as(client, "municipality:851")
    inbox = aalborg.get("/praksisplan/ny/indbakke").text
    action = re.search(r'action="([^"]+/hoeringssvar\?csrf_token=[^"]+)"', inbox)
    consultation = re.search(r'name="consultation_id" value="([^"]+)"', inbox)
    assert action and consultation, "the inbox has the multipart response form"
    fields = {"consultation_id": consultation.group(1), "party": "municipality:851",
              "text": "Se vores bilag", "target": ""}  # fmt: skip
    aalborg.headers.pop("X-CSRF-Token")  # the form's own token, in its action
    not_pdf = aalborg.post(
        action.group(1),
        data=fields,
        files={"attachment": ("svar.pdf", b"GIF89a", "application/pdf")},
    )
    assert not_pdf.status_code == 422 and "ikke en PDF" in not_pdf.text
    sent = aalborg.post(
        action.group(1), data=fields, files={"attachment": ("svar.pdf", PDF, "application/pdf")},
        follow_redirects=False,
    )  # fmt: skip
    assert sent.status_code == 303, sent.text
    with Store(url) as store:
        (response,) = PlanStore(store).get("ny").consultations[0].responses
    assert [(a.filename, a.content()) for a in response.attachments] == [("svar.pdf", PDF)]
    assert "Bilag: svar.pdf" in aalborg.get("/praksisplan/ny/indbakke").text
