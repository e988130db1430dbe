"""What a travel model connects: land masses with their people and practices, the links
between them, and the inhabited islands no link reaches (``praksisplan travel check``).

Islands are every land mass but the largest. Each gets a Danish explanation of the kind the
committee writes: "øen har én praksis; færge til fastlandet 45 min, 12 afgange".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from praksisplan.core.danish_numbers import format_number_da
from praksisplan.core.dataset import Dataset
from praksisplan.core.vocabulary import LINK_KIND_LABELS
from praksisplan.engine.population import cell_population
from praksisplan.travel.links import Link
from praksisplan.travel.network import TravelNetwork


@dataclass(frozen=True)
class LandMassReport:
    land: int
    name: str
    area_km2: float
    persons: int
    practices: int
    links: tuple[Link, ...]
    explanation: str

    @property
    def is_island(self) -> bool:
        return self.land > 0


def _practice_words(n: int, island: bool) -> str:
    where = "øen" if island else "fastlandet"
    if n == 0:
        return f"{where} har ingen praksis"
    if n == 1:
        return f"{where} har én praksis"
    return f"{where} har {format_number_da(n)} praksisser"


def _name(land: int, areas: pd.Series, municipalities: list[str]) -> str:
    """The mainland, the coverage areas lying on an island, else "ø i" its municipalities."""
    if land == 0:
        return "Fastlandet"
    if len(areas):
        return ", ".join(areas)
    return "ø i " + ", ".join(municipalities) if municipalities else "ubeboet ø"


def link_words(link: Link) -> str:
    """A link in Danish: "færge til fastlandet 45 min, 12 afgange" (what the file gives)."""
    words = f"{LINK_KIND_LABELS[link.kind.value]} {link.name}".strip()
    if link.crossing_minutes is not None:
        words += f" {format_number_da(link.crossing_minutes)} min"
    if link.departures_per_day:
        words += f", {format_number_da(link.departures_per_day)} afgange"
    return words


def _area_land(dataset: Dataset, network: TravelNetwork) -> npt.NDArray[np.intp]:
    """The land mass of each coverage area (that of a point inside its polygon)."""
    area_points = np.array(
        [(p.x, p.y) for p in dataset.coverage_areas.geometry.representative_point()],
        dtype=np.float64,
    ).reshape(-1, 2)
    return network.land.locate(area_points)


def area_island_notes(dataset: Dataset, network: TravelNetwork) -> pd.Series:
    """Per coverage area (indexed by ``area_id``): the note of the island it lies on, e.g.
    "øen har én praksis; færge til fastlandet 45 min, 12 afgange"; None on the mainland."""
    lands = _land_words(dataset, network)
    notes = [lands[land][2] if land > 0 else None for land in _area_land(dataset, network)]
    return pd.Series(
        notes, index=pd.Index(dataset.coverage_areas["area_id"].astype(str)), dtype=object
    )


def _land_words(
    dataset: Dataset, network: TravelNetwork
) -> list[tuple[int, tuple[Link, ...], str]]:
    """Per land mass (0 = the mainland): its practices, its links and its explanation."""
    practice_land = network.land.locate(dataset.practices[["x", "y"]].to_numpy(dtype=np.float64))
    terminal_land = network.land.locate(network.terminals())
    n = len(network.land)
    practices = np.bincount(practice_land, minlength=n) if len(practice_land) else np.zeros(n)
    lands = []
    for land in range(n):
        links = tuple(
            link
            for k, link in enumerate(network.links)
            if land in (terminal_land[2 * k], terminal_land[2 * k + 1])
        )
        words = _practice_words(int(practices[land]), land > 0)
        if links and land > 0:
            words += "; " + "; ".join(link_words(link) for link in links)
        elif land > 0:
            words += "; ingen færge eller fast forbindelse"
        lands.append((int(practices[land]), links, words))
    return lands


def land_mass_reports(dataset: Dataset, network: TravelNetwork) -> list[LandMassReport]:
    """One report per land mass (0 = the mainland), with persons, practices and links."""
    cells = dataset.cells[["x", "y"]].to_numpy(dtype=np.float64)
    persons = cell_population(dataset)["persons"].to_numpy(dtype=np.float64)
    cell_land = network.land.locate(cells)
    n = len(network.land)
    people = np.bincount(cell_land, persons, minlength=n) if len(cells) else np.zeros(n)
    areas = dataset.coverage_areas
    area_land = _area_land(dataset, network)
    municipality_names = dict(
        zip(
            dataset.municipalities["code"].astype(str),
            dataset.municipalities["name"].astype(str),
            strict=True,
        )
    )
    cell_municipality = dataset.cells["municipality_code"].astype(str).to_numpy()
    on_land = [
        sorted({municipality_names.get(c, c) for c in cell_municipality[cell_land == land]})
        for land in range(n)
    ]
    return [
        LandMassReport(
            land,
            _name(land, areas["name"].astype(str)[area_land == land], on_land[land]),
            float(area),
            round(float(people[land])),
            practices,
            links,
            words,
        )
        for land, (area, (practices, links, words)) in enumerate(
            zip(network.land.areas_km2(), _land_words(dataset, network), strict=True)
        )
    ]


def unlinked_inhabited_islands(reports: list[LandMassReport]) -> list[LandMassReport]:
    """Islands with residents and no link: their cells reach only practices on the island."""
    return [r for r in reports if r.is_island and r.persons > 0 and not r.links]
