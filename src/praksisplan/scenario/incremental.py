"""Analysing a scenario incrementally: only what its edits can have changed is recomputed.

Population: the per-cell population figures (the costly part: the long population table)
are taken from the base analysis for every cell whose population rows the edits left alone;
only the cells an edit touched are summed again.

Space: when the edits leave the cells themselves (ids, points, postcodes) and the rules
alone, the free-choice counts, nearest distances and (E)2SFCA scores are recomputed only
for the cells within reach of a *changed* practice: one inserted, deleted, moved, with
another status, open postcodes or supply, or with a cell in reach whose demand changed.
A cell farther than the reach from every changed practice keeps the base's figures: its
practices in reach, their supply and the demand in their catchments are all unchanged
(2SFCA's step 1 of a practice only sees the demand within its catchment). Cells with no
(open) practice within reach in the base also get their nearest distances again when a
changed practice's old or new point lies no farther than their base nearest distance. The
recomputed cells are analysed together with every cell within reach of their practices, so
each practice's step 1 is exact; when that neighbourhood holds more than half the cells
(a small region, a wide radius), the whole region is analysed instead. Anything else
(cells added, removed or moved, another radius or rule) recomputes the spatial part in
full. A property test checks the result against a full
:func:`~praksisplan.scenario.diff.analyse` of the edited dataset.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy.spatial import cKDTree

from praksisplan.core.dataset import Dataset
from praksisplan.engine.cells import SpatialSettings, analyse_cells
from praksisplan.engine.od import ODTable, planar_od_table
from praksisplan.engine.population import cell_population
from praksisplan.engine.supply import practice_supply
from praksisplan.scenario.apply import AppliedScenario
from praksisplan.scenario.diff import Analysis, analyse
from praksisplan.threat.rules import RuleSet
from praksisplan.travel.network import TravelNetwork

#: Practice figures whose change makes a practice "changed" for the spatial analysis
#: (besides its point).
_TEXT_COLUMNS = ("status", "open_postcodes")
#: The supply the (E)2SFCA scores of :class:`SpatialSettings` offer per practice (an edit
#: that changes only a practice's FTE, e.g. a retirement, leaves every cell's figures).
_SUPPLY_COLUMN = "filled_capacities" if SpatialSettings().supply == "capacities" else "fte"
#: The spatial columns of :func:`~praksisplan.engine.cells.analyse_cells` that depend only
#: on a cell and the practices (not on demand elsewhere).
_LOCAL_COLUMNS = ("open_within_radius", "nearest_open_km", "nearest_any_km")
#: Above this share of the cells, the local analysis costs more than a whole one.
_LOCAL_SHARE = 0.5
#: Slack (metres) on every reach query, so a pair at exactly the reach is never missed.
_SLACK_M = 1.0


def _population(base: Analysis, applied: AppliedScenario) -> pd.DataFrame | None:
    """The scenario's cell population from the base's, or ``None`` if it must be redone."""
    dataset = applied.dataset
    touched = applied.population_cells
    if touched is None or dataset.manifest.rules.age_bands != base.dataset.manifest.rules.age_bands:
        return None
    columns = base.population.columns
    cell_ids = pd.Index(dataset.cells["cell_id"].astype(str), name="cell_id")
    frame = base.population.reindex(cell_ids)
    if touched:
        cells = dataset.cells[dataset.cells["cell_id"].isin(touched)]
        rows = dataset.population[dataset.population["cell_id"].isin(touched)]
        part = cell_population(
            dataset.with_tables(cells=cells.reset_index(drop=True), population=rows)
        )
        frame.loc[part.index, columns] = part[columns].to_numpy()
    return frame


def _same_cells(base: Dataset, scenario: Dataset) -> bool:
    a, b = base.cells, scenario.cells
    if a is b:  # apply_edits keeps a table no edit touched
        return True
    return len(a) == len(b) and all(
        np.array_equal(a[c].astype(str).to_numpy(), b[c].astype(str).to_numpy())
        for c in ("cell_id", "x", "y", "postcode")
    )


def practice_state(dataset: Dataset, supply: pd.DataFrame) -> pd.DataFrame:
    """The figures of each practice a cell's spatial figures depend on: points and supply
    as floats, status and open postcodes as text (a missing value is ``""``)."""
    practices = dataset.practices
    return pd.DataFrame(
        {
            "x": practices["x"].to_numpy(dtype=np.float64),
            "y": practices["y"].to_numpy(dtype=np.float64),
            **{
                c: practices[c].astype(object).fillna("").astype(str).to_numpy(dtype=object)
                for c in _TEXT_COLUMNS
            },
            _SUPPLY_COLUMN: supply[_SUPPLY_COLUMN].to_numpy(dtype=np.float64),
        },
        index=pd.Index(practices["provider_number"].astype(str)),
    )


def changed_practices(old: pd.DataFrame, new: pd.DataFrame) -> set[str]:
    """The practices added, removed or changed between two states of
    :func:`practice_state` (a figure missing in both is unchanged)."""
    at = old.index.get_indexer(new.index)
    both = np.flatnonzero(at >= 0)
    differs = np.zeros(len(both), dtype=bool)
    for column in old.columns:
        a, b = old[column].to_numpy()[at[both]], new[column].to_numpy()[both]
        unequal = a != b
        if a.dtype.kind == "f":
            unequal &= ~(np.isnan(a) & np.isnan(b))
        differs |= unequal
    return set(new.index[both[differs]]) | set(old.index.symmetric_difference(new.index))


def _changed_points(
    base: Analysis, scenario: Dataset, supply: pd.DataFrame, demand_changed: pd.Index
) -> np.ndarray:
    """The old and new points of every practice whose change can move a cell's figures
    (``supply``: the scenario's practice supply)."""
    old, new = practice_state(base.dataset, base.supply), practice_state(scenario, supply)
    changed = changed_practices(old, new)
    points = [
        frame.loc[frame.index.isin(changed), ["x", "y"]].to_numpy(dtype=np.float64)
        for frame in (old, new)
    ]
    if len(demand_changed):
        # a practice that sees a cell whose demand changed has another step-1 ratio
        cells = scenario.cells.set_index(scenario.cells["cell_id"].astype(str))
        points.append(_within(new, cells.loc[demand_changed, ["x", "y"]], base.reach_m))
    return np.concatenate(points)


def _within(targets: pd.DataFrame, around: pd.DataFrame, reach: float) -> npt.NDArray[np.float64]:
    """The points of ``targets`` within ``reach`` of any point of ``around``."""
    xy = targets[["x", "y"]].astype(float).to_numpy()
    return xy[_near(xy, around[["x", "y"]].astype(float).to_numpy(), reach)]


def _near(
    points: npt.NDArray[np.float64], around: npt.NDArray[np.float64], reach: float
) -> npt.NDArray[np.intp]:
    """Row numbers of ``points`` within ``reach`` (plus slack) of any point of ``around``."""
    if not len(points) or not len(around):
        return np.zeros(0, dtype=np.intp)
    distance, _ = cKDTree(around).query(points, distance_upper_bound=reach + _SLACK_M)
    return np.flatnonzero(np.isfinite(distance))


def _far_changed(
    cells: pd.DataFrame,
    cells_xy: npt.NDArray[np.float64],
    changed: npt.NDArray[np.float64],
    reach: float,
) -> npt.NDArray[np.intp]:
    """The cells with no (open) practice within ``reach`` in the base whose nearest
    distances a changed practice can move: one whose old or new point lies no farther than
    the cell's base nearest distance (else the nearest practice is neither a changed one nor
    beaten by one)."""
    nearest = (
        np.maximum(
            cells["nearest_open_km"].to_numpy(dtype=np.float64),
            cells["nearest_any_km"].to_numpy(dtype=np.float64),
        )
        * 1000
    )
    far = np.flatnonzero(nearest > reach)
    if not len(far) or not len(changed):
        return np.zeros(0, dtype=np.intp)
    distance, _ = cKDTree(changed).query(cells_xy[far])
    return np.asarray(far[distance <= nearest[far] + _SLACK_M], dtype=np.intp)


def patched_od(base: Analysis, scenario: Dataset) -> ODTable | None:
    """The base's OD table for the scenario's practices (the cells are the same): the
    pairs of every practice kept in place are carried over (renumbered), those of a moved
    or added practice searched again, those of a moved or removed one dropped."""
    od = base.od
    if od is None:
        return None
    old, new = base.dataset.practices, scenario.practices
    row = pd.Index(new["provider_number"].astype(str)).get_indexer(
        pd.Index(old["provider_number"].astype(str))
    )  # each base practice's row in the scenario, -1 if removed
    old_xy = old[["x", "y"]].to_numpy(dtype=np.float64)
    new_xy = new[["x", "y"]].to_numpy(dtype=np.float64)
    kept = row >= 0
    kept[kept] = (old_xy[kept] == new_xy[row[kept]]).all(axis=1)
    fresh = np.setdiff1d(np.arange(len(new)), row[kept])
    keep = kept[od.dest]
    part = planar_od_table(
        scenario.cells[["x", "y"]].to_numpy(dtype=np.float64), new_xy[fresh], od.max_cost
    )
    return ODTable(
        np.concatenate([od.origin[keep], part.origin]),
        np.concatenate([row[od.dest[keep]], fresh[part.dest]]).astype(np.intp),
        np.concatenate([od.cost[keep], part.cost]),
        od.n_origins,
        len(new),
        od.max_cost,
    )


def _spatial(
    base: Analysis, scenario: Dataset, population: pd.DataFrame, supply: pd.DataFrame
) -> tuple[pd.DataFrame, ODTable | None]:
    """The scenario's per-cell frame, recomputing only the cells a changed practice reaches
    (``supply``: the scenario's practice supply), and the OD table when the whole region
    was analysed (from the base's, patched)."""
    demand = population["need_weighted_persons"].to_numpy()
    old_demand = base.population["need_weighted_persons"].to_numpy()
    demand_changed = population.index[demand != old_demand]
    reach = base.reach_m
    cells_xy = scenario.cells[["x", "y"]].to_numpy(dtype=np.float64)
    practices_xy = scenario.practices[["x", "y"]].to_numpy(dtype=np.float64)
    changed = _changed_points(base, scenario, supply, demand_changed)
    recompute = _near(cells_xy, changed, reach)
    far = _far_changed(base.cells, cells_xy, changed, reach)
    if len(recompute) > _LOCAL_SHARE * len(cells_xy):  # "around" holds these and more
        return _whole(base, scenario, population, supply)
    frame = base.cells.copy()
    frame[list(population.columns)] = population.to_numpy()
    if not len(recompute) and not len(far):
        return frame, base.od if scenario.practices is base.dataset.practices else None
    # every cell in the catchment of a practice that reaches a recomputed cell
    reached = practices_xy[_near(practices_xy, cells_xy[recompute], reach)]
    around = np.union1d(np.union1d(_near(cells_xy, reached, reach), recompute), far)
    if len(around) > _LOCAL_SHARE * len(cells_xy):
        return _whole(base, scenario, population, supply)
    part = analyse_cells(
        scenario.with_tables(cells=scenario.cells.iloc[around].reset_index(drop=True)),
        SpatialSettings(),
        population=population.iloc[around],
        supply=supply,
    )
    local = list(_LOCAL_COLUMNS)
    rows = np.union1d(recompute, far)
    frame.loc[frame.index[rows], local] = part.iloc[np.searchsorted(around, rows)][local].to_numpy()
    scores = [c for c in frame.columns if c.startswith("access_")]
    at = np.searchsorted(around, recompute)
    frame.loc[frame.index[recompute], scores] = part.iloc[at][scores].to_numpy()
    return frame, None


def _whole(
    base: Analysis, scenario: Dataset, population: pd.DataFrame, supply: pd.DataFrame
) -> tuple[pd.DataFrame, ODTable | None]:
    """The whole region's per-cell frame, from the base's OD table patched."""
    od = patched_od(base, scenario)
    cells = analyse_cells(scenario, SpatialSettings(), od=od, population=population, supply=supply)
    return cells, od


def _islands(
    base: Analysis, scenario: Dataset, rules: RuleSet
) -> tuple[pd.Series | Literal["compute"] | None, TravelNetwork | Literal["compute"] | None]:
    """The base's island network when the scenario keeps what it depends on (the
    polygons, the links, the rules), and the base's island notes when it also keeps every
    practice's point; ``"compute"`` for what must be found again."""
    a, b = base.dataset, scenario
    same_tables = all(
        getattr(a, t) is getattr(b, t)
        for t in ("coverage_areas", "municipalities", "ferry_links", "fixed_links")
    )
    if not same_tables or rules != base.assessment.rules:
        return "compute", "compute"
    same_points = a.practices is b.practices or (
        len(a.practices) == len(b.practices)
        and np.array_equal(
            a.practices[["x", "y"]].to_numpy(dtype=np.float64),
            b.practices[["x", "y"]].to_numpy(dtype=np.float64),
        )
    )
    return (base.island_notes if same_points else "compute"), base.island_network


def analyse_scenario(base: Analysis, applied: AppliedScenario, rules: RuleSet) -> Analysis:
    """The analysis of ``applied`` (laid over the dataset ``base`` analysed)."""
    dataset = applied.dataset
    population = _population(base, applied)
    supply = practice_supply(dataset)
    notes, network = _islands(base, dataset, rules)
    if (
        population is None
        or dataset.manifest.rules != base.dataset.manifest.rules
        or not _same_cells(base.dataset, dataset)
    ):
        return analyse(
            dataset, rules, population=population, supply=supply, notes=notes, network=network
        )
    cells, od = _spatial(base, dataset, population, supply)
    return analyse(dataset, rules, cells=cells, od=od, supply=supply, notes=notes, network=network)
