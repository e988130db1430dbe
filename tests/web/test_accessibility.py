# ruff: noqa: F811 - pytest injects the imported fixtures by parameter name
"""axe-core over every page of the web app in headless Chromium: no accessibility violation.

axe-core comes from npm (``web/package.json``, installed by ``make web-assets`` into
``web/node_modules``) and is evaluated in the page from that local file — nothing from a
CDN, and the page's own Content-Security-Policy stays in force. Every rule axe runs by
default (WCAG 2.0/2.1 A and AA and axe's best practices) must pass on every page, the login
page included; a violation fails the test with the rule, its help text and the offending
elements. The store holds the demo region as ``serve`` loads it (snapshot, practice plan)
and one scenario, so the plan and scenario pages have something to show.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from access_users import browser_login, label_of
from live_server import serving
from praksisplan.store import PlanStore, ScenarioStore, Store
from praksisplan.web.demo_bootstrap import load_demo_if_empty

from .test_browser import SCREENSHOTS, browser, pytestmark  # noqa: F401 - shared fixtures

AXE = Path(__file__).resolve().parents[2] / "web" / "node_modules" / "axe-core" / "axe.min.js"

pytestmark = [
    *pytestmark,
    pytest.mark.skipif(not AXE.exists(), reason="axe-core not installed: run `make web-assets`"),
]


class Site:
    def __init__(self, url: str, db_url: str, snapshot: int, plan: str, scenario: int) -> None:
        self.url, self.db_url = url, db_url
        self.snapshot, self.plan, self.scenario = snapshot, plan, scenario


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    db_url = f"sqlite:///{tmp_path_factory.mktemp('axe') / 'store.db'}"
    with Store(db_url) as store:
        info = load_demo_if_empty(store)
        assert info is not None
        plan = PlanStore(store).list_plans()[0].key
        scenario = ScenarioStore(store).create(info.id, "Luk en praksis", label_of("planner")).id
    with serving(db_url) as base:
        yield Site(base, db_url, info.id, plan, scenario)


def _violations(page: Page) -> list[dict[str, object]]:
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document)")
    assert result["passes"], "axe-core checked nothing"
    return [
        {
            "rule": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "elements": [n["target"] for n in v["nodes"]][:8],
            "summary": v["nodes"][0]["failureSummary"],
        }
        for v in result["violations"]
    ]


def _assert_accessible(page: Page, name: str) -> None:
    found = _violations(page)
    if found:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"axe-{name}.png"), full_page=True)
        pytest.fail(f"axe-core on {name}:\n" + json.dumps(found, ensure_ascii=False, indent=1))


def test_login_page(browser: Browser, site: Site) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(f"{site.url}/login")
    _assert_accessible(page, "login")
    context.close()


PAGES = {
    "overblik": "/overblik?snapshot={snapshot}",
    "kort": "/kort?snapshot={snapshot}",
    "omraade": "/omraade/A01?snapshot={snapshot}",
    "omraade-oe": "/omraade/A40?snapshot={snapshot}",  # an island: note and bed site
    "kommune": "/kommune/903?snapshot={snapshot}",
    "praksis": "/praksis?snapshot={snapshot}",
    "truede": "/truede?snapshot={snapshot}",
    "begreber": "/begreber",
    "rejsetid": "/rejsetid?snapshot={snapshot}",
    "rapporter": "/rapporter",
    "prognose": "/prognose",
    "upload": "/upload",
    "fordeling": "/fordeling?snapshot={snapshot}",
    "ledigt-ydernummer": "/ledigt-ydernummer/D00001?snapshot={snapshot}",
    "scenarier": "/scenarier",
    "scenarie": "/scenarier/{scenario}",
    "praksisplaner": "/praksisplan",
    "praksisplan": "/praksisplan/{plan}",
    "planversion": "/praksisplan/{plan}/version/1",
    "indbakke": "/praksisplan/{plan}/indbakke",
    "hvidbog": "/praksisplan/{plan}/hvidbog",
    "konto": "/konto",
    "revision": "/revision",
    "brugere": "/brugere",
    "ikke-fundet": "/findes-ikke",
}


@pytest.fixture(scope="module")
def admin(browser: Browser, site: Site) -> Iterator[Page]:
    """One admin session (every page is open to the admin) for all the pages."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    browser_login(page, site.url, site.db_url, "admin")
    yield page
    context.close()


@pytest.mark.parametrize("name", list(PAGES))
def test_page(admin: Page, site: Site, name: str) -> None:
    path = PAGES[name].format(snapshot=site.snapshot, plan=site.plan, scenario=site.scenario)
    admin.goto(f"{site.url}{path}")
    if name == "kort":
        admin.wait_for_selector("body[data-map-ready=true]", timeout=30_000)
    admin.wait_for_load_state("networkidle")
    _assert_accessible(admin, name)


def test_map_with_an_area_chosen(admin: Page, site: Site) -> None:
    """The map's side panel and legend once an area is chosen (badge, figures, links)."""
    admin.goto(f"{site.url}/kort?snapshot={site.snapshot}")
    admin.wait_for_selector("body[data-map-ready=true]", timeout=30_000)
    admin.locator("#area-picker").select_option("A01")
    admin.wait_for_selector("#details[data-area-id='A01']")
    _assert_accessible(admin, "kort-omraade")


def test_map_with_the_travel_layers_on(admin: Page, site: Site) -> None:
    """The map with ferries, bed sites and patients beyond 15 km switched on: the marker
    buttons, the travel legend and a site's popup."""
    admin.goto(f"{site.url}/kort?snapshot={site.snapshot}")
    admin.wait_for_selector("body[data-map-ready=true]", timeout=30_000)
    for box in ("layer-links", "layer-sites", "layer-beyond"):
        admin.locator(f"#{box}").check()
        admin.wait_for_selector(f"#{box}[data-shown=true]")
    admin.locator("#beyond-list summary").click()
    admin.locator(".travel-site").first.click()
    admin.locator(".practice-popup").wait_for()
    _assert_accessible(admin, "kort-rejselag")
