"""Writing and reading assessment runs, and recording decisions under the rules in force.

Both adapters (the CLI and the web app) go through these functions, so a run is stored in
one format and a decision's model class always comes from the same place:

* the **rule set in force** for a snapshot is the one of its newest stored run (the packaged
  default rules when there is none);
* :func:`run_in_force` gives the assessment under those rules — or under explicitly given
  rules — reusing the newest stored run when its rules are the same and its format current,
  and assessing afresh otherwise (stored only when ``save``: reading never writes);
* :func:`record_decision` stores (if needed) the run it takes the model class from and
  links the decision to it, so the decision shows which rules produced its model class.

The store is reached through :class:`RunStore`, so this module stays free of I/O.
"""

from __future__ import annotations

from typing import Protocol, TypeVar

from praksisplan.core.dataset import Dataset
from praksisplan.core.errors import PraksisplanError
from praksisplan.threat.assess import Assessment, assess
from praksisplan.threat.rules import RuleSet, load_rules
from praksisplan.threat.runs import (
    RUN_FORMAT_VERSION,
    AssessmentRun,
    RunFormatError,
    StoredRun,
    decode_run,
    encode_result,
    rules_sha256,
    stored_rules,
)


class RunStore(Protocol):
    """What the service needs of the store (:class:`praksisplan.store.Store`)."""

    def read_dataset(self, snapshot_id: int) -> Dataset: ...

    def latest_assessment_run(self, snapshot_id: int) -> StoredRun | None: ...

    def save_assessment_run(
        self,
        snapshot_id: int,
        *,
        rules_toml: str,
        rules_sha256: str,
        rules_name: str,
        format_version: int,
        result_json: str,
    ) -> int: ...


R_co = TypeVar("R_co", covariant=True)


class DecisionStore(RunStore, Protocol[R_co]):
    """The store with decisions; ``R_co`` is its decision record type."""

    def record_decision(
        self,
        snapshot_id: int,
        area_id: str,
        model_class: str,
        decided_class: str,
        reason: str,
        decided_by: str,
        *,
        assessment_run_id: int | None = None,
        scenario_id: int | None = None,
    ) -> R_co: ...


def save_run(store: RunStore, snapshot_id: int, assessment: Assessment) -> AssessmentRun:
    """Store ``assessment`` as a new run of the snapshot (it becomes the one in force)."""
    sha = rules_sha256(assessment.rules)
    run_id = store.save_assessment_run(
        snapshot_id,
        rules_toml=assessment.rules.to_toml(),
        rules_sha256=sha,
        rules_name=assessment.rules.name,
        format_version=RUN_FORMAT_VERSION,
        result_json=encode_result(assessment),
    )
    return AssessmentRun(run_id, snapshot_id, sha, assessment)


def _reusable(latest: StoredRun | None, sha: str) -> AssessmentRun | None:
    if latest is None or latest.rules_sha256 != sha:
        return None
    try:
        return decode_run(latest)
    except RunFormatError:
        return None  # an old run: assessed again under its rules (the snapshot is unchanged)


def run_in_force(
    store: RunStore,
    snapshot_id: int,
    rules: RuleSet | None = None,
    *,
    save: bool,
    dataset: Dataset | None = None,
) -> AssessmentRun:
    """The snapshot's assessment under ``rules`` (default: the rule set in force).

    The newest stored run is reused when it was made with the same rules in the current
    format; otherwise the snapshot is assessed now, and the run stored when ``save``.
    ``dataset`` spares reading the snapshot again when the caller has it.
    """
    latest = store.latest_assessment_run(snapshot_id)
    if rules is None:
        rules = stored_rules(latest) if latest is not None else load_rules(None)
    sha = rules_sha256(rules)
    reused = _reusable(latest, sha)
    if reused is not None:
        return reused
    assessment = assess(dataset if dataset is not None else store.read_dataset(snapshot_id), rules)
    if save:
        return save_run(store, snapshot_id, assessment)
    return AssessmentRun(None, snapshot_id, sha, assessment)


def record_decision(
    store: DecisionStore[R_co],
    snapshot_id: int,
    area_id: str,
    decided_class: str,
    reason: str,
    decided_by: str,
    rules: RuleSet | None = None,
    *,
    scenario_id: int | None = None,
) -> tuple[R_co, AssessmentRun]:
    """Record the committee's decision with the model's class under the rules in force
    (``rules`` given: under those, which then become the rules in force), citing the
    scenario ``scenario_id`` (of the same snapshot) if given."""
    run = run_in_force(store, snapshot_id, rules, save=True)
    areas = run.assessment.areas
    if area_id not in areas.index:
        raise PraksisplanError(
            f"Snapshot {snapshot_id} har intet lægedækningsområde '{area_id}' "
            f"(snapshot {snapshot_id} has no coverage area '{area_id}')"
        )
    model_class = str(areas.at[area_id, "threat_class"])
    record = store.record_decision(
        snapshot_id,
        area_id,
        model_class,
        decided_class,
        reason,
        decided_by,
        assessment_run_id=run.id,
        scenario_id=scenario_id,
    )
    return record, run
