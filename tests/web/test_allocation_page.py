"""The *Fordeling af kapaciteter* page in headless Chromium, on the demo region.

A planner asks for 3 capacities with the default objectives; the run starts in the background
and the page shows its progress (the solver's stage and elapsed seconds) until the result
loads. The page must then show the proof, one circle per proposed site on the map — the sites
:func:`allocate` proposes on the same snapshot — and a table whose capacities sum to 3; saved
as a scenario, the proposal is a ``forslag`` with its edits. A long run (nearness as well,
with its frontier) is stopped by the progress box's cancel button.
"""

from __future__ import annotations

import re

import numpy as np
from playwright.sync_api import Page, expect

from praksisplan.optimise.allocation import AllocationRequest, allocate
from praksisplan.optimise.explain import proposal_edits

from .test_browser import (  # noqa: F401 - fixtures shared with the other browser tests
    LiveApp,
    _screenshot,
    browser,
    live_app,
    page,
    pytestmark,
)


def _script_ready(tab: Page) -> None:
    """Wait until the page's script handles the form (it loads after the page: a click before
    that submits the script-free GET, which runs no background job — a failure under load)."""
    tab.wait_for_selector("#allocation-form[data-ready=true]", state="attached", timeout=60_000)


def test_allocation_of_three_capacities_on_the_map(page: Page, live_app: LiveApp) -> None:  # noqa: F811
    dataset = live_app.store.read_dataset(live_app.snapshot.id)
    expected = allocate(dataset, AllocationRequest(capacities=3, frontier=False, runner_up=False))
    receiving = int(np.count_nonzero(expected.solution.added))
    page.goto(f"{live_app.url}/fordeling?snapshot={live_app.snapshot.id}")
    _script_ready(page)
    page.fill("#capacities", "3")
    page.click("#run-allocation")
    progress = page.locator("#allocation-progress")
    expect(progress).to_be_visible()
    # the stage and time appear once the start request answers: under load (six test runs on
    # two cores) that took longer than expect's default 5 s, so wait as the cancel test does
    expect(progress.locator(".stage")).not_to_be_empty(timeout=60_000)
    expect(progress.locator(".elapsed")).to_have_text(re.compile(r"^\d+ s$"), timeout=60_000)
    _screenshot(page, "fordeling-beregner")
    page.wait_for_url(re.compile(r"/fordeling\?.*job="), timeout=180_000)
    page.wait_for_selector("#proof")
    assert page.inner_text("#proof").startswith("Bevist optimal")
    assert page.locator("#allocation-map circle.proposed-site").count() == receiving == 3
    cells = page.locator(".allocation-table tbody tr td:nth-child(3)").all_inner_texts()
    assert sum(int(c) for c in cells) == 3
    assert page.locator("#frontier-chart polyline").count() == 1
    page.locator("#allocation-map").scroll_into_view_if_needed()
    _screenshot(page, "fordeling")
    page.fill("#proposal-name", "Tre kapaciteter")
    page.click("#save-as-scenario")
    page.wait_for_url(f"{live_app.url}/scenarier/*")
    expect(page.locator("#scenario-status")).to_have_text("forslag")
    expect(page.locator("#edit-list li")).to_have_count(len(proposal_edits(dataset, expected)))


def test_the_cancel_button_stops_a_long_run(page: Page, live_app: LiveApp) -> None:  # noqa: F811
    page.goto(f"{live_app.url}/fordeling?snapshot={live_app.snapshot.id}")
    _script_ready(page)
    page.fill("#capacities", "10")
    page.check("input[name=objective][value=nearness]")
    cancel = page.locator("#cancel-allocation")
    expect(cancel).to_be_hidden()
    page.click("#run-allocation")
    progress = page.locator("#allocation-progress")
    expect(progress.locator(".stage")).to_have_text(re.compile("^Løser trin"), timeout=60_000)
    expect(cancel).to_be_visible()
    cancel.click()
    expect(progress.locator(".error")).to_have_text("Beregningen blev annulleret", timeout=15_000)
    expect(progress.locator(".stage")).to_have_text("Annulleret")
    expect(cancel).to_be_hidden()
    expect(page.locator("#run-allocation")).to_be_enabled()
    assert "job=" not in page.url
    _screenshot(page, "fordeling-annulleret")
