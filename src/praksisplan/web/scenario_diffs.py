"""A scenario's diff as the web computes and shows it.

Each snapshot's dataset and analysis are computed once and kept in memory (snapshots never
change), so a scenario's diff is only the incremental analysis of its edits over that base;
:func:`diff_json` adds the Danish labels and figure texts the scenario page shows. The
*Scenarier* routes (``routers/scenarios.py``) serve both.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request

from praksisplan.core.dataset import Dataset
from praksisplan.core.vocabulary import indicator_label
from praksisplan.scenario.diff import Analysis, ScenarioDiff, analyse, diff
from praksisplan.scenario.incremental import analyse_scenario
from praksisplan.scenario_report import CLASS_DA, change_text, figure_text
from praksisplan.store import ScenarioInfo, ScenarioStore, Store
from praksisplan.threat.rules import RuleSet, load_rules, parse_rules


@dataclass(frozen=True)
class ScenarioBase:
    """A snapshot's dataset and its analysis, the base every scenario on it is diffed against."""

    dataset: Dataset
    analysis: Analysis


class ScenarioBases:
    """Each snapshot's dataset and analysis, computed once (snapshots never change)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._bases: dict[int, ScenarioBase] = {}
        self.rules: RuleSet = load_rules(None)

    def get(self, store: Store, snapshot_id: int) -> ScenarioBase:
        with self._lock:
            found = self._bases.get(snapshot_id)
        if found is None:
            dataset = store.read_dataset(snapshot_id)
            found = ScenarioBase(dataset, analyse(dataset, self.rules))
            with self._lock:
                self._bases[snapshot_id] = found
        return found

    def diff(self, store: Store, info: ScenarioInfo) -> ScenarioDiff:
        """The scenario against its base snapshot, under the scenario's own threat rules if
        it has them, else the default rule set."""
        base = self.get(store, info.snapshot_id)
        applied = ScenarioStore(store).applied(info.id, base=base.dataset)
        rules = (
            parse_rules(applied.threat_rules_toml, "scenariets trusselsregler")
            if applied.threat_rules_toml is not None
            else self.rules
        )
        return diff(base.analysis, analyse_scenario(base.analysis, applied, rules))


_bases_lock = threading.Lock()


def scenario_bases(request: Request) -> ScenarioBases:
    """The app's one cache of scenario bases, made on first use."""
    with _bases_lock:
        bases: ScenarioBases | None = getattr(request.app.state, "scenario_bases", None)
        if bases is None:
            bases = ScenarioBases()
            request.app.state.scenario_bases = bases
        return bases


def diff_json(result: ScenarioDiff) -> dict[str, Any]:
    """The API's diff: the CLI's JSON plus Danish labels for the page."""
    data = result.to_json()
    for area in data["areas"]:
        area["label_base"] = CLASS_DA.get(str(area["class_base"]), "")
        area["label_scenario"] = CLASS_DA.get(str(area["class_scenario"]), "")
        for indicator, pair in area["changed"].items():
            pair.update(_figure_texts(indicator, pair))
    data["areas"].sort(key=lambda a: a["class_base"] == a["class_scenario"])
    data["region_changed"] = [
        {"indicator": k, **v, **_figure_texts(k, v)}
        for k, v in data["region"].items()
        if v["base"] != v["scenario"]
    ]
    return data


def _figure_texts(indicator: str, pair: dict[str, Any]) -> dict[str, str]:
    """The indicator's Danish label and its base, scenario and change as Danish text."""
    return {
        "label": indicator_label(indicator),
        "base_text": figure_text(indicator, pair["base"]),
        "scenario_text": figure_text(indicator, pair["scenario"]),
        "change_text": change_text(indicator, pair["base"], pair["scenario"]),
    }
