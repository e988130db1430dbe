# ruff: noqa: F811 - pytest injects the imported fixtures by parameter name
"""The Prognose page in headless Chromium on the demo region: the year slider recolours the
map with the classes of the forecast the test computes itself through the Python API, and
with those of the app's forecast API."""

from __future__ import annotations

import pandas as pd
from playwright.sync_api import Page

from praksisplan.core.danish_numbers import format_number_da
from praksisplan.forecast.parameters import load_parameters
from praksisplan.forecast.run import run_forecast
from praksisplan.threat.rules import load_rules

from .test_browser import (  # noqa: F401 - fixtures shared with the other browser tests
    LiveApp,
    _screenshot,
    browser,
    live_app,
    page,
    pytestmark,
)


def _prob_red_class(p: float) -> str:
    return "0" if p < 0.10 else "1" if p < 0.50 else "2" if p < 0.90 else "3"


def _supply_class(pct: float) -> str:
    return "0" if pct >= 110 else "1" if pct >= 90 else "2" if pct >= 75 else "3"


def _median_class(red: float, yellow: float) -> str:
    """Half the draws or more red: red (2); half or more red or yellow: yellow (1); else 0."""
    return "2" if red >= 0.5 else "1" if red + yellow >= 0.5 else "0"


def _shown_classes(page: Page) -> dict[str, str]:
    return dict(
        page.eval_on_selector_all(
            "#forecast-map path[data-area]",
            "paths => paths.map(p => [p.dataset.area, p.dataset.class])",
        )
    )


def test_year_slider_recolours_the_map_as_the_forecast_says(page: Page, live_app: LiveApp) -> None:
    dataset = live_app.store.read_dataset(live_app.snapshot.id)
    forecast = run_forecast(dataset, load_rules(None), load_parameters(), 2040)
    areas = forecast.rows[forecast.rows["level"] == "area"]
    expected: dict[int, pd.DataFrame] = {
        int(y): f.set_index("id") for y, f in areas.groupby("year")
    }
    first, last = forecast.years[0], forecast.years[-1]

    page.goto(f"{live_app.url}/prognose?snapshot={live_app.snapshot.id}", timeout=120_000)
    page.wait_for_selector("#forecast-map path[data-area]")
    assert _shown_classes(page) == {
        a: _prob_red_class(p) for a, p in expected[first]["prob_red"].items()
    }
    _screenshot(page, "prognose")

    slider = page.locator("#forecast-year")
    slider.focus()
    for _ in range(9):
        page.keyboard.press("ArrowRight")
    year = first + 9
    assert page.locator("#forecast-year-label").inner_text() == str(year)
    shown = _shown_classes(page)
    assert shown == {a: _prob_red_class(p) for a, p in expected[year]["prob_red"].items()}
    # and as the app's API says (the same session's GET /api/snapshots/N/forecast)
    api = page.request.get(f"{live_app.url}/api/snapshots/{live_app.snapshot.id}/forecast")
    assert api.ok
    said = [r for r in api.json()["rows"] if r["level"] == "area" and r["year"] == year]
    assert shown == {r["id"]: _prob_red_class(r["prob_red"]) for r in said}
    assert shown != _shown_classes_of(expected[first]), "the classes should change over 9 years"
    _screenshot(page, "prognose-slider")

    page.select_option("#forecast-mode", "supply")
    assert _shown_classes(page) == {
        a: _supply_class(v) for a, v in expected[year]["supply_pct_of_need_p50"].items()
    }
    legend = page.locator("#forecast-legend .legend-text").all_inner_texts()
    assert legend[0] == "110 % og derover"

    page.select_option("#forecast-mode", "class")
    frame = expected[year]
    assert _shown_classes(page) == {
        a: _median_class(r, y)
        for a, r, y in zip(frame.index, frame["prob_red"], frame["prob_yellow"], strict=True)
    }
    assert page.locator("#forecast-legend li:visible .legend-text").all_inner_texts() == [
        "Grøn – ikke truet",
        "Gul – i risiko",
        "Rød – lægedækningstruet",
    ]
    # the threat classes' colours (green, yellow, red), not the probability's four
    colours = {"0": "#1a9641", "1": "#fdd835", "2": "#d7191c"}
    shown_fills = page.eval_on_selector_all(
        "#forecast-map path[data-area]",
        "paths => paths.map(p => [p.dataset.class, p.getAttribute('fill')])",
    )
    assert [fill for _, fill in shown_fills] == [colours[cls] for cls, _ in shown_fills]
    assert {cls for cls, _ in shown_fills} >= {"0", "2"}  # the demo has both in that year
    _screenshot(page, "prognose-klasse")

    region = forecast.rows[(forecast.rows["level"] == "region") & (forecast.rows["year"] == last)]
    row = page.locator("#forecast-region tbody tr").last.locator("td").all_inner_texts()
    assert row[:2] == [str(last), format_number_da(float(region["population"].iloc[0]))]
    assert page.locator(".area-fan").count() == len(dataset.coverage_areas)
    assert page.locator("#population-pyramid g[data-band]").count() == len(
        dataset.manifest.rules.age_bands
    )


def _shown_classes_of(frame: pd.DataFrame) -> dict[str, str]:
    return {a: _prob_red_class(p) for a, p in frame["prob_red"].items()}
