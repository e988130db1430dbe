"""Rules across rows and tables: references, capacities, selective practices, GP ages, bands.

Each function takes parsed tables (canonical dtypes, keyed by table name, ``None`` when the
table could not be parsed) and skips what it cannot check; missing values are not re-reported.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from praksisplan.core.danish_numbers import format_amount_da
from praksisplan.core.manifest import Manifest
from praksisplan.core.schema import (
    CareHomeRow,
    CoverageAreaRow,
    CoverageSurveyRow,
    DemandWeightRow,
    GpRow,
    MunicipalityRow,
    PopulationCellRow,
    PopulationRow,
    PracticeRow,
    PracticeStatus,
    RegionVacancyRow,
    ServiceRow,
    TableRow,
)
from praksisplan.validation.issues import IssueCollector
from praksisplan.validation.raw import RawTable

Tables = dict[str, pd.DataFrame | None]
RawTables = dict[str, RawTable]

#: (table, column) → (referenced table, referenced column): every value must exist there.
REFERENCES: tuple[tuple[type[TableRow], str, type[TableRow], str], ...] = (
    (GpRow, "provider_number", PracticeRow, "provider_number"),
    (PopulationRow, "cell_id", PopulationCellRow, "cell_id"),
    (RegionVacancyRow, "area_id", CoverageAreaRow, "area_id"),
    (CoverageSurveyRow, "provider_number", PracticeRow, "provider_number"),
    (CoverageAreaRow, "municipality_code", MunicipalityRow, "code"),
    (PopulationCellRow, "area_id", CoverageAreaRow, "area_id"),
    (PracticeRow, "area_id", CoverageAreaRow, "area_id"),
    (PopulationCellRow, "municipality_code", MunicipalityRow, "code"),
    (PracticeRow, "municipality_code", MunicipalityRow, "code"),
    (ServiceRow, "municipality_code", MunicipalityRow, "code"),
    (CareHomeRow, "municipality_code", MunicipalityRow, "code"),
    (CareHomeRow, "provider_number", PracticeRow, "provider_number"),
)

#: A GP's age at the reference date must lie in this range (years).
GP_AGE_RANGE = (25, 80)

_POSTCODE_LIST = r"\d{4}(?:\s+\d{4})*"


def check_references(tables: Tables, raw: RawTables, issues: IssueCollector) -> None:
    for model, column, target_model, target_column in REFERENCES:
        frame, target = tables.get(model.table), tables.get(target_model.table)
        if frame is None or target is None:
            continue
        values = frame[column]
        dangling = (values.notna() & ~values.isin(target[target_column].dropna())).to_numpy()
        target_file = raw[target_model.table].file
        issues.add_rows(
            raw[model.table],
            dangling,
            column,
            "reference",
            _value_message(values, f"findes ikke som {target_column} i {target_file}"),
        )


def check_practices(tables: Tables, raw: RawTables, issues: IssueCollector) -> None:
    practices = tables.get(PracticeRow.table)
    if practices is None:
        return
    table = raw[PracticeRow.table]
    vacant, capacities = practices["vacant_capacities"], practices["capacities"]
    issues.add_rows(
        table,
        (vacant > capacities).to_numpy(),
        "vacant_capacities",
        "vacant-exceeds-capacities",
        lambda i: (
            f"ledige kapaciteter ({format_amount_da(vacant.iloc[i])}) må ikke overstige "
            f"kapaciteter ({format_amount_da(capacities.iloc[i])})"
        ),
    )
    selective = (practices["status"] == PracticeStatus.SELECTIVE.value).to_numpy()
    known_status = practices["status"].notna().to_numpy()
    postcodes = practices["open_postcodes"]
    has_postcodes = postcodes.notna().to_numpy()
    issues.add_rows(
        table,
        selective & ~has_postcodes,
        "open_postcodes",
        "selective-needs-postcodes",
        lambda _: "en selektivt lukket praksis skal angive de postnumre, den er åben for",
    )
    issues.add_rows(
        table,
        known_status & ~selective & has_postcodes,
        "open_postcodes",
        "postcodes-only-when-selective",
        lambda i: (
            f"der er angivet åbne postnumre, men status er '{practices['status'].iloc[i]}'; "
            "åbne postnumre hører kun til selektivt lukkede praksis"
        ),
    )
    well_formed = postcodes.str.fullmatch(_POSTCODE_LIST).fillna(False).to_numpy(dtype=bool)
    issues.add_rows(
        table,
        has_postcodes & ~well_formed,
        "open_postcodes",
        "format",
        lambda i: (
            f"'{postcodes.iloc[i]}' er ikke en liste af firecifrede postnumre adskilt af mellemrum"
        ),
    )


def check_gp_ages(
    tables: Tables, raw: RawTables, manifest: Manifest, issues: IssueCollector
) -> None:
    gps = tables.get(GpRow.table)
    if gps is None:
        return
    year = manifest.reference_date.year
    age = year - gps["birth_year"].to_numpy()
    youngest, oldest = GP_AGE_RANGE
    issues.add_rows(
        raw[GpRow.table],
        (age < youngest) | (age > oldest),
        "birth_year",
        "gp-age",
        lambda i: (
            f"fødselsåret {gps['birth_year'].iloc[i]} gør lægen {age[i]} år gammel pr. "
            f"{manifest.reference_date.isoformat()}; forventet {youngest}–{oldest} år"
        ),
    )


def check_age_bands(
    tables: Tables, raw: RawTables, manifest: Manifest, issues: IssueCollector
) -> None:
    bands = manifest.rules.age_bands
    for model in (PopulationRow, DemandWeightRow, ServiceRow):
        frame = tables.get(model.table)
        if frame is None:
            continue
        values = frame["age_band"]
        unknown = (values.notna() & ~values.isin(bands)).to_numpy()
        issues.add_rows(
            raw[model.table],
            unknown,
            "age_band",
            "age-band-unknown",
            _value_message(
                values, f"er ikke en af aldersgrupperne i age_bands ({bands[0]}, …, {bands[-1]})"
            ),
        )


def check_area_municipality(tables: Tables, raw: RawTables, issues: IssueCollector) -> None:
    """A point's given municipality must be the municipality of its given coverage area."""
    areas = tables.get(CoverageAreaRow.table)
    if areas is None:
        return
    municipality_of_area = areas.drop_duplicates("area_id").set_index("area_id")[
        "municipality_code"
    ]
    for model in (PopulationCellRow, PracticeRow):
        frame = tables.get(model.table)
        if frame is None:
            continue
        expected = frame["area_id"].map(municipality_of_area)
        given = frame["municipality_code"]
        mismatch = (given.notna() & expected.notna() & (given != expected)).to_numpy()
        issues.add_rows(
            raw[model.table],
            mismatch,
            "municipality_code",
            "area-municipality-mismatch",
            _mismatch_message(given, expected, frame["area_id"]),
        )


def _value_message(values: pd.Series, problem: str) -> Callable[[int], str]:
    return lambda i: f"'{values.iloc[i]}' {problem}"


def _mismatch_message(
    given: pd.Series, expected: pd.Series, area: pd.Series
) -> Callable[[int], str]:
    return lambda i: (
        f"kommune {given.iloc[i]} stemmer ikke med kommune {expected.iloc[i]}, som "
        f"lægedækningsområdet '{area.iloc[i]}' ligger i"
    )
