"""One page per municipality (*kommunekort*): its map and key figures; and the region's map."""

from __future__ import annotations

from typing import Any, cast

import geopandas as gpd
import pandas as pd

from praksisplan.core.dataset import Dataset
from praksisplan.report.model import AreaMap, Column, Section, Table, Value
from praksisplan.threat.assess import Assessment


def _classed_areas(dataset: Dataset, assessment: Assessment) -> gpd.GeoDataFrame:
    classes = assessment.areas["threat_class"].astype(str)
    areas = dataset.coverage_areas
    return areas.assign(threat_class=areas["area_id"].map(classes).fillna("green").to_numpy())


def region_map(dataset: Dataset, assessment: Assessment) -> AreaMap:
    return AreaMap(
        title="Lægedækningsområder efter trusselsklasse",
        areas=_classed_areas(dataset, assessment),
        outline=dataset.municipalities,
        practices=dataset.practices[["x", "y", "status"]],
    )


def municipality_pages(
    dataset: Dataset, assessment: Assessment, figures: pd.DataFrame
) -> tuple[Section, ...]:
    """One page per municipality (``figures``: the engine's municipality indicators)."""
    areas = _classed_areas(dataset, assessment)
    pages = []
    for _, municipality in dataset.municipalities.sort_values("code").iterrows():
        code, name = str(municipality["code"]), str(municipality["name"])
        row = cast(dict[str, Any], figures.loc[code].to_dict())
        own_areas = areas[areas["municipality_code"].astype(str) == code]
        classes = own_areas["threat_class"].value_counts()
        rows: list[tuple[Value, ...]] = [
            ("Borgere", int(row["population"])),
            ("Borgere 65+ år, %", 100 * float(row["share_65plus"])),
            ("Praksis", int(row["practices"])),
            ("Kapaciteter", float(row["capacities"])),
            ("Ledige kapaciteter", float(row["vacant_capacities"])),
            ("Læger", int(row["gps"])),
            ("Tilmeldte pr. besat kapacitet", round(float(row["patients_per_filled_capacity"]), 1)),
            ("Læger 60+ år, %", 100 * float(row["share_gps_60plus"])),
            ("Læger i lukkede praksis, %", 100 * float(row["share_gps_closed"])),
            ("Røde områder", int(classes.get("red", 0))),
            ("Gule områder", int(classes.get("yellow", 0))),
            ("Grønne områder", int(classes.get("green", 0))),
        ]
        table = Table(
            f"municipality_{code}",
            f"Nøgletal for {name}",
            (Column("Nøgletal", "text"), Column("Værdi", "decimal")),
            tuple(rows),
            f"{code} {name}"[:31],
        )
        practices = dataset.practices[dataset.practices["municipality_code"].astype(str) == code]
        area_map = AreaMap(
            title=f"Kommunekort: {name}",
            areas=own_areas,
            outline=dataset.municipalities[dataset.municipalities["code"].astype(str) == code],
            practices=practices[["x", "y", "status"]],
        )
        pages.append(Section(f"municipality-{code}", name, tables=(table,), maps=(area_map,)))
    return tuple(pages)
