# ruff: noqa: F811 - pytest injects the imported fixtures by parameter name
"""Browser tests of what the committee meeting needs (issue 15), in headless Chromium.

The practice search submitted as the browser submits it (filters left at "Alle"), and a
committee decision that changes the map's colour, the legend's counts and Overblik. The
expected figures are computed from the demo dataset with the engine, not read from the app.
"""

from __future__ import annotations

import io
from pathlib import Path

import geopandas as gpd
from PIL import Image
from playwright.sync_api import Page

from praksisplan.core.danish_numbers import format_number_da
from praksisplan.engine.indicators import compute_indicators
from praksisplan.threat.assess import assess
from praksisplan.threat.rules import load_rules

from .test_browser import (  # noqa: F401 - fixtures shared with the other browser tests
    SCREENSHOTS,
    LiveApp,
    _click_point_in,
    _open_map,
    _screenshot,
    browser,
    live_app,
    page,
    pytestmark,
)

#: The map's background and the areas' fill opacity (web/src/map.ts).
BACKGROUND = (0xE8, 0xEE, 0xF3)
FILL_OPACITY = 0.75
CLASS_RGB = {"red": (0xD7, 0x19, 0x1C), "yellow": (0xFD, 0xD8, 0x35), "green": (0x1A, 0x96, 0x41)}


def _blended(cls: str) -> tuple[float, ...]:
    return tuple(
        FILL_OPACITY * c + (1 - FILL_OPACITY) * b
        for c, b in zip(CLASS_RGB[cls], BACKGROUND, strict=True)
    )


def test_practice_search_with_the_default_filters(page: Page, live_app: LiveApp) -> None:
    practices = live_app.store.read_dataset(live_app.snapshot.id).practices
    page.goto(f"{live_app.url}/praksis?snapshot={live_app.snapshot.id}")
    page.locator("form.filters button[type=submit]").click()  # everything at "Alle"
    page.wait_for_load_state()
    assert "status=" in page.url  # the form sends the empty filters
    assert page.locator("#practice-count").inner_text() == format_number_da(len(practices))

    name = str(practices["name"].iloc[0])
    needle = name.split()[-1]
    expected = practices["name"].str.casefold().str.contains(needle.casefold(), regex=False)
    expected |= practices["provider_number"].str.casefold().str.contains(needle.casefold())
    page.locator("input[name=q]").fill(needle)
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#practice-count").inner_text() == format_number_da(int(expected.sum()))
    assert page.locator("table.practices tbody tr").count() == min(50, int(expected.sum()))

    number = str(practices["provider_number"].iloc[3])
    page.locator("input[name=q]").fill(number)
    page.locator("select[name=status]").select_option("")
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(f"tr[data-provider='{number}']").count() == 1
    _screenshot(page, "praksis-soegning")


def _pixel(page: Page, x: float, y: float) -> tuple[int, ...]:
    shot = page.screenshot(clip={"x": x, "y": y, "width": 1, "height": 1})
    rgb = Image.open(io.BytesIO(shot)).convert("RGB").getpixel((0, 0))
    assert isinstance(rgb, tuple)
    return rgb


def _assert_colour(pixel: tuple[int, ...], cls: str) -> None:
    expected = _blended(cls)
    assert all(abs(p - e) <= 8 for p, e in zip(pixel, expected, strict=True)), (pixel, cls)


