"""The hvidbog (consultation report): every response of a closed consultation with its answer.

Pure: :func:`build_hvidbog` gathers what the document shows; the renderers in
:mod:`praksisplan.plan_documents` lay it out as HTML, PDF and DOCX.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from praksisplan.plan.errors import PlanConflictError
from praksisplan.plan.model import Plan, PlanContent, Target


def party_label(party: str, municipality_names: Mapping[str, str] | None = None) -> str:
    """A party as the documents name it: ``Aalborg Kommune``, ``PLO``, ``Regionen``."""
    if party == "region":
        return "Regionen"
    if party == "plo":
        return "PLO"
    if party.startswith("municipality:"):
        code = party.removeprefix("municipality:")
        name = (municipality_names or {}).get(code)
        return f"{name} Kommune" if name else f"Kommune {code}"
    return party.removeprefix("other:")


def target_label(content: PlanContent, target: Target) -> str:
    if target.kind == "section":
        section = next((s for s in content.sections if s.key == target.id), None)
        return f"Afsnit: {section.title if section else target.id}"
    goal = next((g for g in content.goals if g.id == target.id), None)
    return f"Målsætning: {goal.title if goal else target.id}"


@dataclass(frozen=True)
class HvidbogEntry:
    response_id: int
    party: str
    submitted_at: dt.datetime
    targets: tuple[str, ...]
    text: str
    attachments: tuple[str, ...]
    answer: str | None
    changed: bool
    change: str


@dataclass(frozen=True)
class Hvidbog:
    plan_title: str
    region_name: str
    version_number: int
    opened: dt.date
    deadline: dt.date
    entries: tuple[HvidbogEntry, ...]
    #: True for a draft made before the deadline (more responses may come).
    preliminary: bool = False

    @property
    def answered(self) -> int:
        return sum(e.answer is not None for e in self.entries)

    @property
    def changes(self) -> int:
        return sum(e.changed for e in self.entries)


def build_hvidbog(
    plan: Plan,
    consultation_id: int,
    today: dt.date,
    municipality_names: Mapping[str, str] | None = None,
    *,
    preliminary: bool = False,
) -> Hvidbog:
    """The hvidbog of a consultation after its deadline (``today`` > deadline).

    With ``preliminary`` a draft is made before the deadline too (marked as such), for the
    secretariat's work while responses come in.
    """
    consultation = next((c for c in plan.consultations if c.id == consultation_id), None)
    if consultation is None:
        raise PlanConflictError(f"Planen har ingen høring nr. {consultation_id}")
    is_open = today <= consultation.deadline
    if is_open and not preliminary:
        raise PlanConflictError(
            f"Hvidbogen laves efter høringsfristen {consultation.deadline.strftime('%d.%m.%Y')}"
        )
    content = plan.version(consultation.version_number).content
    entries = tuple(
        HvidbogEntry(
            response_id=r.id,
            party=party_label(r.party, municipality_names),
            submitted_at=r.submitted_at,
            targets=tuple(target_label(content, t) for t in r.targets),
            text=r.text,
            attachments=tuple(a.filename for a in r.attachments),
            answer=r.answer.text if r.answer else None,
            changed=r.answer.changed if r.answer else False,
            change=r.answer.change if r.answer else "",
        )
        for r in consultation.responses
    )
    return Hvidbog(
        plan_title=plan.title,
        region_name=plan.region_name,
        version_number=consultation.version_number,
        opened=consultation.opened_at.date(),
        deadline=consultation.deadline,
        entries=entries,
        preliminary=is_open,
    )
