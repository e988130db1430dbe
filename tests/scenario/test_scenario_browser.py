"""The scenario editor in headless Chromium (Debian's /usr/bin/chromium) on the tiny region.

A planner starts a scenario, closes P001 on the map and places a near clinic in Jammerbugt
(A3); the diff panel shows A3 going from red to yellow — the class the threat assessment
gives the same dataset edited directly — and a reload by the scenario's URL shows the same.
Screenshots go to ``test-output/screenshots/scenario-*.png``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from access_users import browser_login
from live_server import serving
from praksisplan.core.dataset import Dataset
from praksisplan.optimise.allocation import AllocationRequest, allocate
from praksisplan.optimise.candidates import CandidateOptions
from praksisplan.optimise.explain import proposal_edits
from praksisplan.scenario.apply import apply_edits
from praksisplan.scenario.edits import parse_edits
from praksisplan.store import ScenarioStore, Store
from praksisplan.threat.assess import assess
from praksisplan.threat.rules import load_rules
from praksisplan.web.assets import assets_built
from praksisplan.web.svg_map import SvgFrame
from web.test_browser import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"
    ),
    pytest.mark.skipif(not assets_built(), reason="front end not built: run `make web-assets`"),
    pytest.mark.xdist_group("browser"),
]
CLASS_DA = {"red": "rød", "yellow": "gul", "green": "grøn"}


@pytest.fixture(scope="module")
def live(
    tmp_path_factory: pytest.TempPathFactory, tiny_dataset: Dataset
) -> Iterator[tuple[str, str]]:
    db_url = f"sqlite:///{tmp_path_factory.mktemp('scenario-browser') / 'store.db'}"
    with Store(db_url) as store:
        store.load_dataset(tiny_dataset, source="tiny")
    with serving(db_url) as base:
        yield base, db_url


def _shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"scenario-{name}.png"), full_page=True)


def _click_at(page: Page, frame: SvgFrame, x: float, y: float) -> None:
    svg = page.locator("#scenario-map")
    box = svg.bounding_box()
    assert box is not None
    sx, sy = frame.point(x, y)
    ratio = box["width"] / frame.width
    svg.click(position={"x": sx * ratio, "y": sy * ratio})


def test_build_a_scenario_on_the_map(live: tuple[str, str], tiny_dataset: Dataset) -> None:
    base, db_url = live
    frame = SvgFrame.of(tiny_dataset, 640.0)
    cell = tiny_dataset.cells.set_index("cell_id").loc["C11"]  # in A3, Jammerbugt
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        browser_login(page, base, db_url, "planner")
        page.goto(f"{base}/scenarier")
        page.fill("#scenario-name", "Luk P001, nærklinik i Jammerbugt")
        page.click("#create-scenario")
        page.wait_for_url(f"{base}/scenarier/*")
        url = page.url
        expect(page.locator("#class-changes")).to_contain_text("Ingen områder")

        page.click("circle.practice[data-provider='P001']")
        page.click("#close-practice")
        expect(page.locator("#edit-list li")).to_have_count(1)
        _click_at(page, frame, float(cell["x"]), float(cell["y"]))
        page.fill("#clinic-capacities", "3")
        page.click("#add-clinic")
        expect(page.locator("#edit-list li")).to_have_count(2)
        expect(page.locator("#new-clinics circle")).to_have_count(1)

        with Store(db_url) as store:
            scenarios = ScenarioStore(store)
            edits = [r.edit for r in scenarios.edits(scenarios.list_scenarios()[0].id)]
        # the classes the assessment gives the edited dataset, computed without the editor
        edited = apply_edits(tiny_dataset, parse_edits([e.to_dict() for e in edits])).dataset
        rules = load_rules(None)
        before = assess(tiny_dataset, rules).areas["threat_class"]
        after = assess(edited, rules).areas["threat_class"]
        moved = [a for a in before.index if before[a] != after[a]]
        assert moved == ["A3"]
        expected = f"A3 Jammerbugt: {CLASS_DA[before['A3']]} → {CLASS_DA[after['A3']]}"
        expect(page.locator("#class-changes li.class-change")).to_have_text([expected])
        expect(page.locator("path.area[data-area='A3']")).to_have_attribute(
            "data-class", str(after["A3"])
        )
        _shot(page, "editor")

        page.goto(url)
        expect(page.locator("#class-changes li.class-change")).to_have_text([expected])
        expect(page.locator("#edit-list li")).to_have_count(2)
        page.check("input[name=colouring][value=change]")
        _shot(page, "reloaded-change")

        # drag P005 20 px east: a move edit, the practice stays in A3
        box = page.locator("circle.practice[data-provider='P005']").bounding_box()
        assert box is not None
        cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        page.mouse.move(cx, cy)
        page.mouse.down()
        page.mouse.move(cx + 20, cy, steps=5)
        page.mouse.up()
        expect(page.locator("#edit-list li")).to_have_count(3)
        browser.close()
    with Store(db_url) as store:
        scenarios = ScenarioStore(store)
        scenario_id = scenarios.list_scenarios()[0].id
        move = scenarios.edits(scenario_id)[-1].edit
        moved = scenarios.applied(scenario_id).dataset.practices.set_index("provider_number")
    p005 = tiny_dataset.practices.set_index("provider_number").loc["P005"]
    assert (move.table, move.key, move.op, set(move.values)) == (
        "practices",
        ("P005",),
        "update",
        {"x", "y"},
    )
    assert float(moved.loc["P005", "x"]) > float(p005["x"])
    assert moved.loc["P005", "area_id"] == "A3"


def test_save_an_allocation_proposal_as_a_scenario(
    live: tuple[str, str], tiny_dataset: Dataset
) -> None:
    base, db_url = live
    request = AllocationRequest(
        capacities=2,
        candidates=CandidateOptions(existing=True, towns=False),
        runner_up=False,
    )
    expected = proposal_edits(tiny_dataset, allocate(tiny_dataset, request))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        browser_login(page, base, db_url, "planner")
        page.goto(f"{base}/fordeling?snapshot=1&capacities=2&existing=true")
        page.fill("#proposal-name", "To kapaciteter")
        page.click("#save-as-scenario")
        page.wait_for_url(f"{base}/scenarier/*")
        expect(page.locator("#edit-list li")).to_have_count(len(expected))
        expect(page.locator("#scenario-status")).to_have_text("forslag")
        _shot(page, "from-allocation")
        browser.close()
    with Store(db_url) as store:
        scenarios = ScenarioStore(store)
        saved = scenarios.get("To kapaciteter")
        assert [r.edit for r in scenarios.edits(saved.id)] == parse_edits(expected)
