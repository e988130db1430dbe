"""The Danish words and figures the plan documents print, shared by HTML and DOCX."""

from __future__ import annotations

import datetime as dt

from praksisplan.plan.status_note import InitiativeNote, MeasureLine
from praksisplan.threat.vocabulary import format_value_da

TREND_LABELS = {"bedre": "bedre", "værre": "værre", "uændret": "uændret"}


def date_da(value: dt.date | dt.datetime | None) -> str:
    return "–" if value is None else value.strftime("%d.%m.%Y")


def value_da(line: MeasureLine, value: float | None) -> str:
    return format_value_da(value, line.unit)


def on_track_da(line: MeasureLine) -> str:
    result = line.evaluation
    if result.met:
        return "målet er nået"
    if result.on_track is None:
        return "–"
    return "på sporet" if result.on_track else "ikke på sporet"


def measure_row(line: MeasureLine) -> dict[str, str]:
    """The table cells of one measure."""
    latest = line.evaluation.latest
    direction = "højere er bedre" if line.direction == "increase" else "lavere er bedre"
    return {
        "title": line.title,
        "kind": "beregnet" if line.kind == "computed" else "indberettet",
        "latest": value_da(line, latest.value) if latest else "–",
        "latest_date": date_da(latest.date) if latest else "–",
        "target": value_da(line, line.target) if line.target is not None else "–",
        "deadline": date_da(line.deadline),
        "direction": direction,
        "trend": TREND_LABELS.get(line.evaluation.trend or "", "–"),
        "on_track": on_track_da(line),
    }


def status_heading(initiative: InitiativeNote) -> str:
    if initiative.status_date is None:
        return "Ingen status endnu"
    return f"Status pr. {date_da(initiative.status_date)}: {initiative.state}"
