"""Pydantic models of the API's requests and responses (with examples for the OpenAPI spec)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

ThreatClassName = Literal["red", "yellow", "green"]
T = TypeVar("T")


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class SnapshotOut(_Out):
    id: int
    region_code: str
    region_name: str
    name: str
    reference_date: dt.date
    loaded_at: dt.datetime
    synthetic: bool
    source: str

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 1,
                    "region_code": "1081",
                    "region_name": "Region Nordjylland",
                    "name": "Demo 2025",
                    "reference_date": "2025-01-01",
                    "loaded_at": "2025-03-01T10:15:00",
                    "synthetic": True,
                    "source": "demo",
                }
            ]
        }
    )


class KeyFigureOut(_Out):
    key: str
    label: Annotated[str, Field(description="Danish label")]
    value: float | None
    previous: Annotated[float | None, Field(description="Value in the previous snapshot")]
    change: Annotated[float | None, Field(description="value − previous")]
    text: Annotated[str, Field(description="value in Danish number format")]
    change_text: Annotated[str, Field(description="change in Danish number format, signed")]

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "key": "capacities",
                    "label": "Kapaciteter",
                    "value": 373.0,
                    "previous": 369.0,
                    "change": 4.0,
                    "text": "373,00",
                    "change_text": "+4,00",
                }
            ]
        }
    )


class OverviewOut(_Out):
    snapshot: SnapshotOut
    previous_snapshot: SnapshotOut | None
    figures: list[KeyFigureOut]
    threat_counts: Annotated[
        dict[str, int],
        Field(
            description="Areas per status: the committee's decision where there is one",
            examples=[{"red": 4, "yellow": 7, "green": 29}],
        ),
    ]
    model_threat_counts: Annotated[
        dict[str, int],
        Field(description="Areas per class of the model", examples=[{"red": 5, "yellow": 6}]),
    ]
    previous_threat_counts: Annotated[
        dict[str, int] | None, Field(description="Areas per status in the previous snapshot")
    ]


class ThreatClassOut(_Out):
    key: ThreatClassName
    label: str
    colour: str


class IndicatorOut(_Out):
    key: str
    label: str
    unit: str
    on_map: Annotated[bool, Field(description="Whether the map can colour areas by it")]
    breaks: list[float] | None
    higher_is_better: bool | None
    class_labels: Annotated[list[str] | None, Field(description="Legend text, best class first")]

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "key": "supply_pct_of_need",
                    "label": "Udbud i % af behov",
                    "unit": "percent",
                    "on_map": True,
                    "breaks": [75.0, 90.0, 110.0],
                    "higher_is_better": True,
                    "class_labels": [
                        "110 % og derover",
                        "90 % – 110 %",
                        "75 % – 90 %",
                        "under 75 %",
                    ],
                }
            ]
        }
    )


class CatalogueOut(_Out):
    indicators: list[IndicatorOut]
    class_colours: Annotated[list[str], Field(description="Colours of classes 0 (best) … 3")]
    threat_classes: list[ThreatClassOut]
    status_labels: dict[str, str]
    org_form_labels: dict[str, str]


class DecisionIn(BaseModel):
    """A committee decision on an area's class (the model's class is filled in by the app,
    the decision maker is the logged-in user)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "area_id": "A07",
                    "decided_class": "red",
                    "reason": "Ingen ansøgere til de opslåede kapaciteter i to runder.",
                },
                {
                    "area_id": "A07",
                    "decided_class": "yellow",
                    "reason": "Scenariet viser, at en nærklinik i Sandø løfter området.",
                    "scenario_id": 3,
                },
            ]
        },
    )

    area_id: Annotated[str, Field(min_length=1, max_length=64)]
    decided_class: ThreatClassName
    reason: Annotated[str, Field(min_length=3, max_length=2000)]
    scenario_id: Annotated[
        int | None,
        Field(
            ge=1,
            le=2**31 - 1,
            description="A what-if scenario on the same snapshot that the decision cites "
            "(a cited scenario cannot be deleted)",
        ),
    ] = None


class DecisionOut(_Out):
    id: int
    snapshot_id: int
    area_id: str
    model_class: ThreatClassName
    decided_class: ThreatClassName
    reason: str
    decided_by: str
    decided_at: dt.datetime
    #: the assessment run whose model class this records and its rule set's name (None for
    #: decisions recorded before runs were linked)
    assessment_run_id: int | None = None
    rules_name: str | None = None
    #: the what-if scenario the decision cites and its name (None: it cites none)
    scenario_id: int | None = None
    scenario_name: str | None = None


class PracticeOut(_Out):
    provider_number: str
    name: str
    area_id: str
    area_name: str
    municipality_code: str
    municipality_name: str
    postcode: str
    org_form: str
    status: str
    capacities: float
    vacant_capacities: float
    filled_capacities: float
    listed_patients: int
    patients_per_filled_capacity: float | None
    gps: int

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "provider_number": "012345",
                    "name": "Lægerne Torvet",
                    "area_id": "A07",
                    "area_name": "Brønderslev",
                    "municipality_code": "810",
                    "municipality_name": "Brønderslev",
                    "postcode": "9700",
                    "org_form": "partnership",
                    "status": "closed",
                    "capacities": 3.0,
                    "vacant_capacities": 0.0,
                    "filled_capacities": 3.0,
                    "listed_patients": 5520,
                    "patients_per_filled_capacity": 1840.0,
                    "gps": 3,
                }
            ]
        }
    )


class Page(_Out, Generic[T]):
    """One page of a long list."""

    items: list[T]
    total: Annotated[int, Field(description="Rows matching the filters, on all pages")]
    page: Annotated[int, Field(description="1-based page number")]
    page_size: int
    pages: int


class AreaSummaryOut(_Out):
    area_id: str
    name: str
    municipality_code: str
    municipality_name: str
    threat_class: ThreatClassName
    severity: int
    population: float | None
    capacities: float | None
    supply_pct_of_need: float | None
    decided_class: Annotated[
        ThreatClassName | None, Field(description="Class of the latest committee decision")
    ]
    status: Annotated[
        ThreatClassName, Field(description="The decided class where there is one, else the model's")
    ]


class AreaStatusOut(_Out):
    """An area's status for the map: the committee's decision beside the model's class."""

    area_id: str
    model_class: ThreatClassName
    decided_class: ThreatClassName | None
    status: ThreatClassName


class IndicatorValueOut(_Out):
    key: str
    label: str
    value: float | None
    text: Annotated[str, Field(description="value in Danish format with its unit")]
    class_index: Annotated[
        int | None, Field(description="Colour class 0 (best) … 3 for map indicators")
    ]


class CriterionOut(_Out):
    criterion_id: str
    label: str
    indicator: str
    value: float | None
    comparison: str
    threshold: float
    threat_class: ThreatClassName
    fired: bool
    value_text: str
    threshold_text: str


class AreaDetailOut(_Out):
    area_id: str
    name: str
    municipality_code: str
    municipality_name: str
    threat_class: ThreatClassName
    severity: int
    explanation: str
    why: Annotated[str, Field(description="The model's class: rule and distance from limits")]
    years_until_red: float | None
    indicators: list[IndicatorValueOut]
    criteria: list[CriterionOut]
    practices: list[PracticeOut]
    decision: DecisionOut | None


class ThreatListItemOut(_Out):
    area_id: str
    name: str
    municipality_name: str
    threat_class: ThreatClassName
    severity: int
    explanation: str
    years_until_red: float | None
    decision: DecisionOut | None
