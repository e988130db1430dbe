# ruff: noqa: F811 - pytest injects the imported fixtures by parameter name
"""The map page in headless Chromium: Danish controls, the size legend, practices by
keyboard, area names on the map and the print-resolution PNG.

Expected values are worked by hand (circle diameters from the radius stops, 300 dpi in
pixels per metre) or come from the demo dataset, not from the page itself.
"""

from __future__ import annotations

import struct
from pathlib import Path

from playwright.sync_api import Browser, Page

from access_users import browser_login

from .test_browser import (  # noqa: F401 - fixtures shared with the other browser tests
    LiveApp,
    _open_map,
    _screenshot,
    browser,
    live_app,
    page,
    pytestmark,
)


def test_map_controls_speak_danish(page: Page, live_app: LiveApp) -> None:
    _open_map(page, live_app)
    assert page.locator(".maplibregl-ctrl-zoom-in").get_attribute("aria-label") == "Zoom ind"
    assert page.locator(".maplibregl-ctrl-zoom-out").get_attribute("aria-label") == "Zoom ud"
    assert page.locator("canvas.maplibregl-canvas").get_attribute("aria-label") == "Kort"


def test_legend_shows_circle_sizes(page: Page, live_app: LiveApp) -> None:
    _open_map(page, live_app)
    sizes = page.locator("#legend .size-swatch")
    labels = page.locator("#legend li:has(.size-swatch)").all_inner_texts()
    assert labels == ["1 kapacitet", "4 kapaciteter", "10 kapaciteter"]
    # radius stops (capacities → px) 1 → 4, 4 → 8, 10 → 13: diameters 8, 16, 26
    widths = [sizes.nth(i).bounding_box()["width"] for i in range(3)]  # type: ignore[index]
    assert widths == [8, 16, 26]


def _practice_at_screen(page: Page, number: str) -> tuple[float, float]:
    script = """(number) => {
      const map = window.praksisplanMap;
      const f = map.querySourceFeatures('practices')
        .find((f) => String(f.properties.provider_number) === number);
      const p = map.project(f.geometry.coordinates);
      return [p.x, p.y];
    }"""
    x, y = page.evaluate(script, number)
    return float(x), float(y)


def test_practices_by_keyboard(page: Page, live_app: LiveApp) -> None:
    practices = live_app.store.read_dataset(live_app.snapshot.id).practices
    names = dict(zip(practices["provider_number"], practices["name"], strict=True))
    _open_map(page, live_app)
    page.locator("canvas.maplibregl-canvas").focus()
    page.keyboard.press("Tab")  # the map's one tab stop for practices
    widget = page.locator(".practice-keys")
    assert page.evaluate("document.activeElement.classList.contains('practice-keys')")

    page.keyboard.press("ArrowRight")  # the practice nearest the centre
    first = widget.get_attribute("data-provider-number")
    assert first in names
    assert names[first] in widget.inner_text()
    state = page.evaluate(
        "(n) => window.praksisplanMap.getFeatureState({source: 'practices', id: n})", first
    )
    assert state["focused"] is True

    page.keyboard.press("ArrowRight")  # the next practice to the east
    second = widget.get_attribute("data-provider-number")
    assert second in names and second != first
    x1, y1 = _practice_at_screen(page, first)
    x2, y2 = _practice_at_screen(page, second)
    assert x2 > x1 and abs(y2 - y1) <= x2 - x1  # within 45° of due east

    page.keyboard.press("Enter")
    popup = page.locator(".practice-popup")
    popup.wait_for()
    assert names[second] in popup.inner_text()
    page.wait_for_selector(f"#details[data-provider-number='{second}']")
    _screenshot(page, "kort-praksis-tastatur")
    page.keyboard.press("Escape")
    popup.wait_for(state="detached")


def _open_practice_panel(page: Page, live_app: LiveApp) -> str:
    """Open the side panel of the practice nearest the map's centre by keyboard; its number."""
    _open_map(page, live_app)
    page.locator("canvas.maplibregl-canvas").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowRight")
    number = page.locator(".practice-keys").get_attribute("data-provider-number")
    assert number is not None
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#details[data-provider-number='{number}']")
    return number


