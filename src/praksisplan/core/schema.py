"""The dataset format's single source of truth.

Every table of a dataset is described by a Pydantic row model below. The models are used in
three ways, so they can never drift apart:

* the validator (:mod:`praksisplan.validation`) reads each field's type and constraints
  (``ge``, ``le``, ``gt``, literal choices, optional or required) and checks whole columns at
  once, vectorised;
* the readers and writers (:mod:`praksisplan.dataset_io`) take the column names and order from
  them;
* ``docs/data-format.md`` is checked against them by a test.

``dataset.toml``, the manifest beside the tables, is described in :mod:`praksisplan.core.manifest`.

Only aggregated population counts, pseudonymous GP ids and birth years belong in a dataset:
there is deliberately no field that could hold a CPR number or a name of a person.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, ClassVar

from pydantic import BaseModel, ConfigDict, Field


class OrgForm(StrEnum):
    """Organisation form of a practice (``organisationsform``)."""

    SOLO = "solo"  # enkeltmandspraksis
    PARTNERSHIP = "partnership"  # kompagniskabspraksis
    SHARED = "shared"  # delepraksis: two GPs share one capacity
    CONTRACT = "contract"  # udbudsklinik, run by a private firm on contract
    REGION = "region"  # regionsklinik
    NEAR = "near"  # nærklinik in a threatened area
    LICENCE = "licence"  # licensklinik: premises from region or municipality
    SATELLITE = "satellite"  # satellitpraksis: branch of another practice


#: Organisation forms run or commissioned by the region rather than by PLO GPs.
REGION_RUN_FORMS: frozenset[OrgForm] = frozenset({OrgForm.CONTRACT, OrgForm.REGION, OrgForm.NEAR})


class PracticeStatus(StrEnum):
    """Whether a practice accepts new patients (``åben/lukket for tilgang``)."""

    OPEN = "open"
    CLOSED = "closed"
    SELECTIVE = "selective"  # selektivt lukket: open only to some postcodes


class GpRole(StrEnum):
    OWNER = "owner"  # praksisejer
    EMPLOYED = "employed"  # ansat læge


class Sex(StrEnum):
    MALE = "M"
    FEMALE = "F"


# ---------------------------------------------------------------------------
# Tables. One row model per table; field order is the column order on disk.
# ---------------------------------------------------------------------------

Code = Annotated[str, Field(min_length=1, max_length=64)]
Postcode = Annotated[str, Field(pattern=r"^\d{4}$")]
Coordinate = Annotated[float, Field(allow_inf_nan=False)]


class TableRow(BaseModel):
    """Base of all table row models."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    #: file stem of the table, e.g. ``"practices"`` for ``practices.csv``
    table: ClassVar[str]
    #: columns whose values must be unique within the table
    unique: ClassVar[tuple[tuple[str, ...], ...]] = ()
    #: whether a dataset must contain this table
    required: ClassVar[bool] = True
    #: one-line description for the docs
    doc: ClassVar[str] = ""
    #: text columns a :class:`~praksisplan.core.dataset.Dataset` holds as pandas categoricals
    #: (a long table's repeated keys, which the engine codes as integers in one pass)
    coded: ClassVar[tuple[str, ...]] = ()


class MunicipalityRow(TableRow):
    table = "municipalities"
    unique = (("code",),)
    doc = "Municipalities (kommuner) with their boundary; geometry layer."

    code: Annotated[str, Field(pattern=r"^\d{3,4}$", description="Municipality code, e.g. 851")]
    name: Annotated[str, Field(min_length=1)]


class CoverageAreaRow(TableRow):
    table = "coverage_areas"
    unique = (("area_id",),)
    doc = "Coverage areas (lægedækningsområder) with their boundary; geometry layer."

    area_id: Code
    name: Annotated[str, Field(min_length=1)]
    municipality_code: Annotated[str, Field(pattern=r"^\d{3,4}$")]


class PopulationCellRow(TableRow):
    table = "population_cells"
    unique = (("cell_id",),)
    doc = "Points at which population is counted (grid cells, addresses aggregated, places)."

    cell_id: Code
    x: Coordinate
    y: Coordinate
    postcode: Postcode
    area_id: Annotated[Code | None, Field(description="Derived by point-in-polygon if empty")] = (
        None
    )
    municipality_code: Annotated[
        str | None, Field(pattern=r"^\d{3,4}$", description="Derived if empty")
    ] = None


class PopulationRow(TableRow):
    table = "population"
    unique = (("cell_id", "age_band", "sex"),)
    doc = "Aggregated persons per cell, age band and sex. Never individual records."
    coded = ("cell_id", "age_band", "sex")

    cell_id: Code
    age_band: Annotated[str, Field(description="One of the manifest's age_bands")]
    sex: Sex
    persons: Annotated[int, Field(ge=0)]


