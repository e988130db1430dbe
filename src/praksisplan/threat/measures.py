"""The measures the rules test: the engine's area indicators plus the threat package's own.

The threat package adds two measures per coverage area:

* ``months_region_vacancy_unfilled`` — whole calendar months the area's region-held vacant
  capacity has been advertised at the reference date (NaN when the region holds none);
* ``years_until_red`` — the early warning of :mod:`praksisplan.threat.early_warning`, with
  need held fixed or grown by the population forecast (``early_warning.need``).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from praksisplan.core.dataset import Dataset
from praksisplan.forecast.need_growth import need_growth
from praksisplan.forecast.parameters import ForecastParameters, load_parameters
from praksisplan.threat.early_warning import project_supply_pct, years_until_below
from praksisplan.threat.rules import RuleSet
from praksisplan.threat.vocabulary import MONTHS_REGION_VACANCY_UNFILLED, YEARS_UNTIL_RED


def whole_months_between(start: pd.Series, end: dt.date) -> pd.Series:
    """Completed calendar months from each ``start`` date to ``end`` (negative if later)."""
    dates = pd.to_datetime(start)
    months = (end.year - dates.dt.year) * 12 + (end.month - dates.dt.month)
    return (months - (dates.dt.day > end.day).astype(int)).astype(float)


def months_region_vacancy_unfilled(dataset: Dataset, area_ids: pd.Index) -> pd.Series:
    """Months the oldest region-held vacancy of each area has been advertised."""
    vacancies = dataset.region_vacancies
    months = pd.Series(
        whole_months_between(
            vacancies["advertised_since"], dataset.manifest.reference_date
        ).to_numpy(),
        index=vacancies["area_id"].to_numpy(),
        dtype=float,
    )
    oldest = months.groupby(level=0).max() if len(months) else months
    return oldest.reindex(area_ids).rename(MONTHS_REGION_VACANCY_UNFILLED)


def threat_measures(
    dataset: Dataset,
    indicators: pd.DataFrame,
    rules: RuleSet,
    parameters: ForecastParameters | None = None,
    supply: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The indicator frame with the extra measures added, and the supply projection.

    ``parameters`` are the population forecast's when ``early_warning.need`` is
    ``"forecast"`` (default: the packaged ``forecast/parameters.toml``); ``supply`` is the
    dataset's practice supply, when already known.
    """
    warning = rules.early_warning
    growth = None
    if warning.need == "forecast":
        growth = need_growth(dataset, parameters or load_parameters(), warning.horizon_years)
    projection = project_supply_pct(
        dataset, indicators["supply_pct_of_need"], warning, growth, supply
    )
    years = years_until_below(projection, rules.early_warning.red_below_pct_of_need)
    measures = indicators.assign(
        **{
            MONTHS_REGION_VACANCY_UNFILLED: months_region_vacancy_unfilled(
                dataset, indicators.index
            ).to_numpy(),
            YEARS_UNTIL_RED: years.reindex(indicators.index).to_numpy(dtype=float),
        }
    )
    return measures, projection
