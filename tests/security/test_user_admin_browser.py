"""In headless Chromium: the admin adds a municipality user on the Brugere page, the new user
logs in; the admin blocks them and the login is refused. Screenshots go to test-output/."""

from __future__ import annotations

from playwright.sync_api import Page, expect, sync_playwright

from access_users import browser_login
from live_server import serving
from praksisplan.store import AccountStore, Store
from web.test_browser import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, pytestmark

__all__ = ["pytestmark"]


def _shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"access-{name}.png"), full_page=True)


def _log_in(page: Page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click(".login-form button[type=submit]")


def test_the_admin_adds_and_blocks_a_user_in_the_browser(url: str) -> None:
    with serving(url) as live, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        admin = browser.new_page(viewport={"width": 1366, "height": 900})
        browser_login(admin, live, url, "admin")
        admin.click(".user-menu a[href='/brugere']")
        expect(admin.locator("h1")).to_have_text("Brugere")
        form = admin.locator("form.add-user-form")
        form.locator("input[name=username]").fill("jammerbugt")
        form.locator("input[name=display_name]").fill("Jammerbugt Kommune")
        form.locator("select[name=role]").select_option(label="Kommune 849 Jammerbugt")
        form.locator("input[name=password]").fill("jammer-kode-2026")
        form.locator("button[type=submit]").click()
        expect(admin.locator(".notice")).to_have_text("Ændringen for jammerbugt er gemt.")
        row = admin.locator("tr[data-user=jammerbugt]")
        expect(row.locator(".role")).to_have_text("Kommune 849 Jammerbugt")
        _shot(admin, "users-added")

        user = browser.new_context().new_page()
        _log_in(user, live, "jammerbugt", "jammer-kode-2026")
        expect(user.locator(".user-menu .user-name")).to_contain_text("Jammerbugt Kommune")

        row.locator("form.block-form button").click()
        expect(admin.locator("tr[data-user=jammerbugt] .status")).to_have_text("spærret")
        _shot(admin, "users-blocked")
        _log_in(user, live, "jammerbugt", "jammer-kode-2026")
        expect(user.locator("[role=alert]")).to_contain_text("Forkert brugernavn eller adgangskode")
        browser.close()
    with Store(url) as store:
        assert AccountStore(store).get_user("jammerbugt").disabled
