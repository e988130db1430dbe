"""Candidate sites for new capacities: existing practices, generated towns, the user's list.

A candidate table has one row per site with the columns of :data:`CANDIDATE_COLUMNS`:

* ``existing`` — every practice of the dataset; it may grow by up to ``max_add``
  capacities. An open practice is open already; a closed or selective one opens (to all)
  once its listed patients per filled capacity fall below its norm, which takes
  ``open_at`` added capacities.
* ``town`` — generated new clinic sites: the most populous cell of every square of
  ``spacing_m`` whose cells hold at least ``min_persons`` persons (the dataset's towns
  and villages, as its population cells show them).
* ``file`` — the user's list (point, organisation form, min/max capacities).

A new clinic opens with at least ``min_add`` capacities (the multi-doctor principle's k)
and at most ``max_add``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from praksisplan.core.dataset import Dataset
from praksisplan.core.errors import PraksisplanError
from praksisplan.core.schema import OrgForm, PracticeStatus
from praksisplan.core.spatial import assign_points
from praksisplan.engine.population import cell_population
from praksisplan.engine.supply import practice_supply

CANDIDATE_COLUMNS: tuple[str, ...] = (
    "site_id",
    "name",
    "kind",
    "x",
    "y",
    "area_id",
    "municipality_code",
    "org_form",
    "min_add",
    "max_add",
    "open_at",
    "is_open",
    "practice_row",
)
#: Columns a user's candidate file must have (x, y in the dataset's CRS, EPSG:25832).
FILE_COLUMNS: tuple[str, ...] = (
    "site_id",
    "x",
    "y",
    "org_form",
    "min_capacities",
    "max_capacities",
)


@dataclass(frozen=True)
class CandidateOptions:
    """Which candidates to offer and their limits."""

    existing: bool = True
    towns: bool = True
    max_growth: int = 3
    new_min: int = 2
    new_max: int = 4
    town_min_persons: float = 500.0
    town_spacing_m: float = 3_000.0
    new_org_form: OrgForm = OrgForm.PARTNERSHIP


def _open_at(listed: float, filled: float, norm: float) -> int:
    """Capacities to add until listed patients per capacity fall below the norm."""
    return max(1, math.floor(listed / norm - filled) + 1)


def existing_candidates(dataset: Dataset, options: CandidateOptions) -> pd.DataFrame:
    supply = practice_supply(dataset)
    status = supply["status"].to_numpy()
    open_at = [
        0 if s == PracticeStatus.OPEN.value else _open_at(listed, filled, norm)
        for s, listed, filled, norm in zip(
            status,
            supply["listed_patients"],
            supply["filled_capacities"],
            supply["norm"],
            strict=True,
        )
    ]
    practices = dataset.practices
    return pd.DataFrame(
        {
            "site_id": supply.index.to_numpy(),
            "name": practices["name"].astype(str).to_numpy(),
            "kind": "existing",
            "x": practices["x"].to_numpy(dtype=np.float64),
            "y": practices["y"].to_numpy(dtype=np.float64),
            "area_id": supply["area_id"].to_numpy(),
            "municipality_code": supply["municipality_code"].to_numpy(),
            "org_form": supply["org_form"].to_numpy(),
            "min_add": 0,
            "max_add": options.max_growth if options.existing else 0,
            "open_at": open_at,
            "is_open": status == PracticeStatus.OPEN.value,
            "practice_row": np.arange(len(supply)),
        }
    )


def _new_sites(
    dataset: Dataset, frame: pd.DataFrame, kind: str, min_add: object, max_add: object
) -> pd.DataFrame:
    x = frame["x"].to_numpy(dtype=np.float64)
    y = frame["y"].to_numpy(dtype=np.float64)
    area = assign_points(x, y, dataset.coverage_areas, "area_id")
    municipality = dataset.coverage_areas.set_index("area_id")["municipality_code"].astype(str)
    return pd.DataFrame(
        {
            "site_id": frame["site_id"].astype(str).to_numpy(),
            "name": frame["name"].astype(str).to_numpy(),
            "kind": kind,
            "x": x,
            "y": y,
            "area_id": area,
            "municipality_code": [municipality.get(a) for a in area],
            "org_form": frame["org_form"].astype(str).to_numpy(),
            "min_add": min_add,
            "max_add": max_add,
            "open_at": min_add,
            "is_open": False,
            "practice_row": -1,
        }
    )


def town_candidates(dataset: Dataset, options: CandidateOptions) -> pd.DataFrame:
    """New clinic sites at the most populous cell of each populated square."""
    persons = cell_population(dataset)["persons"].to_numpy()
    cells = dataset.cells.assign(persons=persons)
    spacing = options.town_spacing_m
    square = (
        np.floor(cells["x"] / spacing).astype(np.int64).astype(str)
        + "_"
        + np.floor(cells["y"] / spacing).astype(np.int64).astype(str)
    )
    cells = cells.assign(square=square.to_numpy())
    totals = cells.groupby("square")["persons"].sum()
    peaks = cells.sort_values("persons", ascending=False, kind="stable").drop_duplicates("square")
    peaks = peaks[peaks["square"].map(totals) >= options.town_min_persons]
    peaks = peaks.sort_values("cell_id", kind="stable")
    frame = pd.DataFrame(
        {
            "site_id": "NY-" + peaks["cell_id"].astype(str),
            "name": "Ny klinik ved " + peaks["cell_id"].astype(str),
            "x": peaks["x"].to_numpy(),
            "y": peaks["y"].to_numpy(),
            "org_form": options.new_org_form.value,
        }
    )
    return _new_sites(dataset, frame, "town", options.new_min, options.new_max)


def file_candidates(dataset: Dataset, frame: pd.DataFrame, source: str) -> pd.DataFrame:
    """The user's candidate table, checked; errors name file, row and column in Danish."""
    missing = [c for c in FILE_COLUMNS if c not in frame.columns]
    if missing:
        raise PraksisplanError(f"{source}: mangler kolonnen '{missing[0]}'")
    forms = {f.value for f in OrgForm}
    for position, row in enumerate(frame.itertuples(index=False)):
        where = f"{source}, række {position + 2}"
        for column in ("x", "y", "min_capacities", "max_capacities"):
            value = pd.to_numeric(pd.Series([getattr(row, column)]), errors="coerce").iloc[0]
            if pd.isna(value):
                raise PraksisplanError(f"{where}, kolonne '{column}': skal være et tal")
        if str(row.org_form) not in forms:
            raise PraksisplanError(
                f"{where}, kolonne 'org_form': ukendt organisationsform '{row.org_form}' "
                f"(tilladt: {', '.join(sorted(forms))})"
            )
        low, high = int(str(row.min_capacities)), int(str(row.max_capacities))
        if low < 1 or high < low:
            raise PraksisplanError(
                f"{where}, kolonne 'max_capacities': en ny klinik skal have 1 ≤ min_capacities "
                f"≤ max_capacities, ikke {low} og {high}"
            )
    if frame["site_id"].astype(str).duplicated().any():
        dup = frame["site_id"].astype(str)[frame["site_id"].astype(str).duplicated()].iloc[0]
        raise PraksisplanError(f"{source}, kolonne 'site_id': stedet '{dup}' står der to gange")
    named = frame.assign(name=frame["name"] if "name" in frame.columns else frame["site_id"])
    sites = _new_sites(
        dataset,
        named,
        "file",
        frame["min_capacities"].astype(int).to_numpy(),
        frame["max_capacities"].astype(int).to_numpy(),
    )
    outside = sites["area_id"].isna()
    if outside.any():
        position = int(np.flatnonzero(outside.to_numpy())[0])
        raise PraksisplanError(
            f"{source}, række {position + 2}: stedet '{sites['site_id'].iloc[position]}' "
            "ligger uden for regionens lægedækningsområder"
        )
    return sites


def candidate_sites(
    dataset: Dataset, options: CandidateOptions, user_sites: pd.DataFrame | None = None
) -> pd.DataFrame:
    """All sites: every existing practice first, in the dataset's order (they reach
    citizens whether or not they may grow: ``max_add`` is 0 when ``options.existing`` is
    off), then generated and the user's new sites."""
    parts = [existing_candidates(dataset, options)]
    if options.towns:
        towns = town_candidates(dataset, options)
        parts.append(towns[towns["area_id"].notna()])
    if user_sites is not None:
        parts.append(user_sites)
    sites = pd.concat(parts, ignore_index=True)
    duplicated = sites["site_id"].duplicated()
    if duplicated.any():
        raise PraksisplanError(
            f"Kandidatstedet '{sites['site_id'][duplicated].iloc[0]}' findes allerede "
            "(et ydernummer eller et andet kandidatsted har samme id)"
        )
    return sites.reset_index(drop=True)
