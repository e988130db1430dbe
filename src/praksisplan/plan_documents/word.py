"""The status note and the hvidbog as DOCX (python-docx), with the same charts as the PDF."""

from __future__ import annotations

import io

from docx.shared import Mm

from praksisplan.plan.hvidbog import Hvidbog
from praksisplan.plan.status_note import StatusNote
from praksisplan.plan_documents.chart import trend_chart_png
from praksisplan.plan_documents.labels import date_da, measure_row, status_heading
from praksisplan.report.render.word import docx_bytes, new_document

_MEASURE_COLUMNS = (
    ("title", "Målepunkt"),
    ("latest", "Seneste"),
    ("target", "Mål"),
    ("trend", "Udvikling"),
    ("on_track", "Vurdering"),
)


def status_note_docx(note: StatusNote) -> bytes:
    document = new_document()
    document.add_heading("Statusnotat", level=0)
    document.add_paragraph(
        f"{note.plan_title} · {note.region_name} · planens status: {note.plan_status} · "
        f"pr. {date_da(note.as_of)}"
    )
    for goal in note.goals:
        document.add_heading(f"{goal.id}. {goal.title}", level=1)
        for initiative in goal.initiatives:
            focus = " (fokus)" if initiative.focus else ""
            document.add_heading(f"{initiative.title}{focus}", level=2)
            owners = f"Ansvarlige: {', '.join(initiative.owners)}"
            tags = f" · Målgrupper: {', '.join(initiative.tags)}" if initiative.tags else ""
            document.add_paragraph(owners + tags)
            document.add_paragraph().add_run(status_heading(initiative)).bold = True
            for bullet in initiative.bullets:
                document.add_paragraph(bullet, style="List Bullet")
            for title, due, done in initiative.milestones:
                mark = "nået" if done else "ikke nået"
                document.add_paragraph(f"Milepæl: {title} ({date_da(due)}) – {mark}")
            if not initiative.measures:
                continue
            table = document.add_table(rows=1, cols=len(_MEASURE_COLUMNS), style="Table Grid")
            for cell, (_, heading) in zip(table.rows[0].cells, _MEASURE_COLUMNS, strict=True):
                cell.text = heading
            for line in initiative.measures:
                row = measure_row(line)
                cells = table.add_row().cells
                for cell, (key, _) in zip(cells, _MEASURE_COLUMNS, strict=True):
                    cell.text = row[key]
            for line in initiative.measures:
                document.add_paragraph(f"Forløb: {line.title}")
                chart = io.BytesIO(trend_chart_png(line.evaluation, line.target))
                document.add_picture(chart, width=Mm(80))
    return docx_bytes(document)


def hvidbog_docx(hvidbog: Hvidbog) -> bytes:
    document = new_document()
    document.add_heading("Hvidbog", level=0)
    document.add_paragraph(f"Høring over {hvidbog.plan_title} · {hvidbog.region_name}")
    if hvidbog.preliminary:
        document.add_paragraph(
            f"Foreløbig udgave: høringsfristen {date_da(hvidbog.deadline)} er ikke udløbet."
        )
    document.add_paragraph(
        f"Version {hvidbog.version_number} af planen var i høring fra "
        f"{date_da(hvidbog.opened)} til {date_da(hvidbog.deadline)}. Der kom "
        f"{len(hvidbog.entries)} høringssvar; {hvidbog.answered} er besvaret, og "
        f"{hvidbog.changes} har ført til ændringer i planen."
    )
    for entry in hvidbog.entries:
        document.add_heading(f"Høringssvar {entry.response_id}: {entry.party}", level=1)
        about = f" · Vedrører: {'; '.join(entry.targets)}" if entry.targets else ""
        document.add_paragraph(f"Indsendt {date_da(entry.submitted_at)}{about}")
        document.add_paragraph(entry.text, style="Quote")
        if entry.attachments:
            document.add_paragraph(f"Bilag: {', '.join(entry.attachments)}")
        answer = document.add_paragraph()
        answer.add_run("Sekretariatets svar: ").bold = True
        answer.add_run(entry.answer if entry.answer is not None else "Ikke besvaret endnu.")
        change = document.add_paragraph()
        change.add_run("Ændring i planen: ").bold = True
        change.add_run(entry.change if entry.changed else "Ingen ændring.")
    return docx_bytes(document)
