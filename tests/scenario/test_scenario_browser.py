"""The scenario editor in headless Chromium (Debian's /usr/bin/chromium) on the tiny region.

A planner starts a scenario, closes P001 on the map and places a near clinic in Jammerbugt
(A3); the diff panel shows A3 going from red to yellow — the class the threat assessment
gives the same dataset edited directly — and a reload by the scenario's URL shows the same.
The editor's texts are Danish: edits as sentences, labels instead of indicator codes, the
diff table's columns *I dag*, *Scenariet*, *Forskel*. Screenshots go to
``test-output/screenshots/scenario-*.png``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

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


# -- the editor's Danish texts ------------------------------------------------------------
# A scenario closes P001, places a near clinic in A3 at a point with decimals and moves
# P005: the list of edits reads as Danish sentences with coordinates to whole metres, the
# diff table has the columns I dag / Scenariet / Forskel, and every figure is named by its
# Danish label, never by its code. The figures are counted by hand from
# tests/fixtures/tiny/practices.csv. Screenshot: scenario-danish-texts.png.


Served = tuple[str, str, int, tuple[int, int], tuple[int, int]]


def _metres(value: int) -> str:
    """Whole metres with a Danish thousands point, written without Babel: 551235 → 551.235."""
    return f"{value:,}".replace(",", ".")


@pytest.fixture
def scenario_page(tmp_path: Path, tiny_dataset: Dataset) -> Iterator[Served]:
    """(base URL, store, scenario id, clinic point, P005's new point), served."""
    db_url = f"sqlite:///{tmp_path}/store.db"
    cells = tiny_dataset.cells.set_index("cell_id")
    practices = tiny_dataset.practices.set_index("provider_number")
    clinic_x, clinic_y = round(float(cells.loc["C11", "x"])), round(float(cells.loc["C11", "y"]))
    move_x = round(float(practices.loc["P005", "x"])) + 200
    move_y = round(float(practices.loc["P005", "y"]))
    edits = [
        {"table": "practices", "key": "P001", "op": "update", "values": {"status": "closed"}},
        {
            "table": "practices",
            "key": "NK1",
            "op": "insert",
            "values": {
                "name": "Ny nærklinik",
                "x": clinic_x + 0.4321,
                "y": clinic_y - 0.2468,
                "org_form": "near",
                "capacities": 3,
                "vacant_capacities": 0,
                "listed_patients": 0,
                "status": "open",
            },
        },
        {
            "table": "practices",
            "key": "P005",
            "op": "update",
            "values": {"x": move_x + 0.1234567, "y": move_y + 0.4444444},
        },
    ]
    with Store(db_url) as store:
        snapshot = store.load_dataset(tiny_dataset, source="tiny").id
        scenario = ScenarioStore(store).create(
            snapshot, "Dansk tekst", "Anna", edits=parse_edits(edits)
        )
    with serving(db_url) as base:
        yield base, db_url, scenario.id, (clinic_x, clinic_y), (move_x, move_y)


def test_editor_texts_are_danish(scenario_page: Served) -> None:
    base, db_url, scenario_id, (clinic_x, clinic_y), (move_x, move_y) = scenario_page
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 1000})
        browser_login(page, base, db_url, "planner")
        page.goto(f"{base}/scenarier/{scenario_id}")

        expect(page.locator("#edit-list li")).to_have_text(
            [
                "Praksis P001 lukker for tilgang.",
                f"Ny nærklinik NK1 «Ny nærklinik» med 3 kapaciteter ved {_metres(clinic_x)} Ø, "
                f"{_metres(clinic_y)} N.",
                f"Praksis P005 flyttes til {_metres(move_x)} Ø, {_metres(move_y)} N.",
            ]
        )
        table = page.locator("#region-changes")
        expect(table.locator("thead th")).to_have_text(
            ["Nøgletal", "I dag", "Scenariet", "Forskel"]
        )
        # 6 practices, 3 open (P001, P004, P005); P001 closes, the open near clinic is added:
        # 3 open of 7 = 42,857 %, a change of −7,14 percentage points
        expect(table.locator("tr[data-indicator=share_practices_open] > *")).to_have_text(
            ["Andel åbne praksis", "50 %", "43 %", "−7,1 procentpoint"]
        )
        expect(table.locator("tr[data-indicator=practices_near] > *")).to_have_text(
            ["Antal nærklinikker", "0", "1", "+1"]
        )
        expect(table.locator("tr[data-indicator=practices] > *")).to_have_text(
            ["Praksis", "6", "7", "+1"]
        )
        labels = table.locator("tbody th").all_inner_texts()
        assert len(labels) > 5
        assert [label for label in labels if re.fullmatch(r"[a-z0-9_]+", label)] == []
        for code in ("dist_any_median_km", "access_e2sfca_gini", "access_e2sfca_palma"):
            row = table.locator(f"tr[data-indicator={code}] th")
            if row.count():
                assert "_" not in row.inner_text()
        edits_text = " ".join(page.locator("#edit-list li").all_inner_texts())
        assert not re.search(r"\d\.\d{3}\d|\d,\d|values|practices|status =", edits_text)
        _shot(page, "danish-texts")
        browser.close()
