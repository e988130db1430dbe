"""Bad edits are refused with the edit's number, the field and the rule; nothing is stored."""

from __future__ import annotations

from typing import Any

import pytest

from praksisplan.core.dataset import Dataset
from praksisplan.scenario.apply import apply_edits
from praksisplan.scenario.edits import ScenarioEditError, parse_edits
from praksisplan.store import ScenarioStore, Store
from scenario.bad_edits import BAD_EDITS

GOOD = {"table": "practices", "key": "P001", "op": "update", "values": {"status": "closed"}}


def test_the_corpus_covers_at_least_fifteen_rules() -> None:
    assert len({rule for _, _, rule in BAD_EDITS}) >= 15


@pytest.mark.parametrize(("edit", "field", "rule"), BAD_EDITS)
def test_a_bad_edit_is_refused_naming_number_field_and_rule(
    tiny_dataset: Dataset, edit: dict[str, Any], field: str | None, rule: str
) -> None:
    with pytest.raises(ScenarioEditError) as caught:
        apply_edits(tiny_dataset, parse_edits([GOOD, edit]))
    error = caught.value
    assert (error.number, error.field, error.rule) == (2, field, rule)
    message = str(error)
    assert message.startswith(f"Ændring 2, felt '{field}': ")
    assert message.endswith(f"[{rule}]")


def test_the_store_is_unchanged_after_each_bad_edit(store_url: str, tiny_dataset: Dataset) -> None:
    with Store(store_url) as store:
        snapshot = store.load_dataset(tiny_dataset, source="tiny").id
        scenarios = ScenarioStore(store)
        scenarios.create(snapshot, "luk", "Anna", edits=parse_edits([GOOD]), base=tiny_dataset)
        before = [r.edit for r in scenarios.edits("luk")]
        for edit, _, rule in BAD_EDITS:
            with pytest.raises(Exception) as caught:
                scenarios.add_edits("luk", parse_edits([edit]), "Bo", base=tiny_dataset)
            assert isinstance(caught.value, ScenarioEditError) and caught.value.rule == rule
            assert [r.edit for r in scenarios.edits("luk")] == before
            with pytest.raises(ScenarioEditError):
                scenarios.create(snapshot, f"ny-{rule}", "Bo", edits=parse_edits([edit]))
        assert [s.name for s in scenarios.list_scenarios()] == ["luk"]
