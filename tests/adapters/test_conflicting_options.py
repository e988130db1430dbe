"""Options that would be ignored together are refused through ``main()`` (exit 2, one
Danish line naming both), before anything is read or written."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.stores import run_main
from fixture_paths import TINY_DATASET_DIR

TINY = str(TINY_DATASET_DIR)


@pytest.mark.parametrize(
    ("argv", "first", "second"),
    [
        (("allocate", TINY, "--capacities", "1", "--format", "table", "--out", "{out}"),
         "--out", "--format table"),
        (("scenario", "diff", TINY, "--format", "table", "--out", "{out}"),
         "--out", "--format table"),
        (("travel", "indicators", TINY, "--matrix", "{matrix}", "--links", "{links}"),
         "--matrix", "--links"),
        (("travel", "assign", TINY, "--matrix", "{matrix}", "--detour-factor", "1.3"),
         "--matrix", "--detour-factor"),
        (("travel", "assign", TINY, "--practices", "--level", "region"),
         "--practices", "--level"),
        (("users", "token", "jens", "--revoke", "1", "--label", "backup", "--db", "{db}"),
         "--revoke", "--label"),
        (("decisions", "1", "--history", "--rules", "{rules}", "--db", "{db}"),
         "--history", "--rules"),
    ],
)  # fmt: skip
def test_conflicting_options_are_refused(
    argv: tuple[str, ...], first: str, second: str, tmp_path: Path
) -> None:
    files = {name: tmp_path / name for name in ("out", "matrix", "links", "rules")}
    for name in ("matrix", "links", "rules"):
        files[name].write_text("", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'store.db'}"
    run = run_main(*(a.format(db=db, **files) for a in argv))
    assert run.status == 2, run.stdout + run.stderr
    assert f"{first} og {second} kan ikke bruges sammen" in run.stderr
    assert "Traceback" not in run.stderr
    assert not files["out"].exists() and not (tmp_path / "store.db").exists()
