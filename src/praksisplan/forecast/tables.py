"""Population tables of a dataset as arrays: municipality × sex × band (or single age)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from praksisplan.core.dataset import Dataset
from praksisplan.core.manifest import parse_age_band
from praksisplan.engine.need import SEX_ORDER
from praksisplan.forecast.demography import FloatArray
from praksisplan.forecast.parameters import ForecastError

SEX_CODES: tuple[str, ...] = tuple(s.value for s in SEX_ORDER)


def municipality_codes(dataset: Dataset) -> list[str]:
    return [str(c) for c in dataset.municipalities["code"]]


def base_by_band(dataset: Dataset, column: str = "municipality_code") -> FloatArray:
    """Persons at the reference date, ``(units, 2, manifest bands)``, the units being the
    municipalities, or the coverage areas (``column="area_id"``) or cells (``"cell_id"``)."""
    units = unit_ids(dataset, column)
    bands = list(dataset.manifest.rules.age_bands)
    cells = dataset.cells.set_index(dataset.cells["cell_id"].astype(str))[column]
    population = dataset.population
    unit = pd.Index(units).get_indexer(
        pd.Index(population["cell_id"].astype(str).map(cells).astype(str))
    )
    band = pd.Index(bands).get_indexer(pd.Index(population["age_band"].astype(str)))
    sex = pd.Index(SEX_CODES).get_indexer(pd.Index(population["sex"].astype(str)))
    keep = (unit >= 0) & (band >= 0) & (sex >= 0)
    key = (unit[keep] * 2 + sex[keep]) * len(bands) + band[keep]
    counts = np.bincount(
        key,
        weights=population["persons"].to_numpy(dtype=np.float64)[keep],
        minlength=len(units) * 2 * len(bands),
    )
    return np.asarray(counts.reshape(len(units), 2, len(bands)), dtype=np.float64)


def unit_ids(dataset: Dataset, column: str) -> list[str]:
    """Ids of the units of ``column``: municipality codes, area ids or cell ids."""
    if column == "municipality_code":
        return municipality_codes(dataset)
    if column == "area_id":
        return [str(a) for a in dataset.coverage_areas["area_id"]]
    return [str(c) for c in dataset.cells[column]]


def municipality_of(dataset: Dataset, column: str) -> npt.NDArray[np.intp]:
    """Index into :func:`municipality_codes` of each unit of ``column``."""
    codes = pd.Index(municipality_codes(dataset))
    frame = dataset.coverage_areas if column == "area_id" else dataset.cells
    return np.asarray(codes.get_indexer(pd.Index(frame["municipality_code"].astype(str))))


def table_by_band(
    frame: pd.DataFrame, codes: Sequence[str], file: str, complete: bool = True
) -> dict[int, tuple[list[str], FloatArray, bool]]:
    """Per year of a projection/history table: its bands, persons ``(municipalities, 2,
    bands)`` and whether sex was given (if not, all persons are on the first sex row).

    With ``complete``, every municipality in ``codes`` must appear in each year (a history
    may lack some: they get no migration)."""
    result: dict[int, tuple[list[str], FloatArray, bool]] = {}
    frame = frame.assign(
        municipality_code=frame["municipality_code"].astype(str),
        sex=frame["sex"].where(frame["sex"].notna(), None),
    )
    for year, rows in frame.groupby("year", sort=True):
        bands = sorted(set(rows["age_band"].astype(str)), key=_band_start)
        has_sex = bool(rows["sex"].notna().any())
        muni = pd.Index(list(codes)).get_indexer(pd.Index(rows["municipality_code"]))
        missing = sorted(set(codes) - set(rows["municipality_code"]))
        if missing and complete:
            raise ForecastError(
                f"{file}: år {year} mangler kommunerne {', '.join(missing[:10])} "
                "(kolonne municipality_code)"
            )
        band = pd.Index(bands).get_indexer(pd.Index(rows["age_band"].astype(str)))
        sex = (
            pd.Index(SEX_CODES).get_indexer(pd.Index(rows["sex"].astype(str)))
            if has_sex
            else np.zeros(len(rows), dtype=np.intp)
        )
        keep = muni >= 0
        array = np.zeros((len(codes), 2, len(bands)))
        np.add.at(
            array,
            (muni[keep], sex[keep], band[keep]),
            rows["persons"].to_numpy(dtype=np.float64)[keep],
        )
        result[int(str(year))] = (bands, array, has_sex)
    return result


def _band_start(label: str) -> int:
    return parse_age_band(label)[0]
