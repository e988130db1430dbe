"""From a snapshot's analysis to the response models the API returns and the pages render.

The HTML pages and the JSON API are built from the same functions, so a figure on a page
is always the figure the API reports.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, TypeVar, cast, get_args

import pandas as pd

from praksisplan.store import DecisionRecord, SnapshotInfo, Store
from praksisplan.threat import run_service
from praksisplan.threat.status import area_status, class_counts
from praksisplan.threat.why import why
from praksisplan.web import catalogue
from praksisplan.web.models import (
    AreaDetailOut,
    AreaStatusOut,
    AreaSummaryOut,
    CatalogueOut,
    CriterionOut,
    DecisionIn,
    DecisionOut,
    IndicatorOut,
    IndicatorValueOut,
    KeyFigureOut,
    OverviewOut,
    Page,
    PracticeOut,
    SnapshotOut,
    ThreatClassName,
    ThreatClassOut,
    ThreatListItemOut,
)
from praksisplan.web.snapshot_analysis import SnapshotAnalysis

PracticeSortKey = Literal[
    "provider_number",
    "name",
    "area_name",
    "municipality_name",
    "postcode",
    "org_form",
    "status",
    "capacities",
    "vacant_capacities",
    "filled_capacities",
    "listed_patients",
    "patients_per_filled_capacity",
    "gps",
]
PRACTICE_SORT_KEYS: tuple[str, ...] = get_args(PracticeSortKey)
SortOrder = Literal["asc", "desc"]
T = TypeVar("T")


def _number(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return None if math.isnan(number) else number


def snapshot_out(info: SnapshotInfo) -> SnapshotOut:
    return SnapshotOut.model_validate(info, from_attributes=True)


def decision_out(record: DecisionRecord) -> DecisionOut:
    """The record as the API shows it (validates the class names against the literal)."""
    return DecisionOut.model_validate(record, from_attributes=True)


def _figure_value(analysis: SnapshotAnalysis, key: str) -> float | None:
    figures: dict[str, Any] = dict(analysis.key_figures)
    if key in figures:
        return _number(figures[key])
    return _number(analysis.region_indicators[key])


def decided_classes(decisions: Mapping[str, DecisionRecord]) -> dict[str, str]:
    return {area_id: d.decided_class for area_id, d in decisions.items()}


def statuses(analysis: SnapshotAnalysis, decisions: Mapping[str, DecisionRecord]) -> pd.Series:
    """Per area the committee's decision where there is one, else the model's class."""
    return area_status(analysis.assessment.areas["threat_class"], decided_classes(decisions))


def overview(
    analysis: SnapshotAnalysis,
    previous: SnapshotAnalysis | None,
    decisions: Mapping[str, DecisionRecord] | None = None,
    previous_decisions: Mapping[str, DecisionRecord] | None = None,
) -> OverviewOut:
    """The region's key figures with the change since the previous snapshot; the area
    counts by status (the committee's decisions) with the model's counts beside them."""
    figures = []
    for key, label in catalogue.OVERVIEW_FIGURES.items():
        value = _figure_value(analysis, key)
        before = _figure_value(previous, key) if previous is not None else None
        change = value - before if value is not None and before is not None else None
        figures.append(
            KeyFigureOut(
                key=key,
                label=label,
                value=value,
                previous=before,
                change=change,
                text=catalogue.format_value(key, value),
                change_text=catalogue.format_change(key, change),
            )
        )
    return OverviewOut(
        snapshot=snapshot_out(analysis.info),
        previous_snapshot=snapshot_out(previous.info) if previous is not None else None,
        figures=figures,
        threat_counts=class_counts(statuses(analysis, decisions or {})),
        model_threat_counts=analysis.threat_counts(),
        previous_threat_counts=class_counts(statuses(previous, previous_decisions or {}))
        if previous is not None
        else None,
    )


def area_statuses(
    analysis: SnapshotAnalysis, decisions: Mapping[str, DecisionRecord]
) -> list[AreaStatusOut]:
    """Every area's status and model class, in the assessment's order."""
    model = analysis.assessment.areas["threat_class"]
    status = statuses(analysis, decisions)
    return [
        AreaStatusOut(
            area_id=str(area_id),
            model_class=cast(ThreatClassName, model_class),
            decided_class=cast(ThreatClassName, decisions[str(area_id)].decided_class)
            if str(area_id) in decisions
            else None,
            status=cast(ThreatClassName, status[str(area_id)]),
        )
        for area_id, model_class in model.items()
    ]


def indicator_catalogue() -> CatalogueOut:
    indicators = []
    for key, label in catalogue.INDICATOR_LABELS.items():
        spec = catalogue.MAP_INDICATORS.get(key)
        indicators.append(
            IndicatorOut(
                key=key,
                label=label,
                unit=str(catalogue.unit_of(key)),
                on_map=spec is not None,
                breaks=list(spec.breaks) if spec else None,
                higher_is_better=spec.higher_is_better if spec else None,
                class_labels=spec.class_labels() if spec else None,
            )
        )
    return CatalogueOut(
        indicators=indicators,
        class_colours=list(catalogue.CLASS_COLOURS),
        threat_classes=[
            ThreatClassOut(key=cast(ThreatClassName, key), label=label, colour=colour)
            for key, (label, colour) in catalogue.THREAT_CLASSES.items()
        ],
        status_labels=catalogue.STATUS_LABELS,
        org_form_labels=catalogue.ORG_FORM_LABELS,
    )


def _municipality_names(analysis: SnapshotAnalysis) -> dict[str, str]:
    """Municipality name by code (built once per response; the validator checks the codes)."""
    municipalities = analysis.dataset.municipalities
    codes, names = municipalities["code"].astype(str), municipalities["name"].astype(str)
    return dict(zip(codes, names, strict=True))


def municipality_names(analysis: SnapshotAnalysis) -> pd.Series:
    """Municipality name by code, as a series (for mapping a code column)."""
    return pd.Series(_municipality_names(analysis), dtype=object)


def has_area(analysis: SnapshotAnalysis, area_id: str) -> bool:
    return area_id in analysis.assessment.areas.index


def area_summaries(
    analysis: SnapshotAnalysis, decisions: Mapping[str, DecisionRecord]
) -> list[AreaSummaryOut]:
    """All areas, most threatened first."""
    areas = analysis.assessment.areas.sort_values(["severity", "name"], ascending=[False, True])
    indicators = analysis.area_indicators
    municipality_names = _municipality_names(analysis)
    status = statuses(analysis, decisions)
    return [
        AreaSummaryOut(
            area_id=str(area_id),
            name=str(row["name"]),
            municipality_code=str(row["municipality_code"]),
            municipality_name=municipality_names[str(row["municipality_code"])],
            threat_class=row["threat_class"],
            severity=int(row["severity"]),
            population=_number(indicators.at[area_id, "population"]),
            capacities=_number(indicators.at[area_id, "capacities"]),
            supply_pct_of_need=_number(indicators.at[area_id, "supply_pct_of_need"]),
            decided_class=cast(ThreatClassName, decisions[str(area_id)].decided_class)
            if str(area_id) in decisions
            else None,
            status=cast(ThreatClassName, status[str(area_id)]),
        )
        for area_id, row in areas.iterrows()
    ]


def threat_list(
    analysis: SnapshotAnalysis, decisions: dict[str, DecisionRecord]
) -> list[ThreatListItemOut]:
    """The gross list: every area with its model class and explanation, most threatened first."""
    areas = analysis.assessment.areas.sort_values(["severity", "name"], ascending=[False, True])
    municipality_names = _municipality_names(analysis)
    return [
        ThreatListItemOut(
            area_id=str(area_id),
            name=str(row["name"]),
            municipality_name=municipality_names[str(row["municipality_code"])],
            threat_class=row["threat_class"],
            severity=int(row["severity"]),
            explanation=str(row["explanation"]),
            years_until_red=_number(row["years_until_red"]),
            decision=decision_out(decisions[str(area_id)]) if str(area_id) in decisions else None,
        )
        for area_id, row in areas.iterrows()
    ]


def _practice_out(row: pd.Series) -> PracticeOut:
    values = {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in row.items()}
    return PracticeOut.model_validate(values)


def area_detail(
    analysis: SnapshotAnalysis, area_id: str, decision: DecisionRecord | None
) -> AreaDetailOut:
    """Every indicator of one area, its threat criteria and explanation, its practices."""
    row = analysis.assessment.areas.loc[str(area_id)]
    assert isinstance(row, pd.Series)  # area ids are unique
    indicator_row = analysis.area_indicators.loc[area_id]
    indicators = []
    for key, label in catalogue.INDICATOR_LABELS.items():
        value = _number(indicator_row[key])
        spec = catalogue.MAP_INDICATORS.get(key)
        indicators.append(
            IndicatorValueOut(
                key=key,
                label=label,
                value=value,
                text=catalogue.format_value(key, value),
                class_index=spec.class_of(value) if spec else None,
            )
        )
    criteria_frame = analysis.assessment.criteria
    criteria = [
        CriterionOut(
            criterion_id=str(c["criterion_id"]),
            label=str(c["label"]),
            indicator=str(c["indicator"]),
            value=_number(c["value"]),
            comparison=str(c["comparison"]),
            threshold=float(c["threshold"]),
            threat_class=c["threat_class"],
            fired=bool(c["fired"]),
            value_text=catalogue.format_value(str(c["indicator"]), _number(c["value"])),
            threshold_text=catalogue.format_value(str(c["indicator"]), float(c["threshold"])),
        )
        for _, c in criteria_frame[criteria_frame["area_id"] == area_id].iterrows()
    ]
    table = analysis.practice_table
    practices = table[table["area_id"] == area_id].sort_values("name")
    return AreaDetailOut(
        area_id=area_id,
        name=str(row["name"]),
        municipality_code=str(row["municipality_code"]),
        municipality_name=_municipality_names(analysis)[str(row["municipality_code"])],
        threat_class=row["threat_class"],
        severity=int(row["severity"]),
        explanation=str(row["explanation"]),
        why=why(
            str(row["threat_class"]),
            criteria_frame[criteria_frame["area_id"] == area_id],
            analysis.assessment.rules.combination,
        ),
        years_until_red=_number(row["years_until_red"]),
        indicators=indicators,
        criteria=criteria,
        practices=[_practice_out(p) for _, p in practices.iterrows()],
        decision=decision_out(decision) if decision is not None else None,
    )


@dataclass(frozen=True)
class PracticeQuery:
    """Filters and order of the practice list (the same for the page, API and exports)."""

    sort: PracticeSortKey = "name"
    order: SortOrder = "asc"
    status: str | None = None
    org_form: str | None = None
    area_id: str | None = None
    municipality_code: str | None = None
    text: str | None = None

    def select(self, table: pd.DataFrame) -> pd.DataFrame:
        mask = pd.Series(True, index=table.index)
        for column in ("status", "org_form", "area_id", "municipality_code"):
            wanted = getattr(self, column)
            if wanted:
                mask &= table[column] == wanted
        if self.text:
            needle = self.text.casefold()
            mask &= table["name"].str.casefold().str.contains(needle, regex=False) | table[
                "provider_number"
            ].str.casefold().str.contains(needle, regex=False)
        return table[mask].sort_values(
            [self.sort, "provider_number"],
            ascending=[self.order == "asc", True],
            na_position="last",
            kind="stable",
        )


def practices_out(table: pd.DataFrame) -> list[PracticeOut]:
    return [_practice_out(row) for _, row in table.iterrows()]


def page_count(total: int, page_size: int) -> int:
    """Pages needed for ``total`` rows (at least one, which may be empty)."""
    return max(1, math.ceil(total / page_size))


def paginate(items: list[T], page: int, page_size: int) -> Page[T]:
    """One page of a list (a page past the end is empty, not an error)."""
    start = (page - 1) * page_size
    return Page[T](
        items=items[start : start + page_size],
        total=len(items),
        page=page,
        page_size=page_size,
        pages=page_count(len(items), page_size),
    )


def record_decision(
    store: Store, analysis: SnapshotAnalysis, decision: DecisionIn, decided_by: str
) -> DecisionRecord:
    """Store a committee decision made by the logged-in user ``decided_by``, with the
    model's class under the rule set in force
    (:func:`praksisplan.threat.run_service.record_decision`, as the CLI's ``decide``)."""
    record, _run = run_service.record_decision(
        store,
        analysis.info.id,
        decision.area_id,
        decision.decided_class,
        decision.reason.strip(),
        decided_by,
        scenario_id=decision.scenario_id,
    )
    return record
