"""Random single scenario edits of seven kinds, one builder per kind.

Shared by ``benchmarks/scenario.py`` (which times them on the demo region and on Denmark)
and the scenario tests (which check, edit by edit, that the incremental analysis equals a
full recompute), so both work on the same edits. Kinds: close or open a practice, change
its capacities, move it up to 2 km, add a clinic at a random cell, remove a practice
(patients to the nearest open ones), retire a GP, add 800 persons to a cell.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from praksisplan.core.dataset import Dataset

EditMaker = Callable[[Dataset, np.random.Generator, int], dict[str, Any]]


def _practice(dataset: Dataset, rng: np.random.Generator) -> Any:
    return dataset.practices.iloc[int(rng.integers(len(dataset.practices)))]


def _status(dataset: Dataset, rng: np.random.Generator, _: int) -> dict[str, Any]:
    p = _practice(dataset, rng)
    status = "closed" if p["status"] != "closed" else "open"
    return {"table": "practices", "key": p["provider_number"], "op": "update",
            "values": {"status": status}}  # fmt: skip


def _capacities(dataset: Dataset, rng: np.random.Generator, _: int) -> dict[str, Any]:
    p = _practice(dataset, rng)
    return {"table": "practices", "key": p["provider_number"], "op": "update",
            "values": {"capacities": float(p["capacities"]) + 1}}  # fmt: skip


def _move(dataset: Dataset, rng: np.random.Generator, _: int) -> dict[str, Any]:
    p = _practice(dataset, rng)
    dx, dy = rng.uniform(-2000, 2000, 2)
    return {"table": "practices", "key": p["provider_number"], "op": "update",
            "values": {"x": float(p["x"] + dx), "y": float(p["y"] + dy)}}  # fmt: skip


def _clinic(dataset: Dataset, rng: np.random.Generator, i: int) -> dict[str, Any]:
    cell = dataset.cells.iloc[int(rng.integers(len(dataset.cells)))]
    return {"table": "practices", "key": f"BENCH{i}", "op": "insert", "values": {
        "name": "Nærklinik", "x": float(cell["x"]), "y": float(cell["y"]),
        "postcode": cell["postcode"], "org_form": "near", "capacities": 3,
        "vacant_capacities": 0, "listed_patients": 0, "status": "open"}}  # fmt: skip


def _remove(dataset: Dataset, rng: np.random.Generator, _: int) -> dict[str, Any]:
    return {"table": "practices", "key": _practice(dataset, rng)["provider_number"],
            "op": "delete"}  # fmt: skip


def _retire(dataset: Dataset, rng: np.random.Generator, _: int) -> dict[str, Any]:
    gp = dataset.gps.iloc[int(rng.integers(len(dataset.gps)))]
    return {"table": "gps", "key": gp["gp_id"], "op": "delete"}


def _persons(dataset: Dataset, rng: np.random.Generator, _: int) -> dict[str, Any]:
    cell = dataset.cells.iloc[int(rng.integers(len(dataset.cells)))]
    return {"table": "cells", "key": cell["cell_id"], "op": "update",
            "values": {"add_persons": 800}}  # fmt: skip


KINDS: dict[str, EditMaker] = {
    "status": _status,
    "capacities": _capacities,
    "move": _move,
    "new clinic": _clinic,
    "remove practice": _remove,
    "retire GP": _retire,
    "add persons": _persons,
}
