"""The workbook dataset (one .xlsx, a sheet per table, on a base snapshot) through the real CLI.

Round trip: a snapshot exported as a workbook and loaded on that snapshot gives a new
snapshot whose tables equal the base's. A workbook with known errors gives exactly the
issues expected at their sheet, row and column.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from cli_process import run_cli
from dataset_io.workbooks import tiny_sheet, tiny_update, write_workbook_file
from fixture_paths import TINY_DATASET_DIR
from praksisplan.core.dataset import TABLE_MODELS, Dataset
from praksisplan.core.errors import ValidationIssue
from praksisplan.core.schema import GEOMETRY_TABLES
from praksisplan.dataset_io.limits import ReadLimits
from praksisplan.dataset_io.workbook import WorkbookBase, inspect_workbook


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A store holding the tiny dataset as snapshot 1, loaded through the CLI."""
    url = f"sqlite:///{tmp_path / 'store.db'}"
    loaded = run_cli("load", str(TINY_DATASET_DIR), "--db", url)
    assert loaded.returncode == 0, loaded.stderr
    return url


def _stored(db: str, snapshot_id: int) -> Dataset:
    from praksisplan.store import Store

    with Store(db, create=False) as store:
        return store.read_dataset(snapshot_id)


def test_a_snapshot_exported_as_workbook_loads_on_itself_unchanged(db: str, tmp_path: Path) -> None:
    book = tmp_path / "opdatering.xlsx"
    exported = run_cli("snapshots", "export", "1", str(book), "--db", db)
    assert exported.returncode == 0, exported.stderr
    workbook = openpyxl.load_workbook(book)
    assert workbook.sheetnames == [
        "dataset", "population_cells", "population", "practices", "gps", "region_vacancies",
        "coverage_survey",
    ]  # fmt: skip
    manifest = {row[0].value: row[1] for row in workbook["dataset"].iter_rows(min_row=2)}
    manifest["reference_date"].value = "2025-07-01"  # the update half a year on
    workbook.save(book)

    checked = run_cli("validate", str(book), "--base", "snapshot:1", "--db", db)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Fra snapshot:1: municipalities, coverage_areas" in checked.stdout
    loaded = run_cli("load", str(book), "--base", "snapshot:1", "--db", db)
    assert loaded.returncode == 0, loaded.stderr
    assert "Gemt som snapshot 2" in loaded.stdout

    base, new = _stored(db, 1), _stored(db, 2)
    assert new.manifest == base.manifest.model_copy(
        update={"reference_date": pd.Timestamp("2025-07-01").date()}
    )
    for attribute, model in TABLE_MODELS.items():
        before, after = getattr(base, attribute), getattr(new, attribute)
        if model in GEOMETRY_TABLES:  # taken from the base as stored: exactly equal
            assert after.geometry.geom_equals_exact(before.geometry, 0).all(), attribute
            before, after = before.drop(columns="geometry"), after.drop(columns="geometry")
        # x/y went out in the manifest's CRS (WGS84) and back: round-off only
        pd.testing.assert_frame_equal(
            pd.DataFrame(after), pd.DataFrame(before), check_exact=False, atol=1e-6, rtol=0,
            obj=attribute,
        )  # fmt: skip


def test_a_workbook_with_known_errors_gives_exactly_those_issues(
    tiny_dataset: Dataset, tmp_path: Path
) -> None:
    practices = tiny_sheet("practices")
    capacities = practices[0].index("capacities")
    practices[2][capacities] = "tre"  # Excel row 3: text in a number column
    gps: list[list[object]] = [list(r) for r in tiny_sheet("gps")]
    fte = gps[0].index("fte")
    gps[4][fte] = "=0.5*2"  # Excel row 5: a formula
    sheets = tiny_update(practices=practices, gps=gps, praksiser=[["x"], ["1"]])
    sheets["dataset"] = [row for row in sheets["dataset"] if row[0] != "name"]
    book = write_workbook_file(tmp_path / "fejl.xlsx", sheets)

    reading = inspect_workbook(book, lambda _region: WorkbookBase("snapshot:1", tiny_dataset))

    assert reading.dataset is None
    assert reading.issues == [
        ValidationIssue("fejl.xlsx:dataset", None, "name", "required",
                        "indstillingen 'name' mangler"),
        ValidationIssue("fejl.xlsx:gps", 5, "fte", "formula",
                        "cellen indeholder en formel (=0.5*2); gem arket med værdier i stedet "
                        "for formler"),
        ValidationIssue("fejl.xlsx:practices", 3, "capacities", "type",
                        "'tre' er ikke et tal; forventet et tal ≥ 0 og ≤ 50"),
        ValidationIssue("fejl.xlsx:praksiser", None, None, "unknown-file",
                        "arket 'praksiser' er ikke en tabel i en projektmappe; tabellerne er: "
                        "care_homes, coverage_survey, demand_weights, ferry_links, fixed_links, "
                        "gps, population, population_cells, population_history, "
                        "population_projection, practices, region_vacancies, services, "
                        "temporary_beds"),
    ]  # fmt: skip


