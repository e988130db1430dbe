"""Candidate sites for new capacities: existing practices, generated towns, the user's list.

A candidate table has one row per site with the columns of :data:`CANDIDATE_COLUMNS`:

* ``existing`` — every practice of the dataset; it may grow by up to ``max_add``
  capacities. An open practice is open already; a closed or selective one opens (to all)
  once its listed patients per filled capacity fall below its norm, which takes
  ``open_at`` added capacities.
* ``town`` — generated new clinic sites: the most populous cell of every square of
  ``spacing_m`` whose cells hold at least ``min_persons`` persons (the dataset's towns
  and villages, as its population cells show them).
* ``premises`` — generated new clinic sites at existing clinic premises: the addresses of
  the region's former practices in its snapshot history (:mod:`.premises`).
* ``file`` — the user's list (point, organisation forms, min/max capacities).

Every site lists the organisation forms it may take (``org_forms``, space-separated, in
order of preference; :mod:`praksisplan.optimise.forms`): an existing practice its own, and
a solo or shared one also a partnership (``solo_growth``); generated sites ``new_forms``;
the user's sites their ``org_forms`` column. The forms narrow what a site may receive: a
receiving site takes ``min_add … max_add`` capacities. A new clinic opens with at least
``min_add`` (the multi-doctor principle's k, or more if its forms demand it).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from praksisplan.core.dataset import Dataset
from praksisplan.core.errors import PraksisplanError
from praksisplan.core.schema import OrgForm, PracticeStatus
from praksisplan.core.spatial import assign_points
from praksisplan.core.vocabulary import ORG_FORM_LABELS
from praksisplan.engine.population import cell_population
from praksisplan.engine.supply import practice_supply
from praksisplan.optimise.forms import added_bounds, existing_forms, forms_text, parse_forms
from praksisplan.optimise.premises import premises_points

CANDIDATE_COLUMNS: tuple[str, ...] = (
    "site_id",
    "name",
    "kind",
    "x",
    "y",
    "area_id",
    "municipality_code",
    "org_forms",
    "filled",
    "min_add",
    "max_add",
    "open_at",
    "is_open",
    "practice_row",
)
#: Danish names of the candidate kinds (the explanation's ``kind_label``).
KIND_LABELS: dict[str, str] = {
    "existing": "Eksisterende praksis",
    "town": "Ny klinik i by eller landsby",
    "file": "Eget kandidatsted",
    "premises": "Eksisterende kliniklokaler (tidligere praksis)",
}
#: Columns a user's candidate file must have (x, y in the dataset's CRS, EPSG:25832).
FILE_COLUMNS: tuple[str, ...] = (
    "site_id",
    "x",
    "y",
    "org_forms",
    "min_capacities",
    "max_capacities",
)


@dataclass(frozen=True)
class CandidateOptions:
    """Which candidates to offer and their limits."""

    existing: bool = True
    towns: bool = True
    premises: bool = True
    max_growth: int = 3
    new_min: int = 2
    new_max: int = 4
    town_min_persons: float = 500.0
    town_spacing_m: float = 3_000.0
    new_forms: tuple[OrgForm, ...] = (OrgForm.PARTNERSHIP,)
    solo_growth: bool = True


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
    forms = [
        existing_forms(OrgForm(f), solo_growth=options.solo_growth) for f in supply["org_form"]
    ]
    filled = supply["filled_capacities"].to_numpy(dtype=np.float64)
    growth = options.max_growth if options.existing else 0
    bounds = [
        added_bounds(f, c, 1, growth) if growth > 0 else None
        for f, c in zip(forms, filled, strict=True)
    ]
    return pd.DataFrame(
        {
            "site_id": supply.index.to_numpy(),
            "name": practices["name"].astype(str).to_numpy(),
            "kind": "existing",
            "x": practices["x"].to_numpy(dtype=np.float64),
            "y": practices["y"].to_numpy(dtype=np.float64),
            "area_id": supply["area_id"].to_numpy(),
            "municipality_code": supply["municipality_code"].to_numpy(),
            "org_forms": [forms_text(f) for f in forms],
            "filled": filled,
            "min_add": [0 if b is None else b[0] for b in bounds],
            "max_add": [0 if b is None else b[1] for b in bounds],
            "open_at": open_at,
            "is_open": status == PracticeStatus.OPEN.value,
            "practice_row": np.arange(len(supply)),
        }
    )


def forms_da(forms: Sequence[OrgForm]) -> str:
    """The forms' Danish names, e.g. "enkeltmandspraksis eller kompagniskabspraksis"."""
    return " eller ".join(ORG_FORM_LABELS[f.value].lower() for f in forms)


