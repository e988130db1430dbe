"""CSV as planners save it: Danish Excel's Windows-1252 with ';' and decimal commas, UTF-8
with or without BOM; the report says which encoding was read; anything else is refused."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from adapters.stores import run_main
from conftest import TINY_DATASET_DIR
from praksisplan.dataset_io import inspect_dataset


def _excel_csv(path: Path, encoding: str) -> None:
    """``path`` rewritten as Excel's "CSV (semikolonsepareret)": ';', decimal commas, CRLF."""
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([c.replace(".", ",") if c.replace(".", "").isdigit() else c for c in row])
    path.write_bytes(out.getvalue().encode(encoding))


@pytest.mark.parametrize(
    ("encoding", "shown"),
    [("cp1252", "Windows-1252"), ("utf-8-sig", "UTF-8 med BOM"), ("utf-8", "UTF-8")],
)
def test_excel_csv_is_read_and_its_encoding_reported(
    tmp_path: Path, encoding: str, shown: str
) -> None:
    root = tmp_path / "data"
    shutil.copytree(TINY_DATASET_DIR, root)
    _excel_csv(root / "practices.csv", encoding)
    if encoding == "cp1252":
        assert "æ".encode("cp1252") in (root / "practices.csv").read_bytes()  # b"\xe6"

    reading = inspect_dataset(root)

    assert reading.issues == []
    assert reading.encodings["practices.csv"] == shown
    assert reading.dataset is not None
    practices = reading.dataset.practices.set_index("provider_number")
    assert practices.loc["P001", "name"] == "Lægehuset Nord"
    assert practices.loc["P001", "listed_patients"] == 5200
    run = run_main("validate", str(root))
    assert run.status == 0, run.stdout
    assert f"practices.csv {shown}" in run.stdout


def test_utf16_stays_a_clear_error(tmp_path: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(TINY_DATASET_DIR, root)
    path = root / "practices.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    (issue,) = [i for i in inspect_dataset(root).issues if i.file == "practices.csv"]
    assert issue.rule == "encoding"
    assert "hverken UTF-8- eller Windows-1252-tekst" in issue.message
