"""End-to-end tests in headless Chromium (Debian's /usr/bin/chromium, driven by Playwright).

The app runs in a uvicorn thread over a real SQLite store holding the demo region. The tests
click a red area on the map and compare the figures shown with the engine's, record a
committee decision and see it after a reload, check that no request leaves 127.0.0.1, and
save a screenshot of each page under ``test-output/screenshots/`` for review.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from playwright.sync_api import Browser, Page, Request, sync_playwright

from access_users import browser_login
from live_server import serving
from praksisplan.core.danish_numbers import format_amount_da, format_number_da
from praksisplan.core.dataset import ANALYSIS_CRS
from praksisplan.engine.indicators import compute_indicators
from praksisplan.store import SnapshotInfo, Store
from praksisplan.synth.demo import build_demo_dataset
from praksisplan.threat.assess import assess
from praksisplan.threat.rules import load_rules
from praksisplan.web.assets import assets_built
from praksisplan.web.catalogue import format_value

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"
    ),
    pytest.mark.skipif(not assets_built(), reason="front end not built: run `make web-assets`"),
    pytest.mark.xdist_group("browser"),
]


class LiveApp:
    def __init__(self, url: str, store: Store, snapshot: SnapshotInfo, db_url: str) -> None:
        self.url = url
        self.db_url = db_url
        self.store = store
        self.snapshot = snapshot


@pytest.fixture(scope="module")
def live_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApp]:
    db_url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'store.db'}"
    store = Store(db_url)
    snapshot = store.load_dataset(build_demo_dataset(), source="demo")
    with serving(db_url) as base:
        yield LiveApp(base, store, snapshot, db_url)
    store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser, live_app: LiveApp) -> Iterator[Page]:
    """A page that fails the test if any request goes anywhere but the app."""
    # a planner's 14" laptop
    context = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True)
    tab = context.new_page()
    outside: list[str] = []

    def check(request: Request) -> None:
        if not request.url.startswith((live_app.url + "/", "blob:", "data:")):
            outside.append(request.url)

    tab.on("request", check)
    browser_login(tab, live_app.url, live_app.db_url, "planner")
    yield tab
    context.close()
    assert outside == [], f"requests left the machine: {outside}"


def _screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def _open_map(page: Page, live_app: LiveApp) -> None:
    page.goto(f"{live_app.url}/kort?snapshot={live_app.snapshot.id}")
    page.wait_for_selector("body[data-map-ready=true]", timeout=30_000)


def _click_point_in(area: shapely.Geometry, practices: gpd.GeoSeries) -> tuple[float, float]:
    """A lon/lat inside ``area`` (metres) at least 2 km from every practice, so a click hits
    the area and not a practice's circle."""
    inner = area.buffer(-500)
    candidates = [inner.representative_point(), inner.centroid]
    minx, miny, maxx, maxy = inner.bounds
    candidates += [
        shapely.Point(minx + (maxx - minx) * i / 8, miny + (maxy - miny) * j / 8)
        for i in range(1, 8)
        for j in range(1, 8)
    ]
    for point in candidates:
        if inner.contains(point) and practices.distance(point).min() > 2000:
            lonlat = gpd.GeoSeries([point], crs=ANALYSIS_CRS).to_crs("EPSG:4326").iloc[0]
            return float(lonlat.x), float(lonlat.y)
    raise AssertionError("no clickable point in the area")


def test_clicking_a_red_area_shows_the_engines_figures(page: Page, live_app: LiveApp) -> None:
    dataset = live_app.store.read_dataset(live_app.snapshot.id)
    indicators = compute_indicators(dataset, "area")
    assessment = assess(dataset, load_rules(None), indicators)
    red = assessment.areas[assessment.areas["threat_class"] == "red"]
    assert len(red) > 0
    area_id = str(red.index[0])
    geometry = dataset.coverage_areas.set_index("area_id").geometry[area_id]
    practices = gpd.GeoSeries(gpd.points_from_xy(dataset.practices["x"], dataset.practices["y"]))
    lon, lat = _click_point_in(geometry, practices)

    _open_map(page, live_app)
    _screenshot(page, "kort")
    project = "([lon, lat]) => Object.values(window.praksisplanMap.project([lon, lat]))"
    x, y = page.evaluate(project, [lon, lat])
    box = page.locator("#map canvas").bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.wait_for_selector(f"#details[data-area-id='{area_id}']", timeout=10_000)

    assert page.locator("#details .badge").get_attribute("data-threat-class") == "red"
    assert page.locator("#details h2").inner_text() == red.at[area_id, "name"]
    population = int(indicators.at[area_id, "population"])
    assert page.locator("#details dd[data-key=population]").inner_text() == format_number_da(
        population
    )
    shown = page.locator("#details dd[data-key]")
    assert shown.count() >= 6
    for i in range(shown.count()):
        key = shown.nth(i).get_attribute("data-key")
        assert key is not None
        assert shown.nth(i).inner_text() == format_value(key, indicators.at[area_id, key]), key
    _screenshot(page, "kort-omraade-valgt")


