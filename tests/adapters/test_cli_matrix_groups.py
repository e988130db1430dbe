"""The command groups of the CLI matrix (see test_cli_matrix.py) — ``demo-data``,
``import-dk``, ``plan``, ``scenario``, ``forecast``, ``report``, ``travel``, ``users`` and
``db`` — every command × every ``--format``, through ``main()``, on a store written by the CLI
and on one written through the web app's own entry points (upload, pages, decision form; see
tests/adapters/stores.py). The commands that need no store (``demo-data``, ``import-dk``,
``db``) run once.

Figures known independently (tests/adapters/stores.py): the tiny region has 6,600 persons,
11 capacities and 14,400 listed patients; 3 of its 6 practices are open (P001, P004, P005).
``import-dk`` of region 1085 gives the published FOLK1A total of 837,359 persons.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import typer
from docx import Document
from openpyxl import load_workbook

from adapters.plan_files import region_measure, write_plan_file
from adapters.stores import (
    FORMATS,
    STORE_WRITERS,
    invoke_format,
    records_of,
    run_main,
)
from fixture_paths import TINY_DATASET_DIR
from praksisplan.cli.main import app
from praksisplan.dataset_io import read_dataset

TINY = str(TINY_DATASET_DIR)
REPO = Path(__file__).resolve().parents[2]
DK_DATA = Path(os.environ.get("PRAKSISPLAN_DK_DATA", REPO.parent / "shared" / "data" / "dk"))


@pytest.fixture(scope="module", params=sorted(STORE_WRITERS))
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    return STORE_WRITERS[request.param](tmp_path_factory.mktemp(request.param))


def _ok(*argv: str) -> str:
    run = run_main(*argv)
    assert run.status == 0, run.stdout + run.stderr
    return run.stdout


def test_demo_data(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    assert "Skrev demodatasættet" in _ok("demo-data", str(out))
    assert "Datasættet er gyldigt" in _ok("validate", str(out))


@pytest.mark.real_data
@pytest.mark.skipif(
    not (DK_DATA / "folk1a_2020q1_5yband_sex.csv").is_file(),
    reason=f"Danish public data not found in {DK_DATA} (set PRAKSISPLAN_DK_DATA)",
)
def test_import_dk(tmp_path: Path) -> None:
    out = tmp_path / "sjaelland"
    assert "837.359 borgere" in _ok("import-dk", str(DK_DATA), str(out), "--region", "1085")
    assert int(read_dataset(out).population["persons"].sum()) == 837_359


@pytest.fixture(scope="module")
def plan_store(store: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The CLI store with a plan imported through ``plan import`` (one computed measure)."""
    measure = region_measure("open", "share_practices_open", 0.5, 0.75)
    path = write_plan_file(tmp_path_factory.mktemp("plan") / "plan.json", measure)
    _ok("plan", "import", str(path), "--by", "anne", "--db", store)
    return store


@pytest.mark.parametrize("fmt", FORMATS)
def test_plan_measures(plan_store: str, fmt: str, tmp_path: Path) -> None:
    run, out = invoke_format(fmt, tmp_path, "plan", "measures", "plan-2026", "--db", plan_store)
    if fmt == "table":
        assert "50 %" in run.stdout
        return
    rows = {r["Målepunkt"]: r for r in records_of(fmt, run, out)}
    assert rows["open"]["Seneste"] == 0.5  # 3 of the 6 practices are open


def test_plan_commands(plan_store: str, tmp_path: Path) -> None:
    assert "plan-2026" in _ok("plan", "list", "--db", plan_store)
    exported = tmp_path / "exported.json"
    _ok("plan", "export", "plan-2026", str(exported), "--db", plan_store)
    assert json.loads(exported.read_text("utf-8"))["key"] == "plan-2026"
    _ok("plan", "copy", "plan-2026", "plan-2030", "--title", "Praksisplan 2030–2033",
        "--period", "2030-2033", "--db", plan_store)  # fmt: skip
    assert "plan-2030" in _ok("plan", "list", "--db", plan_store)
    note = tmp_path / "note.docx"
    _ok("plan", "status-note", "plan-2026", str(note), "--as-of", "2026-12-01", "--db", plan_store)
    assert "Flere åbne praksis" in " ".join(p.text for p in Document(str(note)).paragraphs)
    hvidbog = tmp_path / "hvidbog.html"
    _ok("plan", "hvidbog", "plan-2026", str(hvidbog), "--db", plan_store)
    assert "Praksisplan 2026–2029" in hvidbog.read_text("utf-8")


@pytest.fixture(scope="module")
def scenario_store(store: str) -> str:
    _ok("scenario", "new", "luk-p001", "--snapshot", "1", "--by", "Anna", "--db", store)
    _ok("scenario", "edit", "luk-p001", "--by", "Anna", "--close", "P001", "--db", store)
    return store


