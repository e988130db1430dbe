"""The status note and hvidbog documents of the demo plan open and hold what they must."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document

from praksisplan.core.dataset import Dataset
from praksisplan.plan.demo import build_demo_plan
from praksisplan.plan.hvidbog import build_hvidbog
from praksisplan.plan.measures import MeasureEvaluation, evaluate_computed, measure_values
from praksisplan.plan.model import ComputedMeasure, Plan
from praksisplan.plan.status_note import StatusNote, build_status_note
from praksisplan.plan_documents import render_hvidbog, render_status_note
from praksisplan.synth.demo import build_demo_dataset
from praksisplan.threat.rules import load_rules

NAMES = {"901": "Havnestad", "907": "Fjordholm"}


@pytest.fixture(scope="module")
def demo() -> tuple[Plan, Dataset]:
    dataset = build_demo_dataset()
    return build_demo_plan(dataset, 1, load_rules(None)), dataset


@pytest.fixture(scope="module")
def note(demo: tuple[Plan, Dataset]) -> StatusNote:
    plan, dataset = demo
    computed = [m for m in plan.measures() if isinstance(m, ComputedMeasure)]
    values = measure_values(dataset, computed, load_rules(None))
    date = dataset.manifest.reference_date
    evaluations: dict[str, MeasureEvaluation] = {
        m.id: evaluate_computed(m, [(1, date, values[m.id])]) for m in computed
    }
    return build_status_note(plan, evaluations, dt.date(2026, 12, 1), NAMES)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    )
    return _flat(result.stdout)


def _docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    texts += [c.text for t in document.tables for r in t.rows for c in r.cells]
    return _flat(" ".join(texts))


def test_the_status_note_holds_goals_initiatives_status_and_measures(
    note: StatusNote, demo: tuple[Plan, Dataset]
) -> None:
    assert len(note.goals) == 4 and len(note.initiatives()) == 8
    first = note.initiatives()[0]
    assert (first.state, first.status_date) == ("i gang", dt.date(2026, 11, 16))
    assert first.bullets == (
        "Fire praksis er åbnet for tilgang.",
        "Puljekapaciteter slået op i to røde områder.",
    )
    assert first.milestones[0][2] is True and first.owners == ("Regionen", "PLO")
    reported = next(m for i in note.initiatives() for m in i.measures if m.id == "M4")
    # M4: 13 then 16 forløb against 12 → 20 by the end of 2029: improving and on track
    assert [p.value for p in reported.evaluation.points] == [13, 16]
    assert (reported.evaluation.trend, reported.evaluation.on_track) == ("bedre", True)
    # as of July, the June status entries are the latest
    plan, _ = demo
    none = {
        m.id: evaluate_computed(m, []) for m in plan.measures() if isinstance(m, ComputedMeasure)
    }
    early = build_status_note(plan, none, dt.date(2026, 7, 1))
    assert early.initiatives()[0].status_date == dt.date(2026, 6, 15)
    early = build_status_note(
        note_plan := build_demo_plan(build_demo_dataset(), 1, load_rules(None)),
        {
            m.id: evaluate_computed(m, [])
            for m in note_plan.measures()
            if isinstance(m, ComputedMeasure)
        },
        dt.date(2026, 7, 1),
    )
    assert early.initiatives()[0].status_date == dt.date(2026, 6, 15)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext not installed")
def test_status_note_pdf_and_docx_open_and_hold_every_initiative(
    note: StatusNote, tmp_path: Path
) -> None:
    pdf = render_status_note(note, "pdf")
    assert pdf.startswith(b"%PDF-")
    pdf_text = _pdf_text(pdf, tmp_path)
    docx_text = _docx_text(render_status_note(note, "docx"))
    for initiative in note.initiatives():
        assert initiative.title in pdf_text, initiative.title
        assert initiative.title in docx_text, initiative.title
        for bullet in initiative.bullets:
            assert bullet in pdf_text and bullet in docx_text, bullet
    for text in (pdf_text, docx_text):
        assert "Statusnotat" in text and "Andel praksis åbne for tilgang" in text
        assert "23 %" in text  # M1's baseline, the share of open practices in the demo region
    document = Document(io.BytesIO(render_status_note(note, "docx")))
    assert len(document.inline_shapes) == sum(len(i.measures) for i in note.initiatives())
    html = render_status_note(note, "html").decode()
    # one trend chart per measure of the demo plan: M1-M10
    assert html.count('<img class="chart"') == 10 and "http" not in html.split("<body>")[1]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext not installed")
def test_the_hvidbog_documents_list_every_response_with_its_answer(
    demo: tuple[Plan, Dataset], tmp_path: Path
) -> None:
    plan, _ = demo
    hvidbog = build_hvidbog(plan, 1, dt.date(2026, 3, 1), NAMES)
    pdf_text = _pdf_text(render_hvidbog(hvidbog, "pdf"), tmp_path)
    docx_text = _docx_text(render_hvidbog(hvidbog, "docx"))
    html = render_hvidbog(hvidbog, "html").decode()
    responses = plan.consultations[0].responses
    assert len(responses) == 4
    for response in responses:
        assert response.answer is not None
        for text in (pdf_text, docx_text, html):
            assert response.text in text and response.answer.text in text
    for text in (pdf_text, docx_text):
        assert "Høringssvar 1: Fjordholm Kommune" in text
        assert "Høringssvar 4: Patientforeningen i Region Demo" in text
        assert "Ændring i planen: Afsnittet om lægedækning nævner nedsat normtal." in text
        assert "Der kom 4 høringssvar; 4 er besvaret, og 2 har ført til ændringer" in text
