"""Rules of the optional population tables: projection and history.

* every ``municipality_code`` must be a municipality of the dataset (``reference``);
* the age bands of each municipality and year (and sex) must be well-formed and together
  partition all ages from 0, the last one open (``age-bands-partition``);
* a projection must cover every municipality of the dataset (``projection-municipality``)
  and only years after the reference date (``projection-year``).
"""

from __future__ import annotations

import pandas as pd

from praksisplan.core.manifest import Manifest, parse_age_band
from praksisplan.core.schema import MunicipalityRow, PopulationHistoryRow, PopulationProjectionRow
from praksisplan.validation.issues import IssueCollector
from praksisplan.validation.raw import RawTable
from praksisplan.validation.rules import RawTables, Tables, _value_message


def bands_partition_problem(bands: list[str]) -> str | None:
    """Why ``bands`` do not partition the ages 0.. (in any order), or ``None`` if they do."""
    try:
        parsed = sorted(parse_age_band(b) for b in bands)
    except ValueError as error:
        return str(error)
    expected = 0
    for i, (low, high) in enumerate(parsed):
        if low != expected:
            listed = ", ".join(sorted(bands))
            return f"aldersgrupperne {listed} dækker ikke alder {expected} præcis én gang"
        if high is None:
            return None if i == len(parsed) - 1 else "kun den sidste aldersgruppe må være åben"
        expected = high + 1
    return f"den sidste aldersgruppe skal være åben (fx '{expected}+')"


def _check_partition(frame: pd.DataFrame, raw: RawTable, issues: IssueCollector) -> None:
    keys = ["municipality_code", "year", frame["sex"].fillna("").rename("sex_key")]
    for (code, year, _), group in frame.groupby(keys, sort=True):
        problem = bands_partition_problem([str(b) for b in group["age_band"]])
        if problem is not None:
            first = int(group.index[0])
            issues.add(
                raw.file,
                raw.first_row + first,
                "age_band",
                "age-bands-partition",
                f"kommune {code}, år {year}: {problem}",
            )


def check_population_tables(
    tables: Tables, raw: RawTables, manifest: Manifest, issues: IssueCollector
) -> None:
    municipalities = tables.get(MunicipalityRow.table)
    for model in (PopulationProjectionRow, PopulationHistoryRow):
        frame = tables.get(model.table)
        if frame is None or len(frame) == 0:
            continue
        frame = frame.reset_index(drop=True)
        _check_partition(frame, raw[model.table], issues)
        if municipalities is None:
            continue
        known = set(municipalities["code"].dropna())
        codes = frame["municipality_code"]
        issues.add_rows(
            raw[model.table],
            (~codes.isin(known)).to_numpy(),
            "municipality_code",
            "reference",
            _value_message(codes, "findes ikke som code i municipalities"),
        )
        if model is PopulationProjectionRow:
            missing = sorted(known - set(codes))
            if missing:
                issues.add(
                    raw[model.table].file,
                    None,
                    "municipality_code",
                    "projection-municipality",
                    f"fremskrivningen mangler kommunerne {', '.join(missing[:10])}",
                )
            years = frame["year"]
            issues.add_rows(
                raw[model.table],
                (years <= manifest.reference_date.year).to_numpy(),
                "year",
                "projection-year",
                _value_message(
                    years,
                    f"ligger ikke efter referencedatoen {manifest.reference_date.isoformat()}",
                ),
            )
