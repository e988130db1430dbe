"""Documents as DOCX (python-docx): the shared document setup and the threat note.

Planners edit notes in Word, so the threat note is a plain Word document: headings, tables
in the built-in "Table Grid" style, no floating shapes.
"""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.shared import Pt

from praksisplan.report.threat_note import NoteArea, ThreatNote


def new_document() -> DocxDocument:
    """An empty document in praksisplan's style (Calibri 10 pt)."""
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(10)
    return document


def docx_bytes(document: DocxDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _table(document: DocxDocument, headings: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(headings), style="Table Grid")
    for cell, heading in zip(table.rows[0].cells, headings, strict=True):
        cell.text = heading
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text


def _area_row(area: NoteArea) -> list[str]:
    return [area.name, area.municipality, area.threat_class, area.explanation]


def threat_note_docx(note: ThreatNote) -> bytes:
    document = new_document()
    document.add_heading(note.title, level=0)
    synthetic = " · syntetiske data" if note.synthetic else ""
    document.add_paragraph(f"{note.region_name} · regelsæt: {note.rules_name}{synthetic}")
    c = note.counts
    document.add_paragraph(
        f"Modellen klassificerer {c['red']} områder som røde, {c['yellow']} som gule og "
        f"{c['green']} som grønne."
    )
    document.add_heading("Bruttoliste", level=1)
    _table(
        document,
        ["Område", "Kommune", "Klasse", "Begrundelse"],
        [_area_row(a) for a in note.areas],
    )
    document.add_heading("Ændringer siden sidste halvår", level=1)
    if note.previous_date is None:
        document.add_paragraph("Der er intet tidligere øjebliksbillede at sammenligne med.")
    elif not note.changes:
        document.add_paragraph(
            f"Ingen områder har skiftet klasse siden {note.previous_date:%d.%m.%Y}."
        )
    else:
        document.add_paragraph(f"Sammenlignet med {note.previous_date:%d.%m.%Y}:")
        _table(
            document,
            ["Område", "Kommune", "Før", "Nu", "Ændring", "Begrundelse nu"],
            [
                [ch.name, ch.municipality, ch.old_class, ch.new_class, ch.direction, ch.explanation]
                for ch in note.changes
            ],
        )
    document.add_heading("Udvalgets beslutninger", level=1)
    if not note.decisions:
        document.add_paragraph("Udvalget har endnu ikke truffet beslutninger for dette halvår.")
    else:
        _table(
            document,
            ["Område", "Modellens klasse", "Besluttet klasse", "Begrundelse", "Besluttet af"],
            [
                [a.name, a.threat_class, a.decided_class, a.reason, a.decided_by]
                for a in note.decisions
            ],
        )
    return docx_bytes(document)
