"""The committee's review of a scenario in headless Chromium (Debian's /usr/bin/chromium).

A committee member logs in, opens the scenario page (a practice opens without the editor's
buttons, which the member may not use), is told in Danish that an empty comment is not saved,
writes a comment about an area and marks the scenario *Foretrukket* through the page's forms;
the comment shows with the member's name and a Danish date, the mark with who set it, and the
mark is removed again. A municipality user reads the review without the
forms and is refused when posting the form anyway; a viewer is refused the page. Screenshots
go to ``test-output/screenshots/scenario-review-*.png``.
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

from access_users import browser_login, label_of
from live_server import serving
from praksisplan.core.dataset import Dataset
from praksisplan.store import ScenarioReview, ScenarioStore, Store
from scenario.test_scenario_browser import pytestmark
from web.test_browser import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS

__all__ = ["pytestmark"]


def _shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"scenario-review-{name}.png"), full_page=True)


def test_a_committee_member_comments_and_marks_others_are_refused(
    tmp_path: Path, tiny_dataset: Dataset
) -> None:
    db_url = f"sqlite:///{tmp_path}/store.db"
    with Store(db_url) as store:
        store.load_dataset(tiny_dataset, source="tiny")
        scenario = ScenarioStore(store).create(1, "luk P001", "Planlægger").id
    committee = label_of("committee")
    with serving(db_url) as live, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        browser_login(page, live, db_url, "committee")
        page.goto(f"{live}/scenarier/{scenario}")
        page.locator("circle.practice[data-provider=P001]").click()  # reads the practice
        expect(page.locator("#edit-panel")).to_be_visible()
        expect(page.locator("#edit-panel .read-only-note")).to_have_text(
            "Din rolle kan se scenariet, men ikke ændre det."
        )
        for control in ("#close-practice", "#open-practice", "#set-capacities", "#undo-edit"):
            expect(page.locator(control)).to_be_hidden()  # the matrix refuses them (403)
        _shot(page, "committee-read-only")
        page.locator("#cancel-edit").click()
        review = page.locator("#gennemgang")
        expect(review.locator("h2")).to_have_text("Udvalgets gennemgang")
        form = review.locator("form.comment-form")
        form.locator("textarea[name=text]").fill("   ")
        form.locator("button[type=submit]").click()
        expect(review.locator("[role=alert]")).to_have_text(
            "Kommentaren er tom: skriv en tekst, før du gemmer den"
        )
        form.locator("textarea[name=text]").fill("Jammerbugt mister sin læge.\n<b>Vigtigt</b>")
        form.locator("select[name=area_id]").select_option("A3")
        form.locator("button[type=submit]").click()
        comment = review.locator(".scenario-comments li").first
        expect(comment.locator(".comment-author")).to_have_text(committee)
        expect(comment.locator(".comment-text")).to_have_text(
            "Jammerbugt mister sin læge.\n<b>Vigtigt</b>"
        )
        expect(comment.locator("time")).to_have_text(
            re.compile(r"^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$")
        )
        expect(comment).to_contain_text("om område A3")
        review.locator("form.mark-form button[data-mark=foretrukket]").click()
        expect(review.locator(".scenario-marks li[data-mark=foretrukket]")).to_contain_text(
            f"Foretrukket — {committee}"
        )
        _shot(page, "committee")
        review.locator("form.mark-form button[data-mark=droeftelse]").click()
        review.locator("form.unmark-form button[data-mark=foretrukket]").click()
        expect(review.locator(".scenario-marks li")).to_have_count(1)
        expect(review.locator(".scenario-marks li")).to_contain_text("Til drøftelse")

        municipality = browser.new_context().new_page()
        browser_login(municipality, live, db_url, "municipality:849")
        municipality.goto(f"{live}/scenarier/{scenario}")
        expect(municipality.locator(".scenario-comments li")).to_have_count(1)
        expect(municipality.locator("form.comment-form")).to_have_count(0)
        expect(municipality.locator("form.mark-form")).to_have_count(0)
        token = municipality.locator("meta[name=csrf-token]").get_attribute("content")
        refused = municipality.request.post(
            f"{live}/scenarier/{scenario}/kommentar",
            form={"csrf_token": token or "", "text": "Kommunen mener noget"},
            max_redirects=0,
        )
        assert refused.status == 403
        _shot(municipality, "municipality")

        viewer = browser.new_context().new_page()
        browser_login(viewer, live, db_url, "viewer")
        answer = viewer.goto(f"{live}/scenarier/{scenario}")
        assert answer is not None and answer.status == 403
        browser.close()
    with Store(db_url) as store:
        review_store = ScenarioReview(store)
        assert [(c.author_name, c.area_id) for c in review_store.comments(scenario)] == [
            (committee, "A3")
        ]
        assert [(m.mark, m.marked_by_name) for m in review_store.marks(scenario)] == [
            ("droeftelse", committee)
        ]
