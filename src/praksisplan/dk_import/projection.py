"""Statistics Denmark's municipal projection (FRKM126) and the measured history.

* ``frkm126_kommuner_7groups.csv`` → ``population_projection`` (7 age groups, both sexes);
* ``folk1a_kommuner_7groups_2016_2020.csv`` and the 2010 totals of
  ``by2_kommuner_2010_2025.csv`` → ``population_history`` (only years up to the reference
  date: later figures are outcomes, never inputs);
* ``folk1am_kommuner_2024m01.csv`` and BY2 2025 are read only by the backtest.

Christiansø (411) is not in FRKM126 or the 7-group history; its projection holds its
reference population (from ``folk1a_2020q1_age_sex.csv``) constant.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from praksisplan.core.errors import PraksisplanError
from praksisplan.dk_import.sources import _path, _require, municipality_code

PROJECTION_FILE = "frkm126_kommuner_7groups.csv"
HISTORY_FILE = "folk1a_kommuner_7groups_2016_2020.csv"
BY2_FILE = "by2_kommuner_2010_2025.csv"
FOLK1AM_FILE = "folk1am_kommuner_2024m01.csv"
SINGLE_AGE_FILE = "folk1a_2020q1_age_sex.csv"
#: Columns of the 7-group files and the age band each holds.
GROUPS: dict[str, str] = {
    "a0_5": "0-5",
    "a6_16": "6-16",
    "a17_19": "17-19",
    "a20_34": "20-34",
    "a35_64": "35-64",
    "a65_79": "65-79",
    "a80p": "80+",
}
COLUMNS = ["municipality_code", "year", "age_band", "sex", "persons"]


def read_groups(source_dir: Path, name: str) -> pd.DataFrame:
    """A 7-group file in long form (:data:`COLUMNS`, sex empty)."""
    path = _path(source_dir, name)
    frame = pd.read_csv(path, dtype={"kommune_code": str})
    _require(frame, path, ["kommune_code", "year", *GROUPS])
    long = frame.melt(
        id_vars=["kommune_code", "year"], value_vars=list(GROUPS), value_name="persons"
    )
    return pd.DataFrame(
        {
            "municipality_code": long["kommune_code"].map(municipality_code),
            "year": long["year"].astype(int),
            "age_band": long["variable"].map(GROUPS),
            "sex": None,
            "persons": long["persons"].astype(np.int64),
        }
    )[COLUMNS]


def read_named_totals(source_dir: Path, name: str, codes_by_name: dict[str, str]) -> pd.DataFrame:
    """Municipal totals of a file that names municipalities (BY2, FOLK1AM): code, year,
    persons."""
    path = _path(source_dir, name)
    if name == BY2_FILE:
        frame = pd.read_csv(path, sep=";", encoding="utf-8-sig")
        _require(frame, path, ["TID", "KOMK", "INDHOLD"])
        names, years, persons = frame["KOMK"], frame["TID"].astype(int), frame["INDHOLD"]
    else:
        frame = pd.read_csv(path)
        _require(frame, path, ["OMRÅDE", "TID", "INDHOLD"])
        names = frame["OMRÅDE"]
        years = frame["TID"].astype(str).str[:4].astype(int)
        persons = frame["INDHOLD"]
    codes = names.astype(str).str.strip().map(_normalised(codes_by_name))
    unknown = codes.isna()
    if unknown.any():
        row = int(np.flatnonzero(unknown)[0])
        raise PraksisplanError(
            f"{path}: række {row + 2}: kommunenavnet {names.iloc[row]!r} findes ikke i "
            "kommunegrænserne"
        )
    return pd.DataFrame(
        {"municipality_code": codes, "year": years, "persons": persons.astype(np.int64)}
    )


def _normalised(codes_by_name: dict[str, str]) -> dict[str, str]:
    table = dict(codes_by_name)
    table.update({name.replace(" ", "-"): code for name, code in codes_by_name.items()})
    table.update({name.replace("-", " "): code for name, code in codes_by_name.items()})
    return table


def projection_table(source_dir: Path, codes: list[str], reference_year: int) -> pd.DataFrame:
    """``population_projection`` for ``codes``; municipalities FRKM126 lacks held flat."""
    projection = read_groups(source_dir, PROJECTION_FILE)
    projection = projection[projection["year"] > reference_year]
    missing = sorted(set(codes) - set(projection["municipality_code"]))
    held = _held_flat(source_dir, missing, sorted(set(projection["year"])))
    result = pd.concat([projection[projection["municipality_code"].isin(codes)], held])
    return _without_sex(result.reset_index(drop=True))


def _held_flat(source_dir: Path, codes: list[str], years: list[int]) -> pd.DataFrame:
    if not codes:
        return pd.DataFrame(columns=COLUMNS)
    path = _path(source_dir, SINGLE_AGE_FILE)
    frame = pd.read_csv(path, dtype={"area_code": str})
    _require(frame, path, ["area_code", "age", "population"])
    frame = frame.assign(municipality_code=frame["area_code"].map(municipality_code))
    frame = frame[frame["municipality_code"].isin(codes)]
    ages = frame["age"].astype(str).str.extract(r"(\d+)")[0].astype(int)
    bounds = [0, 6, 17, 20, 35, 65, 80, 1000]
    band = pd.cut(ages, bounds, right=False, labels=list(GROUPS.values()))
    counts = frame.groupby([frame["municipality_code"], band], observed=False)["population"].sum()
    flat = counts.rename("persons").reset_index()
    flat.columns = ["municipality_code", "age_band", "persons"]
    rows = [
        {
            "municipality_code": str(code),
            "year": year,
            "age_band": str(group),
            "sex": None,
            "persons": int(persons),
        }
        for code, group, persons in flat.itertuples(index=False)
        for year in years
    ]
    return pd.DataFrame(rows, columns=COLUMNS)


def history_table(
    source_dir: Path, codes: list[str], codes_by_name: dict[str, str], reference_year: int
) -> pd.DataFrame:
    """``population_history`` for ``codes``: the 7 groups and BY2's totals, up to the
    reference year."""
    groups = read_groups(source_dir, HISTORY_FILE)
    totals = read_named_totals(source_dir, BY2_FILE, codes_by_name)
    totals = totals.assign(age_band="0+", sex=None)[COLUMNS]
    history = pd.concat([groups, totals], ignore_index=True)
    keep = history["municipality_code"].isin(codes) & (history["year"] <= reference_year)
    return _without_sex(history[keep].reset_index(drop=True))


def _without_sex(frame: pd.DataFrame) -> pd.DataFrame:
    """Both sexes together: an empty ``sex`` column of the dtype a dataset reads back."""
    return frame.assign(sex=pd.Series(np.nan, index=frame.index, dtype="str"))
