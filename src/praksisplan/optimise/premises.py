"""Existing clinic premises as candidate sites: where former practices of the region were.

The source is the region's snapshot history. A *former practice* is a provider number held
by an earlier snapshot of the region and by none of the current one: the practice closed
(its GP retired without a successor), merged into another, or was taken over under a new
number. Its last known address is a clinic's premises that existed, and a new clinic there
needs no new building: the ``premises`` candidates. One whose address is (within
:data:`SAME_PREMISES_M`) a practice of today's is left out — its premises are in use by a
successor (a region clinic that took over a practice under a new number); of former
practices within :data:`SAME_PLACE_M` of each other (one building or street corner: the
same place for a 15 km radius), the one seen last is kept.

Why not the current snapshot's closed practices: a practice *lukket for tilgang* is open
for business and already a candidate (it grows); its premises are not free. A dataset
without history (a directory, import-dk's single snapshot) has no premises candidates.

Premises take the options' forms and sizes of generated new clinics (``new_forms``,
``new_min`` … ``new_max``): the history does not say how large the premises are.

A request carries the former practices as :class:`FormerPractice` values
(:func:`former_premises`), not the earlier datasets: plain values that compare and hash, so
the web's background jobs can tell whether a job was started with the same premises.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import astuple, dataclass, fields

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from praksisplan.core.dataset import Dataset

#: Addresses closer than this are the same premises (metres; the dataset's planar CRS).
SAME_PREMISES_M = 10.0
#: Former practices closer than this are one candidate (metres).
SAME_PLACE_M = 100.0
#: Prefix of a premises site's id (the former provider number follows).
PREMISES_PREFIX = "LOK-"


@dataclass(frozen=True)
class FormerPractice:
    """One former practice with free premises (a row of :func:`former_practices`)."""

    provider_number: str
    name: str
    x: float
    y: float
    last_seen: dt.date


def former_practices(current: Dataset, earlier: Sequence[Dataset]) -> pd.DataFrame:
    """Former practices with free premises: ``provider_number, name, x, y, last_seen``, in
    provider-number order; ``earlier`` are the region's earlier snapshots (any order)."""
    rows = []
    for dataset in earlier:
        practices = dataset.practices
        rows.append(
            pd.DataFrame(
                {
                    "provider_number": practices["provider_number"].astype(str).to_numpy(),
                    "name": practices["name"].astype(str).to_numpy(),
                    "x": practices["x"].to_numpy(dtype=np.float64),
                    "y": practices["y"].to_numpy(dtype=np.float64),
                    "last_seen": dataset.manifest.reference_date,
                }
            )
        )
    columns = ["provider_number", "name", "x", "y", "last_seen"]
    if not rows:
        return pd.DataFrame(columns=columns)
    seen = pd.concat(rows, ignore_index=True).sort_values(
        ["last_seen", "provider_number"], ascending=[False, True], kind="stable"
    )
    today = set(current.practices["provider_number"].astype(str))
    former = seen[~seen["provider_number"].isin(today)].drop_duplicates("provider_number")
    occupied = current.practices[["x", "y"]].to_numpy(dtype=np.float64)
    if len(occupied) and len(former):
        distance, _ = cKDTree(occupied).query(former[["x", "y"]].to_numpy())
        former = former[distance > SAME_PREMISES_M]
    if former.empty:
        return former[columns].reset_index(drop=True)
    points = former[["x", "y"]].to_numpy(dtype=np.float64)
    # newest first: the practice seen last at a place stands for the earlier ones
    keep = np.ones(len(former), dtype=bool)
    tree = cKDTree(points)
    for i in range(len(former)):
        if keep[i]:
            older = [k for k in tree.query_ball_point(points[i], SAME_PLACE_M) if k > i]
            keep[older] = False
    return (
        former[keep][columns].sort_values("provider_number", kind="stable").reset_index(drop=True)
    )


def former_premises(current: Dataset, earlier: Sequence[Dataset]) -> tuple[FormerPractice, ...]:
    """:func:`former_practices` as values, in provider-number order."""
    return tuple(
        FormerPractice(str(number), str(name), float(x), float(y), seen)
        for number, name, x, y, seen in former_practices(current, earlier).itertuples(index=False)
    )


def former_frame(former: Sequence[FormerPractice]) -> pd.DataFrame:
    """The values back as :func:`former_practices`' frame (what the candidates read)."""
    return pd.DataFrame(
        [astuple(f) for f in former], columns=[f.name for f in fields(FormerPractice)]
    )


def premises_points(former: pd.DataFrame) -> pd.DataFrame:
    """The premises as generated sites' points: ``site_id, name, x, y``."""
    return pd.DataFrame(
        {
            "site_id": PREMISES_PREFIX + former["provider_number"].astype(str),
            "name": [
                f"Tidligere klinik: {name} ({number}, sidst {seen:%d.%m.%Y})"
                for name, number, seen in zip(
                    former["name"], former["provider_number"], former["last_seen"], strict=True
                )
            ],
            "x": former["x"].to_numpy(dtype=np.float64),
            "y": former["y"].to_numpy(dtype=np.float64),
        }
    )
