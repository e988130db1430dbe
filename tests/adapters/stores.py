"""Stores written the way users write them, and running ``main()`` as the shell would.

* :func:`cli_written_store` — ``praksisplan load`` of the tiny fixture, ``assess
  snapshot:1`` and ``decide 1 A3 --class yellow``, all through ``main()``;
* :func:`web_written_store` — written through the web app's own entry points only: the app
  creates the store at start (as ``serve`` does), the planner uploads the tiny fixture as a
  zip on *Indlæs datasæt*, opens the pages (which used to store runs of their own) and
  records the same decision through the decision form.

Known values of the tiny fixture (tests/conftest.py), worked out by hand:

* population of cell Ci is 80·i + 30: A1 = C01–C04 = 110+190+270+350 = 920, A2 = 2,200,
  A3 = 3,480, 6,600 in all;
* capacities: A1 = P001 3 + P002 1 = 4 (none vacant); A2 = P003 2 + P004 2 = 4 (2 vacant);
  A3 = P005 1 + P006 1 + 1 region-held = 3 (1 vacant); listed patients A1 5,200+1,750 =
  6,950, A2 1,900+2,100 = 4,000, A3 1,650+1,800 = 3,450; patients per filled capacity
  A1 6,950/4 = 1,737.5, A2 4,000/2 = 2,000, A3 3,450/2 = 1,725;
* under the default rules: A3 red (half its persons lack two open practices within 15 km:
  C09–C10 … see docs/threat-rules.md), A1 yellow (2 of its 4 GPs are 60 or older), A2 green.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

import pandas as pd

from access_users import logged_in
from fixture_paths import TINY_DATASET_DIR
from praksisplan.cli.main import main
from praksisplan.core.vocabulary import (
    CLASS_WORDS,
    INDICATOR_LABELS,
    PRACTICE_COLUMNS,
    RESULT_COLUMNS,
    column_header,
)
from praksisplan.table_format import TableFormat
from praksisplan.threat.rules import DEFAULT_RULES_FILE

POPULATION = {"A1": 920, "A2": 2200, "A3": 3480}
CAPACITIES = {"A1": 4.0, "A2": 4.0, "A3": 3.0}
VACANT = {"A1": 0.0, "A2": 2.0, "A3": 1.0}
LISTED = {"A1": 6950, "A2": 4000, "A3": 3450}
PER_FILLED = {"A1": 1737.5, "A2": 2000.0, "A3": 1725.0}
CLASSES = {"A1": "yellow", "A2": "green", "A3": "red"}
DEFAULT_RULES_NAME = "praksisplan standard 2026"
DECISION = {"area_id": "A3", "decided_class": "yellow"}
DECISION_TEXT = {"reason": "Ny læge tiltræder 1. marts", "decided_by": "Praksisplanudvalget"}


@dataclass(frozen=True)
class Run:
    """What one ``main()`` call gave: exit status, stdout and stderr."""

    status: int
    stdout: str
    stderr: str


def run_main(*argv: str) -> Run:
    """``praksisplan ARGV`` in this process, through :func:`praksisplan.cli.main.main`."""
    out, err = io.StringIO(), io.StringIO()
    saved = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "300"  # Rich and Typer do not wrap what the tests look for
    status = 0
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            import sys

            sys.argv = ["praksisplan", *argv]
            try:
                main()
            except SystemExit as exit_:
                status = exit_.code if isinstance(exit_.code, int) else 1
    finally:
        if saved is None:
            os.environ.pop("COLUMNS", None)
        else:
            os.environ["COLUMNS"] = saved
    return Run(status, out.getvalue(), err.getvalue())


def write_strict_rules(path: Path) -> Path:
    """The default rules named "streng", with red below 150 % of need (A2, at 128 %, turns
    red: :data:`CLASSES` with A2 red), written to ``path``."""
    default = files("praksisplan.threat").joinpath(DEFAULT_RULES_FILE).read_text("utf-8")
    strict = default.replace('name = "praksisplan standard 2026"', 'name = "streng"').replace(
        'threshold = 75.0\nclass = "red"', 'threshold = 150.0\nclass = "red"', 1
    )
    assert strict.count("streng") == 1 and "threshold = 150.0" in strict
    path.write_text(strict, encoding="utf-8")
    return path


def _ok(run: Run) -> Run:
    assert run.status == 0, run.stdout + run.stderr
    return run


def cli_written_store(directory: Path) -> str:
    url = f"sqlite:///{directory / 'cli.db'}"
    _ok(run_main("load", str(TINY_DATASET_DIR), "--db", url))
    _ok(run_main("assess", "snapshot:1", "--format", "csv", "--db", url))
    area, decided = DECISION["area_id"], DECISION["decided_class"]
    _ok(
        run_main(
            "decide", "1", area, "--class", decided, "--reason", DECISION_TEXT["reason"],
            "--by", DECISION_TEXT["decided_by"], "--db", url,
        )
    )  # fmt: skip
    return url


def _tiny_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(TINY_DATASET_DIR.iterdir()):
            archive.write(path, path.name)
    return buffer.getvalue()


def web_written_store(directory: Path) -> str:
    url = f"sqlite:///{directory / 'web.db'}"
    with logged_in(url, "planner") as client:
        token = client.headers["X-CSRF-Token"]
        uploaded = client.post(
            f"/upload?csrf_token={token}",
            files={"dataset": ("tiny.zip", _tiny_zip(), "application/zip")},
            headers={"X-CSRF-Token": "", "Accept": "text/html"},
        )
        assert uploaded.status_code == 201, uploaded.text
        for page in (
            "/",
            "/truede?snapshot=1",
            "/omraade/A3?snapshot=1",
            "/api/snapshots/1/threatened",
        ):
            assert client.get(page).status_code == 200, page
        form = {"snapshot": "1", **DECISION, "reason": DECISION_TEXT["reason"]}
        response = client.post("/truede/beslutning", data=form, follow_redirects=False)
        assert response.status_code == 303, response.text
    return url


def _as_codes(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Records of a Danish table under the column codes each header stands for (a header
    may stand for several: "Modellens klasse" for threat_class and model_class), with the
    class words read back as codes, so every format can be compared with the same values."""
    codes: dict[str, list[str]] = {}
    for code in (*RESULT_COLUMNS, *INDICATOR_LABELS, *PRACTICE_COLUMNS):
        codes.setdefault(column_header(code), []).append(code)
    classes = {word: code for code, word in CLASS_WORDS.items()}
    records = []
    for row in frame.to_dict(orient="records"):
        record: dict[str, Any] = {}
        for header, value in row.items():
            value = classes.get(value, value) if isinstance(value, str) else value
            record[str(header)] = value  # a header already Danish in the frame
            for code in codes.get(str(header), []):
                record[code] = value
        records.append(record)
    return records


