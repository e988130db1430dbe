"""Population tables of a dataset as arrays: municipality × sex × band (or single age)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from praksisplan.core.dataset import Dataset
from praksisplan.core.schema import parse_age_band
from praksisplan.engine.need import SEX_ORDER
from praksisplan.forecast.demography import FloatArray
from praksisplan.forecast.parameters import ForecastError

SEX_CODES: tuple[str, ...] = tuple(s.value for s in SEX_ORDER)


def municipality_codes(dataset: Dataset) -> list[str]:
    return [str(c) for c in dataset.municipalities["code"]]


def base_by_band(dataset: Dataset) -> FloatArray:
    """Persons at the reference date, ``(municipalities, 2, manifest bands)``."""
    codes = municipality_codes(dataset)
    bands = list(dataset.manifest.rules.age_bands)
    cells = dataset.cells.set_index(dataset.cells["cell_id"].astype(str))["municipality_code"]
    population = dataset.population
    muni = pd.Index(codes).get_indexer(population["cell_id"].astype(str).map(cells).astype(str))
    band = pd.Index(bands).get_indexer(population["age_band"].astype(str))
    sex = pd.Index(SEX_CODES).get_indexer(population["sex"].astype(str))
    keep = (muni >= 0) & (band >= 0) & (sex >= 0)
    key = (muni[keep] * 2 + sex[keep]) * len(bands) + band[keep]
    counts = np.bincount(
        key,
        weights=population["persons"].to_numpy(dtype=np.float64)[keep],
        minlength=len(codes) * 2 * len(bands),
    )
    return counts.reshape(len(codes), 2, len(bands))


def table_by_band(
    frame: pd.DataFrame, codes: Sequence[str], file: str
) -> dict[int, tuple[list[str], FloatArray, bool]]:
    """Per year of a projection/history table: its bands, persons ``(municipalities, 2,
    bands)`` and whether sex was given (if not, all persons are on the first sex row).

    Every municipality in ``codes`` must appear in each year with the same bands."""
    result: dict[int, tuple[list[str], FloatArray, bool]] = {}
    frame = frame.assign(
        municipality_code=frame["municipality_code"].astype(str),
        sex=frame["sex"].where(frame["sex"].notna(), None),
    )
    for year, rows in frame.groupby("year", sort=True):
        bands = sorted(set(rows["age_band"].astype(str)), key=_band_start)
        has_sex = bool(rows["sex"].notna().any())
        muni = pd.Index(list(codes)).get_indexer(rows["municipality_code"])
        missing = sorted(set(codes) - set(rows["municipality_code"]))
        if missing:
            raise ForecastError(
                f"{file}: år {year} mangler kommunerne {', '.join(missing[:10])} "
                "(kolonne municipality_code)"
            )
        band = pd.Index(bands).get_indexer(rows["age_band"].astype(str))
        sex = (
            pd.Index(SEX_CODES).get_indexer(rows["sex"].astype(str))
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
