"""What the *Prognose* page draws: fan charts, the population pyramid and the year map.

All drawing is inline SVG computed here (no network, no chart library). The year map's
classes are computed here for every year and handed to the page as JSON, so the browser
only swaps colours when the year slider moves (``web/src/forecast.ts``):

* **probability of red** (``prob_red``): classes 0–3 at 10 %, 50 % and 90 %;
* **projected class** (``class``): the median class of the draws under the rule set —
  red when at least half the draws are red, yellow when at least half are red or yellow,
  else green (classes 0 green, 1 yellow, 2 red, in the threat classes' colours);
* **supply in % of need (P50)**: the map's fixed classes of ``supply_pct_of_need``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from praksisplan.core.danish_numbers import format_number_da, format_share_da
from praksisplan.core.dataset import Dataset
from praksisplan.forecast.run import Forecast
from praksisplan.web.catalogue import CLASS_COLOURS, MAP_INDICATORS, THREAT_CLASSES
from praksisplan.web.chart_axes import Tick, value_ticks, whole_ticks
from praksisplan.web.svg_map import SvgFrame

#: Breaks of the probability-of-red classes (class 0 below the first).
PROB_RED_BREAKS = (0.10, 0.50, 0.90)
MAP_WIDTH = 520
NO_DATA_COLOUR = "#cccccc"


#: The fan charts' margins (pixels): the value labels left, the year labels below.
CHART_LEFT = 52
CHART_RIGHT = 16
CHART_TOP = 10
CHART_BOTTOM = 24


@dataclass(frozen=True)
class Chart:
    """An SVG chart: its size, the point lists of its shapes and its axes' ticks (values
    from 0 on the left, years along the bottom)."""

    width: int
    height: int
    band: str
    median: str
    need: str
    y_ticks: tuple[Tick, ...]
    x_ticks: tuple[Tick, ...]

    @property
    def left(self) -> int:
        return CHART_LEFT

    @property
    def right(self) -> int:
        return self.width - CHART_RIGHT

    @property
    def bottom(self) -> int:
        return self.height - CHART_BOTTOM


def fan_chart(rows: pd.DataFrame, width: int, height: int, ticks: int = 4) -> Chart:
    """Need and supply P10–P90 by year of one unit's forecast rows (``level``/``id``), on
    a value axis from 0 with about ``ticks`` round intervals."""
    years = rows["year"].to_numpy(dtype=float)
    top = float(max(rows["supply_p90"].max(), rows["need_weighted_persons"].max(), 1.0)) * 1.05
    first, last = float(years[0]), float(years[-1])
    span = max(last - first, 1.0)

    def x_of(year: float) -> float:
        return CHART_LEFT + (width - CHART_LEFT - CHART_RIGHT) * (year - first) / span

    def y_of(value: float) -> float:
        return height - CHART_BOTTOM - (height - CHART_BOTTOM - CHART_TOP) * value / top

    def line(values: pd.Series) -> list[str]:
        return [
            f"{x_of(y):.1f},{y_of(v):.1f}"
            for y, v in zip(years, values.to_numpy(dtype=float), strict=True)
        ]

    return Chart(
        width,
        height,
        band=" ".join(line(rows["supply_p90"]) + line(rows["supply_p10"])[::-1]),
        median=" ".join(line(rows["supply_p50"])),
        need=" ".join(line(rows["need_weighted_persons"])),
        y_ticks=value_ticks(0.0, top, ticks, y_of),
        x_ticks=whole_ticks(int(first), int(last), 2 * ticks, x_of),
    )


def area_fans(forecast: Forecast, width: int = 300, height: int = 130) -> list[dict[str, Any]]:
    """One fan chart per coverage area, in the forecast's area order."""
    rows = forecast.rows[forecast.rows["level"] == "area"]
    by_area = {str(a): frame for a, frame in rows.groupby("id", sort=False)}
    out = []
    for area_id, name in zip(forecast.areas["area_id"], forecast.areas["name"], strict=True):
        own = by_area[str(area_id)]
        last = own.iloc[-1]
        out.append(
            {
                "area_id": area_id,
                "name": name,
                "chart": fan_chart(own, width, height, ticks=3),
                "pct_now": format_number_da(own.iloc[0]["supply_pct_of_need_p50"]),
                "pct_horizon": format_number_da(last["supply_pct_of_need_p50"]),
                "prob_red_horizon": format_share_da(float(last["prob_red"])),
            }
        )
    return out


