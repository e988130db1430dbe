"""Documents as HTML (Jinja2, autoescaped): the shared environment and the report's pages.

Every praksisplan document (the facts report, the threat note, the plan's status note and
hvidbog) extends ``document_base.html.j2`` here: one A4 page style with page numbers, one
table style, so the HTML and the PDF look alike everywhere.
"""

from __future__ import annotations

from functools import cache

from jinja2 import ChoiceLoader, Environment, PackageLoader, select_autoescape
from markupsafe import Markup

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


@cache
def _environment() -> Environment:
    environment = document_environment("praksisplan.report.render")
    environment.globals.update(
        chart_svg=lambda chart: Markup(chart_svg(chart)),
        map_svg=lambda area_map: Markup(map_svg(area_map)),
    )
    return environment


def facts_html(report: FactsReport) -> str:
    return _environment().get_template("facts.html.j2").render(report=report, title=report.title)


def threat_note_html(note: ThreatNote) -> str:
    return _environment().get_template("threat_note.html.j2").render(note=note, title=note.title)