class PracticeRow(TableRow):
    table = "practices"
    unique = (("provider_number",),)
    doc = "Practices (clinics) by provider number (ydernummer)."

    provider_number: Code
    name: Annotated[str, Field(min_length=1)]
    x: Coordinate
    y: Coordinate
    postcode: Postcode
    org_form: OrgForm
    capacities: Annotated[float, Field(ge=0, le=50, description="Capacities (lægekapaciteter)")]
    vacant_capacities: Annotated[
        float, Field(ge=0, le=50, description="Of which vacant; must not exceed capacities")
    ]
    listed_patients: Annotated[int, Field(ge=0, le=200_000)]
    status: PracticeStatus
    open_postcodes: Annotated[
        str | None,
        Field(description="Space-separated postcodes a selective practice is open to"),
    ] = None
    norm_override: Annotated[
        int | None, Field(ge=1, le=10_000, description="Reduced or raised norm for this practice")
    ] = None
    area_id: Annotated[Code | None, Field(description="Derived by point-in-polygon if empty")] = (
        None
    )
    municipality_code: Annotated[
        str | None, Field(pattern=r"^\d{3,4}$", description="Derived if empty")
    ] = None


class GpRow(TableRow):
    table = "gps"
    unique = (("gp_id",),)
    doc = "GPs with a pseudonymous id and birth year only."

    gp_id: Annotated[Code, Field(description="Pseudonymous id; never a CPR number")]
    provider_number: Code
    birth_year: Annotated[int, Field(ge=1930, le=2010)]
    role: GpRole
    fte: Annotated[float, Field(gt=0, le=1, description="Full-time equivalent, 0 < FTE ≤ 1")]


class RegionVacancyRow(TableRow):
    table = "region_vacancies"
    unique = (("area_id",),)
    doc = "Vacant capacities held by the region per coverage area (not in any practice)."

    area_id: Code
    vacant_capacities: Annotated[float, Field(gt=0, le=100)]
    advertised_since: dt.date


class CoverageSurveyRow(TableRow):
    table = "coverage_survey"
    unique = (("provider_number",),)
    required = False
    doc = "Lægedækningshøring: patients each practice accepts beyond the norm."

    provider_number: Code
    extra_patients: Annotated[int, Field(ge=0, le=20_000)]


class TemporaryBedRow(TableRow):
    table = "temporary_beds"
    unique = (("bed_id",),)
    required = False
    doc = "Municipal temporary and acute beds (midlertidige pladser / akutpladser)."

    bed_id: Code
    x: Coordinate
    y: Coordinate
    beds: Annotated[int, Field(ge=0, le=1000)]
    kind: Annotated[str, Field(min_length=1)]


class DemandWeightRow(TableRow):
    table = "demand_weights"
    unique = (("age_band", "sex"),)
    required = False
    doc = "Relative GP use per age band and sex; replaces the default need weights."

    age_band: str
    sex: Sex
    weight: Annotated[float, Field(ge=0, le=100)]


class PopulationProjectionRow(TableRow):
    table = "population_projection"
    unique = (("municipality_code", "year", "age_band", "sex"),)
    required = False
    doc = (
        "Official population projection: persons per municipality, 1 January of a year and age "
        "band (sex optional). The bands need not be the manifest's, but must partition all ages."
    )

    municipality_code: Annotated[str, Field(pattern=r"^\d{3,4}$")]
    year: Annotated[int, Field(ge=1900, le=2200, description="Population on 1 January of year")]
    age_band: Annotated[str, Field(description="'A-B' or 'A+'; together a partition of 0..")]
    sex: Annotated[Sex | None, Field(description="Empty for both sexes together")] = None
    persons: Annotated[int, Field(ge=0)]


class PopulationHistoryRow(TableRow):
    table = "population_history"
    unique = (("municipality_code", "year", "age_band", "sex"),)
    required = False
    doc = (
        "Measured population of earlier years per municipality and age band ('0+' for a "
        "total), from which the cohort model estimates net migration."
    )

    municipality_code: Annotated[str, Field(pattern=r"^\d{3,4}$")]
    year: Annotated[int, Field(ge=1900, le=2200, description="Population on 1 January of year")]
    age_band: Annotated[str, Field(description="'A-B' or 'A+'; '0+' is the total")]
    sex: Annotated[Sex | None, Field(description="Empty for both sexes together")] = None
    persons: Annotated[int, Field(ge=0)]


