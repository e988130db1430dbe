"""The practice plan's documents: the status note and the hvidbog as HTML, PDF and DOCX.

An adapter around the pure builders :func:`praksisplan.plan.status_note.build_status_note`
and :func:`praksisplan.plan.hvidbog.build_hvidbog`. The generic rendering (the HTML base and
page style, HTML → PDF, the DOCX document setup) is shared with the facts report and the
threat note in :mod:`praksisplan.report.render`; this package keeps only the plan's templates,
its Word layout and its trend chart.
"""

from __future__ import annotations

from typing import Literal

from praksisplan.plan.hvidbog import Hvidbog
from praksisplan.plan.status_note import StatusNote

DocumentFormat = Literal["html", "pdf", "docx"]
MEDIA_TYPES: dict[str, str] = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


# The renderers are imported when used: WeasyPrint alone takes a second to import, and the
# CLI imports this package for every command.


def render_status_note(note: StatusNote, fmt: DocumentFormat) -> bytes:
    from praksisplan.plan_documents.html import status_note_html
    from praksisplan.plan_documents.word import status_note_docx
    from praksisplan.report.render.pdf import html_to_pdf

    if fmt == "docx":
        return status_note_docx(note)
    html = status_note_html(note)
    return html.encode("utf-8") if fmt == "html" else html_to_pdf(html)


def render_hvidbog(hvidbog: Hvidbog, fmt: DocumentFormat) -> bytes:
    from praksisplan.plan_documents.html import hvidbog_html
    from praksisplan.plan_documents.word import hvidbog_docx
    from praksisplan.report.render.pdf import html_to_pdf

    if fmt == "docx":
        return hvidbog_docx(hvidbog)
    html = hvidbog_html(hvidbog)
    return html.encode("utf-8") if fmt == "html" else html_to_pdf(html)
