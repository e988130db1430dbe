"""Applying an edit: the role rules, the plan's state rules, and the new plan.

:func:`apply_edit` is pure: it returns a new :class:`Plan` or raises a
:class:`~praksisplan.plan.errors.PlanEditError` (Danish message) and changes nothing. Content
edits append a version; a frozen (adopted) version and a superseded plan refuse them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from praksisplan.plan import edits as e
from praksisplan.plan.content_edits import edit_content, plan_ids, replace_by_key, targets_exist
from praksisplan.plan.errors import PlanConflictError, PlanForbiddenError, PlanFrozenError
from praksisplan.plan.model import (
    Answer,
    Consultation,
    MilestoneMark,
    Plan,
    PlanContent,
    PlanStatus,
    PlanVersion,
    ReportedFigure,
    ReportedMeasure,
    Response,
    StatusEntry,
    Target,
    Wish,
    WishTheme,
)
from praksisplan.plan.permissions import authorize

#: The statuses each status may move to with :class:`~praksisplan.plan.edits.SetStatus`
#: (``i høring`` is entered with :class:`~praksisplan.plan.edits.OpenConsultation`).
TRANSITIONS: dict[PlanStatus, tuple[PlanStatus, ...]] = {
    "udkast": ("vedtaget",),
    "i høring": ("udkast", "vedtaget"),
    "vedtaget": ("forlænget", "afløst"),
    "forlænget": ("forlænget", "afløst"),
    "afløst": (),
}


def _next_id(items: list[Any]) -> int:
    return max((int(item.id) for item in items), default=0) + 1


def _refuse_frozen(plan: Plan, edit: e.Edit) -> None:
    if plan.status == "afløst":
        raise PlanFrozenError(f"Planen '{plan.title}' er afløst og kan ikke længere ændres")
    if e.is_content_edit(edit) and plan.latest.frozen:
        raise PlanFrozenError(
            f"Version {plan.latest.number} af planen '{plan.title}' er vedtaget og låst; "
            f"den kan ikke ændres (start en ny plan som kopi af den)"
        )


def _set_status(plan: Plan, edit: e.SetStatus) -> Plan:
    if edit.status not in TRANSITIONS[plan.status]:
        allowed = ", ".join(f"'{s}'" for s in TRANSITIONS[plan.status]) or "ingen"
        hint = " (en plan sendes i høring med en høringsfrist)" if edit.status == "i høring" else ""
        raise PlanConflictError(
            f"Planen kan ikke gå fra '{plan.status}' til '{edit.status}'{hint}; mulige: {allowed}"
        )
    update: dict[str, Any] = {"status": edit.status}
    if edit.status == "forlænget":
        if edit.period_end is None or edit.period_end <= plan.period_end:
            raise PlanConflictError(
                f"En forlængelse skal have et nyt slutår efter {plan.period_end}"
            )
        update["period_end"] = edit.period_end
    if edit.status == "vedtaget":
        latest = plan.latest.model_copy(update={"frozen": True})
        update["versions"] = [*plan.versions[:-1], latest]
    return plan.model_copy(update=update)


def _find_consultation(plan: Plan, consultation_id: int) -> Consultation:
    consultation = next((c for c in plan.consultations if c.id == consultation_id), None)
    if consultation is None:
        raise PlanConflictError(f"Planen har ingen høring nr. {consultation_id}")
    return consultation


def _with_consultation(plan: Plan, consultation: Consultation) -> Plan:
    return plan.model_copy(
        update={"consultations": replace_by_key(plan.consultations, lambda c: c.id, consultation)}
    )


def _consultation_edit(
    plan: Plan, edit: e.SubmitResponse | e.AnswerResponse, actor: e.Actor, now: dt.datetime
) -> Plan:
    if isinstance(edit, e.SubmitResponse):
        consultation = _find_consultation(plan, edit.consultation_id)
        if now.date() > consultation.deadline:
            raise PlanConflictError(
                f"Høringsfristen {consultation.deadline.strftime('%d.%m.%Y')} er overskredet; "
                f"svaret kan ikke indsendes"
            )
        targets_exist(plan.version(consultation.version_number).content, edit.targets)
        response = Response(
            id=_next_id([r for c in plan.consultations for r in c.responses]),
            party=edit.party,
            text=edit.text,
            targets=edit.targets,
            attachments=edit.attachments,
            submitted_by=actor.name,
            submitted_at=now,
        )
        return _with_consultation(
            plan,
            consultation.model_copy(update={"responses": [*consultation.responses, response]}),
        )
    consultation = _find_consultation(plan, edit.consultation_id)
    if not any(r.id == edit.response_id for r in consultation.responses):
        raise PlanConflictError(
            f"Høring nr. {edit.consultation_id} har intet svar nr. {edit.response_id}"
        )
    answer = Answer(
        text=edit.text,
        changed=edit.changed,
        change=edit.change,
        answered_by=actor.name,
        answered_at=now,
    )
    responses = [
        r.model_copy(update={"answer": answer}) if r.id == edit.response_id else r
        for r in consultation.responses
    ]
    return _with_consultation(plan, consultation.model_copy(update={"responses": responses}))


def _follow_up(
    plan: Plan,
    edit: e.AddStatusEntry | e.ReportFigure | e.MarkMilestone | e.SubmitWish | e.PutWishTheme,
    actor: e.Actor,
    now: dt.datetime,
) -> Plan:
    initiatives, _, milestones = plan_ids(plan.content)
    if isinstance(edit, e.AddStatusEntry):
        if edit.initiative_id not in initiatives:
            raise PlanConflictError(f"Planen har ingen indsats '{edit.initiative_id}'")
        entry = StatusEntry(
            id=_next_id(plan.status_entries),
            initiative_id=edit.initiative_id,
            date=edit.date,
            state=edit.state,
            bullets=edit.bullets,
            author=actor.name,
        )
        return plan.model_copy(update={"status_entries": [*plan.status_entries, entry]})
    if isinstance(edit, e.ReportFigure):
        measure = next((m for m in plan.measures() if m.id == edit.measure_id), None)
        if not isinstance(measure, ReportedMeasure):
            raise PlanConflictError(
                f"Planen har intet indberettet målepunkt '{edit.measure_id}'"
                + (" (det beregnes af praksisplan)" if measure is not None else "")
            )
        figure = ReportedFigure(
            id=_next_id(plan.reported_figures),
            measure_id=edit.measure_id,
            date=edit.date,
            value=edit.value,
            source=edit.source,
            entered_by=actor.name,
        )
        return plan.model_copy(update={"reported_figures": [*plan.reported_figures, figure]})
    if isinstance(edit, e.MarkMilestone):
        if edit.milestone_id not in milestones:
            raise PlanConflictError(f"Planen har ingen milepæl '{edit.milestone_id}'")
        mark = MilestoneMark(
            milestone_id=edit.milestone_id, done=edit.done, date=edit.date, by=actor.name
        )
        return plan.model_copy(update={"milestone_marks": [*plan.milestone_marks, mark]})
    if isinstance(edit, e.SubmitWish):
        wish = Wish(
            id=_next_id(plan.wishes),
            municipality_code=edit.municipality_code,
            theme=edit.theme,
            text=edit.text,
            submitted_by=actor.name,
            submitted_at=now,
        )
        return plan.model_copy(update={"wishes": [*plan.wishes, wish]})
    unknown_wishes = sorted(set(edit.wish_ids) - {w.id for w in plan.wishes})
    if unknown_wishes:
        raise PlanConflictError(f"Planen har intet ønske nr. {unknown_wishes[0]}")
    targets_exist(plan.content, [Target(kind="goal", id=g) for g in edit.goal_ids])
    theme = WishTheme(id=edit.id, title=edit.title, wish_ids=edit.wish_ids, goal_ids=edit.goal_ids)
    return plan.model_copy(
        update={"wish_themes": replace_by_key(plan.wish_themes, lambda t: t.id, theme)}
    )


def apply_edit(plan: Plan, actor: e.Actor, edit: e.Edit, now: dt.datetime) -> Plan:
    """``plan`` after ``actor``'s ``edit`` at ``now``; raises a PlanEditError if refused."""
    authorize(actor, edit, plan)
    _refuse_frozen(plan, edit)
    if e.is_content_edit(edit):
        content, change = edit_content(plan.content, edit)
        version = PlanVersion(
            number=plan.latest.number + 1,
            created_at=now,
            created_by=actor.name,
            change=f"{e.EDIT_LABELS[edit.kind]}: {change}",
            content=content,
        )
        return plan.model_copy(update={"versions": [*plan.versions, version]})
    if isinstance(edit, e.SetStatus):
        return _set_status(plan, edit)
    if isinstance(edit, e.OpenConsultation):
        if plan.status != "udkast":
            raise PlanConflictError(f"Kun et udkast kan sendes i høring; planen er '{plan.status}'")
        consultation = Consultation(
            id=_next_id(plan.consultations),
            version_number=plan.latest.number,
            opened_at=now,
            deadline=edit.deadline,
        )
        return plan.model_copy(
            update={"status": "i høring", "consultations": [*plan.consultations, consultation]}
        )
    if isinstance(edit, e.SubmitResponse | e.AnswerResponse):
        return _consultation_edit(plan, edit, actor, now)
    return _follow_up(plan, edit, actor, now)