def records_of(fmt: str, run: Run, out: Path) -> list[dict[str, Any]]:
    """The output as records, whichever format it is in (table: only checked non-empty)."""
    if fmt == "json":
        data = json.loads(run.stdout)
        return data["areas"] if isinstance(data, dict) and "areas" in data else data
    if fmt == "csv":  # Danish Excel's CSV
        return _as_codes(pd.read_csv(io.StringIO(run.stdout), sep=";", decimal=","))
    if fmt == "xlsx":  # under four heading rows
        return _as_codes(pd.read_excel(out, header=4))
    if fmt == "csv-codes":  # for scripts: the column codes, ',' and a decimal point
        records: list[dict[str, Any]] = pd.read_csv(io.StringIO(run.stdout)).to_dict("records")
        return records
    assert run.stdout.strip(), run.stderr
    return []


def invoke_format(fmt: str, tmp_path: Path, *argv: str) -> tuple[Run, Path]:
    """``main(ARGV --format FMT)`` (xlsx into a file), which must exit 0."""
    out = tmp_path / "out.xlsx"
    extra = ("--format", fmt, "--out", str(out)) if fmt == "xlsx" else ("--format", fmt)
    run = run_main(*argv, *extra)
    assert run.status == 0, run.stdout + run.stderr
    return run, out


def by_area(records: list[dict[str, Any]], column: str) -> dict[str, Any]:
    """COLUMN of each record, by its ``area_id``."""
    return {str(r["area_id"]): r[column] for r in records}


#: Every ``--format`` of the commands that write a result table: the matrices run each.
FORMATS: tuple[str, ...] = tuple(f.value for f in TableFormat)

#: The two ways a store is written, by name: the matrices run on both.
STORE_WRITERS: dict[str, Callable[[Path], str]] = {
    "cli": cli_written_store,
    "web": web_written_store,
}