def test_practice_panel_links_to_the_vacated_provider_number_page(
    page: Page, live_app: LiveApp
) -> None:
    number = _open_practice_panel(page, live_app)
    practices = live_app.store.read_dataset(live_app.snapshot.id).practices.set_index(
        "provider_number"
    )
    practice = practices.loc[number]
    assert practice["capacities"] - practice["vacant_capacities"] >= 1  # it can be vacated
    link = page.locator("#details a.vacancy-link")
    assert link.inner_text() == "Ledigt ydernummer: se mulighederne →"
    expected = f"/ledigt-ydernummer/{number}?snapshot={live_app.snapshot.id}"
    assert link.get_attribute("href") == expected
    link.click()
    page.wait_for_url(f"{live_app.url}{expected}")
    assert practice["name"] in page.locator("main").inner_text()


def test_practice_panel_has_no_vacancy_link_for_a_role_without_the_page(
    browser: Browser, live_app: LiveApp
) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    committee = context.new_page()  # the committee sees practices, not the vacancy page
    browser_login(committee, live_app.url, live_app.db_url, "committee")
    _open_practice_panel(committee, live_app)
    assert "Området:" in committee.locator("#details").inner_text()
    assert committee.locator("#details a.vacancy-link").count() == 0
    context.close()


def test_area_names_on_the_map_by_zoom(page: Page, live_app: LiveApp) -> None:
    areas = live_app.store.read_dataset(live_app.snapshot.id).coverage_areas
    _open_map(page, live_app)
    shown = page.locator(".area-label:not(.area-label-hidden)")
    at_region = shown.count()
    assert at_region > 0
    assert set(shown.all_inner_texts()) <= set(areas["name"])
    boxes = [shown.nth(i).bounding_box() for i in range(at_region)]
    for i, a in enumerate(boxes):  # no two names overlap
        for b in boxes[i + 1 :]:
            assert a is not None and b is not None
            apart = (
                a["x"] + a["width"] <= b["x"]
                or b["x"] + b["width"] <= a["x"]
                or a["y"] + a["height"] <= b["y"]
                or b["y"] + b["height"] <= a["y"]
            )
            assert apart
    _screenshot(page, "kort-navne")
    page.evaluate("window.praksisplanMap.jumpTo({zoom: window.praksisplanMap.getZoom() + 2})")
    page.wait_for_function("window.praksisplanMap.isMoving() === false")
    page.wait_for_timeout(200)
    assert page.locator(".area-label:not(.area-label-hidden)").count() >= 1
    page.locator("#layer-areas").uncheck()
    assert page.locator(".area-label:not(.area-label-hidden)").count() == 0


def _png_chunks(data: bytes) -> dict[bytes, bytes]:
    chunks, offset = {}, 8
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        chunks.setdefault(kind, data[offset + 8 : offset + 8 + length])
        offset += 12 + length
    return chunks


def test_map_png_at_print_resolution(page: Page, live_app: LiveApp) -> None:
    _open_map(page, live_app)
    screen_width = page.evaluate("window.praksisplanMap.getCanvas().width")
    with page.expect_download() as download_info:
        page.locator("#download-png").click()
    data = Path(download_info.value.path()).read_bytes()
    chunks = _png_chunks(data)
    (width,) = struct.unpack(">I", chunks[b"IHDR"][:4])
    # 25 cm at 300 dpi = 2953 px across the map, plus the legend column
    assert width >= 2953 and width > 3 * screen_width
    per_x, per_y, unit = struct.unpack(">IIB", chunks[b"pHYs"])
    assert (per_x, per_y, unit) == (11811, 11811, 1)  # 300 dpi = 11,811 px per metre
    assert page.evaluate("window.praksisplanMap.getCanvas().width") == screen_width
    out = Path(__file__).resolve().parents[2] / "test-output" / "screenshots" / "kort-print.png"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
