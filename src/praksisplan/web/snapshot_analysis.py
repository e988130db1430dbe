"""Everything the app shows of one snapshot, computed once and kept in the process.

Snapshots are immutable, so their indicators, practice table and map layers never go
stale; the threat assessment follows the snapshot's rule set in force (see
:class:`AnalysisCache`). The cache computes them on first use (under a lock, so fifty
concurrent first requests compute once) and keeps a bounded number of snapshots.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, replace

import pandas as pd

from praksisplan.core.dataset import Dataset
from praksisplan.engine.indicators import compute_indicators
from praksisplan.engine.key_figures import KeyFigures, key_figures
from praksisplan.store import SnapshotInfo, Store
from praksisplan.threat.assess import Assessment
from praksisplan.threat.run_service import run_in_force
from praksisplan.threat.runs import AssessmentRun
from praksisplan.web import geojson
from praksisplan.web.encoded import EncodedBody

#: How many snapshots' analyses the process keeps (the least recently used is dropped).
CACHED_SNAPSHOTS = 8
#: Seconds a snapshot's run in force is trusted before the store is asked for a newer one.
RUN_CHECK_TTL_S = 1.0


@dataclass(frozen=True)
class SnapshotAnalysis:
    info: SnapshotInfo
    dataset: Dataset
    area_indicators: pd.DataFrame
    region_indicators: pd.Series
    key_figures: KeyFigures
    assessment: Assessment
    #: the stored run the assessment is (None: assessed with the default rules, not stored)
    run_id: int | None
    #: one row per practice with the columns of the practice list, indexed by provider number
    practice_table: pd.DataFrame
    #: map layers as encoded GeoJSON, by layer name
    layers: dict[str, EncodedBody]

    def threat_counts(self) -> dict[str, int]:
        counts = self.assessment.areas["threat_class"].value_counts()
        return {cls: int(counts.get(cls, 0)) for cls in ("red", "yellow", "green")}


def _practice_table(dataset: Dataset) -> pd.DataFrame:
    practices = dataset.practices
    areas = dataset.coverage_areas.set_index("area_id")["name"]
    municipalities = dataset.municipalities.set_index("code")["name"]
    gps_per_practice = dataset.gps.groupby("provider_number").size()
    filled = practices["capacities"].astype(float) - practices["vacant_capacities"].astype(float)
    listed = practices["listed_patients"].astype(int)
    table = pd.DataFrame(
        {
            "provider_number": practices["provider_number"].astype(str),
            "name": practices["name"].astype(str),
            "area_id": practices["area_id"].astype(str),
            "area_name": practices["area_id"].map(areas).astype(str),
            "municipality_code": practices["municipality_code"].astype(str),
            "municipality_name": practices["municipality_code"].map(municipalities).astype(str),
            "postcode": practices["postcode"].astype(str),
            "org_form": practices["org_form"].astype(str),
            "status": practices["status"].astype(str),
            "capacities": practices["capacities"].astype(float),
            "vacant_capacities": practices["vacant_capacities"].astype(float),
            "filled_capacities": filled,
            "listed_patients": listed,
            "patients_per_filled_capacity": (listed / filled.where(filled > 0)).astype(float),
            "gps": practices["provider_number"].map(gps_per_practice).fillna(0).astype(int),
        }
    )
    return table.set_index("provider_number", drop=False).rename_axis(None)


def analyse(info: SnapshotInfo, dataset: Dataset, run: AssessmentRun) -> SnapshotAnalysis:
    """Compute what the pages show of a snapshot under ``run`` (pure: no store access)."""
    area_indicators = compute_indicators(dataset, "area")
    return SnapshotAnalysis(
        info=info,
        dataset=dataset,
        area_indicators=area_indicators,
        region_indicators=compute_indicators(dataset, "region").iloc[0],
        key_figures=key_figures(dataset),
        assessment=run.assessment,
        run_id=run.id,
        practice_table=_practice_table(dataset),
        layers={
            "areas": _areas_layer(dataset, area_indicators, run.assessment),
            "municipalities": geojson.encode(geojson.municipalities_layer(dataset)),
            "practices": geojson.encode(geojson.practices_layer(dataset)),
        },
    )


def _areas_layer(
    dataset: Dataset, area_indicators: pd.DataFrame, assessment: Assessment
) -> EncodedBody:
    return geojson.encode(geojson.areas_layer(dataset, area_indicators, assessment.areas))


def reassessed(analysis: SnapshotAnalysis, run: AssessmentRun) -> SnapshotAnalysis:
    """``analysis`` under another run (the rule set in force changed); the rest is kept."""
    layers = dict(analysis.layers)
    layers["areas"] = _areas_layer(analysis.dataset, analysis.area_indicators, run.assessment)
    return replace(analysis, assessment=run.assessment, run_id=run.id, layers=layers)


@dataclass
class _Entry:
    analysis: SnapshotAnalysis
    checked_at: float


class AnalysisCache:
    """Per-process cache of :class:`SnapshotAnalysis` over a store.

    The assessment is the snapshot's run in force (:func:`run_in_force`: the rules of its
    newest stored run, the packaged default when there is none); viewing never stores a
    run. Whether another process stored a newer run is checked at most once per
    :data:`RUN_CHECK_TTL_S`; then only the assessment and the area layer are recomputed.
    """

    def __init__(self, store: Store, size: int = CACHED_SNAPSHOTS) -> None:
        self._store = store
        self._size = size
        self._lock = threading.Lock()
        self._entries: OrderedDict[int, _Entry] = OrderedDict()

    def holds(self, snapshot_id: int) -> bool:
        """Whether the snapshot's analysis is cached (then the snapshot surely exists)."""
        return snapshot_id in self._entries

    def cached(self, snapshot_id: int) -> SnapshotAnalysis | None:
        """The analysis if cached and recently checked, else None; never waits."""
        entry = self._entries.get(snapshot_id)
        if entry is None or time.monotonic() - entry.checked_at > RUN_CHECK_TTL_S:
            return None
        if self._lock.acquire(blocking=False):
            try:
                if snapshot_id in self._entries:
                    self._entries.move_to_end(snapshot_id)
            finally:
                self._lock.release()
        return entry.analysis

    def get(self, snapshot_id: int) -> SnapshotAnalysis:
        with self._lock:
            entry = self._entries.get(snapshot_id)
            if entry is None:
                entry = _Entry(self._compute(snapshot_id), time.monotonic())
                self._entries[snapshot_id] = entry
                while len(self._entries) > self._size:
                    self._entries.popitem(last=False)
            else:
                self._entries.move_to_end(snapshot_id)
                if time.monotonic() - entry.checked_at > RUN_CHECK_TTL_S:
                    self._refresh(snapshot_id, entry)
            return entry.analysis

    def run_id(self, snapshot_id: int) -> int | None:
        """The run id of the cached analysis (part of every cached response's key)."""
        entry = self._entries.get(snapshot_id)
        return None if entry is None else entry.analysis.run_id

    def invalidate_run(self, snapshot_id: int) -> None:
        """Check the run in force on the next :meth:`get` (a run was just stored)."""
        entry = self._entries.get(snapshot_id)
        if entry is not None:
            entry.checked_at = -float("inf")

    def _refresh(self, snapshot_id: int, entry: _Entry) -> None:
        entry.checked_at = time.monotonic()
        if self._store.latest_assessment_run_id(snapshot_id) == entry.analysis.run_id:
            return
        run = run_in_force(self._store, snapshot_id, save=False, dataset=entry.analysis.dataset)
        if run.id != entry.analysis.run_id:
            entry.analysis = reassessed(entry.analysis, run)

    def _compute(self, snapshot_id: int) -> SnapshotAnalysis:
        info = self._store.get_snapshot(snapshot_id)
        dataset = self._store.read_dataset(snapshot_id)
        run = run_in_force(self._store, snapshot_id, save=False, dataset=dataset)
        return analyse(info, dataset, run)
