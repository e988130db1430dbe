"""A five-cell, two-area allocation case small enough to enumerate every allocation.

Cells lie on a line (x in metres, y = 0): C1 0, C2 3,000, C3 6,000 (area A1), C4 9,000,
C5 12,000 (area A2); every need weight is 1, so need-weighted persons are persons.
Practices: P1 open (x 1,000, A1); P2 closed (x 5,000, A1, 2 capacities, 3,300 listed: opens
with 1 more); P3 selective for postcode 3000 (x 10,000, A2, 1 capacity, 1,700 listed: opens
with 1 more); P4 closed (x 13,000, A2, 2 capacities, 4,900 listed: opens with 2 more). A
user site N1 (x 7,500) takes exactly 2. Radius 5 km, reach 8 km, norm 1,600. Two earlier
snapshots (:func:`earlier_snapshots`) hold former practices, one with free premises at N1.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import math

import pandas as pd

from engine.builders import Cell, Practice, make_dataset
from praksisplan.core.dataset import Dataset
from praksisplan.optimise.objectives import Objective

BANDS = ("0-14", "15-64", "65-79", "80+")
RADIUS_M = 5_000.0
REACH_M = 8_000.0
NORM = 1600
CELLS = {  # cell: (x, persons, area, postcode)
    "C1": (0.0, 900, "A1", "1000"),
    "C2": (3_000.0, 1_400, "A1", "1000"),
    "C3": (6_000.0, 700, "A1", "2000"),
    "C4": (9_000.0, 1_100, "A2", "3000"),
    "C5": (12_000.0, 1_600, "A2", "4000"),
}
PRACTICES = {  # provider: (x, status, capacities, listed, area, open postcodes)
    "P1": (1_000.0, "open", 1.0, 1_500, "A1", None),
    "P2": (5_000.0, "closed", 2.0, 3_300, "A1", None),
    "P3": (10_000.0, "selective", 1.0, 1_700, "A2", "3000"),
    "P4": (13_000.0, "closed", 2.0, 4_900, "A2", None),
}
SURVEY = {"P1": 200}
NEW_SITE = {"site_id": "N1", "x": 7_500.0, "min": 2, "max": 2}
MAX_GROWTH = 2


def allocation_dataset() -> Dataset:
    cells = [
        Cell(cid, x, 0.0, postcode=pc, area_id=area, persons={("15-64", "F"): n})
        for cid, (x, n, area, pc) in CELLS.items()
    ]
    practices = [
        Practice(
            pid,
            x,
            0.0,
            status=status,
            open_postcodes=postcodes,
            capacities=cap,
            listed_patients=listed,
            area_id=area,
        )
        for pid, (x, status, cap, listed, area, postcodes) in PRACTICES.items()
    ]
    return make_dataset(
        cells,
        practices,
        areas=(("A1", "Område 1", "101"), ("A2", "Område 2", "101")),
        coverage_survey=list(SURVEY.items()),
        demand_weights=[(b, s, 1.0) for b in BANDS for s in ("F", "M")],
        norm=NORM,
        radius_km=RADIUS_M / 1000,
        age_bands=BANDS,
    )


def user_sites_table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "site_id": [NEW_SITE["site_id"]],
            "name": ["Ny klinik N1"],
            "x": [NEW_SITE["x"]],
            "y": [0.0],
            "org_forms": ["partnership"],
            "min_capacities": [NEW_SITE["min"]],
            "max_capacities": [NEW_SITE["max"]],
        }
    )


SITES = [*PRACTICES, str(NEW_SITE["site_id"])]


def _open_to(site: str, added: dict[str, int], postcode: str) -> tuple[bool, float]:
    """Whether the site is open to a cell with ``postcode``, and the site's x."""
    if site == NEW_SITE["site_id"]:
        return added[site] >= NEW_SITE["min"], float(NEW_SITE["x"])
    x, status, capacities, listed, _, postcodes = PRACTICES[site]
    grown = added[site] > 0 and listed / (capacities + added[site]) < NORM
    if status == "open" or grown:
        return True, x
    return status == "selective" and postcode == postcodes, x


def case_values(
    added: dict[str, int], area_need: dict[str, float] | None = None
) -> dict[Objective, float]:
    """Every objective, computed from the case's definition alone; ``area_need`` replaces
    an area's need (its persons) in the shortage and the worst area."""
    free = 0.0
    distance = 0.0
    persons_total = sum(n for _, n, _, _ in CELLS.values())
    for cx, persons, _, postcode in CELLS.values():
        reach = [abs(cx - x) for s in SITES for ok, x in [_open_to(s, added, postcode)] if ok]
        if sum(d <= RADIUS_M for d in reach) >= 2:
            free += persons
        near = min([d for d in reach if d <= REACH_M], default=REACH_M)
        distance += persons * near
    shortage, worst = 0.0, math.inf
    for area in ("A1", "A2"):
        need = sum(n for _, n, a, _ in CELLS.values() if a == area)
        need = (area_need or {}).get(area, need)
        supply = sum(
            (cap + added[p]) * NORM + SURVEY.get(p, 0)
            for p, (_, _, cap, _, a, _) in PRACTICES.items()
            if a == area
        )
        if area == "A1":  # the new site lies in the first area of the builder's boxes
            supply += added[NEW_SITE["site_id"]] * NORM
        shortage += max(0.0, need - supply)
        worst = min(worst, 100 * supply / need)
    return {
        Objective.FREE_CHOICE: free,
        Objective.SHORTAGE: shortage,
        Objective.WORST_AREA: worst,
        Objective.NEARNESS: distance / persons_total / 1000,
        Objective.CONTINUITY: float(sum(added[p] for p in PRACTICES)),
    }


def case_allocations(n: int) -> list[dict[str, int]]:
    choices = [range(MAX_GROWTH + 1)] * len(PRACTICES) + [(0, NEW_SITE["min"])]
    return [
        dict(zip(SITES, combo, strict=True))
        for combo in itertools.product(*choices)
        if sum(combo) == n
    ]


SENSE = {
    Objective.FREE_CHOICE: 1,
    Objective.SHORTAGE: -1,
    Objective.WORST_AREA: 1,
    Objective.NEARNESS: -1,
    Objective.CONTINUITY: 1,
}


def earlier_snapshots() -> tuple[Dataset, ...]:
    """Two earlier snapshots of the five-cell case. 1 July 2023: P5 at P1's address (its
    predecessor there) and P6 at x 7,550; 1 January 2024: P0 at x 7,500 (N1's point), 50 m
    from P6. Only P0 has free premises: P5's are P1's, and P6's place is P0's, seen later."""
    current = allocation_dataset()
    practices = current.practices

    def with_practices(date: dt.date, extra: dict[str, float]) -> Dataset:
        rows = [
            practices.iloc[0].to_dict()
            | {"provider_number": number, "name": f"Lægen {number}", "x": x}
            for number, x in extra.items()
        ]
        manifest = current.manifest.model_copy(update={"reference_date": date})
        table = pd.concat([practices, pd.DataFrame(rows)], ignore_index=True)
        return dataclasses.replace(current, manifest=manifest).with_tables(practices=table)

    return (
        with_practices(dt.date(2023, 7, 1), {"P5": 1_000.0, "P6": 7_550.0}),
        with_practices(dt.date(2024, 1, 1), {"P0": float(NEW_SITE["x"])}),
    )
