"""The report's render layer: HTML (Jinja2), PDF (WeasyPrint), XLSX (openpyxl), DOCX
(python-docx), charts and maps as SVG (Matplotlib).

The generic pieces — the document base template and page style, HTML → PDF, the DOCX setup —
are shared with :mod:`praksisplan.plan_documents`. The renderers are imported when used:
WeasyPrint and Matplotlib take a second to import, and the CLI imports this package for
every command.
"""

from __future__ import annotations

from typing import Literal

from praksisplan.report.model import FactsReport
from praksisplan.report.threat_note import ThreatNote

FactsFormat = Literal["html", "pdf", "xlsx"]
NoteFormat = Literal["html", "pdf", "docx"]
MEDIA_TYPES: dict[str, str] = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def render_facts(report: FactsReport, fmt: FactsFormat) -> bytes:
    if fmt == "xlsx":
        from praksisplan.report.render.xlsx import facts_xlsx

        return facts_xlsx(report)
    from praksisplan.report.render.html import facts_html

    if fmt == "html":
        return facts_html(report).encode("utf-8")
    from praksisplan.report.render.pdf import html_to_pdf

    return html_to_pdf(facts_html(report, for_pdf=True))


def render_threat_note(note: ThreatNote, fmt: NoteFormat) -> bytes:
    if fmt == "docx":
        from praksisplan.report.render.word import threat_note_docx

        return threat_note_docx(note)
    from praksisplan.report.render.html import threat_note_html

    html = threat_note_html(note)
    if fmt == "html":
        return html.encode("utf-8")
    from praksisplan.report.render.pdf import html_to_pdf

    return html_to_pdf(html)
