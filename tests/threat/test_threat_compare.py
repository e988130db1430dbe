"""Comparison of two assessments: exactly the areas whose class changed, with the criteria."""

from __future__ import annotations

from threat_builders import FIXED_NEED_RULES, CellSpec, PracticeSpec, build_dataset, healthy_area

from praksisplan.threat.assess import assess
from praksisplan.threat.compare import COMPARISON_COLUMNS, compare

RULES = FIXED_NEED_RULES


def test_compare_names_changed_areas_and_criteria() -> None:
    old = assess(
        build_dataset(
            [
                healthy_area("WORSE"),
                healthy_area("BETTER", cells=(CellSpec("BETTER-c1", 13_000),)),  # 86 %: yellow
                healthy_area("SAME"),
                healthy_area("GONE"),
            ]
        ),
        RULES,
    )
    new = assess(
        build_dataset(
            [
                # 4.5 of 7 filled: 72 % → red
                healthy_area(
                    "WORSE",
                    practices=(
                        PracticeSpec("WORSE-P1", 4, (1981,) * 4, vacant=2.5),
                        PracticeSpec("WORSE-P2", 3, (1981,) * 3, offset_km=(1, 0)),
                    ),
                ),
                healthy_area("BETTER"),
                # still green although its supply changed (112 % → 101.8 %)
                healthy_area("SAME", cells=(CellSpec("SAME-c1", 11_000),)),
                healthy_area("NEW", cells=(CellSpec("NEW-c1", 13_000),)),
            ]
        ),
        RULES,
    )
    changes = compare(old, new)
    assert list(changes.columns) == COMPARISON_COLUMNS
    rows = (
        changes[
            [
                "old_class",
                "new_class",
                "direction",
                "criteria_now_fired",
                "criteria_no_longer_fired",
            ]
        ]
        .fillna("")
        .to_dict(orient="index")
    )
    assert rows == {
        "WORSE": {
            "old_class": "green",
            "new_class": "red",
            "direction": "worse",
            "criteria_now_fired": "red_supply yellow_supply yellow_early_warning",
            "criteria_no_longer_fired": "",
        },
        "NEW": {
            "old_class": "",
            "new_class": "yellow",
            "direction": "added",
            "criteria_now_fired": "yellow_supply",
            "criteria_no_longer_fired": "",
        },
        "BETTER": {
            "old_class": "yellow",
            "new_class": "green",
            "direction": "better",
            "criteria_now_fired": "",
            "criteria_no_longer_fired": "yellow_supply",
        },
        "GONE": {
            "old_class": "green",
            "new_class": "",
            "direction": "removed",
            "criteria_now_fired": "",
            "criteria_no_longer_fired": "",
        },
    }
    assert list(changes.index) == ["WORSE", "NEW", "BETTER", "GONE"]
    assert changes.loc["WORSE", "new_explanation"].startswith("Rød: 1 af 3 kriterier opfyldt")
    assert changes.loc["BETTER", "old_explanation"] == (
        "Gul: 1 af 4 kriterier opfyldt — forsyning 86 % af behovet"
    )


def test_identical_assessments_have_no_changes() -> None:
    result = assess(build_dataset([healthy_area("A"), healthy_area("B")]), RULES)
    assert compare(result, result).empty
