"""The "Rød, fordi …" sentence from hand-made criterion rows."""

from __future__ import annotations

import pandas as pd

from praksisplan.threat.rules import Combination
from praksisplan.threat.why import distance_text, why


def _rows(*rows: tuple[str, str, float, str, float, str, bool]) -> pd.DataFrame:
    columns = ["criterion_id", "indicator", "value", "comparison", "threshold", "threat_class"]
    frame = pd.DataFrame([r[:6] for r in rows], columns=columns)
    frame["fired"] = [r[6] for r in rows]
    frame["label"] = frame["criterion_id"]
    return frame


SUPPLY_RED = ("Udbud", "supply_pct_of_need", 72.0, "<", 75.0, "red", True)
SUPPLY_YELLOW = ("Udbud gul", "supply_pct_of_need", 72.0, "<", 90.0, "yellow", True)
OLD_GPS = ("Ældre læger", "share_gps_60plus", 0.25, ">=", 0.33, "yellow", False)


def test_red_names_the_rule_and_the_distance_from_the_limit() -> None:
    text = why("red", _rows(SUPPLY_RED, SUPPLY_YELLOW, OLD_GPS), Combination())
    assert text == (
        "Rød, fordi mindst ét rødt kriterium er opfyldt: "
        "Udbud 72 % (grænse < 75 %, 3 procentpoint fra grænsen)."
    )


def test_yellow_lists_every_met_criterion() -> None:
    yellow = (*SUPPLY_YELLOW[:2], 86.0, *SUPPLY_YELLOW[3:])
    text = why("yellow", _rows(yellow, OLD_GPS), Combination())
    assert text == (
        "Gul, fordi mindst ét kriterium er opfyldt, men intet rødt: "
        "Udbud gul 86 % (grænse < 90 %, 4 procentpoint fra grænsen)."
    )


def test_green_names_the_nearest_limit() -> None:
    healthy = ("Udbud gul", "supply_pct_of_need", 120.0, "<", 90.0, "yellow", False)
    text = why("green", _rows(healthy, OLD_GPS), Combination())
    # 120 vs 90 is 33 % off its limit, 25 % vs 33 % is 24 % off: the GPs' age is nearest
    assert text == (
        "Grøn, fordi intet kriterium er opfyldt. Nærmest en grænse: "
        "Ældre læger 25 % (grænse ≥ 33 %, 8 procentpoint fra grænsen)."
    )


def test_distances_in_the_indicators_units() -> None:
    assert distance_text("months_region_vacancy_unfilled", 21, 12) == "9 måneder"
    assert distance_text("dist_open_median_km", 12.5, 10.0) == "2,5 km"
    assert distance_text("share_gps_closed", 0.5, 0.6) == "10 procentpoint"
