"""The half-yearly threat note from a real store: `praksisplan report threat-note` writes a
DOCX (read back with python-docx) and a PDF (pdftotext) holding every area of the gross list,
the changes since the previous half-year and the committee's decisions."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from docx import Document
from report_builders import half_a_year_later_all_aalborg_closed

from cli_process import run_cli
from praksisplan.core.dataset import Dataset
from praksisplan.store import Store
from praksisplan.threat.assess import Assessment, assess
from praksisplan.threat.rules import load_rules
from praksisplan.threat.run_service import save_run


@pytest.fixture
def db(tmp_path: Path, tiny_dataset: Dataset) -> str:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    with Store(url) as store:
        store.load_dataset(tiny_dataset, source="tiny")
        later = store.load_dataset(half_a_year_later_all_aalborg_closed(tiny_dataset), source="t")
        store.record_decision(
            later.id, "A2", "red", "yellow", "Ny læge tiltræder 1. august", "Praksisudvalget"
        )
    return url


def _docx_text(path: Path) -> tuple[str, list[list[str]]]:
    document = Document(str(path))
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    cells = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    return paragraphs, cells


def test_docx_holds_the_gross_list_changes_and_decisions(db: str, tmp_path: Path) -> None:
    out = tmp_path / "notat.docx"
    result = run_cli("report", "threat-note", "snapshot:2", "--format", "docx", "--out", str(out),
                     "--db", db)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "3 områder på bruttolisten, 2 ændringer" in result.stdout
    paragraphs, rows = _docx_text(out)
    assert "Notat om lægedækningstruede områder pr. 01.07.2025" in paragraphs
    assert "Modellen klassificerer 3 områder som røde, 0 som gule og 0 som grønne." in paragraphs
    gross = {row[0]: row[1:3] for row in rows if len(row) == 4 and row[0] != "Område"}
    assert gross == {
        "Jammerbugt": ["Jammerbugt", "rød"],
        "Aalborg Nord": ["Aalborg", "rød"],
        "Aalborg Syd": ["Aalborg", "rød"],
    }
    changes = {row[0]: row[2:5] for row in rows if len(row) == 6 and row[0] != "Område"}
    assert changes == {
        "Aalborg Nord": ["gul", "rød", "forværret"],
        "Aalborg Syd": ["grøn", "rød", "forværret"],
    }
    decisions = [row for row in rows if len(row) == 5 and row[0] != "Område"]
    assert decisions == [
        ["Aalborg Syd", "rød", "gul", "Ny læge tiltræder 1. august", "Praksisudvalget"]
    ]


def test_a_note_without_a_stored_run_assesses_now_and_stores_nothing(
    db: str, tmp_path: Path
) -> None:
    with Store(db) as store:
        assert store.latest_assessment_run(2) is None
    out = tmp_path / "notat.pdf"
    result = run_cli("report", "threat-note", "2", "--out", str(out), "--db", db)
    assert result.returncode == 0, result.stderr
    with Store(db) as store:  # a report only reads (issue 16): no run was written
        assert store.latest_assessment_run(2) is None
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    for heading in ("Bruttoliste", "Ændringer siden sidste halvår", "Udvalgets beslutninger"):
        assert heading in text
    assert "Ny læge tiltræder 1. august" in text


def test_first_snapshot_has_nothing_to_compare_with(db: str, tmp_path: Path) -> None:
    out = tmp_path / "notat.docx"
    result = run_cli("report", "threat-note", "snapshot:1", "--format", "docx", "--out", str(out),
                     "--db", db)  # fmt: skip
    assert result.returncode == 0, result.stderr
    paragraphs, _ = _docx_text(out)
    assert "Der er intet tidligere øjebliksbillede at sammenligne med." in paragraphs


def test_a_path_is_refused_in_danish(tmp_path: Path) -> None:
    result = run_cli("report", "threat-note", "data/", "--out", str(tmp_path / "x.pdf"))
    assert result.returncode == 2
    assert "er ikke et øjebliksbillede" in result.stderr


def test_a_stored_run_is_what_the_note_reports(
    db: str, tmp_path: Path, tiny_dataset: Dataset
) -> None:
    rules = load_rules(None)
    records = assess(half_a_year_later_all_aalborg_closed(tiny_dataset), rules).to_records()
    for record in records:  # the run the committee saw said otherwise about Aalborg Syd
        if record["area_id"] == "A2":
            record.update(threat_class="yellow", explanation="Gul ifølge den gemte kørsel")
    with Store(db) as store:
        date = store.get_snapshot(2).reference_date
        save_run(store, 2, Assessment.from_records(records, rules, date))
    out = tmp_path / "notat.docx"
    result = run_cli("report", "threat-note", "snapshot:2", "--format", "docx", "--out", str(out),
                     "--db", db)  # fmt: skip
    assert result.returncode == 0, result.stderr
    _, rows = _docx_text(out)
    assert ["Aalborg Syd", "Aalborg", "gul", "Gul ifølge den gemte kørsel"] in rows