@pytest.mark.parametrize("fmt", FORMATS)
def test_scenario_diff(scenario_store: str, fmt: str, tmp_path: Path) -> None:
    run, out = invoke_format(fmt, tmp_path, "scenario", "diff", "scenario:luk-p001",
                             "--db", scenario_store)  # fmt: skip
    if fmt == "json":
        assert json.loads(run.stdout)["region"]["capacities"] == {"base": 11.0, "scenario": 11.0}
    elif fmt == "xlsx":
        assert load_workbook(out).sheetnames
    elif fmt == "csv":  # A1's GPs: 3 in P001 (open, now closed) and 1 in P002 (closed)
        rows = {(r["Enhed"], r["Indikator"]): r for r in records_of(fmt, run, out)}
        share = rows[("A1", "Andel læger i åbne praksis")]
        assert (share["Før"], share["Scenarie"]) == (0.75, 0.0)
    elif fmt == "csv-codes":  # the same figures under the codes, every indicator
        rows = {(r["unit_id"], r["indicator"]): r for r in records_of(fmt, run, out)}
        share = rows[("A1", "share_gps_open")]
        assert (share["base"], share["scenario"], share["changed"]) == (0.75, 0.0, True)
    else:
        assert "A3" in run.stdout


def test_scenario_commands(scenario_store: str, tmp_path: Path) -> None:
    db = ("--db", scenario_store)
    assert "luk-p001" in _ok("scenario", "list", *db)
    _ok("scenario", "edit", "luk-p001", "--by", "Bo", "--open", "P002", *db)
    assert "P002" in _ok("scenario", "show", "luk-p001", *db)
    _ok("scenario", "undo", "luk-p001", *db)
    assert "forslag" in _ok("scenario", "status", "luk-p001", "forslag", *db)
    _ok("scenario", "comment", "luk-p001", "Drøftes i marts", "--by", "Bo", "--area", "A1", *db)
    _ok("scenario", "mark", "luk-p001", "foretrukket", "--by", "Bo", *db)
    shown = _ok("scenario", "show", "luk-p001", *db)
    assert "Drøftes i marts" in shown and "Foretrukket" in shown
    assert "fjernet" in _ok("scenario", "unmark", "luk-p001", "foretrukket", *db)
    _ok("scenario", "export", "scenario:luk-p001", str(tmp_path / "export"), *db)
    assert "Datasættet er gyldigt" in _ok("validate", str(tmp_path / "export"))
    _ok("scenario", "rebase", "luk-p001", "--snapshot", "1", "--as", "luk-igen", "--by", "Bo", *db)
    _ok("scenario", "delete", "luk-igen", *db)
    assert "luk-igen" not in _ok("scenario", "list", *db)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("source", ("path", "snapshot"))
def test_forecast(store: str, fmt: str, source: str, tmp_path: Path) -> None:
    where = (TINY,) if source == "path" else ("snapshot:1", "--db", store)
    argv = ("forecast", *where, "--horizon", "2026", "--draws", "10", "--seed", "1")
    run, out = invoke_format(fmt, tmp_path, *argv)
    if fmt == "table":
        assert "6.600" in run.stdout
        return
    # json: column codes; Danish CSV and XLSX (the workbook's first sheet: the rows)
    records = json.loads(run.stdout)["rows"] if fmt == "json" else records_of(fmt, run, out)
    region = {(r["level"], r["year"]): r for r in records}[("region", 2025)]
    assert (region["population"], region["capacities"]) == (6600, 11)


