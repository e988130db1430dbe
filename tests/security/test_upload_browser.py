"""In headless Chromium: a planner uploads a dataset zip on *Indlæs datasæt* and follows its
progress — the bar and the stage text (bytes sent, then the server validating and loading) —
until the page says which snapshot it became. Screenshot in test-output/.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright
from upload_zips import tiny_files, zipped

from access_users import browser_login
from dataset_io.workbooks import tiny_update, workbook_bytes
from praksisplan.store import Store
from security.test_login_browser import _shot, live
from web.test_browser import CHROMIUM, CHROMIUM_ARGS, pytestmark

__all__ = ["live", "pytestmark"]

#: Records every text the stage line shows (the page replaces it when the answer comes).
RECORD_STAGES = """() => {
  window.stages = [];
  new MutationObserver(() => {
    const stage = document.querySelector('#upload-stage');
    const text = stage ? stage.textContent : '';
    if (text && window.stages.at(-1) !== text) window.stages.push(text);
  }).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


def _upload(live: str, url: str, upload: Path, check: Callable[[Page], None]) -> list[str]:
    """Log in as the planner, upload ``upload`` through the form, run ``check`` on the page
    that answers, and return every text the stage line showed on the way."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        browser_login(page, live, url, "planner")
        page.goto(f"{live}/upload")
        page.evaluate(RECORD_STAGES)
        page.set_input_files("input[name=dataset]", str(upload))
        page.click("#upload-button")
        check(page)
        stages: list[str] = page.evaluate("() => window.stages")
        browser.close()
    return stages


def test_a_planner_uploads_a_zip_and_sees_its_progress(live: str, url: str, tmp_path: Path) -> None:
    archive = tmp_path / "tiny-juli.zip"
    archive.write_bytes(zipped(tiny_files()))

    def loaded(page: Page) -> None:
        expect(page.locator(".notice")).to_contain_text(
            "«tiny-juli.zip» er indlæst som øjebliksbillede 2"
        )
        _shot(page, "upload-loaded")
        assert page.url.endswith("/upload")

    stages = _upload(live, url, archive, loaded)
    assert stages[0] == "Sender filen: 0 %"
    assert "Sender filen: 100 %" in stages
    assert stages[-1] == "Filen er modtaget. Validerer og indlæser datasættet …"
    with Store(url) as store:
        assert [s.source for s in store.list_snapshots() if s.id == 2] == ["upload:tiny-juli.zip"]


def test_a_planner_uploads_a_workbook_and_sees_its_base(
    live: str, url: str, tmp_path: Path
) -> None:
    book = tmp_path / "opdatering.xlsx"
    book.write_bytes(workbook_bytes(tiny_update()))

    def loaded(page: Page) -> None:
        expect(page.locator(".notice").first).to_contain_text(
            "«opdatering.xlsx» er indlæst som øjebliksbillede 2"
        )
        expect(page.locator("#upload-base")).to_contain_text(
            "Projektmappen bygger på øjebliksbillede 1 (Region Nordjylland, 01.01.2025)"
        )
        _shot(page, "upload-workbook-loaded")

    stages = _upload(live, url, book, loaded)
    assert "Sender filen: 100 %" in stages
    assert stages[-1] == "Filen er modtaget. Validerer og indlæser datasættet …"
    with Store(url) as store:
        assert [s.source for s in store.list_snapshots() if s.id == 2] == ["upload:opdatering.xlsx"]
