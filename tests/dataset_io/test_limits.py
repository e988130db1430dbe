"""Reading a dataset is bounded: entries, uncompressed size, compression ratio and rows,
checked while unpacking, each breach a clear error naming the file."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from adapters.stores import run_main
from conftest import TINY_DATASET_DIR
from praksisplan.dataset_io import inspect_dataset
from praksisplan.dataset_io.limits import DatasetLimitError, ReadLimits, check_workbook

POPULATION_HEADER = (TINY_DATASET_DIR / "population.csv").read_text("utf-8").splitlines()[0]


def _zip_of_tiny(path: Path, *, population: bytes | None = None, extra: int = 0) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(TINY_DATASET_DIR.iterdir()):
            if file.name == "population.csv" and population is not None:
                archive.writestr("population.csv", population)
            else:
                archive.write(file, file.name)
        for number in range(extra):
            archive.writestr(f"notes/{number}.txt", "x")
        archive.writestr("../outside.csv", "must never be written")
    return path


def test_the_tiny_zip_is_read_and_a_dotdot_entry_ignored(tmp_path: Path) -> None:
    reading = inspect_dataset(_zip_of_tiny(tmp_path / "tiny.zip"))
    assert reading.dataset is not None and reading.issues == []
    assert not (tmp_path / "outside.csv").exists()


def test_a_zip_bomb_is_stopped_by_the_ratio_while_unpacking(tmp_path: Path) -> None:
    # 300 MB of one repeated row deflates to about 300 kB (ratio ≈ 1000)
    row = b"C01,2025,0-14,F,1\n"
    bomb = POPULATION_HEADER.encode() + b"\n" + row * (300_000_000 // len(row))
    path = _zip_of_tiny(tmp_path / "bomb.zip", population=bomb)
    del bomb
    assert path.stat().st_size < 2_000_000
    with pytest.raises(DatasetLimitError, match=r"bomb\.zip: population\.csv pakkes ud til mere"):
        inspect_dataset(path)
    run = run_main("validate", str(path))
    assert run.status == 2
    assert "population.csv pakkes ud til mere end 200 gange" in run.stderr
    assert "Traceback" not in run.stderr


def test_total_size_and_entry_count_are_bounded(tmp_path: Path) -> None:
    path = _zip_of_tiny(tmp_path / "tiny.zip", extra=20)
    with pytest.raises(DatasetLimitError, match=r"tiny\.zip har 3\d filer; højst 10"):
        inspect_dataset(path, limits=ReadLimits(max_entries=10))
    with pytest.raises(DatasetLimitError, match=r"tiny\.zip: indholdet fylder udpakket"):
        inspect_dataset(path, limits=ReadLimits(max_uncompressed_bytes=2_000))


def test_rows_per_table_are_bounded_and_the_file_named(tmp_path: Path) -> None:
    reading = inspect_dataset(TINY_DATASET_DIR, limits=ReadLimits(max_rows=50))
    assert reading.dataset is None
    (issue,) = [i for i in reading.issues if i.rule == "limit"]
    assert issue.file == "population.csv"  # 96 rows; the other tables have at most 12
    assert "population.csv har mindst 96 rækker; højst 50" in issue.message


def test_limits_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRAKSISPLAN_MAX_TABLE_ROWS", "50")
    monkeypatch.setenv("PRAKSISPLAN_MAX_UNCOMPRESSED_MB", "2")
    limits = ReadLimits.from_env()
    assert (limits.max_rows, limits.max_uncompressed_bytes) == (50, 2 * 1024 * 1024)
    run = run_main("validate", str(TINY_DATASET_DIR))
    assert run.status == 1 and "population.csv har mindst 96 rækker" in run.stdout
    monkeypatch.setenv("PRAKSISPLAN_MAX_TABLE_ROWS", "mange")
    assert (
        "PRAKSISPLAN_MAX_TABLE_ROWS='mange' er ikke et tal"
        in run_main("validate", str(TINY_DATASET_DIR)).stderr
    )


def test_an_inflating_workbook_is_refused_before_it_is_opened(tmp_path: Path) -> None:
    path = tmp_path / "practices.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as workbook:
        workbook.writestr("xl/worksheets/sheet1.xml", b"<row/>" * 1_000_000)
    with pytest.raises(
        DatasetLimitError, match=r"practices\.xlsx: xl/worksheets/sheet1\.xml pakkes ud"
    ):
        check_workbook(path, ReadLimits())


def test_a_damaged_zip_is_one_clear_error(tmp_path: Path) -> None:
    path = _zip_of_tiny(tmp_path / "tiny.zip")
    data = bytearray(path.read_bytes())
    start = data.index(b"PK\x03\x04") + 30 + len("coverage_areas.geojson")
    data[start : start + 40] = b"\x00" * 40  # the first entry's deflate stream, destroyed
    path.write_bytes(bytes(data))
    run = run_main("validate", str(path))
    assert run.status == 2
    assert "tiny.zip er en beskadiget zip-fil" in run.stderr and "intern fejl" not in run.stderr
