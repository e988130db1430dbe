# ruff: noqa: F811 - pytest injects the imported fixtures by parameter name
"""The travel layers in headless Chromium: the Sygebesøg og pladser page, then the map with
the ferry, bed-site and patients-beyond layers switched on.

Expected features come from the demo dataset's own tables (``ferry_links``, ``fixed_links``,
``temporary_beds``, ``care_homes`` read back from the store) and the assignment computed
through the core functions, not from the layers' routes.
"""

from __future__ import annotations

from playwright.sync_api import Page, Request

from praksisplan.core.danish_numbers import format_number_da
from praksisplan.engine.travel_od import travel_od_table
from praksisplan.travel.land import land_masses_of
from praksisplan.travel.links import dataset_links
from praksisplan.travel.network import TravelNetwork
from praksisplan.travel.patients import DEFAULT_REACH_M, estimate_patients, home_visit_table

from .test_browser import (  # noqa: F401 - fixtures shared with the other browser tests
    LiveApp,
    _open_map,
    _screenshot,
    browser,
    live_app,
    page,
    pytestmark,
)


def test_travel_page_lists_the_demos_links_and_bed_sites(page: Page, live_app: LiveApp) -> None:
    dataset = live_app.store.read_dataset(live_app.snapshot.id)
    page.goto(f"{live_app.url}/rejsetid?snapshot={live_app.snapshot.id}")
    links = page.locator("#links li").all_inner_texts()
    assert len(links) == len(dataset.ferry_links) + len(dataset.fixed_links)
    rows = page.locator("#bed-sites tbody tr")
    assert rows.count() == len(dataset.temporary_beds)
    shown = [rows.nth(i).locator("td").first.inner_text() for i in range(rows.count())]
    assert shown == list(dataset.temporary_beds["bed_id"])
    _screenshot(page, "rejsetid")


def test_map_travel_layers_show_the_datasets_links_and_sites(page: Page, live_app: LiveApp) -> None:
    dataset = live_app.store.read_dataset(live_app.snapshot.id)
    travel_requests: list[str] = []

    def note(request: Request) -> None:
        if "/travel/" in request.url:
            travel_requests.append(request.url)

    page.on("request", note)
    _open_map(page, live_app)
    assert travel_requests == []  # nothing of the travel layers loads at start-up
    assert not page.locator("#layer-links").is_checked()
    assert page.locator(".travel-mark").count() == 0

    page.locator("#layer-links").check()
    page.wait_for_selector("#layer-links[data-shown=true]")
    ferries, fixed = dataset.ferry_links, dataset.fixed_links
    marks = page.locator(".travel-link")
    assert marks.count() == len(ferries) + len(fixed) == 3
    ids = {marks.nth(i).get_attribute("data-link-id") for i in range(marks.count())}
    assert ids == set(ferries["link_id"]) | set(fixed["link_id"])
    for row in ferries.to_dict("records"):
        mark = page.locator(f".travel-link[data-link-id='{row['link_id']}']")
        assert mark.inner_text() == f"færge {format_number_da(row['crossing_minutes'])} min"
        label = mark.get_attribute("aria-label") or ""
        assert f"Afgange pr. dag: {format_number_da(row['departures_per_day'])}" in label
    drawn = page.evaluate(
        "() => [...new Set(window.praksisplanMap.querySourceFeatures('travel-links')"
        ".map((f) => f.properties.link_id))].sort()"
    )
    assert drawn == sorted(ids)

    page.locator("#layer-sites").check()
    page.wait_for_selector("#layer-sites[data-shown=true]")
    beds, homes = dataset.temporary_beds, dataset.care_homes
    sites = page.locator(".travel-site")
    assert sites.count() == len(beds) + len(homes)
    shown = {sites.nth(i).get_attribute("data-site-id") for i in range(sites.count())}
    assert shown == set(beds["bed_id"]) | set(homes["care_home_id"])
    assert page.locator(".travel-site.travel-site-temporary").count() == len(beds)
    assert set(page.locator(".travel-site.travel-site-temporary").all_inner_texts()) == {"M"}
    assert "M: midlertidig plads eller akutplads" in page.locator("#travel-legend").inner_text()
    assert len(homes) > 0
    for row in homes.to_dict("records"):
        letter = "P" if row["fixed_gp"] == "true" else "P!"
        assert (
            page.locator(f".travel-site[data-site-id='{row['care_home_id']}']").inner_text()
            == letter
        )

    first = beds.iloc[0]
    page.locator(f".travel-site[data-site-id='{first['bed_id']}']").focus()
    page.keyboard.press("Enter")  # a site's popup by keyboard
    popup = page.locator(".practice-popup")
    popup.wait_for()
    assert f"Pladser: {format_number_da(first['beds'])}" in popup.inner_text()
    _screenshot(page, "kort-faerger-og-pladser")

    page.locator("#layer-beyond").check()
    page.wait_for_selector("#layer-beyond[data-shown=true]")
    assert "500 eller flere" in page.locator("#travel-legend").inner_text()
    page.locator("#beyond-list summary").click()  # the figures as text, not colour alone
    network = TravelNetwork.of(land_masses_of(dataset), dataset_links(dataset))
    assignment = estimate_patients(dataset, travel_od_table(dataset, network, DEFAULT_REACH_M))
    areas = home_visit_table(dataset, assignment, "area")
    far = areas[areas["patients_beyond_15_km"] > 0]
    # the same as the core functions' assignment on the snapshot, most first (no ties here)
    expected = [
        f"{row['name']}: {format_number_da(row['patients_beyond_15_km'])}"
        for _, row in far.sort_values("patients_beyond_15_km", ascending=False).iterrows()
    ]
    assert page.locator("#beyond-list li").all_inner_texts() == expected
    _screenshot(page, "kort-patienter-over-15-km")

    page.locator("#layer-sites").uncheck()
    page.wait_for_selector("#layer-sites[data-shown=false]")
    assert page.locator(".travel-site").count() == 0
    assert sorted({u.rsplit("/", 1)[1] for u in travel_requests}) == [
        "links.geojson",
        "patients-beyond.geojson",
        "sites.geojson",
    ]
