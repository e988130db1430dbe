"""The practice plan as data: a plan, its versions, goals, initiatives, measures and follow-up.

Everything is an immutable Pydantic model, so a plan is also its own exchange format
(:mod:`praksisplan.plan.exchange`) and its own JSON schema (docs/plan.md). A *version* holds
the plan's text and structure (:class:`PlanContent`); every content change appends a new
version, and adopting the plan freezes the latest one. What happens after adoption —
status entries, reported figures, milestones done — and what the parties send — wishes,
consultation responses — lives next to the versions on the :class:`Plan`, so following up an
adopted plan never touches its frozen text.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

PlanStatus = Literal["udkast", "i høring", "vedtaget", "forlænget", "afløst"]
PLAN_STATUSES: tuple[PlanStatus, ...] = ("udkast", "i høring", "vedtaget", "forlænget", "afløst")
#: Better is higher (``increase``) or lower (``decrease``).
Direction = Literal["increase", "decrease"]
MeasureLevel = Literal["region", "municipality", "area"]
#: The health agreement's target groups (tags of an initiative).
TargetGroup = Literal["older_people", "chronic_illness", "mental_illness", "children_young"]
TARGET_GROUP_LABELS: dict[str, str] = {
    "older_people": "ældre",
    "chronic_illness": "kronisk syge",
    "mental_illness": "psykisk syge",
    "children_young": "børn og unge",
}
InitiativeState = Literal["ikke startet", "i gang", "forsinket", "afsluttet"]
#: A party: ``region`` (the secretariat), ``plo``, ``municipality:<code>`` or ``other:<name>``.
Party = Annotated[str, Field(pattern=r"^(region|plo|municipality:\d{3}|other:.+)$")]
Key = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")]
Text = Annotated[str, Field(min_length=1)]
PDF_MAGIC = b"%PDF-"
#: The indicators a computed measure may follow (defined in :mod:`praksisplan.plan.measures`).
COMPUTED_INDICATORS: tuple[str, ...] = (
    "share_practices_open",
    "share_gps_closed",
    "share_gps_60plus",
    "share_gps_65plus",
    "share_gps_under_55",
    "patients_per_filled_capacity",
    "vacant_capacities",
    "supply_pct_of_need",
    "share_persons_lt2_open",
    "persons_lt2_open",
    "red_areas",
    "threatened_areas",
)


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Target(Frozen):
    """What a response or position is about: a section (by key) or a goal (by id)."""

    kind: Literal["section", "goal"]
    id: Key


class Milestone(Frozen):
    id: Key
    title: Text
    due: dt.date


class ComputedMeasure(Frozen):
    """An engine indicator of one unit, evaluated on every snapshot."""

    kind: Literal["computed"] = "computed"
    id: Key
    title: Text
    indicator: Key
    level: MeasureLevel
    #: Region code, municipality code or area id (as in the dataset).
    unit: Key
    baseline_snapshot_id: int
    baseline_value: float
    target: float
    direction: Direction
    deadline: dt.date

    @field_validator("indicator")
    @classmethod
    def _known_indicator(cls, value: str) -> str:
        if value not in COMPUTED_INDICATORS:
            raise ValueError(
                f"ukendt indikator '{value}'; brug en af {', '.join(COMPUTED_INDICATORS)}"
            )
        return value


class ReportedMeasure(Frozen):
    """A figure praksisplan does not hold; its values are entered as :class:`ReportedFigure`."""

    kind: Literal["reported"] = "reported"
    id: Key
    title: Text
    unit_label: str = ""
    baseline_value: float | None = None
    target: float | None = None
    direction: Direction = "increase"
    deadline: dt.date | None = None


Measure = Annotated[ComputedMeasure | ReportedMeasure, Field(discriminator="kind")]


class Initiative(Frozen):
    id: Key
    title: Text
    description: str = ""
    owners: list[Party] = Field(min_length=1)
    start: dt.date
    end: dt.date
    milestones: list[Milestone] = []
    focus: bool = False
    tags: list[TargetGroup] = []
    measures: list[Measure] = []

    @model_validator(mode="after")
    def _end_after_start(self) -> Initiative:
        if self.end < self.start:
            raise ValueError("indsatsens slutdato ligger før dens startdato")
        return self


class Goal(Frozen):
    id: Key
    title: Text
    text: str = ""
    initiatives: list[Initiative] = []


class Section(Frozen):
    key: Key
    title: Text
    markdown: str = ""


class Position(Frozen):
    """A party's position on a section or goal where the parties disagree."""

    target: Target
    party: Party
    text: Text


class PlanContent(Frozen):
    """The plan's text and structure: what a version holds and adoption freezes."""

    sections: list[Section] = []
    goals: list[Goal] = []
    positions: list[Position] = []


