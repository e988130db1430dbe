"""Who may make which edit: the plan's role rules as one pure function.

* ``admin`` and ``planner`` (the secretariat) may make every edit;
* ``municipality:<code>`` may submit wishes for its own municipality only, consultation
  responses as its own municipality only, and follow up (status entries, reported figures,
  milestones) the initiatives it owns;
* ``plo`` may submit consultation responses as PLO and follow up the initiatives PLO owns;
* ``committee`` and ``viewer`` read only.

The web layer calls :func:`refusal` (or :func:`authorize`) with the logged-in user; the
frozen-version rule is separate (:mod:`praksisplan.plan.apply`), since it holds for everyone.
"""

from __future__ import annotations

from praksisplan.plan.edits import (
    Actor,
    AddStatusEntry,
    Edit,
    MarkMilestone,
    ReportFigure,
    SubmitResponse,
    SubmitWish,
)
from praksisplan.plan.errors import PlanForbiddenError
from praksisplan.plan.model import Initiative, Plan

_PARTY_ROLES = ("plo",)


def _followed_initiative(
    plan: Plan, edit: AddStatusEntry | ReportFigure | MarkMilestone
) -> Initiative | None:
    for initiative in plan.initiatives():
        if isinstance(edit, AddStatusEntry) and initiative.id == edit.initiative_id:
            return initiative
        if isinstance(edit, ReportFigure) and any(
            m.id == edit.measure_id for m in initiative.measures
        ):
            return initiative
        if isinstance(edit, MarkMilestone) and any(
            m.id == edit.milestone_id for m in initiative.milestones
        ):
            return initiative
    return None


def may_follow_up(actor: Actor, initiative: Initiative) -> bool:
    """Whether ``actor`` may add status entries, figures and milestones to ``initiative``."""
    return actor.is_secretariat or actor.role in initiative.owners


def may_edit_content(actor: Actor) -> bool:
    """Whether ``actor`` may change the plan's text and structure (sections, goals,
    initiatives, measures, positions): the secretariat only."""
    return actor.is_secretariat


def refusal(actor: Actor, edit: Edit, plan: Plan) -> str | None:
    """Why ``actor`` may not make ``edit`` on ``plan`` (Danish), or None if allowed."""
    if may_edit_content(actor):  # the secretariat may make every edit
        return None
    who = f"{actor.name} (rolle {actor.role})"
    if not (actor.is_municipality or actor.role in _PARTY_ROLES):
        return f"{who} har kun læseadgang til praksisplanen"
    if isinstance(edit, SubmitWish):
        if edit.municipality_code != actor.municipality_code:
            return f"{who} må ikke indsende ønsker for kommune {edit.municipality_code}"
        return None
    if isinstance(edit, SubmitResponse):
        if edit.party != actor.role:
            return f"{who} må ikke indsende høringssvar på vegne af '{edit.party}'"
        return None
    if isinstance(edit, AddStatusEntry | ReportFigure | MarkMilestone):
        initiative = _followed_initiative(plan, edit)
        if initiative is not None and not may_follow_up(actor, initiative):
            return f"{who} er ikke ansvarlig for indsatsen '{initiative.title}'"
        return None
    return f"{who} må ikke ændre planen (kun sekretariatet)"


def authorize(actor: Actor, edit: Edit, plan: Plan) -> None:
    """Raise :class:`PlanForbiddenError` if ``actor`` may not make ``edit``."""
    reason = refusal(actor, edit, plan)
    if reason is not None:
        raise PlanForbiddenError(reason)
