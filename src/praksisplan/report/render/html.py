"""Documents as HTML (Jinja2, autoescaped): the shared environment and the report's pages.

Every praksisplan document (the facts report, the threat note, the plan's status note and
hvidbog) extends ``document_base.html.j2`` here: one A4 page style with page numbers, one
table style, so the HTML and the PDF look alike everywhere.
"""

from __future__ import annotations

import base64
from functools import cache

from jinja2 import ChoiceLoader, Environment, PackageLoader, pass_context, select_autoescape
from jinja2.runtime import Context
from markupsafe import Markup, escape

from praksisplan.core.danish_numbers import format_amount_da, format_number_da
from praksisplan.report.model import Column, FactsReport, Value
from praksisplan.report.render.charts import chart_svg, map_svg
from praksisplan.report.threat_note import ThreatNote


def cell_text(value: Value, column: Column) -> str:
    """A table cell in Danish: 1.789, 58,3; a missing value as a dash."""
    if value is None or (isinstance(value, float) and value != value):
        return "–"
    if column.kind == "text" or isinstance(value, str):
        return str(value)
    if column.kind == "int":
        return format_number_da(value)
    return format_amount_da(value, max_decimals=column.decimals)


def document_environment(package: str) -> Environment:
    """A Jinja2 environment for ``package``'s templates that also finds the shared base."""
    environment = Environment(
        loader=ChoiceLoader(
            [
                PackageLoader(package, "templates"),
                PackageLoader("praksisplan.report.render", "templates"),
            ]
        ),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals.update(cell_text=cell_text)
    return environment


@pass_context
def _figure(context: Context, svg: str, title: str) -> Markup:
    """A chart or map: inline SVG in the HTML; for the PDF an ``<img>`` of the same SVG
    (``data:``), which WeasyPrint draws without cascading the page's CSS over each of its
    thousands of nodes (a quarter of the PDF's time). Its text stays text either way."""
    if not context.get("svg_as_image"):
        return Markup(svg)
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return Markup(f'<img src="data:image/svg+xml;base64,{data}" alt="{escape(title)}">')


@cache
def _environment() -> Environment:
    environment = document_environment("praksisplan.report.render")
    environment.globals.update(chart_svg=chart_svg, map_svg=map_svg, figure=_figure)
    return environment


def facts_html(report: FactsReport, *, for_pdf: bool = False) -> str:
    """The report as HTML; ``for_pdf``: its figures as SVG images (see :func:`_figure`)."""
    template = _environment().get_template("facts.html.j2")
    return template.render(report=report, title=report.title, svg_as_image=for_pdf)


def threat_note_html(note: ThreatNote) -> str:
    return _environment().get_template("threat_note.html.j2").render(note=note, title=note.title)