class PlanVersion(Frozen):
    number: int = Field(ge=1)
    created_at: dt.datetime
    created_by: Text
    change: Text
    frozen: bool = False
    content: PlanContent


class StatusEntry(Frozen):
    id: int = Field(ge=1)
    initiative_id: Key
    date: dt.date
    state: InitiativeState
    bullets: list[Text] = Field(min_length=1)
    author: Text


class ReportedFigure(Frozen):
    id: int = Field(ge=1)
    measure_id: Key
    date: dt.date
    value: float
    source: Text
    entered_by: Text


class MilestoneMark(Frozen):
    """A milestone marked done (or undone again); the latest mark of a milestone counts."""

    milestone_id: Key
    done: bool
    date: dt.date
    by: Text


class Wish(Frozen):
    id: int = Field(ge=1)
    municipality_code: Annotated[str, Field(pattern=r"^\d{3}$")]
    theme: Text
    text: Text
    submitted_by: Text
    submitted_at: dt.datetime


class WishTheme(Frozen):
    """The secretariat's grouping of wishes into a theme, linked to the goals it led to."""

    id: Key
    title: Text
    wish_ids: list[int] = []
    goal_ids: list[Key] = []


class Attachment(Frozen):
    """A PDF attached to a consultation response, as base64."""

    filename: Annotated[str, Field(min_length=1, max_length=200, pattern=r"(?i)^[^/\\]+\.pdf$")]
    content_base64: str

    @field_validator("content_base64")
    @classmethod
    def _is_pdf(cls, value: str) -> str:
        try:
            content = base64.b64decode(value, validate=True)
        except binascii.Error:
            raise ValueError("vedhæftningen er ikke gyldig base64") from None
        if not content.startswith(PDF_MAGIC):
            raise ValueError("vedhæftningen er ikke en PDF")
        return value

    def content(self) -> bytes:
        return base64.b64decode(self.content_base64)


class Answer(Frozen):
    text: Text
    changed: bool
    change: str = ""
    answered_by: Text
    answered_at: dt.datetime


class Response(Frozen):
    id: int = Field(ge=1)
    party: Party
    text: Text
    targets: list[Target] = []
    attachments: list[Attachment] = []
    submitted_by: Text
    submitted_at: dt.datetime
    answer: Answer | None = None


class Consultation(Frozen):
    id: int = Field(ge=1)
    version_number: int = Field(ge=1)
    opened_at: dt.datetime
    deadline: dt.date
    responses: list[Response] = []


class Plan(Frozen):
    """A region's practice plan with all its versions and everything that followed."""

    format: Literal["praksisplan.plan"] = "praksisplan.plan"
    format_version: Literal[1] = 1
    key: Key
    region_code: Annotated[str, Field(pattern=r"^\d{4}$")]
    region_name: Text
    title: Text
    period_start: int = Field(ge=2000, le=2100)
    period_end: int = Field(ge=2000, le=2100)
    status: PlanStatus = "udkast"
    copied_from: Key | None = None
    versions: list[PlanVersion] = Field(min_length=1)
    status_entries: list[StatusEntry] = []
    reported_figures: list[ReportedFigure] = []
    milestone_marks: list[MilestoneMark] = []
    wishes: list[Wish] = []
    wish_themes: list[WishTheme] = []
    consultations: list[Consultation] = []

    @model_validator(mode="after")
    def _consistent(self) -> Plan:
        if self.period_end < self.period_start:
            raise ValueError("planperiodens slutår ligger før dens startår")
        numbers = [v.number for v in self.versions]
        if numbers != list(range(1, len(numbers) + 1)):
            raise ValueError("versionerne skal være nummereret 1, 2, 3 … i rækkefølge")
        return self

    @property
    def latest(self) -> PlanVersion:
        return self.versions[-1]

    @property
    def content(self) -> PlanContent:
        return self.latest.content

    def version(self, number: int) -> PlanVersion:
        if not 1 <= number <= len(self.versions):
            raise KeyError(number)
        return self.versions[number - 1]

    def goal_of(self, initiative_id: str) -> Goal | None:
        for goal in self.content.goals:
            if any(i.id == initiative_id for i in goal.initiatives):
                return goal
        return None

    def initiatives(self) -> list[Initiative]:
        return [i for goal in self.content.goals for i in goal.initiatives]

    def initiative(self, initiative_id: str) -> Initiative | None:
        return next((i for i in self.initiatives() if i.id == initiative_id), None)

    def measures(self) -> list[ComputedMeasure | ReportedMeasure]:
        return [m for i in self.initiatives() for m in i.measures]

    def milestone_done(self, milestone_id: str) -> bool:
        marks = [m for m in self.milestone_marks if m.milestone_id == milestone_id]
        return marks[-1].done if marks else False
