"""The one definition of a stored assessment run: what is stored, in which format version.

A run is an :class:`~praksisplan.threat.assess.Assessment` of one snapshot together with the
rule set that produced it. The rule set is part of the run's identity: its SHA-256 (of the
canonical TOML, :meth:`RuleSet.to_toml`) and name are stored next to the result, so two
runs with equal rules are recognised as equal and a decision can name the rules in force.

The result is stored as JSON ``{"format_version", "reference_date", "areas": [...]}`` with
every area's criteria nested (:meth:`Assessment.to_records`). :data:`RUN_FORMAT_VERSION` is
checked on read: a run in another version is refused with :class:`RunFormatError`, which
the run service answers by assessing again under the run's stored rules (snapshots are
immutable, so that reproduces the run in the current format).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from praksisplan.core import json_text
from praksisplan.core.errors import PraksisplanError
from praksisplan.threat.assess import Assessment
from praksisplan.threat.rules import RuleSet, parse_rules

#: Version of the stored result format. 1: the area records of before (criteria missing
#: from runs the web app wrote); 2: this module's format.
RUN_FORMAT_VERSION = 2


class RunFormatError(PraksisplanError):
    """A stored run is in a format version this praksisplan does not read."""


def rules_sha256(rules: RuleSet) -> str:
    """The rule set's identity: SHA-256 of its canonical TOML."""
    return hashlib.sha256(rules.to_toml().encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class StoredRun:
    """A run as the store holds it (the result still encoded)."""

    id: int
    snapshot_id: int
    created_at: dt.datetime
    rules_toml: str
    rules_sha256: str
    rules_name: str
    format_version: int
    result_json: str


@dataclass(frozen=True)
class AssessmentRun:
    """An assessment with the rule set that produced it; ``id`` is None until stored."""

    id: int | None
    snapshot_id: int
    rules_sha256: str
    assessment: Assessment

    @property
    def rules(self) -> RuleSet:
        return self.assessment.rules


def encode_result(assessment: Assessment) -> str:
    """The assessment as the stored JSON text of format :data:`RUN_FORMAT_VERSION`."""
    return json_text.dumps(
        {
            "format_version": RUN_FORMAT_VERSION,
            "reference_date": assessment.reference_date,
            "areas": assessment.to_records(),
        },
        indent=None,
    )


def stored_rules(run: StoredRun) -> RuleSet:
    """The rule set a stored run was made with."""
    return parse_rules(run.rules_toml, f"regelsættet i vurderingskørsel {run.id}")


def decode_run(run: StoredRun) -> AssessmentRun:
    """The stored run as an :class:`AssessmentRun`; :class:`RunFormatError` if its format
    version is not :data:`RUN_FORMAT_VERSION`."""
    if run.format_version != RUN_FORMAT_VERSION:
        raise RunFormatError(
            f"Vurderingskørsel {run.id} er gemt i formatversion {run.format_version}; "
            f"denne version af praksisplan læser version {RUN_FORMAT_VERSION}"
        )
    data: dict[str, Any] = json.loads(run.result_json)
    if data.get("format_version") != RUN_FORMAT_VERSION:
        raise RunFormatError(
            f"Vurderingskørsel {run.id}: resultatet angiver formatversion "
            f"{data.get('format_version')!r}, ikke {RUN_FORMAT_VERSION}"
        )
    reference_date = dt.date.fromisoformat(data["reference_date"])
    assessment = Assessment.from_records(data["areas"], stored_rules(run), reference_date)
    return AssessmentRun(run.id, run.snapshot_id, run.rules_sha256, assessment)