def test_a_decision_changes_map_colour_counts_and_overview(page: Page, live_app: LiveApp) -> None:
    sid = live_app.snapshot.id
    dataset = live_app.store.read_dataset(sid)
    assessment = assess(dataset, load_rules(None), compute_indicators(dataset, "area"))
    model = assessment.areas["threat_class"]
    before = {cls: int((model == cls).sum()) for cls in ("red", "yellow", "green")}
    red_area = str(model[model == "red"].index[0])
    after = {**before, "red": before["red"] - 1, "yellow": before["yellow"] + 1}

    geometry = dataset.coverage_areas.set_index("area_id").geometry[red_area]
    points = gpd.GeoSeries(gpd.points_from_xy(dataset.practices["x"], dataset.practices["y"]))
    lon, lat = _click_point_in(geometry, points)

    def area_pixel() -> tuple[int, ...]:
        project = "([lon, lat]) => Object.values(window.praksisplanMap.project([lon, lat]))"
        x, y = page.evaluate(project, [lon, lat])
        box = page.locator("#map canvas").bounding_box()
        assert box is not None
        return _pixel(page, box["x"] + x, box["y"] + y)

    _open_map(page, live_app)
    _assert_colour(area_pixel(), "red")
    legend = page.locator("#legend").inner_text()
    assert f"Rød – lægedækningstruet ({format_number_da(before['red'])})" in legend

    page.goto(f"{live_app.url}/truede?snapshot={sid}")
    row = page.locator(f"tr[data-area='{red_area}']")
    row.locator("summary").click()
    row.locator("select[name=decided_class]").select_option("yellow")
    row.locator("textarea[name=reason]").fill("Ny kapacitet besat 1. april (e2e-test)")
    row.locator("button[type=submit]").click()
    page.wait_for_load_state()

    _open_map(page, live_app)
    _assert_colour(area_pixel(), "yellow")
    legend = page.locator("#legend").inner_text()
    assert f"Rød – lægedækningstruet ({format_number_da(after['red'])})" in legend
    assert f"Gul – i risiko ({format_number_da(after['yellow'])})" in legend
    _screenshot(page, "kort-efter-beslutning")

    page.locator("input[name=class-mode][value=model]").check()
    _assert_colour(area_pixel(), "red")
    assert f"({format_number_da(before['red'])})" in page.locator("#legend").inner_text()

    page.goto(f"{live_app.url}/overblik?snapshot={sid}")
    for cls in ("red", "yellow", "green"):
        shown = page.locator(f"[data-threat-count={cls}]").inner_text()
        assert shown == format_number_da(after[cls]), cls
        assert page.locator(f"[data-model-count={cls}]").inner_text() == format_number_da(
            before[cls]
        )
    page.goto(f"{live_app.url}/omraade/{red_area}?snapshot={sid}")
    assert page.locator(".status-line").get_attribute("data-status") == "yellow"
    assert page.locator(".model-line").get_attribute("data-model-class") == "red"


def test_print_views_show_the_content_alone(page: Page, live_app: LiveApp) -> None:
    sid = live_app.snapshot.id
    page.emulate_media(media="print")
    page.goto(f"{live_app.url}/truede?snapshot={sid}")
    assert not page.locator("header.top").is_visible()
    assert not page.locator("form.filters").is_visible()
    assert not page.locator("th.new-decision").is_visible()
    assert page.locator("table.threat-list tbody tr").first.is_visible()
    page.screenshot(path=str(_shots() / "truede-print.png"), full_page=True)
    page.goto(f"{live_app.url}/omraade/A01?snapshot={sid}")
    assert not page.locator("header.top").is_visible()
    assert page.locator(".why").first.inner_text().split(",")[0] in ("Rød", "Gul", "Grøn")
    page.screenshot(path=str(_shots() / "omraade-print.png"), full_page=True)


def test_map_at_800_px_is_full_width_with_panels_below(page: Page, live_app: LiveApp) -> None:
    page.set_viewport_size({"width": 800, "height": 900})
    _open_map(page, live_app)
    map_box = page.locator("#map").bounding_box()
    details_box = page.locator("#details").bounding_box()
    assert map_box is not None and details_box is not None
    assert map_box["width"] >= 800 - 2 * 24  # only main's padding beside it
    assert details_box["y"] >= map_box["y"] + map_box["height"]  # the panel under the map
    _screenshot(page, "kort-800px")


def _shots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