def test_a_workbook_of_another_region_and_a_boundary_sheet_are_refused(
    tiny_dataset: Dataset, tmp_path: Path
) -> None:
    sheets = tiny_update(municipalities=[["code", "name"], ["851", "Aalborg"]])
    sheets["dataset"][2] = ["region.code", "1084"]
    book = write_workbook_file(tmp_path / "anden.xlsx", sheets)

    reading = inspect_workbook(book, lambda _region: WorkbookBase("snapshot:1", tiny_dataset))

    assert [(i.file, i.row, i.column, i.rule) for i in reading.issues] == [
        ("anden.xlsx:dataset", 3, "region.code", "base-region"),
        ("anden.xlsx:municipalities", None, None, "unknown-file"),
    ]
    assert "grænser kan ikke stå i et ark" in reading.issues[1].message


def test_the_cli_validates_a_broken_workbook_with_exit_status_1(db: str, tmp_path: Path) -> None:
    practices = tiny_sheet("practices")
    practices[2][practices[0].index("capacities")] = "tre"
    book = write_workbook_file(tmp_path / "fejl.xlsx", tiny_update(practices=practices))
    result = run_cli("validate", str(book), "--base", "snapshot:1", "--db", db)
    assert result.returncode == 1
    assert "Datasættet er ugyldigt: 1 problemer" in result.stdout
    assert "fejl.xlsx:practices" in result.stdout and "'tre' er ikke et tal" in result.stdout


def test_a_workbook_without_base_and_a_base_without_workbook_are_errors(
    db: str, tmp_path: Path
) -> None:
    book = write_workbook_file(tmp_path / "bog.xlsx", tiny_update())
    for command in ("validate", "load"):
        alone = run_cli(command, str(book), "--db", db)
        assert alone.returncode == 2
        assert "projektmappe (.xlsx) uden grænser; angiv det snapshot" in alone.stderr
        assert "--base snapshot:<id>" in alone.stderr
        misplaced = run_cli(command, str(TINY_DATASET_DIR), "--base", "snapshot:1", "--db", db)
        assert misplaced.returncode == 2
        assert "--base gælder kun en projektmappe (.xlsx)" in misplaced.stderr
    assert "Gemt som snapshot" not in alone.stdout + misplaced.stdout


def test_a_sheet_over_the_row_limit_is_stopped_and_named(
    tiny_dataset: Dataset, tmp_path: Path
) -> None:
    gps = tiny_sheet("gps")  # 9 GPs: Excel rows 2-10
    book = write_workbook_file(tmp_path / "lang.xlsx", tiny_update(gps=gps))
    base = WorkbookBase("snapshot:1", tiny_dataset)
    reading = inspect_workbook(book, lambda _region: base, limits=ReadLimits(max_rows=8))
    limit = [(i.file, i.rule, i.message) for i in reading.issues if i.rule == "limit"]
    assert limit == [
        ("lang.xlsx:gps", "limit", "lang.xlsx:gps har mindst 9 rækker; højst 8 er tilladt pr. "
         "tabel (PRAKSISPLAN_MAX_TABLE_ROWS)"),
    ]  # fmt: skip
    assert reading.dataset is None


def test_a_sheet_whose_stated_size_is_too_small_is_read_whole(
    tiny_dataset: Dataset, tmp_path: Path
) -> None:
    """Excel's <dimension> of a sheet is a claim; every row the sheet holds is read."""
    book = write_workbook_file(tmp_path / "lille.xlsx", tiny_update())
    packed = zipfile.ZipFile(book)
    parts = {info.filename: packed.read(info) for info in packed.infolist()}
    packed.close()
    gps_part = "xl/worksheets/sheet3.xml"  # dataset, practices, gps
    assert b'<c r="A10"' in parts[gps_part]
    parts[gps_part] = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:B2"/>',
                             parts[gps_part])  # fmt: skip
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as rewritten:
        for name, data in parts.items():
            rewritten.writestr(name, data)
    reading = inspect_workbook(book, lambda _region: WorkbookBase("snapshot:1", tiny_dataset))
    assert reading.issues == []
    assert reading.dataset is not None and len(reading.dataset.gps) == 9
    assert list(reading.dataset.gps["fte"]) == list(tiny_dataset.gps["fte"])


def test_a_value_right_of_the_header_is_an_unknown_column_at_its_position(
    tiny_dataset: Dataset, tmp_path: Path
) -> None:
    gps: list[list[object]] = [list(r) for r in tiny_sheet("gps")]  # columns A-E
    gps[3] += [None, None, "note"]  # Excel row 4: a value in column H (index 7), F and G empty
    book = write_workbook_file(tmp_path / "note.xlsx", tiny_update(gps=gps))
    reading = inspect_workbook(book, lambda _region: WorkbookBase("snapshot:1", tiny_dataset))
    assert [(i.file, i.row, i.column, i.rule) for i in reading.issues] == [
        ("note.xlsx:gps", None, "Unnamed: 7", "unknown-column"),
    ]
