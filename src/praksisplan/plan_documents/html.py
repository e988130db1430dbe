"""The status note and the hvidbog as HTML (Jinja2, autoescaped; charts as PNG data URIs).

The templates extend the shared document base of :mod:`praksisplan.report.render.html`.
"""

from __future__ import annotations

import base64
from functools import cache

from jinja2 import Environment

from praksisplan.plan.hvidbog import Hvidbog
from praksisplan.plan.status_note import StatusNote
from praksisplan.plan_documents.chart import trend_chart_png
from praksisplan.plan_documents.labels import date_da, measure_row, status_heading
from praksisplan.report.render.html import document_environment


@cache
def _environment() -> Environment:
    environment = document_environment("praksisplan.plan_documents")
    environment.globals.update(
        date_da=date_da, measure_row=measure_row, status_heading=status_heading
    )
    return environment


def status_note_html(note: StatusNote) -> str:
    charts = {
        line.id: base64.b64encode(trend_chart_png(line.evaluation, line.target)).decode()
        for initiative in note.initiatives()
        for line in initiative.measures
    }
    return (
        _environment()
        .get_template("status_note.html.j2")
        .render(note=note, charts=charts, title=f"Statusnotat – {note.plan_title}")
    )


def hvidbog_html(hvidbog: Hvidbog) -> str:
    return (
        _environment()
        .get_template("hvidbog.html.j2")
        .render(hvidbog=hvidbog, title=f"Hvidbog – {hvidbog.plan_title}")
    )
