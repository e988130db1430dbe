"""Charts and maps as SVG, drawn server-side with Matplotlib.

Why Matplotlib: it draws in the server process with no browser and no network (WeasyPrint
embeds the SVG as it is), its SVG keeps text as text (so the PDF's chart titles and axis
labels are searchable and copyable), and geopandas plots map layers with it directly. Only
the object-oriented ``Figure`` API is used (no pyplot state), so rendering is thread-safe.
"""

from __future__ import annotations

import io

import matplotlib as mpl
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from praksisplan.core.danish_numbers import format_number_da
from praksisplan.report.model import AreaMap, Chart

mpl.rcParams["svg.fonttype"] = "none"  # text stays text in the SVG and the PDF
mpl.rcParams["font.family"] = "DejaVu Sans"
mpl.rcParams["svg.hashsalt"] = "praksisplan"  # the same chart gives the same SVG

CLASS_COLOURS = {"red": "#c0392b", "yellow": "#f1c40f", "green": "#27ae60"}
STATUS_COLOURS = {"open": "#1f4e79", "selective": "#8e44ad", "closed": "#555555"}
_SERIES_COLOURS = ("#1f4e79", "#c8641e", "#2e8b57", "#8e44ad", "#7f7f7f")


def _svg(figure: Figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight")
    text = buffer.getvalue()
    return text[text.index("<svg") :]  # without the XML prolog and doctype, for inline HTML


def chart_svg(chart: Chart, width_in: float = 6.3, height_in: float = 2.9) -> str:
    figure = Figure(figsize=(width_in, height_in))
    axes = figure.add_subplot()
    positions = np.arange(len(chart.categories))
    n = len(chart.series)
    for k, (name, values) in enumerate(chart.series.items()):
        colour = _SERIES_COLOURS[k % len(_SERIES_COLOURS)]
        if chart.kind == "bar":
            width = 0.8 / n
            axes.bar(positions - 0.4 + width * (k + 0.5), values, width, label=name, color=colour)
        else:
            axes.plot(positions, values, marker="o", markersize=3, label=name, color=colour)
    axes.set_title(chart.title, fontsize=10)
    axes.set_xlabel(chart.x_label, fontsize=8)
    axes.set_ylabel(chart.y_label, fontsize=8)
    axes.set_xticks(
        positions,
        chart.categories,
        fontsize=7,
        rotation=45 if len(positions) > 6 else 0,
        ha="right" if len(positions) > 6 else "center",
    )
    axes.tick_params(axis="y", labelsize=7)
    axes.yaxis.set_major_formatter(
        lambda value, _pos: format_number_da(value, decimals=_decimals(value))
    )
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    if n > 1:
        axes.legend(fontsize=7, frameon=False)
    return _svg(figure)


def _decimals(value: float) -> int:
    return 0 if float(value).is_integer() else 1 if abs(value) >= 1 else 2


def map_svg(area_map: AreaMap, width_in: float = 6.3, height_in: float = 5.2) -> str:
    figure = Figure(figsize=(width_in, height_in))
    axes = figure.add_subplot()
    colours = area_map.areas["threat_class"].map(CLASS_COLOURS).fillna("#cccccc")
    area_map.areas.plot(ax=axes, color=colours.to_list(), edgecolor="white", linewidth=0.4)
    area_map.outline.boundary.plot(ax=axes, color="#333333", linewidth=0.8)
    for status, colour in STATUS_COLOURS.items():
        points = area_map.practices[area_map.practices["status"].astype(str) == status]
        axes.scatter(
            points["x"], points["y"], s=6, color=colour, label=f"praksis: {_STATUS_DA[status]}"
        )
    axes.set_title(area_map.title, fontsize=10)
    axes.set_axis_off()
    axes.set_aspect("equal")
    handles, labels = axes.get_legend_handles_labels()
    for threat_class, colour in CLASS_COLOURS.items():
        handles.append(Patch(facecolor=colour, label=f"område: {_CLASS_DA[threat_class]}"))
        labels.append(f"område: {_CLASS_DA[threat_class]}")
    axes.legend(
        handles,
        labels,
        fontsize=7,
        frameon=False,
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        ncol=3,
    )
    return _svg(figure)


_STATUS_DA = {"open": "åben", "selective": "selektivt lukket", "closed": "lukket"}
_CLASS_DA = {"red": "rød", "yellow": "gul", "green": "grøn"}
