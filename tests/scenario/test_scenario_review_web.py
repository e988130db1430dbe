"""The committee's comments and marks over HTTP: the scenario page's forms and the JSON API,
as logged-in users of each role, on a real SQLite store."""

from __future__ import annotations

import re
from urllib.parse import quote_plus

import pytest
from fastapi.testclient import TestClient

from access_users import label_of, login
from praksisplan.store import AuditLog, ScenarioReview, Store
from praksisplan.web.app import create_app

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def _review(url: str) -> tuple[list[tuple[str, str, str | None]], list[tuple[str, str]], int]:
    with Store(url) as store:
        review = ScenarioReview(store)
        comments = [(c.author_name, c.text, c.area_id) for c in review.comments(1)]
        marks = [(m.mark, m.marked_by_name) for m in review.marks(1)]
        return comments, marks, len(AuditLog(store).entries())


def _post(client: TestClient, path: str, body: str) -> tuple[int, str]:
    response = client.post(path, content=body, headers=FORM, follow_redirects=False)
    return response.status_code, response.headers.get("location", "")


def test_a_committee_member_comments_and_marks_through_the_page(url: str) -> None:
    committee = label_of("committee")
    with TestClient(create_app(url)) as client:
        login(client, url, "committee")
        page = client.get("/scenarier/1").text
        assert 'class="comment-form"' in page and "Ingen kommentarer endnu." in page
        text = "Øerne mister en læge.\r\n<script>alert(1)</script> & mere"
        body = f"text={quote_plus(text)}&area_id=A1"
        assert _post(client, "/scenarier/1/kommentar", body) == (303, "/scenarier/1#gennemgang")
        assert _post(client, "/scenarier/1/markering", "mark=foretrukket")[0] == 303
        page = client.get("/scenarier/1").text
    comment = re.search(r'<li id="kommentar-1".*?</li>', page, re.S)
    assert comment is not None
    assert committee in comment.group(0)
    assert "Øerne mister en læge.\n&lt;script&gt;alert(1)&lt;/script&gt; &amp; mere" in page
    assert "<script>alert(1)" not in page
    assert re.search(r"\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}</time>", comment.group(0))
    assert f"<strong>Foretrukket</strong> — {committee}" in page
    assert "Fjern min markering «Foretrukket»" in page  # the own mark's remove button
    comments, marks, _ = _review(url)
    assert comments == [(committee, "Øerne mister en læge.\n<script>alert(1)</script> & mere",
                         "A1")]  # fmt: skip
    assert marks == [("foretrukket", committee)]


def test_refused_comments_and_marks_are_danish_and_store_nothing(url: str) -> None:
    with TestClient(create_app(url)) as client:
        login(client, url, "committee")
        before = _review(url)
        status, location = _post(client, "/scenarier/1/kommentar", "text=+%0D%0A+")
        assert status == 303 and "fejl=" in location
        assert "Kommentaren er tom: skriv en tekst" in client.get(location).text
        too_long = client.post("/api/scenarios/1/comments", json={"text": "x" * 4_001})
        assert too_long.status_code == 422
        assert too_long.json()["detail"] == (
            "Kommentaren har 4.001 tegn; der er plads til højst 4.000"
        )
        assert client.post("/api/scenarios/1/marks", json={"mark": "bedst"}).status_code == 422
        assert client.delete("/api/scenarios/1/marks/forbehold").status_code == 422
        assert client.post("/api/scenarios/9/comments", json={"text": "Hej"}).status_code == 404
        assert _review(url) == before


@pytest.mark.parametrize("role", ["municipality:849", "plo", "viewer"])
def test_other_roles_are_refused_and_nothing_is_stored(url: str, role: str) -> None:
    with TestClient(create_app(url)) as client:
        login(client, url, role)
        before = _review(url)
        assert _post(client, "/scenarier/1/kommentar", "text=Hej")[0] == 403
        assert _post(client, "/scenarier/1/markering", "mark=foretrukket")[0] == 403
        assert client.post("/api/scenarios/1/comments", json={"text": "Hej"}).status_code == 403
        assert client.post("/api/scenarios/1/marks", json={"mark": "forbehold"}).status_code == 403
        assert client.delete("/api/scenarios/1/marks/forbehold").status_code == 403
        page = client.get("/scenarier/1")
        if role == "viewer":
            assert page.status_code == 403
        else:  # reads the review, without the forms
            assert page.status_code == 200 and 'class="comment-form"' not in page.text
        assert _review(url) == before


def test_the_api_lists_sets_and_removes_only_the_own_mark(url: str) -> None:
    committee, planner = label_of("committee"), label_of("planner")
    with TestClient(create_app(url)) as client:
        login(client, url, "committee")
        made = client.post("/api/scenarios/1/comments", json={"text": " Godt ", "area_id": "A2"})
        assert made.status_code == 201
        assert (made.json()["author"], made.json()["text"]) == (committee, "Godt")
        assert client.post("/api/scenarios/1/marks", json={"mark": "droeftelse"}).status_code == 201
        again = client.post("/api/scenarios/1/marks", json={"mark": "droeftelse"})
        assert again.status_code == 422 and "allerede markeret" in again.json()["detail"]
        login(client, url, "planner")
        assert client.post("/api/scenarios/1/marks", json={"mark": "droeftelse"}).status_code == 201
        assert client.delete("/api/scenarios/1/marks/droeftelse").status_code == 204
        assert client.delete("/api/scenarios/1/marks/droeftelse").status_code == 422
        marks = client.get("/api/scenarios/1/marks").json()
        assert [(m["label"], m["marked_by"]) for m in marks] == [("Til drøftelse", committee)]
        comments = client.get("/api/scenarios/1/comments").json()
        assert [(c["author"], c["area_id"]) for c in comments] == [(committee, "A2")]
        assert client.get("/api/scenarios/1/comments").json()[0]["written_at"].endswith("+00:00")
    assert planner not in str(marks)