@pytest.mark.parametrize("fmt", ("html", "xlsx", "pdf"))
def test_report_facts(store: str, fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"facts.{fmt}"
    _ok("report", "facts", "snapshot:1", "--format", fmt, "--out", str(out), "--db", store)
    if fmt == "html":
        assert "6.600" in out.read_text("utf-8")
    elif fmt == "xlsx":
        assert load_workbook(out).sheetnames
    else:
        assert out.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("fmt", ("docx", "pdf"))
def test_report_threat_note(store: str, fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"note.{fmt}"
    _ok("report", "threat-note", "snapshot:1", "--format", fmt, "--out", str(out), "--db", store)
    if fmt == "docx":
        document = Document(str(out))
        cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        assert any("Jammerbugt" in cell for cell in cells)  # A3, the red area
    else:
        assert out.read_bytes().startswith(b"%PDF")


def test_report_geopackage(store: str, tmp_path: Path) -> None:
    out = tmp_path / "kortlag.gpkg"
    _ok("report", "geopackage", "snapshot:1", "--out", str(out), "--db", store)
    with sqlite3.connect(out) as gpkg:  # read without GDAL
        layers = dict(gpkg.execute("SELECT table_name, srs_id FROM gpkg_contents").fetchall())
        practices = gpkg.execute("SELECT count(*) FROM practices").fetchone()[0]
    assert layers == dict.fromkeys(
        ("coverage_areas", "municipalities", "practices", "cells"), 25832
    )
    assert practices == 6


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("command", ("assign", "indicators"))
def test_travel_region(store: str, command: str, fmt: str, tmp_path: Path) -> None:
    run, out = invoke_format(fmt, tmp_path, "travel", command, "snapshot:1", "--level", "region",
                             "--db", store)  # fmt: skip
    if fmt == "table":
        assert run.stdout.strip()
        return
    (region,) = records_of(fmt, run, out)
    figure = "patients" if command == "assign" else "listed_patients"
    assert region[figure] == 14_400  # 6,950 + 4,000 + 3,450


@pytest.mark.parametrize("fmt", FORMATS)
def test_travel_beds(store: str, fmt: str, tmp_path: Path) -> None:
    out = tmp_path / "beds.xlsx"
    extra = ("--out", str(out)) if fmt == "xlsx" else ()
    run = run_main("travel", "beds", "snapshot:1", "--format", fmt, *extra, "--db", store)
    assert run.status == 0, run.stderr
    if fmt == "csv":
        assert pd.read_csv(io.StringIO(run.stdout)).empty  # the fixture has no beds


def test_travel_check_and_links(store: str, tmp_path: Path) -> None:
    assert "Forbindelser" in _ok("travel", "check", "snapshot:1", "--db", store)
    links = tmp_path / "links.csv"
    _ok("travel", "demo-links", "snapshot:1", str(links), "--db", store)
    assert "kind" in links.read_text("utf-8").splitlines()[0]


def test_users_commands(store: str) -> None:
    db = ("--db", store)
    _ok("users", "add", "jens", "planner", "--password", "hemmelig-kode", *db)
    _ok("users", "set-role", "jens", "committee", *db)
    _ok("users", "reset-password", "jens", "--password", "ny-hemmelig-kode", *db)
    _ok("users", "token", "jens", *db)
    _ok("users", "disable", "jens", *db)
    listed = _ok("users", "list", *db)
    assert "jens" in listed and "committee" in listed


def test_db_commands(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"
    _ok("db", "init", "--db", url)
    _ok("db", "upgrade", "--db", url)
    assert "ingen snapshots" in _ok("snapshots", "list", "--db", url)


#: What the matrix runs (the tests above and in test_cli_matrix.py; ``decide`` and ``load``
#: in the store builders of tests/adapters/stores.py): every leaf command, and for each with
#: ``--format`` the formats it is run in. ``serve`` runs until stopped (tests/web/test_serve.py).
MATRIX: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(
        ("indicators", "assess", "compare", "decisions", "allocate", "vacancy", "forecast",
         "plan measures", "scenario diff", "travel indicators", "travel assign", "travel beds"),
        FORMATS,
    ),
    "summary": ("table", "json"),
    "report facts": ("html", "xlsx", "pdf"),
    "report threat-note": ("docx", "pdf"),
    **dict.fromkeys(
        ("validate", "demo-data", "import-dk", "load", "access", "decide", "plan list",
         "plan export", "plan import", "plan copy", "plan status-note", "plan hvidbog",
         "snapshots list", "snapshots show", "snapshots export", "db init", "db upgrade",
         "scenario new", "scenario list", "scenario show", "scenario edit", "scenario undo",
         "scenario status", "scenario delete", "scenario export", "scenario rebase",
         "scenario comment", "scenario mark", "scenario unmark", "users add", "users list",
         "users set-role", "users reset-password", "users disable", "users token",
         "report geopackage", "travel check", "travel demo-links"),
        (),
    ),
}  # fmt: skip


def test_the_matrix_runs_every_command_in_every_format() -> None:
    """A new command or a new --format choice fails here until the matrix runs it."""
    found: dict[str, tuple[str, ...]] = {}

    def walk(command: Any, path: tuple[str, ...]) -> None:
        for name, sub in (getattr(command, "commands", None) or {}).items():
            if not sub.hidden:  # `users passwd` is `reset-password` under its old name
                walk(sub, (*path, name))
        if getattr(command, "commands", None):
            return
        formats = [p for p in command.params if "--format" in getattr(p, "opts", ())]
        choices = tuple(m.value for m in formats[0].type_descriptor.annotation) if formats else ()
        found[" ".join(path)] = choices

    walk(typer.main.get_command(app), ())
    found.pop("serve")
    assert {name: sorted(f) for name, f in found.items()} == {
        name: sorted(f) for name, f in MATRIX.items()
    }
