"""The *Ledigt ydernummer* page in headless Chromium, on the demo region: a planner goes from
the practice list by a practice's link to the page and sees the three options side by side,
the sites :func:`analyse_vacancy` finds on the same snapshot, and the map's markers; then
saves the best area elsewhere as a scenario and sees it as a ``forslag`` with its edits."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from praksisplan.optimise.vacancy import analyse_vacancy

from .test_browser import (  # noqa: F401 - fixtures shared with the other browser tests
    LiveApp,
    _screenshot,
    browser,
    live_app,
    page,
    pytestmark,
)


def test_from_the_practice_list_to_the_three_options(page: Page, live_app: LiveApp) -> None:  # noqa: F811
    page.goto(f"{live_app.url}/praksis?snapshot={live_app.snapshot.id}")
    first = page.locator("table.practices tbody tr").first
    provider = first.get_attribute("data-provider")
    assert provider
    link = first.locator("a.vacancy-link")
    expect(link).to_have_text("Ledigt ydernummer: se mulighederne")
    link.click()
    page.wait_for_url(f"{live_app.url}/ledigt-ydernummer/{provider}?snapshot=*")
    headers = page.locator("table.vacancy-options thead th[data-option]")
    expect(headers).to_have_text(
        ["Genopslå i samme område", "Bedste område andetsteds", "Nabopraksis overtager patienterne"]
    )
    dataset = live_app.store.read_dataset(live_app.snapshot.id)
    expected = {o.option: o for o in analyse_vacancy(dataset, provider).options}
    for option in ("same_area", "elsewhere"):
        cell = page.locator(f'tr[data-row="site"] td[data-option="{option}"]')
        expect(cell).to_have_text(f"{expected[option].site_name} ({expected[option].site_id})")
    expect(page.locator('tr[data-row="site"] td[data-option="absorb"]')).to_have_text("–")
    svg = page.locator("#vacancy-map")
    expect(svg.locator("rect.vacated-practice")).to_have_count(1)
    expect(svg.locator("circle.option-site")).to_have_count(2)
    expect(svg.locator("path.best-elsewhere-area")).to_have_count(1)
    assert svg.locator("circle.absorbing-practice").count() >= 1
    _screenshot(page, "ledigt-ydernummer")
    svg.scroll_into_view_if_needed()
    _screenshot(page, "ledigt-ydernummer-kort")
    page.check('input[name=option][value="elsewhere"]')
    page.fill("#proposal-name", "Ledig kapacitet andetsteds")
    page.click("#save-as-scenario")
    page.wait_for_url(f"{live_app.url}/scenarier/*")
    expect(page.locator("#scenario-status")).to_have_text("forslag")
    expect(page.locator("#edit-list li")).to_have_count(len(expected["elsewhere"].edits))
