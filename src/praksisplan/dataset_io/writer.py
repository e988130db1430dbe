"""Writing a dataset in the standard format, atomically.

``dataset.toml``, ``municipalities.geojson`` and ``coverage_areas.geojson`` (WGS84 lon/lat),
and one CSV (``,``-separated, UTF-8) per table; points (x/y, a link's ends) are transformed
to the manifest's ``crs``. Empty optional tables are not written. Everything is written into
a temporary directory beside ``out`` and renamed into place, so ``out`` is either complete
or untouched.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyproj
import tomli_w

from praksisplan.core.dataset import ANALYSIS_CRS, TABLE_MODELS, Dataset
from praksisplan.core.errors import PraksisplanError
from praksisplan.core.schema import GEOMETRY_TABLES, TableRow, columns_of, point_columns_of
from praksisplan.dataset_io.source import MANIFEST_FILE

_WGS84 = "EPSG:4326"
#: How a table's CSV file is written (``DataFrame.to_csv`` options).
CSV_WRITE_OPTIONS: dict[str, Any] = {"index": False, "date_format": "%Y-%m-%d"}


def _from_analysis_crs(
    frame: pd.DataFrame, points: list[tuple[str, str]], crs: str
) -> pd.DataFrame:
    transformer = pyproj.Transformer.from_crs(ANALYSIS_CRS, crs, always_xy=True)
    out = frame.copy()
    for x, y in points:
        out[x], out[y] = transformer.transform(
            frame[x].to_numpy(dtype=float), frame[y].to_numpy(dtype=float)
        )
    return out


def file_frames(dataset: Dataset) -> Iterator[tuple[type[TableRow], pd.DataFrame]]:
    """Each table as its file holds it: the schema's columns, boundaries in WGS84 (GeoJSON),
    points in the manifest's CRS; empty optional tables left out (not written)."""
    for attribute, model in TABLE_MODELS.items():
        frame = getattr(dataset, attribute)
        columns = columns_of(model)
        if model in GEOMETRY_TABLES:
            yield model, frame[[*columns, frame.geometry.name]].to_crs(_WGS84)
            continue
        if not model.required and frame.empty:
            continue
        points = point_columns_of(model)
        if points:
            frame = _from_analysis_crs(frame, points, dataset.manifest.crs)
        yield model, frame[columns]


def _write_files(dataset: Dataset, directory: Path) -> None:
    manifest = dataset.manifest.model_dump(mode="json")
    (directory / MANIFEST_FILE).write_text(tomli_w.dumps(manifest), encoding="utf-8")
    for model, frame in file_frames(dataset):
        if model in GEOMETRY_TABLES and isinstance(frame, gpd.GeoDataFrame):
            (directory / f"{model.table}.geojson").write_text(
                frame.to_json(drop_id=True, to_wgs84=False), encoding="utf-8"
            )
        else:
            frame.to_csv(directory / f"{model.table}.csv", **CSV_WRITE_OPTIONS)


def replace_atomically(staged: Path, out: Path, overwrite: bool) -> None:
    """Move ``staged`` to ``out``; an existing ``out`` is replaced only when allowed."""
    if not out.exists():
        staged.rename(out)
        return
    if out.is_dir() and not any(out.iterdir()):
        out.rmdir()
        staged.rename(out)
        return
    if not overwrite:
        raise PraksisplanError(
            f"{out} findes allerede; vælg et nyt navn eller tillad overskrivning"
        )
    retired = out.with_name(f".{out.name}.old")
    out.rename(retired)
    staged.rename(out)
    if retired.is_dir():
        shutil.rmtree(retired)
    else:
        retired.unlink()


def write_dataset(dataset: Dataset, out: Path, *, overwrite: bool = False) -> Path:
    """Write ``dataset`` to the directory ``out`` (or the zip ``out`` if it ends in ``.zip``)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{out.name}.", dir=out.parent) as tmp:
        staging = Path(tmp) / out.stem
        staging.mkdir()
        _write_files(dataset, staging)
        if out.suffix.lower() == ".zip":
            archive = Path(tmp) / out.name
            with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
                for file in sorted(staging.iterdir()):
                    zipped.write(file, file.name)
            replace_atomically(archive, out, overwrite)
        else:
            replace_atomically(staging, out, overwrite)
    return out
