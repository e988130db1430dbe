"""Writing a snapshot's map layers as one GeoPackage (OGC GeoPackage, via pyogrio/GDAL).

One GeoPackage layer per :class:`~praksisplan.gis.layers.Layer`, named by its id, in
EPSG:25832 (the analysis CRS, Denmark's standard), with the layer's title and description
as GDAL layer metadata (``IDENTIFIER``/``DESCRIPTION``, GeoPackage ``gpkg_contents``).
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

from pyogrio import write_dataframe

from praksisplan.gis.layers import Layer


def write_geopackage(layers: Sequence[Layer], path: Path) -> None:
    """Write ``layers`` to a new GeoPackage at ``path`` (an existing file is replaced)."""
    path.unlink(missing_ok=True)
    for layer in layers:
        write_dataframe(
            layer.frame.reset_index(drop=True),
            path,
            layer=layer.id,
            driver="GPKG",
            append=path.exists(),
            layer_options={"IDENTIFIER": layer.title, "DESCRIPTION": layer.description},
        )


def geopackage_bytes(layers: Sequence[Layer]) -> bytes:
    """The GeoPackage of ``layers`` as bytes (written through a temporary file: SQLite)."""
    with tempfile.TemporaryDirectory(prefix="praksisplan-gpkg-") as folder:
        path = Path(folder) / "kortlag.gpkg"
        write_geopackage(layers, path)
        return path.read_bytes()