def pyramid_bars(pyramid: pd.DataFrame, width: int = 560, row: int = 14) -> dict[str, Any]:
    """Bars of the region's pyramid: men left, women right; now outlined, horizon filled."""
    half = (width - 80) / 2
    centre = width / 2
    largest = float(pyramid[["women_now", "men_now", "women_horizon", "men_horizon"]].max().max())
    scale = half / max(largest, 1.0)
    bars = []
    for i, band in enumerate(reversed(pyramid.to_dict("records"))):
        y = 4 + i * row
        bars.append(
            {
                "band": band["age_band"],
                "y": y,
                "men_now": round(band["men_now"] * scale, 1),
                "men_horizon": round(band["men_horizon"] * scale, 1),
                "women_now": round(band["women_now"] * scale, 1),
                "women_horizon": round(band["women_horizon"] * scale, 1),
                "title": (
                    f"{band['age_band']}: mænd {format_number_da(band['men_now'])} → "
                    f"{format_number_da(band['men_horizon'])}, kvinder "
                    f"{format_number_da(band['women_now'])} → "
                    f"{format_number_da(band['women_horizon'])}"
                ),
            }
        )
    return {"width": width, "height": 8 + len(bars) * row, "centre": centre, "row": row,
            "bars": bars}  # fmt: skip


def prob_red_class(value: float) -> int | None:
    """Class 0 (under 10 %, best) … 3 (90 % or more) of a probability of red; like the
    map's indicator classes, 0 is the best."""
    if math.isnan(value):
        return None
    return int(sum(value >= b for b in PROB_RED_BREAKS))


def _legend_prob_red() -> list[str]:
    b = [format_share_da(x) for x in PROB_RED_BREAKS]
    return [f"under {b[0]}", f"{b[0]} – {b[1]}", f"{b[1]} – {b[2]}", f"{b[2]} og derover"]


#: The projected class's map classes, best first: green, yellow, red.
_PROJECTED_CLASSES = ("green", "yellow", "red")


def projected_class(prob_red: float, prob_yellow: float) -> int | None:
    """The median class of the draws: 2 (red) when at least half the draws are red, 1
    (yellow) when at least half are red or yellow, else 0 (green)."""
    if math.isnan(prob_red):
        return None
    if prob_red >= 0.5:
        return 2
    return 1 if prob_red + (0.0 if math.isnan(prob_yellow) else prob_yellow) >= 0.5 else 0


def _draw_shares(red: float, yellow: float) -> str:
    return f"rød {format_share_da(red)}, gul {format_share_da(yellow)}"


def year_map(dataset: Dataset, forecast: Forecast) -> dict[str, Any]:
    """The map's area paths and, per mode and area, the class and text of every year."""
    frame = SvgFrame.of(dataset, MAP_WIDTH)
    rows = forecast.rows[forecast.rows["level"] == "area"]
    supply = MAP_INDICATORS["supply_pct_of_need"]
    modes: dict[str, dict[str, Any]] = {
        "prob_red": {
            "label": "Sandsynlighed for rød",
            "legend": _legend_prob_red(),
            "colours": [*CLASS_COLOURS],
            "areas": {},
        },
        "class": {
            "label": "Forventet klasse (medianen af trækkene)",
            "legend": [THREAT_CLASSES[c][0] for c in _PROJECTED_CLASSES],
            "colours": [THREAT_CLASSES[c][1] for c in _PROJECTED_CLASSES],
            "areas": {},
        },
        "supply": {
            "label": "Forsyning i % af behovet (P50)",
            "legend": supply.class_labels(),
            "colours": [*CLASS_COLOURS],
            "areas": {},
        },
    }
    labels = modes["class"]["legend"]
    for area_id, own in rows.groupby("id", sort=False):
        prob = own["prob_red"].to_numpy(dtype=float)
        yellow = own["prob_yellow"].to_numpy(dtype=float)
        pct = own["supply_pct_of_need_p50"].to_numpy(dtype=float)
        modes["prob_red"]["areas"][area_id] = {
            "classes": [prob_red_class(float(v)) for v in prob],
            "texts": [format_share_da(float(v)) for v in prob],
        }
        projected = [projected_class(float(r), float(y)) for r, y in zip(prob, yellow, strict=True)]
        modes["class"]["areas"][area_id] = {
            "classes": projected,
            "texts": [
                "–" if c is None else f"{labels[c]} ({_draw_shares(float(r), float(y))})"
                for c, r, y in zip(projected, prob, yellow, strict=True)
            ],
        }
        modes["supply"]["areas"][area_id] = {
            "classes": [_as_int(supply.class_of(float(v))) for v in pct],
            "texts": [f"{format_number_da(v)} %" if np.isfinite(v) else "–" for v in pct],
        }
    names = dict(zip(forecast.areas["area_id"], forecast.areas["name"], strict=True))
    return {
        "width": frame.width,
        "height": frame.height,
        "paths": [(a, names[a], d) for a, d in frame.area_paths(dataset)],
        "data": {"years": [int(y) for y in forecast.years], "modes": modes},
    }


def _as_int(value: int | None) -> int | None:
    return None if value is None else int(value)


def initial_fill(data: dict[str, Any], mode: str, area_id: str) -> tuple[str, str]:
    """Colour and class of an area in the first year (the page before any script runs)."""
    cls = data["modes"][mode]["areas"][area_id]["classes"][0]
    if cls is None:
        return NO_DATA_COLOUR, ""
    return data["modes"][mode]["colours"][cls], str(cls)
