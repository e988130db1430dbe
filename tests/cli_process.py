"""Running the real ``praksisplan`` command in a subprocess, as a user's shell would."""

from __future__ import annotations

import os
import subprocess
import sys


def run_cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run ``praksisplan ARGS`` and capture its output.

    The terminal is made wide so Rich and Typer do not wrap messages the tests look for.
    """
    return subprocess.run(
        [sys.executable, "-m", "praksisplan.cli.main", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
        env={**os.environ, "COLUMNS": "300"},
    )
