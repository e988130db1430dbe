"""Where the test fixtures are, importable from any test folder (``conftest`` is not: the
name is taken by whichever folder's conftest pytest imported last)."""

from __future__ import annotations

from pathlib import Path

TINY_DATASET_DIR = Path(__file__).parent / "fixtures" / "tiny"
