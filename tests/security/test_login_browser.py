"""In headless Chromium: a municipality user and a planner log in through the login form.

The municipality user sees its municipality's page, its inbox of the plan and its own area's
page (an area of another municipality is refused, 403), gets no decision form on the
threatened-areas page (and 403 if it posts the form anyway), and logs out; the planner then
records a decision, which shows the planner's name. Screenshots go to test-output/.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from access_users import browser_login, label_of
from live_server import serving
from praksisplan.store import Store
from web.test_browser import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, pytestmark

__all__ = ["pytestmark"]


@pytest.fixture
def live(url: str) -> Iterator[str]:
    with serving(url) as base:
        yield base


def _shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"access-{name}.png"), full_page=True)


def test_municipality_is_refused_the_decision_planner_records_it(live: str, url: str) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        page.goto(f"{live}/truede")
        expect(page.locator(".login-form")).to_be_visible()  # sent to the login
        browser_login(page, live, url, "municipality:849")
        page.goto(f"{live}/praksisplan/plan-2026/indbakke")
        expect(page.locator("form.wish-form")).to_be_visible()
        expect(page.locator(".user-menu")).to_contain_text("municipality:849")
        _shot(page, "municipality-inbox")
        page.goto(f"{live}/kommune/849")  # its municipality's page
        expect(page.locator("h1")).to_contain_text("Jammerbugt")
        _shot(page, "municipality-page")
        page.goto(f"{live}/omraade/A3")  # Jammerbugt's own area: full detail
        expect(page.locator("h1")).to_contain_text("Jammerbugt")
        _shot(page, "municipality-own-area")
        refused = page.goto(f"{live}/omraade/A1")  # Aalborg's area: refused
        assert refused is not None and refused.status == 403
        expect(page.locator("body")).to_contain_text("din egen kommune")
        page.goto(f"{live}/truede")
        assert page.locator("tr[data-area]").count() == 1  # Jammerbugt's one area
        assert page.locator("form.decision-form").count() == 0
        token = page.locator("meta[name=csrf-token]").get_attribute("content")
        posted = page.request.post(
            f"{live}/truede/beslutning", max_redirects=0,
            form={"csrf_token": token or "", "snapshot": "1", "area_id": "A3",
                  "decided_class": "red", "reason": "Forsøg"},
        )  # fmt: skip
        assert posted.status == 403  # the form posted anyway is refused
        _shot(page, "municipality-no-decision-form")
        page.click(".logout-form button")
        expect(page.locator(".login-form")).to_be_visible()

        browser_login(page, live, url, "planner")
        page.goto(f"{live}/truede")
        row = page.locator("tr[data-area]").first
        area_id = row.get_attribute("data-area")
        row.locator("summary").click()
        row.locator("select[name=decided_class]").select_option("red")
        row.locator("textarea[name=reason]").fill("Ingen ansøgere i to runder (e2e)")
        row.locator("button[type=submit]").click()
        decided = page.locator(f"tr#omraade-{area_id} td.decision")
        expect(decided).to_contain_text(label_of("planner"))
        _shot(page, "planner-decision")
        browser.close()
    with Store(url) as store:
        stored = store.current_decisions(1)[str(area_id)]
    assert stored.decided_by == label_of("planner")