def _new_sites(
    dataset: Dataset, frame: pd.DataFrame, kind: str, bounds: list[tuple[int, int]]
) -> pd.DataFrame:
    """``frame``: site_id, name, x, y, org_forms; ``bounds``: (min_add, max_add) per row."""
    x = frame["x"].to_numpy(dtype=np.float64)
    y = frame["y"].to_numpy(dtype=np.float64)
    area = assign_points(x, y, dataset.coverage_areas, "area_id")
    municipality = dataset.coverage_areas.set_index("area_id")["municipality_code"].astype(str)
    low = np.array([b[0] for b in bounds], dtype=np.int64)
    return pd.DataFrame(
        {
            "site_id": frame["site_id"].astype(str).to_numpy(),
            "name": frame["name"].astype(str).to_numpy(),
            "kind": kind,
            "x": x,
            "y": y,
            "area_id": area,
            "municipality_code": [municipality.get(a) for a in area],
            "org_forms": frame["org_forms"].astype(str).to_numpy(),
            "filled": 0.0,
            "min_add": low,
            "max_add": np.array([b[1] for b in bounds], dtype=np.int64),
            "open_at": low,
            "is_open": False,
            "practice_row": -1,
        }
    )


def generated_bounds(options: CandidateOptions) -> tuple[int, int]:
    """What a generated new clinic may take: ``new_min … new_max`` under ``new_forms``."""
    bounds = added_bounds(options.new_forms, 0.0, options.new_min, options.new_max)
    if bounds is None:
        raise PraksisplanError(
            f"En ny klinik som {forms_da(options.new_forms)} kan ikke have mellem "
            f"{options.new_min} og {options.new_max} kapaciteter; vælg andre "
            "organisationsformer eller en anden størrelse for nye klinikker"
        )
    return bounds


def generated_sites(
    dataset: Dataset, frame: pd.DataFrame, kind: str, options: CandidateOptions
) -> pd.DataFrame:
    """New clinic sites generated at ``frame``'s points (site_id, name, x, y), with the
    options' forms and sizes; those outside the coverage areas are left out."""
    bounds = generated_bounds(options)
    named = frame.assign(org_forms=forms_text(options.new_forms))
    sites = _new_sites(dataset, named, kind, [bounds] * len(frame))
    return sites[sites["area_id"].notna()]


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
        }
    )
    return generated_sites(dataset, frame, "town", options)


def _file_number(row: Any, where: str, name: str, *, whole: bool) -> float:
    """A number of the user's file (a decimal comma as Danish Excel writes it, or a point):
    finite, and a whole number where ``whole``."""
    given = getattr(row, name)
    text = given.replace(",", ".") if isinstance(given, str) and "." not in given else given
    value = pd.to_numeric(pd.Series([text]), errors="coerce").iloc[0]
    if pd.isna(value) or not math.isfinite(float(value)):
        raise PraksisplanError(f"{where}, kolonne '{name}': skal være et tal")
    if whole and float(value) != math.floor(float(value)):
        raise PraksisplanError(f"{where}, kolonne '{name}': skal være et helt tal, ikke {given}")
    return float(value)


