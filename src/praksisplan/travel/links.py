"""Ferry links and fixed links (bridges, tunnels, causeways) and what a crossing costs.

Costs are in metres, the engine's one unit: a crossing counts as its *km-equivalent*. A link
file may give the km-equivalent directly; otherwise a ferry's is derived from its crossing
time plus the mean wait for a departure, at :data:`METRES_PER_MINUTE` of road travel, and a
fixed link's is its length (times the road detour factor).

Mean wait: with ``departures`` spread evenly over :data:`SERVICE_HOURS` a day, a traveller
arriving at a random time waits half the interval between departures.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
import pandas as pd
from pyproj import Transformer

from praksisplan.core.dataset import ANALYSIS_CRS, Dataset
from praksisplan.core.errors import PraksisplanError
from praksisplan.core.schema import FerryLinkRow, FixedLinkRow, columns_of

#: Road-travel equivalent of one minute on board or waiting: 60 km/h.
METRES_PER_MINUTE = 1000.0
#: The hours of the day over which a ferry's departures are spread.
SERVICE_HOURS = 18.0
#: Columns of a link file, in order; the last three may be empty.
LINK_COLUMNS = (
    "link_id",
    "kind",
    "name",
    "a_lon",
    "a_lat",
    "b_lon",
    "b_lat",
    "crossing_minutes",
    "km_equivalent",
    "departures_per_day",
)


class LinkKind(StrEnum):
    FERRY = "ferry"
    BRIDGE = "bridge"
    TUNNEL = "tunnel"
    CAUSEWAY = "causeway"


@dataclass(frozen=True)
class Link:
    """A connection between two points (EPSG:25832 metres) on different land masses."""

    link_id: str
    kind: LinkKind
    name: str
    a: tuple[float, float]
    b: tuple[float, float]
    crossing_minutes: float | None = None
    km_equivalent: float | None = None
    departures_per_day: float | None = None

    @property
    def length_m(self) -> float:
        return float(np.hypot(self.b[0] - self.a[0], self.b[1] - self.a[1]))

    def mean_wait_minutes(self) -> float:
        """Half the interval between departures (0 for a fixed link or an unknown timetable)."""
        if self.kind is not LinkKind.FERRY or not self.departures_per_day:
            return 0.0
        return SERVICE_HOURS * 60.0 / self.departures_per_day / 2.0

    def cost_m(self, detour_factor: float = 1.0) -> float:
        """What crossing costs, in metres of road travel (see the module docstring)."""
        if self.km_equivalent is not None:
            return self.km_equivalent * 1000.0
        if self.kind is LinkKind.FERRY and self.crossing_minutes is not None:
            return (self.crossing_minutes + self.mean_wait_minutes()) * METRES_PER_MINUTE
        return self.length_m * detour_factor


def _number(value: object, row: int, column: str, file: str) -> float | None:
    if value is None or (isinstance(value, float) and np.isnan(value)) or str(value).strip() == "":
        return None
    try:
        number = float(str(value).replace(",", "."))
    except ValueError:
        number = float("nan")
    if not np.isfinite(number) or number < 0:
        raise PraksisplanError(
            f"{file}: række {row}, kolonnen '{column}': '{value}' er ikke et tal ≥ 0"
        )
    return number


def links_from_frame(frame: pd.DataFrame, file: str = "links.csv") -> list[Link]:
    """Links from a table of :data:`LINK_COLUMNS` (points in WGS84 lon/lat); Danish errors
    name the file, row (1 = first data row) and column."""
    missing = [c for c in LINK_COLUMNS[:7] if c not in frame.columns]
    if missing:
        raise PraksisplanError(f"{file}: mangler kolonnen '{missing[0]}'")
    to_plane = Transformer.from_crs("EPSG:4326", ANALYSIS_CRS, always_xy=True)
    links: list[Link] = []
    seen: set[str] = set()
    for row, record in enumerate(frame.to_dict("records"), start=1):
        link_id = str(record["link_id"]).strip()
        if not link_id or link_id in seen:
            raise PraksisplanError(f"{file}: række {row}, kolonnen 'link_id': tom eller gentaget")
        seen.add(link_id)
        try:
            kind = LinkKind(str(record["kind"]).strip())
        except ValueError:
            allowed = ", ".join(k.value for k in LinkKind)
            raise PraksisplanError(
                f"{file}: række {row}, kolonnen 'kind': '{record['kind']}' er ikke én af {allowed}"
            ) from None
        coords = []
        for column in ("a_lon", "a_lat", "b_lon", "b_lat"):
            value = _number(record[column], row, column, file)
            if value is None:
                raise PraksisplanError(f"{file}: række {row}, kolonnen '{column}' er tom")
            coords.append(value)
        ax, ay = to_plane.transform(coords[0], coords[1])
        bx, by = to_plane.transform(coords[2], coords[3])
        extra = {
            c: _number(record.get(c), row, c, file)
            for c in ("crossing_minutes", "km_equivalent", "departures_per_day")
        }
        if (
            kind is LinkKind.FERRY
            and extra["crossing_minutes"] is None
            and (extra["km_equivalent"] is None)
        ):
            raise PraksisplanError(
                f"{file}: række {row}: en færge kræver 'crossing_minutes' eller 'km_equivalent'"
            )
        links.append(
            Link(
                link_id,
                kind,
                str(record["name"]),
                (float(ax), float(ay)),
                (float(bx), float(by)),
                extra["crossing_minutes"],
                extra["km_equivalent"],
                extra["departures_per_day"],
            )
        )
    return links


def links_to_frame(links: Sequence[Link]) -> pd.DataFrame:
    """The inverse of :func:`links_from_frame` (for writing a link file)."""
    to_lonlat = Transformer.from_crs(ANALYSIS_CRS, "EPSG:4326", always_xy=True)
    rows = []
    for link in links:
        a_lon, a_lat = to_lonlat.transform(*link.a)
        b_lon, b_lat = to_lonlat.transform(*link.b)
        rows.append(
            {
                "link_id": link.link_id,
                "kind": link.kind.value,
                "name": link.name,
                "a_lon": round(a_lon, 7),
                "a_lat": round(a_lat, 7),
                "b_lon": round(b_lon, 7),
                "b_lat": round(b_lat, 7),
                "crossing_minutes": link.crossing_minutes,
                "km_equivalent": link.km_equivalent,
                "departures_per_day": link.departures_per_day,
            }
        )
    return pd.DataFrame(rows, columns=list(LINK_COLUMNS))


def _optional(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _row_ends(row: dict[Hashable, Any]) -> tuple[tuple[float, float], tuple[float, float]]:
    return (float(row["a_x"]), float(row["a_y"])), (float(row["b_x"]), float(row["b_y"]))


def dataset_links(dataset: Dataset) -> list[Link]:
    """The links of a dataset's ``ferry_links`` and ``fixed_links`` tables (points already in
    EPSG:25832; the validator checked them, rule ``ferry-cost`` included)."""
    links = [
        Link(
            str(row["link_id"]),
            LinkKind.FERRY,
            str(row["name"]),
            *_row_ends(row),
            _optional(row["crossing_minutes"]),
            _optional(row["km_equivalent"]),
            _optional(row["departures_per_day"]),
        )
        for row in dataset.ferry_links.to_dict("records")
    ]
    links += [
        Link(
            str(row["link_id"]),
            LinkKind(str(row["kind"])),
            str(row["name"]),
            *_row_ends(row),
            km_equivalent=_optional(row["km_equivalent"]),
        )
        for row in dataset.fixed_links.to_dict("records")
    ]
    return links


def _ends(link: Link) -> dict[str, float]:
    return {"a_x": link.a[0], "a_y": link.a[1], "b_x": link.b[0], "b_y": link.b[1]}


def link_tables(links: Sequence[Link]) -> dict[str, pd.DataFrame]:
    """The inverse of :func:`dataset_links`: ``ferry_links`` and ``fixed_links`` frames (for
    ``Dataset.with_tables``)."""
    ferries = [link for link in links if link.kind is LinkKind.FERRY]
    fixed = [link for link in links if link.kind is not LinkKind.FERRY]
    ferry_frame = pd.DataFrame(
        [
            {
                "link_id": link.link_id,
                "name": link.name,
                **_ends(link),
                "crossing_minutes": link.crossing_minutes,
                "departures_per_day": link.departures_per_day,
                "km_equivalent": link.km_equivalent,
            }
            for link in ferries
        ],
        columns=columns_of(FerryLinkRow),
    )
    fixed_frame = pd.DataFrame(
        [
            {
                "link_id": link.link_id,
                "name": link.name,
                "kind": link.kind.value,
                **_ends(link),
                "km_equivalent": link.km_equivalent,
            }
            for link in fixed
        ],
        columns=columns_of(FixedLinkRow),
    )
    # the validator's dtypes: numbers as float64, a missing one as NaN
    for frame, numbers in (
        (ferry_frame, ["crossing_minutes", "departures_per_day", "km_equivalent"]),
        (fixed_frame, ["km_equivalent"]),
    ):
        frame[numbers] = frame[numbers].astype(np.float64)
    return {"ferry_links": ferry_frame, "fixed_links": fixed_frame}
