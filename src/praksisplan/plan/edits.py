"""Every change to a plan as data: one model per kind of edit, with the acting user.

An edit is what the web form, the CLI or the store journal carries; :func:`praksisplan.plan.
apply.apply_edit` checks it against the roles and the plan's state and returns the new plan.
*Content* edits change the text and structure and create a new version; the others record
follow-up, wishes and consultation next to the versions.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field
from typing_extensions import TypeIs

from praksisplan.plan.model import (
    Attachment,
    ComputedMeasure,
    Frozen,
    Goal,
    Initiative,
    InitiativeState,
    Key,
    Party,
    PlanStatus,
    Position,
    ReportedMeasure,
    Section,
    Target,
    Text,
)

ROLE_PATTERN = r"^(admin|planner|committee|plo|viewer|municipality:\d{3})$"


class Actor(Frozen):
    """Who acts: a user name and the role string of the access layer.

    Roles: ``admin``, ``planner`` (the region's secretariat), ``committee``,
    ``municipality:<code>``, ``plo``, ``viewer``.
    """

    name: Text
    role: Annotated[
        str, Field(pattern=r"^(admin|planner|committee|plo|viewer|municipality:\d{3})$")
    ]

    @property
    def municipality_code(self) -> str | None:
        return self.role.removeprefix("municipality:") if self.is_municipality else None

    @property
    def is_municipality(self) -> bool:
        return self.role.startswith("municipality:")

    @property
    def is_secretariat(self) -> bool:
        return self.role in ("admin", "planner")


# -- content: each makes a new version --------------------------------------------------------


class PutSection(Frozen):
    kind: Literal["put_section"] = "put_section"
    section: Section


class RemoveSection(Frozen):
    kind: Literal["remove_section"] = "remove_section"
    key: Key


class PutGoal(Frozen):
    """Add a goal, or change a goal's title and text (its initiatives stay)."""

    kind: Literal["put_goal"] = "put_goal"
    goal: Goal


class RemoveGoal(Frozen):
    kind: Literal["remove_goal"] = "remove_goal"
    goal_id: Key


class PutInitiative(Frozen):
    kind: Literal["put_initiative"] = "put_initiative"
    goal_id: Key
    initiative: Initiative


class RemoveInitiative(Frozen):
    kind: Literal["remove_initiative"] = "remove_initiative"
    initiative_id: Key


class PutMeasure(Frozen):
    kind: Literal["put_measure"] = "put_measure"
    initiative_id: Key
    measure: Annotated[ComputedMeasure | ReportedMeasure, Field(discriminator="kind")]


class RemoveMeasure(Frozen):
    kind: Literal["remove_measure"] = "remove_measure"
    measure_id: Key


class PutPosition(Frozen):
    """Record (or replace) a party's position on a section or goal."""

    kind: Literal["put_position"] = "put_position"
    position: Position


# -- lifecycle --------------------------------------------------------------------------------


class SetStatus(Frozen):
    """Move the plan to a new status; ``vedtaget`` freezes the latest version."""

    kind: Literal["set_status"] = "set_status"
    status: PlanStatus
    #: With ``forlænget``: the new last year of the period.
    period_end: int | None = None


class OpenConsultation(Frozen):
    """Put the latest version in consultation (status ``i høring``) until ``deadline``."""

    kind: Literal["open_consultation"] = "open_consultation"
    deadline: dt.date


# -- follow-up (allowed on an adopted plan) ---------------------------------------------------


class AddStatusEntry(Frozen):
    kind: Literal["add_status_entry"] = "add_status_entry"
    initiative_id: Key
    date: dt.date
    state: InitiativeState
    bullets: list[Text] = Field(min_length=1)


class ReportFigure(Frozen):
    kind: Literal["report_figure"] = "report_figure"
    measure_id: Key
    date: dt.date
    value: float = Field(allow_inf_nan=False)
    source: Text


class MarkMilestone(Frozen):
    kind: Literal["mark_milestone"] = "mark_milestone"
    milestone_id: Key
    done: bool
    date: dt.date


# -- wishes and consultation --------------------------------------------------------------------


class SubmitWish(Frozen):
    kind: Literal["submit_wish"] = "submit_wish"
    municipality_code: Annotated[str, Field(pattern=r"^\d{3}$")]
    theme: Text
    text: Text


class PutWishTheme(Frozen):
    kind: Literal["put_wish_theme"] = "put_wish_theme"
    id: Key
    title: Text
    wish_ids: list[int] = Field(default_factory=list)
    goal_ids: list[Key] = Field(default_factory=list)


class SubmitResponse(Frozen):
    kind: Literal["submit_response"] = "submit_response"
    consultation_id: int
    party: Party
    text: Text
    targets: list[Target] = Field(default_factory=list)
    attachments: list[Attachment] = Field(default_factory=list)


class AnswerResponse(Frozen):
    kind: Literal["answer_response"] = "answer_response"
    consultation_id: int
    response_id: int
    text: Text
    changed: bool
    change: str = ""


ContentEdit = (
    PutSection
    | RemoveSection
    | PutGoal
    | RemoveGoal
    | PutInitiative
    | RemoveInitiative
    | PutMeasure
    | RemoveMeasure
    | PutPosition
)


def is_content_edit(edit: object) -> TypeIs[ContentEdit]:
    """Whether ``edit`` changes the plan's text and structure (and so makes a new version)."""
    return isinstance(
        edit,
        PutSection
        | RemoveSection
        | PutGoal
        | RemoveGoal
        | PutInitiative
        | RemoveInitiative
        | PutMeasure
        | RemoveMeasure
        | PutPosition,
    )


Edit = Annotated[
    ContentEdit
    | SetStatus
    | OpenConsultation
    | AddStatusEntry
    | ReportFigure
    | MarkMilestone
    | SubmitWish
    | PutWishTheme
    | SubmitResponse
    | AnswerResponse,
    Field(discriminator="kind"),
]

#: Danish description of each kind of edit, for version notes and the journal.
EDIT_LABELS: dict[str, str] = {
    "put_section": "afsnit skrevet",
    "remove_section": "afsnit fjernet",
    "put_goal": "målsætning skrevet",
    "remove_goal": "målsætning fjernet",
    "put_initiative": "indsats skrevet",
    "remove_initiative": "indsats fjernet",
    "put_measure": "målepunkt skrevet",
    "remove_measure": "målepunkt fjernet",
    "put_position": "holdning registreret",
    "set_status": "status ændret",
    "open_consultation": "sendt i høring",
    "add_status_entry": "status for indsats",
    "report_figure": "tal indberettet",
    "mark_milestone": "milepæl markeret",
    "submit_wish": "ønske indsendt",
    "put_wish_theme": "ønsker grupperet",
    "submit_response": "høringssvar indsendt",
    "answer_response": "høringssvar besvaret",
}
