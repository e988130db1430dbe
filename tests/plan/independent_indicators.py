"""The demo plan's measure indicators recomputed from a dataset's raw tables, for the tests.

Written from the definitions in docs/engine.md, docs/threat-rules.md and the default rule
file, without the engine's, the threat package's or the plan package's functions: plain
pandas over the tables, a brute-force distance matrix for free choice, the SSB need weights
and the retirement curve typed in here.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from praksisplan.core.dataset import Dataset

#: SSB 2023 GP consultations per person and year by age (docs/engine.md, need weights).
SSB_RATES = ((0, 5, 1.9), (6, 15, 1.4), (16, 19, 2.4), (20, 29, 2.6), (30, 49, 3.2))
SSB_RATES += ((50, 66, 3.5), (67, 79, 3.9), (80, 89, 4.8), (90, 200, 3.5))
SEX_FACTOR = {"F": 3.6 / 3.0, "M": 2.4 / 3.0}
#: The default rule set's retirement curve: share retired by each age.
RETIREMENT_AGES = [62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72]
RETIRED = [0.05, 0.08, 0.12, 0.25, 0.40, 0.55, 0.68, 0.80, 0.90, 0.95, 1.0]
RADIUS_M = 15_000.0


def _rate(age: int) -> float:
    return next(rate for low, high, rate in SSB_RATES if low <= age <= high)


def _band_weight(band: str, sex: str) -> float:
    if band.endswith("+"):
        ages = [int(band[:-1])]
    else:
        low, high = (int(part) for part in band.split("-"))
        ages = list(range(low, high + 1))
    return sum(_rate(a) for a in ages) / len(ages) / 3.0 * SEX_FACTOR[sex]


def _gp_ages(dataset: Dataset) -> pd.Series:
    return dataset.manifest.reference_date.year - dataset.gps["birth_year"].astype(int)


def share_practices_open(dataset: Dataset) -> float:
    return float((dataset.practices["status"].astype(str) == "open").mean())


def share_gps_60plus(dataset: Dataset) -> float:
    return float((_gp_ages(dataset) >= 60).mean())


def share_gps_under_55(dataset: Dataset) -> float:
    return float((_gp_ages(dataset) < 55).mean())


def _open_choices(dataset: Dataset) -> pd.Series:
    """Per cell: practices open to it within 15 km (every pair measured)."""
    cells, practices = dataset.cells, dataset.practices
    dx = cells["x"].to_numpy(float)[:, None] - practices["x"].to_numpy(float)[None, :]
    dy = cells["y"].to_numpy(float)[:, None] - practices["y"].to_numpy(float)[None, :]
    near = np.hypot(dx, dy) <= RADIUS_M
    cell_postcode = cells["postcode"].astype(str).to_numpy()
    open_to = np.zeros_like(near)
    for column, (status, codes) in enumerate(
        zip(practices["status"].astype(str), practices["open_postcodes"].fillna(""), strict=True)
    ):
        if status == "open":
            open_to[:, column] = True
        elif status == "selective":
            open_to[:, column] = np.isin(cell_postcode, str(codes).split())
    return pd.Series((near & open_to).sum(axis=1), index=cells["cell_id"].astype(str))


def persons_lt2_open(dataset: Dataset) -> float:
    persons = dataset.population.groupby(dataset.population["cell_id"].astype(str))["persons"].sum()
    choices = _open_choices(dataset)
    return float(persons.reindex(choices.index, fill_value=0)[choices < 2].sum())


def _still_working(age: float, years: int) -> float:
    def retired(a: float) -> float:
        return float(np.interp(a, RETIREMENT_AGES, RETIRED, left=0.0, right=1.0))

    if years == 0:
        return 1.0
    remaining = 1.0 - retired(age)
    return (1.0 - retired(age + years)) / remaining if remaining > 0 else 0.0


def area_classes(dataset: Dataset) -> pd.Series:
    """Each coverage area's class under the default rule set: red, yellow or green."""
    cells = dataset.cells.assign(cell_id=dataset.cells["cell_id"].astype(str))
    population = dataset.population.assign(cell_id=dataset.population["cell_id"].astype(str))
    weights = [
        _band_weight(b, s)
        for b, s in zip(population["age_band"], population["sex"].astype(str), strict=True)
    ]
    population = population.assign(need=population["persons"] * np.array(weights))
    per_cell = population.groupby("cell_id")[["persons", "need"]].sum()
    per_cell = per_cell.reindex(cells["cell_id"], fill_value=0)
    per_cell["area_id"] = cells["area_id"].astype(str).to_numpy()
    per_cell["lt2"] = np.where(_open_choices(dataset).to_numpy() < 2, per_cell["persons"], 0)
    areas = per_cell.groupby("area_id")[["persons", "need", "lt2"]].sum()

    practices = dataset.practices.assign(provider_number=lambda p: p["provider_number"].astype(str))
    norm = pd.to_numeric(practices["norm_override"], errors="coerce").fillna(
        dataset.manifest.rules.norm
    )
    survey = dataset.coverage_survey.assign(
        provider_number=dataset.coverage_survey["provider_number"].astype(str)
    ).set_index("provider_number")["extra_patients"]
    extra = practices["provider_number"].map(survey).fillna(0)
    practices = practices.assign(
        supply=(practices["capacities"] - practices["vacant_capacities"]) * norm + extra
    )
    gps = dataset.gps.assign(
        provider_number=dataset.gps["provider_number"].astype(str), age=_gp_ages(dataset)
    ).merge(practices[["provider_number", "area_id", "status"]], on="provider_number")
    horizon = range(6)
    kept: dict[str, list[float]] = {}
    for provider, group in gps.groupby("provider_number"):
        fte = group["fte"].sum()
        kept[str(provider)] = [
            sum(f * _still_working(a, t) for f, a in zip(group["fte"], group["age"], strict=True))
            / fte
            for t in horizon
        ]

    months = {}
    reference = dataset.manifest.reference_date
    for row in dataset.region_vacancies.itertuples():
        since = pd.Timestamp(row.advertised_since)
        whole = (reference.year - since.year) * 12 + reference.month - since.month
        whole -= since.day > reference.day
        months[str(row.area_id)] = max(months.get(str(row.area_id), -math.inf), whole)

    classes = {}
    for area_id in dataset.coverage_areas["area_id"].astype(str):
        own = practices[practices["area_id"].astype(str) == area_id]
        own_gps = gps[gps["area_id"].astype(str) == area_id]
        need = areas["need"].get(area_id, 0.0)
        persons = areas["persons"].get(area_id, 0.0)
        supply_pct = 100 * own["supply"].sum() / need if need else math.nan
        lt2_share = areas["lt2"].get(area_id, 0.0) / persons if persons else math.nan
        total = own["supply"].sum()
        projected = [
            supply_pct
            * (
                sum(
                    s * kept.get(p, [1.0] * 6)[t]
                    for p, s in zip(own["provider_number"], own["supply"], strict=True)
                )
                / total
                if total > 0
                else 1.0
            )
            for t in horizon
        ]
        red = supply_pct < 75 or lt2_share >= 0.25 or months.get(area_id, -math.inf) >= 12
        yellow = (
            supply_pct < 90
            or (len(own_gps) > 0 and (own_gps["age"] >= 60).mean() >= 0.3333)
            or (len(own_gps) > 0 and (own_gps["status"].astype(str) == "closed").mean() >= 0.8)
            or any(value < 75 for value in projected)
        )
        classes[area_id] = "red" if red else "yellow" if yellow else "green"
    return pd.Series(classes)


def municipality_of_areas(dataset: Dataset) -> pd.Series:
    areas = dataset.coverage_areas
    return pd.Series(
        areas["municipality_code"].astype(str).to_numpy(), index=areas["area_id"].astype(str)
    )