def new_plan(
    key: str,
    region_code: str,
    region_name: str,
    title: str,
    period: tuple[int, int],
    actor: e.Actor,
    now: dt.datetime,
    content: PlanContent | None = None,
    copied_from: str | None = None,
) -> Plan:
    """A new draft plan (version 1); only the secretariat starts plans."""
    if not actor.is_secretariat:
        raise PlanForbiddenError(
            f"{actor.name} (rolle {actor.role}) må ikke oprette en praksisplan"
        )
    change = f"kopi af planen '{copied_from}'" if copied_from else "planen oprettet"
    return Plan(
        key=key,
        region_code=region_code,
        region_name=region_name,
        title=title,
        period_start=period[0],
        period_end=period[1],
        copied_from=copied_from,
        versions=[
            PlanVersion(
                number=1,
                created_at=now,
                created_by=actor.name,
                change=change,
                content=content or PlanContent(),
            )
        ],
    )


def copy_plan(
    plan: Plan, key: str, title: str, period: tuple[int, int], actor: e.Actor, now: dt.datetime
) -> Plan:
    """A new draft plan that starts as a copy of ``plan``'s latest version."""
    return new_plan(
        key,
        plan.region_code,
        plan.region_name,
        title,
        period,
        actor,
        now,
        content=plan.content,
        copied_from=plan.key,
    )
