"""A snapshot's GIS layers (:mod:`praksisplan.gis`) for the OGC API and the GeoPackage
download, built once per snapshot and assessment run and kept for the next requests.

Building them runs the per-cell analysis again (the cells layer) and reprojects every layer
to WGS84; a GIS client pages through the items, so a few snapshots' layers are kept (least
recently used dropped).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from praksisplan.engine.cells import analyse_cells
from praksisplan.gis.features import WgsLayer
from praksisplan.gis.layers import Layer, map_layers
from praksisplan.web.snapshot_analysis import SnapshotAnalysis

#: Snapshots (× runs) whose layers are kept.
KEPT_SNAPSHOTS = 4


@dataclass(frozen=True)
class SnapshotLayers:
    layers: tuple[Layer, ...]
    wgs84: dict[str, WgsLayer]


class GisCache:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: OrderedDict[tuple[int, int | None], SnapshotLayers] = OrderedDict()

    def layers(self, analysis: SnapshotAnalysis) -> SnapshotLayers:
        key = (analysis.info.id, analysis.run_id)
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
                return entry
        dataset = analysis.dataset
        layers = map_layers(
            dataset, analysis.area_indicators, analysis.assessment, analyse_cells(dataset)
        )
        entry = SnapshotLayers(layers, {layer.id: WgsLayer.of(layer) for layer in layers})
        with self._lock:
            self._entries[key] = entry
            while len(self._entries) > KEPT_SNAPSHOTS:
                self._entries.popitem(last=False)
        return entry