def _file_row_bounds(
    row: Any, where: str, column: str
) -> tuple[str, tuple[int, int], tuple[float, float]]:
    """One row of the user's file checked: its forms (text), bounds and point."""
    if pd.isna(row.site_id) or not str(row.site_id).strip():
        raise PraksisplanError(f"{where}, kolonne 'site_id': stedet skal have et id")
    point = (_file_number(row, where, "x", whole=False), _file_number(row, where, "y", whole=False))
    low, high = (
        int(_file_number(row, where, name, whole=True))
        for name in ("min_capacities", "max_capacities")
    )
    try:
        forms = parse_forms("" if pd.isna(getattr(row, column)) else str(getattr(row, column)))
    except ValueError as error:
        raise PraksisplanError(f"{where}, kolonne '{column}': {error}") from None
    if low < 1 or high < low:
        raise PraksisplanError(
            f"{where}, kolonne 'max_capacities': en ny klinik skal have 1 ≤ min_capacities "
            f"≤ max_capacities, ikke {low} og {high}"
        )
    bounds = added_bounds(forms, 0.0, low, high)
    if bounds is None:
        raise PraksisplanError(
            f"{where}, kolonne '{column}': en ny klinik som {forms_da(forms)} kan ikke have "
            f"mellem {low} og {high} kapaciteter (en enkeltmands- eller delepraksis har 1, et "
            "kompagniskab mindst 2)"
        )
    return forms_text(forms), bounds, point


def file_candidates(dataset: Dataset, frame: pd.DataFrame, source: str) -> pd.DataFrame:
    """The user's candidate table, checked; errors name file, row and column in Danish.

    ``org_forms`` holds the forms allowed at the site, space-separated in order of
    preference (a file with the single-form column ``org_form`` of earlier versions is read
    as a one-form list)."""
    legacy = "org_forms" not in frame.columns and "org_form" in frame.columns
    column = "org_form" if legacy else "org_forms"
    required = [column if c == "org_forms" else c for c in FILE_COLUMNS]
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise PraksisplanError(f"{source}: mangler kolonnen '{missing[0]}'")
    checked = [
        _file_row_bounds(row, f"{source}, række {position + 2}", column)
        for position, row in enumerate(frame.itertuples(index=False))
    ]
    if frame["site_id"].astype(str).duplicated().any():
        dup = frame["site_id"].astype(str)[frame["site_id"].astype(str).duplicated()].iloc[0]
        raise PraksisplanError(f"{source}, kolonne 'site_id': stedet '{dup}' står der to gange")
    named = frame.assign(
        name=frame["name"].fillna(frame["site_id"])
        if "name" in frame.columns
        else frame["site_id"],
        org_forms=[forms for forms, _, _ in checked],
        x=[x for _, _, (x, _) in checked],
        y=[y for _, _, (_, y) in checked],
    )
    sites = _new_sites(dataset, named, "file", [bounds for _, bounds, _ in checked])
    outside = sites["area_id"].isna()
    if outside.any():
        position = int(np.flatnonzero(outside.to_numpy())[0])
        raise PraksisplanError(
            f"{source}, række {position + 2}: stedet '{sites['site_id'].iloc[position]}' "
            "ligger uden for regionens lægedækningsområder"
        )
    return sites


def candidate_sites(
    dataset: Dataset,
    options: CandidateOptions,
    user_sites: pd.DataFrame | None = None,
    former: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """All sites: every existing practice first, in the dataset's order (they reach
    citizens whether or not they may grow: ``max_add`` is 0 when ``options.existing`` is
    off), then generated (towns; premises of the ``former`` practices,
    :func:`.premises.former_practices`) and the user's new sites."""
    parts = [existing_candidates(dataset, options)]
    if options.towns:
        parts.append(town_candidates(dataset, options))
    if options.premises and former is not None and len(former):
        parts.append(generated_sites(dataset, premises_points(former), "premises", options))
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
