"""Rule files: the packaged default, custom files, and clear errors for broken ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from praksisplan.core.errors import PraksisplanError
from praksisplan.threat.rules import (
    RuleSetInvalidError,
    ThreatClass,
    load_rules,
    parse_rules,
)
from praksisplan.threat.vocabulary import EXTRA_MEASURES, INDICATOR_UNITS

MINIMAL = """
name = "Testregler"

[early_warning]
horizon_years = 5
red_below_pct_of_need = 70.0

[early_warning.retirement]
ages = [60, 70]
cumulative_retired = [0.0, 1.0]

[[criteria]]
id = "low_supply"
label = "Lav forsyning"
indicator = "supply_pct_of_need"
comparison = "<"
threshold = 80
class = "red"
template = "forsyning {value} af behovet (grænse {threshold})"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "regler.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_default_rules_hold_the_documented_thresholds() -> None:
    rules = load_rules(None)
    table = {c.id: (c.indicator, c.comparison, c.threshold, c.threat_class) for c in rules.criteria}
    assert table == {
        "red_supply": ("supply_pct_of_need", "<", 75.0, ThreatClass.RED),
        "red_free_choice": ("share_persons_lt2_open", ">=", 0.25, ThreatClass.RED),
        "red_vacancy_unfilled": ("months_region_vacancy_unfilled", ">=", 12.0, ThreatClass.RED),
        "yellow_supply": ("supply_pct_of_need", "<", 90.0, ThreatClass.YELLOW),
        "yellow_gps_60plus": ("share_gps_60plus", ">=", 0.3333, ThreatClass.YELLOW),
        "yellow_closed": ("share_gps_closed", ">=", 0.80, ThreatClass.YELLOW),
        "yellow_early_warning": ("years_until_red", "<=", 5.0, ThreatClass.YELLOW),
    }
    assert rules.combination.min_red_criteria == 1
    assert rules.combination.min_criteria_for_yellow == 1
    assert rules.early_warning.horizon_years == 5
    assert rules.early_warning.red_below_pct_of_need == 75.0


def test_rule_set_round_trips_through_toml() -> None:
    rules = load_rules(None)
    assert parse_rules(rules.to_toml(), "stored") == rules
    custom = parse_rules(MINIMAL, "minimal")
    assert parse_rules(custom.to_toml(), "stored") == custom


def test_custom_rule_file_is_read(tmp_path: Path) -> None:
    rules = load_rules(write(tmp_path, MINIMAL))
    assert rules.name == "Testregler"
    assert [c.id for c in rules.criteria] == ["low_supply"]
    assert rules.criteria[0].threshold == 80.0
    assert rules.early_warning.retirement.ages == [60, 70]
    # combination falls back to "any red criterion ⇒ red", "any criterion ⇒ yellow"
    assert rules.combination.min_red_criteria == 1


def test_unknown_indicator_is_rejected_naming_criterion_and_valid_indicators(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, MINIMAL.replace('"supply_pct_of_need"', '"doctors_per_cow"'))
    with pytest.raises(RuleSetInvalidError) as caught:
        load_rules(path)
    message = str(caught.value)
    assert str(path) in message
    assert "criteria[0] (id 'low_supply').indicator" in message
    assert "ukendt indikator 'doctors_per_cow'" in message
    assert "gyldige indikatorer:" in message
    assert "supply_pct_of_need" in message and "years_until_red" in message
    assert isinstance(caught.value, PraksisplanError)


@pytest.mark.parametrize("bad", ['"tre kvart"', "nan", "inf", "[1, 2]"])
def test_malformed_threshold_is_rejected_naming_file_and_key(tmp_path: Path, bad: str) -> None:
    path = write(tmp_path, MINIMAL.replace("threshold = 80", f"threshold = {bad}"))
    with pytest.raises(RuleSetInvalidError) as caught:
        load_rules(path)
    message = str(caught.value)
    assert str(path) in message
    assert "criteria[0] (id 'low_supply').threshold" in message


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('comparison = "<"', 'comparison = "=="', "criteria[0] (id 'low_supply').comparison"),
        ('class = "red"', 'class = "purple"', "criteria[0] (id 'low_supply').class"),
        ("(grænse {threshold})", "{area}", "ukendte pladsholdere ['area']"),
        (
            "cumulative_retired = [0.0, 1.0]",
            "cumulative_retired = [0.5, 0.2]",
            "må ikke falde med alderen",
        ),
        ("ages = [60, 70]", "ages = [60]", "lige mange elementer"),
        ("horizon_years = 5", "horizon_years = 0", "early_warning.horizon_years"),
        ('name = "Testregler"', 'name = "Testregler"\ncolour = "blue"', "colour"),
        ('id = "low_supply"', 'id = "Low Supply"', "criteria[0] (id 'Low Supply').id"),
    ],
)
def test_other_mistakes_are_named(old: str, new: str, expected: str) -> None:
    assert old in MINIMAL
    with pytest.raises(RuleSetInvalidError, match=r"regler\.toml") as caught:
        parse_rules(MINIMAL.replace(old, new), "regler.toml")
    assert expected in str(caught.value)


def test_early_warning_criterion_beyond_horizon_is_rejected() -> None:
    text = MINIMAL.replace('"supply_pct_of_need"', '"years_until_red"').replace(
        "threshold = 80", "threshold = 8"
    )
    with pytest.raises(RuleSetInvalidError, match=r"ud over early_warning\.horizon_years = 5"):
        parse_rules(text, "regler.toml")


def test_duplicate_criterion_ids_are_rejected() -> None:
    block = MINIMAL[MINIMAL.index("[[criteria]]") :]
    with pytest.raises(RuleSetInvalidError, match=r"gentaget: \['low_supply'\]"):
        parse_rules(MINIMAL + block, "regler.toml")


def test_invalid_toml_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(RuleSetInvalidError, match=r"regler\.toml er ikke gyldig TOML"):
        parse_rules("name = ", "regler.toml")
    with pytest.raises(RuleSetInvalidError, match="kan ikke læses"):
        load_rules(tmp_path / "findes-ikke.toml")


def test_docs_list_every_indicator_with_its_unit() -> None:
    docs = (Path(__file__).parents[2] / "docs" / "threat-rules.md").read_text(encoding="utf-8")
    for indicator, unit in INDICATOR_UNITS.items():
        source = "threat package" if indicator in EXTRA_MEASURES else "engine"
        assert f"| `{indicator}` | {unit.value} | {source} |" in docs
    for criterion in load_rules(None).criteria:
        assert f"| `{criterion.id}` | {criterion.threat_class} |" in docs
