"""The CI skip plugin: a skipped browser/PostgreSQL/real-data test fails when CI=true."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

EXAMPLE = """
import pytest

@pytest.mark.browser
def test_browser():
    pytest.skip("needs Debian's chromium")

@pytest.mark.postgres
def test_postgres():
    pytest.skip("PostgreSQL server not installed")

@pytest.mark.real_data
@pytest.mark.skipif(True, reason="data not found")
def test_real_data():
    pass

def test_unmarked():
    pytest.skip("data not found")
"""
# ``test_unmarked`` is a real-data test someone forgot to mark: the plugin only knows a test
# by its marker, so it leaves that skip alone even in CI (the 1 skipped below).

MARKERS = "[pytest]\nmarkers =\n    browser: b\n    postgres: p\n    real_data: r\n"


@pytest.mark.parametrize(("ci", "failed", "skipped"), [("true", 3, 1), ("", 0, 4)])
def test_skips_fail_only_in_ci(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, ci: str, failed: int, skipped: int
) -> None:
    monkeypatch.setenv("CI", ci)
    pytester.makeini(MARKERS)
    pytester.makepyfile(test_example=EXAMPLE)
    result = pytester.runpytest_inprocess(
        "-p", "ci_skips", "-p", "no:xdist", "-p", "no:cacheprovider"
    )
    outcomes = result.parseoutcomes()
    # a skip in the call phase fails the test, one in setup (skipif, a fixture) is an error
    assert outcomes.get("failed", 0) + outcomes.get("errors", 0) == failed
    assert outcomes.get("skipped", 0) == skipped
    if failed:
        result.stdout.fnmatch_lines(["*CI=true: a 'browser' test may not be skipped*chromium*"])