def test_clicking_a_practice_shows_its_figures_in_danish(page: Page, live_app: LiveApp) -> None:
    practices = live_app.store.read_dataset(live_app.snapshot.id).practices
    points = gpd.GeoSeries(gpd.points_from_xy(practices["x"], practices["y"]), crs=ANALYSIS_CRS)
    # a practice at least 3 km from every other, so the click hits it alone
    nearest_other = [points.drop(i).distance(points[i]).min() for i in points.index]
    alone = [i for i, d in zip(points.index, nearest_other, strict=True) if d > 3000]
    assert alone, "no isolated practice in the demo region"
    row = practices.loc[alone[0]]
    lonlat = points.to_crs("EPSG:4326")[alone[0]]

    _open_map(page, live_app)
    project = "([lon, lat]) => Object.values(window.praksisplanMap.project([lon, lat]))"
    x, y = page.evaluate(project, [lonlat.x, lonlat.y])
    box = page.locator("#map canvas").bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.wait_for_selector(f"#details[data-provider-number='{row['provider_number']}']")

    terms = page.locator("#details dt").all_inner_texts()
    values = page.locator("#details dd").all_inner_texts()
    shown = dict(zip(terms, values, strict=True))
    assert shown["Kapaciteter"] == format_amount_da(float(row["capacities"]))
    assert shown["Tilmeldte patienter"] == format_number_da(int(row["listed_patients"]))


def test_map_by_keyboard_layers_and_png_download(page: Page, live_app: LiveApp) -> None:
    _open_map(page, live_app)
    picker = page.locator("#area-picker")
    picker.focus()
    picker.select_option("A01")
    page.wait_for_selector("#details[data-area-id='A01']")
    page.locator("#colour-by").select_option("supply_pct_of_need")
    assert "Udbud i % af behov" in page.locator("#legend").inner_text()
    page.locator("#layer-practices").uncheck()
    visibility = page.evaluate(
        "window.praksisplanMap.getLayoutProperty('practices-circle', 'visibility')"
    )
    assert visibility == "none"
    with page.expect_download() as download_info:
        page.locator("#download-png").click()
    path = download_info.value.path()
    data = Path(path).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    canvas_width = page.evaluate("window.praksisplanMap.getCanvas().width")
    png_width = int.from_bytes(data[16:20], "big")
    assert png_width > canvas_width  # the legend is drawn beside the map
    assert download_info.value.suggested_filename == "kort.png"


def test_committee_decision_is_kept_after_reload(page: Page, live_app: LiveApp) -> None:
    sid = live_app.snapshot.id
    page.goto(f"{live_app.url}/truede?snapshot={sid}")
    row = page.locator("tr[data-area]").first
    area_id = row.get_attribute("data-area")
    row.locator("summary").click()
    row.locator("select[name=decided_class]").select_option("yellow")
    row.locator("textarea[name=reason]").fill("Ny læge tiltræder 1. marts (e2e-test)")
    row.locator("button[type=submit]").click()
    page.wait_for_load_state()
    page.reload()
    decided = page.locator(f"tr#omraade-{area_id} td.decision")
    assert "Ny læge tiltræder 1. marts (e2e-test)" in decided.inner_text()
    assert decided.locator(".badge-yellow").count() == 1
    assert "Ny læge tiltræder 1. marts (e2e-test)" in page.locator(".history-table").inner_text()
    stored = live_app.store.current_decisions(sid)[str(area_id)]
    assert (stored.decided_class, stored.decided_by) == ("yellow", "Test planner (test-planner)")
    _screenshot(page, "truede")
    page.goto(f"{live_app.url}/omraade/{area_id}?snapshot={sid}")
    assert "Ny læge tiltræder 1. marts (e2e-test)" in page.locator("main").inner_text()


@pytest.mark.parametrize(
    ("name", "path"),
    [("overblik", "/overblik"), ("omraade", "/omraade/A01"), ("praksis", "/praksis")],
)
def test_pages_render_in_danish(page: Page, live_app: LiveApp, name: str, path: str) -> None:
    page.goto(f"{live_app.url}{path}?snapshot={live_app.snapshot.id}")
    assert page.locator("html").get_attribute("lang") == "da"
    assert page.locator("h1").inner_text()
    _screenshot(page, name)
