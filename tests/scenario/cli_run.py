"""Running ``praksisplan`` in-process through :func:`praksisplan.cli.main.main`."""

from __future__ import annotations

import pytest

from praksisplan.cli.main import main


def run_main(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    """(exit status, stdout, stderr) of ``praksisplan ARGS``."""
    monkeypatch.setattr("sys.argv", ["praksisplan", *args])
    monkeypatch.setenv("COLUMNS", "300")
    try:
        main()
        status = 0
    except SystemExit as done:
        status = int(done.code or 0)
    captured = capsys.readouterr()
    return status, captured.out, captured.err
