"""The travel model's map layers as GeoJSON in WGS84: ferry and fixed links (a line between
the two harbours or ends), bed sites (temporary and acute beds, care homes) and the coverage
areas with their patients beyond 15 km of their GP (classes of :data:`BEYOND_CLASSES`).

The map fetches them only when their layer is switched on (docs/web.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import shapely

from praksisplan.core.danish_numbers import format_number_da, format_share_da
from praksisplan.core.dataset import Dataset
from praksisplan.core.vocabulary import LINK_KIND_LABELS, SITE_KIND_LABELS
from praksisplan.travel.islands import link_words
from praksisplan.travel.links import Link
from praksisplan.web import geojson

#: Lower bounds of the classes of patients beyond 15 km of their GP (the last is open).
BEYOND_CLASSES = (0, 1, 100, 500)


def _optional(value: float | None) -> float | int | None:
    return None if value is None else geojson.json_number(value)


def links_layer(links: Sequence[Link]) -> geojson.FeatureCollection:
    """One line per link, with its kind (``ferry``, ``bridge`` …), its Danish label, crossing
    minutes and departures per day (null where the data give none)."""
    ends = [(*link.a, *link.b) for link in links]
    a = geojson.points_wgs84([e[0] for e in ends], [e[1] for e in ends])
    b = geojson.points_wgs84([e[2] for e in ends], [e[3] for e in ends])
    return geojson.collection(
        [
            geojson.feature(
                shapely.LineString([start, end]),
                {
                    "link_id": link.link_id,
                    "kind": link.kind.value,
                    "kind_label": LINK_KIND_LABELS[link.kind.value],
                    "name": link.name,
                    "label": link_words(link),
                    "crossing_minutes": _optional(link.crossing_minutes),
                    "departures_per_day": _optional(link.departures_per_day),
                },
            )
            for link, start, end in zip(links, a, b, strict=True)
        ]
    )


def _site_features(
    points: list[Any], frame: pd.DataFrame, site: str, places: str
) -> list[dict[str, Any]]:
    features = []
    for point, (site_id, row) in zip(points, frame.iterrows(), strict=True):
        fixed = bool(row["fixed_gp"]) if "fixed_gp" in row else None
        features.append(
            geojson.feature(
                point,
                {
                    "site": site,
                    "site_label": SITE_KIND_LABELS[site],
                    "id": str(site_id),
                    "name": str(row["name"]) if "name" in row else str(site_id),
                    "kind": str(row["kind"]) if "kind" in row else SITE_KIND_LABELS[site],
                    "places": int(row[places]),
                    "municipality_code": str(row["municipality_code"]),
                    "area_id": row["area_id"],
                    "practices_within_15_km": int(row["practices_within_15_km"]),
                    "share_gp_beyond_15_km": geojson.json_number(row["share_gp_beyond_15_km"]),
                    "share_text": format_share_da(row["share_gp_beyond_15_km"]),
                    "fixed_gp": fixed,
                },
            )
        )
    return features


def sites_layer(
    dataset: Dataset, beds: pd.DataFrame, homes: pd.DataFrame
) -> geojson.FeatureCollection:
    """One point per temporary bed site (``site`` = ``temporary``) and care home
    (``care_home``) with its places, practices within 15 km and the share of its likely
    patients whose own GP is beyond 15 km."""
    bed_xy = dataset.temporary_beds[["x", "y"]].to_numpy(dtype=np.float64)
    home_xy = dataset.care_homes[["x", "y"]].to_numpy(dtype=np.float64)
    return geojson.collection(
        _site_features(geojson.points_wgs84(bed_xy[:, 0], bed_xy[:, 1]), beds, "temporary", "beds")
        + _site_features(
            geojson.points_wgs84(home_xy[:, 0], home_xy[:, 1]), homes, "care_home", "places"
        )
    )


def beyond_class(patients: int) -> int:
    """The class (index into :data:`BEYOND_CLASSES`) of a count of patients beyond 15 km."""
    return int(np.searchsorted(BEYOND_CLASSES, patients, side="right")) - 1


def patients_beyond_layer(dataset: Dataset, areas: pd.DataFrame) -> geojson.FeatureCollection:
    """The coverage areas with their patients beyond 15 km of their GP, its class and Danish
    text, and the share within 15 km (``home_visit_table`` per area)."""
    beyond = areas["patients_beyond_15_km"].astype(int)
    figures = pd.DataFrame(
        {
            "patients_beyond_15_km": beyond,
            "beyond_class": beyond.map(beyond_class),
            "beyond_text": beyond.map(format_number_da),
            "share_within_15_km": areas["share_within_15_km"],
        },
        index=areas.index,
    )
    return geojson.area_figures_layer(dataset, figures)
