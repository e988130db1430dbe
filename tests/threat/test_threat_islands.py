"""Island-specific criteria (``applies_to``) on hand-made measures, and the island note in
the explanation of an assessed two-island world."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from praksisplan.cli.travel_inputs import read_links
from praksisplan.core.errors import PraksisplanError
from praksisplan.dataset_io import read_dataset
from praksisplan.threat.assess import assess
from praksisplan.threat.evaluate import evaluate
from praksisplan.threat.rules import DEFAULT_RULES_FILE, load_rules, parse_rules
from praksisplan.threat.runs import rules_sha256
from praksisplan.travel.links import link_tables
from threat.test_threat_evaluate import frame
from travel.test_cli import _write_world

RULES_TEXT = Path(__file__).parents[2] / "src" / "praksisplan" / "threat" / DEFAULT_RULES_FILE

ISLAND_CRITERION = """
[[criteria]]
id = "island_free_choice"
label = "Ingen borgere på øen har to åbne praksis inden for 15 km"
indicator = "share_persons_lt2_open"
comparison = ">="
threshold = 1.0
class = "yellow"
applies_to = "island"
template = "{value} af øens borgere har ikke to åbne praksis inden for 15 km"
"""


def island_rules() -> str:
    """The default rules with free choice as a red criterion for the mainland only, and a
    yellow one for islands."""
    text = RULES_TEXT.read_text(encoding="utf-8")
    marker = 'template = "{value} af borgerne har ikke to åbne praksis inden for 15 km"'
    assert marker in text
    return text.replace(marker, 'applies_to = "mainland"\n' + marker) + ISLAND_CRITERION


def test_an_island_is_judged_by_its_own_criterion_not_red_by_construction() -> None:
    rules = parse_rules(island_rules(), "øer.toml")
    measures = frame(ISLAND={"share_persons_lt2_open": 1.0}, MAIN={"share_persons_lt2_open": 1.0})
    measures["on_island"] = [True, False]
    areas, criteria = evaluate(measures, rules)
    assert areas.loc["MAIN", "threat_class"] == "red"
    assert areas.loc["ISLAND", "threat_class"] == "yellow"
    assert areas.loc["ISLAND", "explanation"] == (
        "Gul: 1 af 5 kriterier opfyldt — 100 % af øens borgere har ikke to åbne praksis "
        "inden for 15 km"
    )

    def row(area: str, criterion: str) -> pd.DataFrame:
        return criteria[(criteria["area_id"] == area) & (criteria["criterion_id"] == criterion)]

    assert row("ISLAND", "red_free_choice")["value"].isna().all()  # not tested
    assert not row("MAIN", "island_free_choice")["fired"].any()


def test_island_criteria_need_to_know_the_islands() -> None:
    rules = parse_rules(island_rules(), "øer.toml")
    with pytest.raises(PraksisplanError, match="ligger på en ø"):
        evaluate(frame(X={}), rules)


def test_applies_to_round_trips_and_leaves_old_rule_sets_their_identity() -> None:
    default = load_rules(None)
    assert "applies_to" not in default.to_toml()
    rules = parse_rules(island_rules(), "øer.toml")
    assert parse_rules(rules.to_toml(), "igen.toml") == rules
    assert 'applies_to = "island"' in rules.to_toml()
    assert rules_sha256(parse_rules(default.to_toml(), "x")) == rules_sha256(default)


def test_the_island_areas_explanation_ends_with_its_islands_note(tmp_path: Path) -> None:
    """Island A (area A1) has no practice and one ferry: its explanation says so."""
    folder, links = _write_world(tmp_path)
    world = read_dataset(folder)
    linked = world.with_tables(**link_tables(read_links(links)))
    explanation = assess(linked, load_rules(None)).areas["explanation"]
    assert explanation["A1"].endswith(". Øen har ingen praksis; færge Færgen A–B 6 min, 18 afgange")
    assert "Øen" not in explanation["A2"]
    # without links and island criteria nothing is added (no land masses computed)
    plain = assess(world, load_rules(None)).areas["explanation"]
    assert "Øen" not in plain["A1"]
    pd.testing.assert_index_equal(plain.index.sort_values(), explanation.index.sort_values())
