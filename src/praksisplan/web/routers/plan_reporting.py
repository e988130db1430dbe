"""Following up an initiative in the browser: reported figures and milestones.

The owners of an initiative (and the secretariat) enter the figures of its *reported*
measures — those praksisplan does not hold, such as filled training posts — with date and
source, and mark its milestones done or not done. Each form becomes one edit
(``report_figure``, ``mark_milestone``) and goes the way of every plan write
(:func:`~praksisplan.web.routers.plan.apply_form_edit`): the plan's follow-up rules decide,
the store keeps the figure with who entered it, the audit trail records the edit.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from babel.numbers import NumberFormatError, parse_decimal
from fastapi import APIRouter, Request
from fastapi.responses import Response

from praksisplan.web.routers.plan import State, User, apply_form_edit, form_value, read_form

router = APIRouter(include_in_schema=False)


def _danish_number(text: str) -> float | str:
    """``1.234,5`` → 1234.5; text that is no Danish number is passed on for the form's
    validation to name."""
    try:
        return float(parse_decimal(text, locale="da_DK", strict=True))
    except NumberFormatError:
        return text


@router.post("/praksisplan/{key}/tal")
async def report_figure(request: Request, state: State, key: str, actor: User) -> Response:
    """Enter a figure of a reported measure: ``measure_id``, ``value`` (Danish notation),
    ``date`` (today if empty) and ``source``."""
    form = await read_form(request)
    fields = {
        "kind": "report_figure", "measure_id": form_value(form, "measure_id"),
        "value": _danish_number(form_value(form, "value")),
        "date": form_value(form, "date") or dt.date.today().isoformat(),
        "source": form_value(form, "source"),
    }  # fmt: skip
    back = f"/praksisplan/{quote(key)}#indsats-{quote(form_value(form, 'initiative_id'))}"
    return await apply_form_edit(request, state, key, actor, fields, back)


@router.post("/praksisplan/{key}/milepael")
async def mark_milestone(request: Request, state: State, key: str, actor: User) -> Response:
    """Mark a milestone done (``done=ja``) or not done (``done=nej``) as of ``date``."""
    form = await read_form(request)
    done = form_value(form, "done")
    fields = {
        "kind": "mark_milestone", "milestone_id": form_value(form, "milestone_id"),
        "done": {"ja": True, "nej": False}.get(done, done),
        "date": form_value(form, "date") or dt.date.today().isoformat(),
    }  # fmt: skip
    back = f"/praksisplan/{quote(key)}#indsats-{quote(form_value(form, 'initiative_id'))}"
    return await apply_form_edit(request, state, key, actor, fields, back)
