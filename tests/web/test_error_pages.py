"""Error pages in Danish: a browser gets a Danish page with a way back, the API a Danish
``detail`` — never Starlette's English reason phrases ("Not Found", "Method Not Allowed")."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

HTML = {"Accept": "text/html,application/xhtml+xml"}
ENGLISH = ("Not Found", "Method Not Allowed", "Internal Server Error", "Bad Request")


@pytest.mark.parametrize(
    ("method", "path", "status", "title"),
    [
        ("get", "/findes-ikke", 404, "Siden findes ikke"),
        ("get", "/static/dist/findes-ikke.js", 404, "Siden findes ikke"),
        ("post", "/overblik", 405, "Metoden er ikke tilladt"),
        ("get", "/kort?snapshot=abc", 422, "Forkerte oplysninger"),
    ],
)
def test_a_browser_gets_a_danish_page(
    client: TestClient, method: str, path: str, status: int, title: str
) -> None:
    response = client.request(method, path, headers=HTML)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert f"<h1>{title}</h1>" in html
    assert '<html lang="da"' in html
    assert 'href="/overblik"' in html  # the way back
    assert not any(phrase in html for phrase in ENGLISH)


def test_the_404_page_says_what_happened(client: TestClient) -> None:
    html = client.get("/findes-ikke", headers=HTML).text
    assert html.count("Siden findes ikke") == 2  # <title> and <h1>; the message says more
    assert "Der er ingen side på denne adresse. Tjek den, eller gå videre fra Overblik." in html


def test_the_api_answers_in_danish(client: TestClient) -> None:
    missing = client.get("/api/findes-ikke")
    assert missing.status_code == 404
    assert missing.json() == {
        "detail": "Der er ingen side på denne adresse. Tjek den, eller gå videre fra Overblik."
    }
    wrong_method = client.delete("/api/snapshots")
    assert wrong_method.status_code == 405
    assert wrong_method.json()["detail"] == (
        "Adressen kan ikke bruges sådan (HTTP-metoden er ikke tilladt her)."
    )
    assert "allow" in {k.lower() for k in wrong_method.headers}  # the headers are kept
