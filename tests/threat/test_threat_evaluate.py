"""Rule evaluation on hand-made measure frames: firing, combination, explanation, order."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from praksisplan.threat.evaluate import evaluate
from praksisplan.threat.rules import load_rules, parse_rules

#: Measures of an area that fires no default criterion.
HEALTHY = {
    "name": "Område",
    "municipality_code": "851",
    "supply_pct_of_need": 100.0,
    "share_persons_lt2_open": 0.0,
    "months_region_vacancy_unfilled": math.nan,
    "share_gps_60plus": 0.2,
    "share_gps_closed": 0.5,
    "years_until_red": math.nan,
}


def frame(**areas: dict[str, object]) -> pd.DataFrame:
    rows = {
        area_id: {**HEALTHY, "name": f"Område {area_id}", **changes}
        for area_id, changes in areas.items()
    }
    measures = pd.DataFrame.from_dict(rows, orient="index")
    measures.index.name = "area_id"
    return measures


@pytest.mark.parametrize(
    ("changes", "criterion", "threat_class", "explanation"),
    [
        (
            {"supply_pct_of_need": 68.4},
            "red_supply",
            "red",
            "Rød: 1 af 3 kriterier opfyldt — forsyning 68 % af behovet",
        ),
        (
            {"share_persons_lt2_open": 0.41},
            "red_free_choice",
            "red",
            "Rød: 1 af 3 kriterier opfyldt — 41 % af borgerne har ikke to åbne praksis "
            "inden for 15 km",
        ),
        (
            {"months_region_vacancy_unfilled": 14.0},
            "red_vacancy_unfilled",
            "red",
            "Rød: 1 af 3 kriterier opfyldt — ledig kapacitet har været opslået i 14 måneder "
            "uden at blive besat",
        ),
        (
            {"supply_pct_of_need": 86.0},
            "yellow_supply",
            "yellow",
            "Gul: 1 af 4 kriterier opfyldt — forsyning 86 % af behovet",
        ),
        (
            {"share_gps_60plus": 0.4},
            "yellow_gps_60plus",
            "yellow",
            "Gul: 1 af 4 kriterier opfyldt — 40 % af lægerne er 60 år eller ældre",
        ),
        (
            {"share_gps_closed": 0.8},
            "yellow_closed",
            "yellow",
            "Gul: 1 af 4 kriterier opfyldt — 80 % af lægerne er lukket for tilgang",
        ),
        (
            {"years_until_red": 4.0},
            "yellow_early_warning",
            "yellow",
            "Gul: 1 af 4 kriterier opfyldt — tidlig varsling: med forventede pensioneringer og "
            "behovets udvikling falder forsyningen under 75 % af behovet om 4 år",
        ),
    ],
)
def test_each_default_criterion_fires_alone(
    changes: dict[str, object], criterion: str, threat_class: str, explanation: str
) -> None:
    areas, criteria = evaluate(frame(X=changes, H={}), load_rules(None))
    fired = criteria[criteria["fired"]]
    # supply below 75 % is also below 90 %: the nested yellow threshold necessarily fires too
    implied = ["yellow_supply"] if criterion == "red_supply" else []
    assert list(fired["criterion_id"]) == [criterion, *implied]
    assert set(fired["area_id"]) == {"X"}
    assert areas.loc["X", "threat_class"] == threat_class
    assert areas.loc["X", "explanation"] == explanation
    assert areas.loc["H", "threat_class"] == "green"
    assert areas.loc["H", "explanation"] == "Grøn: ingen kriterier opfyldt"
    row = fired.iloc[0]
    key = next(iter(changes))
    assert row["indicator"] == key
    assert row["value"] == changes[key]


def test_thresholds_are_inclusive_or_exclusive_as_written() -> None:
    # "< 75": 75.0 does not fire; ">= 0.25": 0.25 fires; "<= 5": 5 years fires, 6 not.
    areas, criteria = evaluate(
        frame(
            A={"supply_pct_of_need": 75.0},
            B={"share_persons_lt2_open": 0.25},
            C={"years_until_red": 5.0},
            D={"years_until_red": 6.0},
        ),
        load_rules(None),
    )
    fired = set(
        zip(
            criteria.loc[criteria["fired"], "area_id"],
            criteria.loc[criteria["fired"], "criterion_id"],
            strict=True,
        )
    )
    assert fired == {
        ("A", "yellow_supply"),
        ("B", "red_free_choice"),
        ("C", "yellow_early_warning"),
    }
    assert areas["threat_class"].to_dict() == {
        "B": "red",
        "A": "yellow",
        "C": "yellow",
        "D": "green",
    }


def test_red_explanation_counts_red_criteria_and_adds_other_fired() -> None:
    areas, _ = evaluate(
        frame(
            X={"supply_pct_of_need": 68.0, "share_persons_lt2_open": 0.41, "share_gps_60plus": 0.5}
        ),
        load_rules(None),
    )
    # yellow_supply fires too but repeats the supply figure, so only the age criterion is added
    assert areas.loc["X", "explanation"] == (
        "Rød: 2 af 3 kriterier opfyldt — forsyning 68 % af behovet; 41 % af borgerne har ikke "
        "to åbne praksis inden for 15 km. Desuden: 50 % af lægerne er 60 år eller ældre"
    )
    assert areas.loc["X", "severity"] == 204  # red, four criteria fired


def test_missing_measure_never_fires() -> None:
    _, criteria = evaluate(
        frame(X={"supply_pct_of_need": math.nan, "share_gps_closed": math.nan}), load_rules(None)
    )
    assert not criteria["fired"].any()


COMBINED = """
name = "To røde"
[combination]
min_red_criteria = 2
min_criteria_for_yellow = 2
[early_warning.retirement]
ages = [65]
cumulative_retired = [1.0]
[[criteria]]
id = "supply"
label = "Forsyning"
indicator = "supply_pct_of_need"
comparison = "<"
threshold = 80
class = "red"
template = "forsyning {value} (under {threshold})"
[[criteria]]
id = "choice"
label = "Frit valg"
indicator = "share_persons_lt2_open"
comparison = ">"
threshold = 0.3
class = "red"
template = "{value} uden frit valg"
[[criteria]]
id = "old"
label = "Gamle læger"
indicator = "share_gps_60plus"
comparison = ">="
threshold = 0.5
class = "yellow"
template = "{value} er 60+"
"""


def test_custom_combination_rule() -> None:
    rules = parse_rules(COMBINED, "to-roede.toml")
    areas, _ = evaluate(
        frame(
            BOTH={"supply_pct_of_need": 70.0, "share_persons_lt2_open": 0.5},
            ONE_RED={"supply_pct_of_need": 70.0},
            RED_AND_OLD={"supply_pct_of_need": 70.0, "share_gps_60plus": 0.6},
            OLD={"share_gps_60plus": 0.6},
            NONE={},
        ),
        rules,
    )
    assert areas["threat_class"].to_dict() == {
        "BOTH": "red",
        "RED_AND_OLD": "yellow",
        "ONE_RED": "green",
        "OLD": "green",
        "NONE": "green",
    }
    assert areas.loc["BOTH", "explanation"] == (
        "Rød: 2 af 2 kriterier opfyldt — forsyning 70 % (under 80 %); 50 % uden frit valg"
    )
    assert areas.loc["RED_AND_OLD", "explanation"] == (
        "Gul: 1 af 1 gule og 1 af 2 røde kriterier opfyldt (rød kræver mindst 2) — "
        "forsyning 70 % (under 80 %); 60 % er 60+"
    )
    assert areas.loc["OLD", "explanation"] == (
        "Grøn: 1 af 1 kriterier opfyldt (gul kræver mindst 2) — 60 % er 60+"
    )


def test_list_is_sorted_by_severity_then_supply() -> None:
    areas, _ = evaluate(
        frame(
            G={},
            Y1={"supply_pct_of_need": 85.0},
            Y2={"supply_pct_of_need": 80.0},
            R1={"supply_pct_of_need": 60.0},
            R2={"supply_pct_of_need": 70.0, "share_persons_lt2_open": 0.9},
            Y3={"share_gps_closed": 0.9, "share_gps_60plus": 0.5},
        ),
        load_rules(None),
    )
    # R2: red_supply, red_free_choice, yellow_supply (3); R1: red + yellow supply (2);
    # Y3: two yellow; Y2, Y1: one yellow each, lower supply first.
    assert list(areas.index) == ["R2", "R1", "Y3", "Y2", "Y1", "G"]
