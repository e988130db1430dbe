"""Copies of the tiny fixture edited by hand (text replacements in its CSV files).

These are the independent side of the apply tests: the same change made the way a planner
would make it in the files, then read and validated like any dataset.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from praksisplan.core.dataset import Dataset
from praksisplan.dataset_io import read_dataset


def edited_copy(
    source: Path, target: Path, replacements: dict[str, list[tuple[str, str]]]
) -> Dataset:
    """``source`` copied to ``target`` with each file's (old line, new line) replaced; a new
    line of ``""`` deletes the old one, an old line of ``""`` appends the new one."""
    shutil.copytree(source, target)
    for name, pairs in replacements.items():
        path = target / name
        lines = path.read_text(encoding="utf-8").splitlines()
        for old, new in pairs:
            if old == "":
                lines.append(new)
                continue
            position = lines.index(old)
            if new == "":
                del lines[position]
            else:
                lines[position] = new
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return read_dataset(target)
