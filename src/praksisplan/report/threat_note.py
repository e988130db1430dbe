"""The half-yearly threatened-area note (*notat*): gross list, changes, committee decisions.

Pure: it takes the snapshot's assessment (the stored run where there is one), the previous
half-year's assessment and the decisions in force, and returns what the note says.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from praksisplan.core.dataset import Dataset
from praksisplan.threat.assess import Assessment
from praksisplan.threat.compare import compare
from praksisplan.threat.gross_list import Decision

CLASS_DA = {"red": "rød", "yellow": "gul", "green": "grøn"}
DIRECTION_DA = {"worse": "forværret", "better": "forbedret", "added": "ny", "removed": "udgået"}


def _class_da(value: object) -> str:
    return CLASS_DA.get(str(value), "–")


@dataclass(frozen=True)
class NoteArea:
    area_id: str
    name: str
    municipality: str
    threat_class: str
    explanation: str
    decided_class: str = ""
    reason: str = ""
    decided_by: str = ""


@dataclass(frozen=True)
class NoteChange:
    name: str
    municipality: str
    old_class: str
    new_class: str
    direction: str
    explanation: str


@dataclass(frozen=True)
class ThreatNote:
    title: str
    region_name: str
    reference_date: dt.date
    previous_date: dt.date | None
    rules_name: str
    synthetic: bool
    counts: dict[str, int]
    #: the gross list: every area the model classes red or yellow, most severe first
    areas: tuple[NoteArea, ...]
    changes: tuple[NoteChange, ...]
    #: areas with a committee decision in force
    decisions: tuple[NoteArea, ...]


def build_threat_note(
    dataset: Dataset,
    assessment: Assessment,
    previous: Assessment | None,
    decisions: Mapping[str, Decision],
) -> ThreatNote:
    names = dataset.municipalities.set_index("code")["name"].astype(str)

    def municipality(code: object) -> str:
        return str(names.get(str(code), code))

    listed = []
    decided = []
    for area_id, row in assessment.areas.iterrows():
        decision = decisions.get(str(area_id))
        area = NoteArea(
            area_id=str(area_id),
            name=str(row["name"]),
            municipality=municipality(row["municipality_code"]),
            threat_class=_class_da(row["threat_class"]),
            explanation=str(row["explanation"]),
            decided_class=_class_da(decision.decided_class) if decision else "",
            reason=decision.reason if decision else "",
            decided_by=decision.decided_by if decision else "",
        )
        if str(row["threat_class"]) != "green":
            listed.append(area)
        if decision is not None:
            decided.append(area)
    changes: list[NoteChange] = []
    if previous is not None:
        for _, change in compare(previous, assessment).iterrows():
            changes.append(
                NoteChange(
                    name=str(change["name"]),
                    municipality=municipality(change["municipality_code"]),
                    old_class=_class_da(change["old_class"]),
                    new_class=_class_da(change["new_class"]),
                    direction=DIRECTION_DA.get(str(change["direction"]), str(change["direction"])),
                    explanation=str(change["new_explanation"])
                    if isinstance(change["new_explanation"], str)
                    else "",
                )
            )
    counts = assessment.areas["threat_class"].astype(str).value_counts()
    return ThreatNote(
        title=f"Notat om lægedækningstruede områder pr. {assessment.reference_date:%d.%m.%Y}",
        region_name=dataset.manifest.region.name,
        reference_date=assessment.reference_date,
        previous_date=previous.reference_date if previous is not None else None,
        rules_name=assessment.rules.name,
        synthetic=dataset.manifest.synthetic,
        counts={c: int(counts.get(c, 0)) for c in ("red", "yellow", "green")},
        areas=tuple(listed),
        changes=tuple(changes),
        decisions=tuple(decided),
    )
