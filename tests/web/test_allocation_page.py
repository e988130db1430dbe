"""The *Fordeling af kapaciteter* page in headless Chromium, on the demo region.

A planner asks for 3 capacities with the default objectives; the run starts in the background
and the page shows its progress (the solver's stage and elapsed seconds) until the result
loads. The page must then show the proof, one circle per proposed site on the map — the sites
:func:`allocate` proposes on the same snapshot — and a table whose capacities sum to 3; saved
as a scenario, the proposal is a ``forslag`` with its edits. A long run (nearness as well,
with its frontier) is stopped by the progress box's cancel button. A candidate CSV uploaded in
the "Avanceret" section is the only site that may receive, and the result shows it.
"""

from __future__ import annotations

import re
from pathlib import Path

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
    assert page.locator("#frontier-chart .x-tick").all_text_contents() == ["0", "1", "2", "3"]
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


def test_an_uploaded_candidate_site_gets_the_capacities(
    page: Page,  # noqa: F811
    live_app: LiveApp,  # noqa: F811
    tmp_path: Path,
) -> None:
    """Only the user's site may receive (no growth, no towns) and it takes exactly 2: the
    result shows it by name with both capacities, and the options echo the file."""
    dataset = live_app.store.read_dataset(live_app.snapshot.id)
    cell = dataset.cells.iloc[len(dataset.cells) // 2]
    candidates = tmp_path / "egne-steder.csv"
    candidates.write_text(
        "site_id;name;x;y;org_forms;min_capacities;max_capacities\n"
        f"EGET-1;Sundhedshus Prøve;{cell['x']:.0f};{cell['y']:.0f};partnership;2;2\n",
        encoding="utf-8",
    )
    page.goto(f"{live_app.url}/fordeling?snapshot={live_app.snapshot.id}")
    _script_ready(page)
    page.fill("#capacities", "2")
    page.uncheck("input[name=existing]")
    page.uncheck("input[name=towns]")
    advanced = page.locator("#advanced")
    expect(page.locator("#candidates")).to_be_hidden()
    advanced.locator("summary").click()
    expect(page.locator("#candidates")).to_be_visible()
    page.check("input[name=frontier][value=false]")
    page.set_input_files("#candidates", str(candidates))
    page.locator("#candidates").scroll_into_view_if_needed()
    _screenshot(page, "fordeling-avanceret")
    page.click("#run-allocation")
    page.wait_for_url(re.compile(r"/fordeling\?.*job="), timeout=180_000)
    page.wait_for_selector("#proof")
    rows = page.locator(".allocation-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.locator("td").nth(0)).to_have_text("Sundhedshus Prøve")
    expect(rows.locator("td").nth(2)).to_have_text("2")
    expect(rows.locator("td").nth(3)).to_have_text("Eget kandidatsted")
    expect(page.locator("#allocation-options")).to_contain_text("egne-steder.csv: 1 sted (EGET-1)")
    expect(page.locator("#allocation-map circle.proposed-site")).to_have_count(1)
    page.locator("#allocation-options").scroll_into_view_if_needed()
    _screenshot(page, "fordeling-egen-kandidatfil")
    # the result's address names the file; without the job (shared, or reloaded without
    # it) the page refuses to recompute it without the file instead of dropping the site
    assert "candidates_file=egne-steder.csv" in page.url
    page.goto(re.sub(r"&job=[^&]*", "", page.url))
    expect(page.locator("p.error[role=alert]:visible")).to_contain_text(
        "kandidatfilen «egne-steder.csv», som en webadresse ikke kan bære"
    )
    expect(page.locator("#proof")).to_have_count(0)
