"""The region's key figures as a Danish Rich table (``summary`` and ``serve`` print it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table

from praksisplan.core.danish_numbers import format_amount_da, format_share_da

if TYPE_CHECKING:
    from praksisplan.engine.key_figures import KeyFigures

#: Danish label of every key figure, in display order.
KEY_FIGURE_LABELS: dict[str, str] = {
    "municipalities": "Kommuner",
    "coverage_areas": "Lægedækningsområder",
    "population": "Borgere",
    "practices": "Praksis",
    "capacities": "Kapaciteter",
    "filled_capacities": "Besatte kapaciteter",
    "vacant_capacities": "Ledige kapaciteter",
    "region_held_vacant_capacities": "Heraf ledige i regionens regi",
    "gps": "Praktiserende læger",
    "listed_patients": "Tilmeldte patienter",
    "patients_per_filled_capacity": "Patienter pr. besat kapacitet",
    "share_gps_closed": "Læger i lukkede praksis",
    "share_gps_selective": "Læger i selektivt lukkede praksis",
    "share_gps_60plus": "Læger på 60 år og derover",
}


def format_key_figure(name: str, value: float) -> str:
    """A key figure in Danish notation: shares in percent, fractional capacities with a decimal."""
    if name.startswith("share_"):
        return format_share_da(value)
    return format_amount_da(value, 0 if name == "patients_per_filled_capacity" else 1)


def key_figure_table(figures: KeyFigures, title: str) -> Table:
    table = Table(title=title)
    table.add_column("Nøgletal")
    table.add_column("Værdi", justify="right")
    for name, label in KEY_FIGURE_LABELS.items():
        table.add_row(label, format_key_figure(name, figures[name]))  # type: ignore[literal-required]
    return table
