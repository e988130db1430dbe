"""Where a dataset's files are: a directory or a ``.zip`` of one, and which file is which table.

A zip is unpacked into a temporary directory (removed afterwards), within the
:mod:`~praksisplan.dataset_io.limits`; it may hold the files at its top or inside one single
folder. Files are matched to tables by name: ``<table>.csv`` or
``<table>.xlsx`` for attribute tables, ``<table>.geojson`` or ``<table>.gpkg`` for geometry
tables, or one ``boundaries.gpkg`` with a layer per geometry table.
"""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from praksisplan.core.errors import PraksisplanError, ValidationIssue
from praksisplan.core.schema import ALL_TABLES, GEOMETRY_TABLES, TableRow
from praksisplan.dataset_io.limits import ReadLimits, extract_bounded

MANIFEST_FILE = "dataset.toml"
#: One GeoPackage holding every geometry table as a layer named after the table.
BOUNDARIES_FILE = "boundaries.gpkg"
ATTRIBUTE_SUFFIXES = (".csv", ".xlsx")
GEOMETRY_SUFFIXES = (".geojson", ".gpkg")


@dataclass(frozen=True)
class TableFile:
    """The file (and, in a GeoPackage, the layer) a table is read from."""

    path: Path
    layer: str | None = None

    @property
    def label(self) -> str:
        """How issues name the file, e.g. ``boundaries.gpkg:municipalities``."""
        return self.path.name if self.layer is None else f"{self.path.name}:{self.layer}"


@contextmanager
def dataset_root(path: Path, limits: ReadLimits) -> Iterator[Path]:
    """The directory holding ``dataset.toml`` and the tables (a zip is unpacked meanwhile,
    within ``limits``)."""
    if path.is_dir():
        yield path
        return
    if not path.exists():
        raise PraksisplanError(f"{path} findes ikke")
    if not zipfile.is_zipfile(path):
        raise PraksisplanError(f"{path} er hverken en datasætmappe eller en .zip-fil med en")
    with tempfile.TemporaryDirectory(prefix="praksisplan-") as tmp:
        root = Path(tmp)
        extract_bounded(path, root, limits)
        entries = [p for p in root.iterdir() if p.name != "__MACOSX"]
        if not (root / MANIFEST_FILE).exists() and len(entries) == 1 and entries[0].is_dir():
            root = entries[0]
        yield root


def _suffixes_of(model: type[TableRow]) -> tuple[str, ...]:
    return GEOMETRY_SUFFIXES if model in GEOMETRY_TABLES else ATTRIBUTE_SUFFIXES


def locate_tables(root: Path) -> tuple[dict[str, TableFile], list[ValidationIssue]]:
    """Which file holds each table; issues for missing, doubled and unrecognised files."""
    issues: list[ValidationIssue] = []
    found: dict[str, TableFile] = {}
    files = sorted(p for p in root.iterdir() if p.is_file())
    by_name = {p.name: p for p in files}
    known: set[str] = {MANIFEST_FILE}
    boundaries = by_name.get(BOUNDARIES_FILE)
    if boundaries is not None:
        known.add(BOUNDARIES_FILE)
    for model in ALL_TABLES:
        candidates = [
            TableFile(by_name[model.table + suffix])
            for suffix in _suffixes_of(model)
            if model.table + suffix in by_name
        ]
        if boundaries is not None and model in GEOMETRY_TABLES:
            candidates.append(TableFile(boundaries, layer=model.table))
        known.update(c.path.name for c in candidates)
        if len(candidates) > 1:
            issues.append(
                ValidationIssue(
                    candidates[0].label,
                    None,
                    None,
                    "duplicate-file",
                    f"tabellen '{model.table}' er angivet mere end én gang: "
                    + ", ".join(c.label for c in candidates)
                    + "; behold præcis én",
                )
            )
        elif candidates:
            found[model.table] = candidates[0]
        elif model.required:
            names = " or ".join(model.table + suffix for suffix in _suffixes_of(model))
            issues.append(
                ValidationIssue(
                    names,
                    None,
                    None,
                    "missing-file",
                    f"den påkrævede tabel '{model.table}' mangler",
                )
            )
    if MANIFEST_FILE not in by_name:
        issues.append(
            ValidationIssue(MANIFEST_FILE, None, None, "missing-file", f"{MANIFEST_FILE} mangler")
        )
    table_suffixes = set(ATTRIBUTE_SUFFIXES + GEOMETRY_SUFFIXES)
    for path in files:
        if path.suffix.lower() in table_suffixes and path.name not in known:
            issues.append(
                ValidationIssue(
                    path.name,
                    None,
                    None,
                    "unknown-file",
                    f"'{path.name}' er ikke en tabel i formatet; tabellerne er: "
                    + ", ".join(model.table for model in ALL_TABLES),
                )
            )
    return found, issues
