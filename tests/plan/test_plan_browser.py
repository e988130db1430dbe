"""In headless Chromium: a municipality answers the consultation, the planner replies, and
the hvidbog shows both; the planner adds a goal and an initiative, changes the initiative and
deletes a goal. Screenshots go to ``test-output/screenshots/plan-*.png``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from plan_builders import PLANNER, small_plan
from playwright.sync_api import Page, expect, sync_playwright

from access_users import browser_login, label_of
from live_server import serving
from praksisplan.core.dataset import Dataset
from praksisplan.plan.edits import OpenConsultation
from praksisplan.store import PlanStore, Store
from web.test_browser import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"
    ),
    pytest.mark.xdist_group("browser"),
]
RESPONSE = "Aalborg Kommune ønsker en nærklinik i Aalborg Øst."
ANSWER = "En nærklinik i Aalborg Øst indgår nu i indsats I1."


@pytest.fixture(scope="module")
def live(
    tmp_path_factory: pytest.TempPathFactory, tiny_dataset: Dataset
) -> Iterator[tuple[str, str]]:
    db_url = f"sqlite:///{tmp_path_factory.mktemp('plan-browser') / 'store.db'}"
    with Store(db_url) as store:
        store.load_dataset(tiny_dataset, source="tiny")
        plans = PlanStore(store)
        plans.add(small_plan(), PLANNER)
        deadline = dt.date.today() + dt.timedelta(days=30)
        plans.edit("plan-2026", PLANNER, OpenConsultation(deadline=deadline))
    with serving(db_url) as base:
        yield base, db_url


def _act_as(page: Page, base: str, db_url: str, role: str) -> None:
    """Log in as a user of ``role`` and open the plan's inbox."""
    browser_login(page, base, db_url, role)
    page.goto(f"{base}/praksisplan/plan-2026/indbakke")


def _shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(Path(SCREENSHOTS) / f"plan-{name}.png"), full_page=True)


def test_response_answer_and_hvidbog_in_the_browser(live: tuple[str, str]) -> None:
    base, db_url = live
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        _act_as(page, base, db_url, "municipality:851")
        form = page.locator("form.response-form")
        form.locator("select[name=target]").select_option("goal:G1")
        form.locator("textarea[name=text]").fill(RESPONSE)
        form.locator("button").click()
        response = page.locator("article.response").first
        expect(response).to_contain_text(RESPONSE)
        expect(response).to_contain_text("Vedrører: Målsætning: Lige adgang")
        expect(response).to_contain_text("Ikke besvaret endnu.")
        _shot(page, "municipality-response")

        _act_as(page, base, db_url, "planner")
        answer = page.locator("form.answer-form").first
        answer.locator("textarea[name=text]").fill(ANSWER)
        answer.locator("input[name=changed]").check()
        answer.locator("input[name=change]").fill("Indsats I1 nævner Aalborg Øst.")
        answer.locator("button").click()
        expect(page.locator("article.response").first).to_contain_text(ANSWER)
        _shot(page, "planner-answer")

        page.goto(f"{base}/praksisplan/plan-2026/hvidbog")
        entry = page.locator("article.hvidbog-entry").first
        expect(entry).to_contain_text("Høringssvar 1: Aalborg Kommune")
        expect(entry).to_contain_text(RESPONSE)
        expect(entry).to_contain_text(ANSWER)
        expect(entry).to_contain_text("Indsats I1 nævner Aalborg Øst.")
        expect(page.locator("p.notice")).to_contain_text("Foreløbig udgave")
        _shot(page, "hvidbog")
        browser.close()
    with Store(db_url) as store:
        (stored,) = PlanStore(store).get("plan-2026").consultations[0].responses
    assert (stored.party, stored.submitted_by, stored.text) == (
        "municipality:851",
        label_of("municipality:851"),
        RESPONSE,
    )
    assert stored.answer is not None and stored.answer.answered_by == label_of("planner")
    assert stored.answer.changed


def test_goals_and_initiatives_are_edited_in_the_browser(live: tuple[str, str]) -> None:
    base, db_url = live
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        browser_login(page, base, db_url, "planner")
        page.goto(f"{base}/praksisplan/plan-2026")

        page.locator("details.add-goal summary").click()
        goal = page.locator("details.add-goal form.goal-form")
        goal.locator("input[name=id]").fill("G3")
        goal.locator("input[name=title]").fill("Flere unge læger")
        goal.locator("textarea[name=text]").fill("Andelen af læger under 55 år skal op.")
        goal.locator("button").click()
        expect(page.locator("#maal-G3 h3")).to_have_text("G3. Flere unge læger")

        page.locator("#maal-G3 details.add-initiative summary").click()
        new = page.locator("#maal-G3 details.add-initiative form.initiative-form")
        new.locator("input[name=id]").fill("I9")
        new.locator("input[name=title]").fill("Introduktionsstillinger")
        new.locator("textarea[name=owners]").fill("region\nplo")
        new.locator("input[name=start]").fill("2026-05-01")
        new.locator("input[name=end]").fill("2027-04-30")
        new.locator("input[name=tag][value=children_young]").check()
        new.locator("button").click()
        initiative = page.locator("#indsats-I9")
        expect(initiative.locator("h4")).to_have_text("Introduktionsstillinger")
        expect(initiative).to_contain_text("Målgrupper: børn og unge")

        initiative.locator("details.edit-initiative summary").click()
        edit = initiative.locator("form.initiative-form")
        edit.locator("input[name=title]").fill("Introduktionsstillinger i yderområder")
        edit.locator("input[name=focus]").check()
        _shot(page, "initiative-edit")
        edit.locator("button").click()
        expect(page.locator("#indsats-I9 h4")).to_contain_text("i yderområder")
        expect(page.locator("#indsats-I9 h4 .badge")).to_have_text("fokus")

        page.locator("#maal-G2 details.edit-goal summary").click()
        page.locator("#maal-G2 form.goal-delete button").click()
        expect(page.locator("#maal-G2")).to_have_count(0)
        _shot(page, "goals-edited")
        browser.close()
    with Store(db_url) as store:
        plan = PlanStore(store).get("plan-2026")
    assert [g.id for g in plan.content.goals] == ["G1", "G3"]
    stored = plan.initiative("I9")
    assert stored is not None
    assert (stored.title, stored.focus, stored.owners, stored.tags) == (
        "Introduktionsstillinger i yderområder",
        True,
        ["region", "plo"],
        ["children_young"],
    )
    assert (stored.start, stored.end) == (dt.date(2026, 5, 1), dt.date(2027, 4, 30))
    assert {v.created_by for v in plan.versions[-4:]} == {label_of("planner")}
