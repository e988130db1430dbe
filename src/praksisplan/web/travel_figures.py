"""A snapshot's travel figures for the web: the patient-assignment model's home-visit reach
per area and municipality, the bed sites and care homes, the island notes and the travel map
layers, computed once per snapshot and kept in the process.

The figures are those of ``praksisplan travel assign`` and ``praksisplan travel beds`` with
their defaults (the dataset's own links, no detour factor, 30 km reach, the transport
model), through the same functions. The assignment LP takes seconds on a region, so it runs
once per snapshot (under a lock: concurrent first requests compute once); a snapshot never
changes and the figures do not depend on the rule set, so they never go stale.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from praksisplan.core.danish_numbers import format_number_da, format_share_da
from praksisplan.core.dataset import Dataset
from praksisplan.core.spatial import assign_points
from praksisplan.core.vocabulary import TRAVEL_LABELS
from praksisplan.engine.travel_od import travel_od_table
from praksisplan.travel.beds import bed_site_table, care_home_table
from praksisplan.travel.islands import LandMassReport, area_island_notes, land_mass_reports
from praksisplan.travel.land import land_masses_of
from praksisplan.travel.links import Link, dataset_links
from praksisplan.travel.network import TravelNetwork
from praksisplan.travel.patients import DEFAULT_REACH_M, estimate_patients, home_visit_table
from praksisplan.web import geojson
from praksisplan.web.encoded import EncodedBody
from praksisplan.web.travel_layers import links_layer, patients_beyond_layer, sites_layer

#: Snapshots whose travel figures are kept (least recently used dropped).
KEPT_SNAPSHOTS = 4
#: The home-visit figures of a unit, in the order the section lists them.
REACH_FIGURES = (
    "patients",
    "share_within_5_km",
    "share_within_9_km",
    "share_within_15_km",
    "share_within_17_km",
    "share_beyond_17_km",
    "patients_beyond_15_km",
)


@dataclass(frozen=True)
class SnapshotTravel:
    """What the pages and map layers show of one snapshot's travel model."""

    #: the land masses with their island notes, and the links between them
    lands: list[LandMassReport]
    links: list[Link]
    #: home-visit reach per area and per municipality (``home_visit_table``)
    areas: pd.DataFrame
    municipalities: pd.DataFrame
    #: ``bed_site_table`` / ``care_home_table``, each with the ``area_id`` its point lies in
    beds: pd.DataFrame
    homes: pd.DataFrame
    #: per area: its municipality, and its island's note (None on the mainland)
    area_municipality: pd.Series
    island_notes: pd.Series
    #: the map layers, encoded: ``links``, ``sites``, ``patients-beyond``
    layers: dict[str, EncodedBody]


def _with_area(dataset: Dataset, frame: pd.DataFrame, xy: np.ndarray) -> pd.DataFrame:
    found = assign_points(xy[:, 0], xy[:, 1], dataset.coverage_areas, "area_id")
    return frame.assign(area_id=pd.Series(found, index=frame.index, dtype=object))


def snapshot_travel(dataset: Dataset) -> SnapshotTravel:
    """The travel figures of ``dataset`` (pure: no store access)."""
    network = TravelNetwork.of(land_masses_of(dataset), dataset_links(dataset))
    assignment = estimate_patients(dataset, travel_od_table(dataset, network, DEFAULT_REACH_M))
    beds = bed_site_table(dataset, network, assignment)
    homes = care_home_table(dataset, network, assignment)
    beds = _with_area(dataset, beds, dataset.temporary_beds[["x", "y"]].to_numpy(np.float64))
    homes = _with_area(dataset, homes, dataset.care_homes[["x", "y"]].to_numpy(np.float64))
    areas = home_visit_table(dataset, assignment, "area")
    return SnapshotTravel(
        lands=land_mass_reports(dataset, network),
        links=list(network.links),
        areas=areas,
        municipalities=home_visit_table(dataset, assignment, "municipality"),
        beds=beds,
        homes=homes,
        area_municipality=pd.Series(
            dataset.coverage_areas["municipality_code"].astype(str).to_numpy(),
            index=dataset.coverage_areas["area_id"].astype(str),
        ),
        island_notes=area_island_notes(dataset, network),
        layers={
            "links": geojson.encode(links_layer(network.links)),
            "sites": geojson.encode(sites_layer(dataset, beds, homes)),
            "patients-beyond": geojson.encode(patients_beyond_layer(dataset, areas)),
        },
    )


def _figure_text(key: str, value: object) -> str:
    """A share as ``94 %`` (the small share beyond 17 km with one decimal, as the CLI
    writes it), a count as ``1.789``."""
    if key == "share_beyond_17_km":
        return format_share_da(value, 1)
    return format_share_da(value) if key.startswith("share_") else format_number_da(value)


def _reach_rows(table: pd.DataFrame, unit: str) -> list[dict[str, str]]:
    """The unit's home-visit figures as labelled Danish text (none for an unknown unit)."""
    if unit not in table.index:
        return []
    row = {key: table.at[unit, key] for key in REACH_FIGURES}
    return [
        {
            "key": key,
            "label": TRAVEL_LABELS[key],
            "text": _figure_text(key, row[key]),
        }
        for key in REACH_FIGURES
    ]


def site_rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Bed sites or care homes (``travel.beds`` tables) as Danish text for the pages."""
    return [
        {
            "id": str(site_id),
            "name": str(row.get("name", site_id)),
            "kind": str(row.get("kind", "")),
            "places": format_number_da(row["beds"] if "beds" in row else row["places"]),
            "near": format_number_da(row["practices_within_15_km"]),
            "far_share": format_share_da(row["share_gp_beyond_15_km"]),
            "fixed_gp": bool(row.get("fixed_gp", False)),
        }
        for site_id, row in frame.iterrows()
    ]


def travel_section(
    travel: SnapshotTravel, *, area_id: str | None = None, municipality: str | None = None
) -> dict[str, Any]:
    """The *Sygebesøg og pladser* section of one area or one municipality."""
    if area_id is not None:
        table, key = travel.areas, area_id
        beds = travel.beds[travel.beds["area_id"] == area_id]
        homes = travel.homes[travel.homes["area_id"] == area_id]
        notes = travel.island_notes.loc[[area_id]]
    else:
        table, key = travel.municipalities, str(municipality)
        beds = travel.beds[travel.beds["municipality_code"] == municipality]
        homes = travel.homes[travel.homes["municipality_code"] == municipality]
        mine = travel.area_municipality.index[travel.area_municipality == municipality]
        notes = travel.island_notes.loc[mine]
    return {
        "reach": _reach_rows(table, key),
        "beds": site_rows(beds),
        "homes": site_rows(homes),
        "without_gp": [h["name"] for h in site_rows(homes) if not h["fixed_gp"]],
        "island_notes": sorted({str(n) for n in notes.dropna()}),
    }


class TravelCache:
    """Per-process cache of :class:`SnapshotTravel` by snapshot id."""

    def __init__(self, size: int = KEPT_SNAPSHOTS) -> None:
        self._size = size
        self._lock = threading.Lock()
        self._entries: OrderedDict[int, SnapshotTravel] = OrderedDict()

    def get(self, snapshot_id: int, dataset: Dataset) -> SnapshotTravel:
        with self._lock:
            entry = self._entries.get(snapshot_id)
            if entry is None:
                entry = snapshot_travel(dataset)
                self._entries[snapshot_id] = entry
                while len(self._entries) > self._size:
                    self._entries.popitem(last=False)
            else:
                self._entries.move_to_end(snapshot_id)
            return entry