class ServiceType(StrEnum):
    """Kind of a daytime GP service (*ydelse*)."""

    CONSULTATION = "consultation"  # konsultation
    E_CONSULTATION = "e_consultation"  # e-konsultation
    PHONE = "phone"  # telefonkonsultation
    HOME_VISIT = "home_visit"  # sygebesøg


class ServiceRow(TableRow):
    table = "services"
    unique = (("municipality_code", "year", "age_band", "sex", "service_type"),)
    required = False
    doc = "Daytime GP services (ydelser) per municipality, year, age band, sex and type."

    municipality_code: Annotated[str, Field(pattern=r"^\d{3,4}$")]
    year: Annotated[int, Field(ge=2000, le=2100)]
    age_band: Annotated[str, Field(description="One of the manifest's age_bands")]
    sex: Sex
    service_type: ServiceType
    services: Annotated[int, Field(ge=0, le=100_000_000)]


class FerryLinkRow(TableRow):
    table = "ferry_links"
    unique = (("link_id",),)
    required = False
    doc = "Ferry routes between two harbours (færgeforbindelser) for the travel model."

    link_id: Code
    name: Annotated[str, Field(min_length=1)]
    a_x: Annotated[Coordinate, Field(description="Harbour at one end (the manifest's crs)")]
    a_y: Coordinate
    b_x: Annotated[Coordinate, Field(description="Harbour at the other end")]
    b_y: Coordinate
    crossing_minutes: Annotated[
        float | None, Field(gt=0, le=600, description="Time on board, minutes")
    ] = None
    departures_per_day: Annotated[
        float | None, Field(gt=0, le=500, description="Departures each way a day")
    ] = None
    km_equivalent: Annotated[
        float | None, Field(ge=0, le=1000, description="Stated cost of the crossing, road km")
    ] = None


class FixedLinkKind(StrEnum):
    """Kind of a fixed link (fast forbindelse)."""

    BRIDGE = "bridge"  # bro
    TUNNEL = "tunnel"
    CAUSEWAY = "causeway"  # dæmning


class FixedLinkRow(TableRow):
    table = "fixed_links"
    unique = (("link_id",),)
    required = False
    doc = "Bridges, tunnels and causeways between land masses (faste forbindelser)."

    link_id: Code
    name: Annotated[str, Field(min_length=1)]
    kind: FixedLinkKind
    a_x: Annotated[Coordinate, Field(description="One end (the manifest's crs)")]
    a_y: Coordinate
    b_x: Annotated[Coordinate, Field(description="The other end")]
    b_y: Coordinate
    km_equivalent: Annotated[
        float | None, Field(ge=0, le=1000, description="Stated length, road km (else measured)")
    ] = None


class CareHomeRow(TableRow):
    table = "care_homes"
    unique = (("care_home_id",),)
    required = False
    doc = "Care homes (plejehjem): places, and whether a fixed GP serves them."

    care_home_id: Code
    name: Annotated[str, Field(min_length=1)]
    x: Coordinate
    y: Coordinate
    municipality_code: Annotated[str, Field(pattern=r"^\d{3,4}$")]
    places: Annotated[int, Field(ge=0, le=2000)]
    fixed_gp: Annotated[
        bool, Field(description="Whether a fixed GP (fast plejehjemslæge) serves it")
    ]
    provider_number: Annotated[
        Code | None, Field(description="The fixed GP's practice, if any")
    ] = None


#: Tables with a geometry (GeoJSON or GeoPackage layers), in load order.
GEOMETRY_TABLES: tuple[type[TableRow], ...] = (MunicipalityRow, CoverageAreaRow)
#: Attribute tables (CSV or XLSX), in load order.
ATTRIBUTE_TABLES: tuple[type[TableRow], ...] = (
    PopulationCellRow,
    PopulationRow,
    PracticeRow,
    GpRow,
    RegionVacancyRow,
    CoverageSurveyRow,
    TemporaryBedRow,
    DemandWeightRow,
    PopulationProjectionRow,
    PopulationHistoryRow,
    ServiceRow,
    FerryLinkRow,
    FixedLinkRow,
    CareHomeRow,
)
ALL_TABLES: tuple[type[TableRow], ...] = GEOMETRY_TABLES + ATTRIBUTE_TABLES


def columns_of(row_model: type[TableRow]) -> list[str]:
    """Column names of a table, in file order."""
    return list(row_model.model_fields)


def point_columns_of(row_model: type[TableRow]) -> list[tuple[str, str]]:
    """The (x, y) column pairs of a table's points: ``x``/``y``, and the two ends
    ``a_x``/``a_y``, ``b_x``/``b_y`` of a link; in the manifest's crs in files."""
    columns = row_model.model_fields
    return [(f"{p}x", f"{p}y") for p in ("", "a_", "b_") if f"{p}x" in columns]
