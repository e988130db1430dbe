"""Everything the app shows of one snapshot, computed once and kept in the process.

Snapshots are immutable, so their indicators, threat assessment, practice table and map
layers never go stale: :class:`AnalysisCache` computes them on first use (under a lock, so
fifty concurrent first requests compute once) and keeps a bounded number of snapshots.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import pandas as pd

from praksisplan.core.dataset import Dataset
from praksisplan.engine.indicators import compute_indicators
from praksisplan.engine.key_figures import KeyFigures, key_figures
from praksisplan.store import SnapshotInfo, Store
from praksisplan.tables import frame_to_records
from praksisplan.threat.assess import Assessment, assess
from praksisplan.threat.rules import RuleSet, load_rules, parse_rules
from praksisplan.web import geojson
from praksisplan.web.encoded import EncodedBody

#: How many snapshots' analyses the process keeps (the least recently used is dropped).
CACHED_SNAPSHOTS = 8


@dataclass(frozen=True)
class SnapshotAnalysis:
    info: SnapshotInfo
    dataset: Dataset
    area_indicators: pd.DataFrame
    region_indicators: pd.Series
    key_figures: KeyFigures
    assessment: Assessment
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


def _encode(collection: geojson.FeatureCollection) -> EncodedBody:
    body = json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return EncodedBody.of(body, "application/geo+json")


def analyse(info: SnapshotInfo, dataset: Dataset, rules: RuleSet) -> SnapshotAnalysis:
    """Compute what the pages show of a snapshot (pure: no store access)."""
    area_indicators = compute_indicators(dataset, "area")
    region_indicators = compute_indicators(dataset, "region").iloc[0]
    assessment = assess(dataset, rules, area_indicators)
    return SnapshotAnalysis(
        info=info,
        dataset=dataset,
        area_indicators=area_indicators,
        region_indicators=region_indicators,
        key_figures=key_figures(dataset),
        assessment=assessment,
        practice_table=_practice_table(dataset),
        layers={
            "areas": _encode(geojson.areas_layer(dataset, area_indicators, assessment.areas)),
            "municipalities": _encode(geojson.municipalities_layer(dataset)),
            "practices": _encode(geojson.practices_layer(dataset)),
        },
    )


class AnalysisCache:
    """Per-process cache of :class:`SnapshotAnalysis` over a store.

    The rule set of a snapshot is the one of its latest stored assessment run; a snapshot
    never assessed is assessed with the packaged default rules, and that run is stored, so
    every committee decision can be traced to the rules the model used.
    """

    def __init__(self, store: Store, size: int = CACHED_SNAPSHOTS) -> None:
        self._store = store
        self._size = size
        self._lock = threading.Lock()
        self._entries: OrderedDict[int, SnapshotAnalysis] = OrderedDict()

    def holds(self, snapshot_id: int) -> bool:
        """Whether the snapshot's analysis is cached (then the snapshot surely exists)."""
        return snapshot_id in self._entries

    def cached(self, snapshot_id: int) -> SnapshotAnalysis | None:
        """The analysis if cached, else None; never waits for a computation under way."""
        entry = self._entries.get(snapshot_id)
        if entry is not None and self._lock.acquire(blocking=False):
            try:
                if snapshot_id in self._entries:
                    self._entries.move_to_end(snapshot_id)
            finally:
                self._lock.release()
        return entry

    def get(self, snapshot_id: int) -> SnapshotAnalysis:
        with self._lock:
            entry = self._entries.get(snapshot_id)
            if entry is None:
                entry = self._compute(snapshot_id)
                self._entries[snapshot_id] = entry
                while len(self._entries) > self._size:
                    self._entries.popitem(last=False)
            else:
                self._entries.move_to_end(snapshot_id)
            return entry

    def _compute(self, snapshot_id: int) -> SnapshotAnalysis:
        info = self._store.get_snapshot(snapshot_id)
        dataset = self._store.read_dataset(snapshot_id)
        stored = self._store.latest_assessment(snapshot_id)
        rules = (
            parse_rules(stored[1], f"snapshot {snapshot_id}'s stored rule set")
            if stored is not None
            else load_rules(None)
        )
        analysis = analyse(info, dataset, rules)
        if stored is None:
            self._store.save_assessment(
                snapshot_id, rules.to_toml(), _assessment_records(analysis.assessment)
            )
        return analysis


def _assessment_records(assessment: Assessment) -> list[dict[str, Any]]:
    return frame_to_records(assessment.areas.rename_axis("area_id"))
