"""pytest plugin: in CI (``CI=true``) a skipped browser, PostgreSQL or real-data test fails.

Those tests skip themselves when Chromium, a PostgreSQL server or the Danish data are
missing — convenient on a laptop, but in CI a missing install step would hide behind a
green run. There the skip is reported as a failure naming the reason.
"""

from __future__ import annotations

import os
from collections.abc import Generator

import pytest

#: Markers of tests that must run, not skip, in CI.
MUST_RUN_IN_CI = ("browser", "postgres", "real_data")


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def must_run(item: pytest.Item) -> str | None:
    """The marker that makes ``item`` mandatory in CI, if any."""
    return next((m for m in MUST_RUN_IN_CI if item.get_closest_marker(m) is not None), None)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    marker = must_run(item)
    if report.skipped and marker is not None and in_ci() and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = (
            f"CI=true: a '{marker}' test may not be skipped (install what it needs): {reason}"
        )
    return report
