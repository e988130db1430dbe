"""Population by municipality, sex and age band for every year to the horizon.

Two models (docs/forecast.md):

* ``cohort`` — the cohort-component model of :mod:`praksisplan.forecast.cohort` from the
  dataset's population, with net migration estimated from ``population_history``;
* ``official`` — the dataset's ``population_projection``: its municipal totals per year and
  band are met exactly; years between the reference date and the projected years are
  interpolated linearly; inside a band the single ages follow the cohort model's shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from praksisplan.core.dataset import Dataset
from praksisplan.forecast.cohort import Rates, project
from praksisplan.forecast.demography import (
    FloatArray,
    band_matrix,
    split_by_shape,
    split_to_ages,
    survivors,
)
from praksisplan.forecast.migration import estimate_migration, to_sexes
from praksisplan.forecast.parameters import ForecastError, ForecastParameters
from praksisplan.forecast.tables import base_by_band, municipality_codes, table_by_band

Model = Literal["official", "cohort"]
MODELS: tuple[Model, ...] = ("official", "cohort")


@dataclass(frozen=True)
class PopulationForecast:
    """Persons ``(years, municipalities, 2, bands)`` in the manifest's bands (sex axis women,
    men) and in single ages ``(years, municipalities, 2, ages)``. ``births``, ``deaths`` and
    ``net_migration`` ``(years − 1, municipalities)`` are the cohort model's components."""

    model: Model
    years: list[int]
    municipality_codes: list[str]
    bands: list[str]
    persons: FloatArray
    single_ages: FloatArray
    births: FloatArray
    deaths: FloatArray
    net_migration: FloatArray


def default_model(dataset: Dataset) -> Model:
    """``official`` when the dataset has a projection, else ``cohort``."""
    return "official" if len(dataset.population_projection) else "cohort"


def base_single_ages(dataset: Dataset, parameters: ForecastParameters) -> FloatArray:
    """The reference population spread over single ages in proportion to ``l(x)``."""
    bands = list(dataset.manifest.rules.age_bands)
    by_band = base_by_band(dataset)
    lx = survivors(parameters.mortality)
    return np.stack([split_to_ages(by_band[:, s, :], bands, lx[s]) for s in (0, 1)], axis=1)


def forecast_population(
    dataset: Dataset,
    parameters: ForecastParameters,
    horizon: int,
    model: Model | None = None,
) -> PopulationForecast:
    """The population forecast of ``dataset`` from its reference year to ``horizon``."""
    chosen = model or default_model(dataset)
    reference = dataset.reference_year
    if horizon < reference:
        raise ForecastError(
            f"--horizon {horizon} ligger før referencedatoens år {reference}; "
            "vælg et år fra og med referenceåret"
        )
    if chosen not in MODELS:
        raise ForecastError(f"--model {chosen!r}: vælg official eller cohort")
    codes = municipality_codes(dataset)
    base = base_single_ages(dataset, parameters)
    history = table_by_band(dataset.population_history, codes, "population_history", complete=False)
    migration = estimate_migration(base, reference, history, parameters)
    steps = project(base, Rates.from_parameters(parameters, migration), horizon - reference)
    cohort = np.stack([base, *(s.population for s in steps)])
    if chosen == "official":
        cohort = _official(dataset, parameters, cohort, horizon)
    bands = list(dataset.manifest.rules.age_bands)
    n = len(codes)
    empty = np.zeros((0, n))
    return PopulationForecast(
        model=chosen,
        years=list(range(reference, horizon + 1)),
        municipality_codes=codes,
        bands=bands,
        persons=cohort @ band_matrix(bands).T,
        single_ages=cohort,
        births=np.array([s.births for s in steps]) if steps else empty,
        deaths=np.array([s.deaths for s in steps]) if steps else empty,
        net_migration=np.array([s.net_migration for s in steps]) if steps else empty,
    )


def interpolation_weights(year: int, known: list[int]) -> tuple[int, int, float]:
    """The known years either side of ``year`` and the weight of the later one (linear)."""
    later = next(k for k in known if k >= year)
    if later == year:
        return later, later, 1.0
    earlier = max(k for k in known if k < year)
    return earlier, later, (year - earlier) / (later - earlier)


def _official(
    dataset: Dataset, parameters: ForecastParameters, cohort: FloatArray, horizon: int
) -> FloatArray:
    if len(dataset.population_projection) == 0:
        raise ForecastError(
            "--model official: datasættet har ingen tabel population_projection; "
            "brug --model cohort"
        )
    codes = municipality_codes(dataset)
    table = table_by_band(dataset.population_projection, codes, "population_projection")
    years = sorted(table)
    reference = dataset.reference_year
    if horizon > years[-1]:
        raise ForecastError(
            f"--horizon {horizon} ligger efter population_projection's sidste år {years[-1]}"
        )
    bands, _, has_sex = table[years[0]]
    for year in years:
        if table[year][0] != bands or table[year][2] != has_sex:
            raise ForecastError(
                f"population_projection: år {year} har andre aldersgrupper (kolonne age_band) "
                f"eller køn end år {years[0]}"
            )
    membership = band_matrix(bands)
    targets = {y: p for y, (_, p, _) in table.items() if y > reference}
    at_reference = cohort[0] @ membership.T
    if not has_sex:  # a table without sex keeps its totals on the first sex row
        at_reference = np.stack([at_reference.sum(axis=1), np.zeros_like(at_reference[:, 0])], 1)
    targets[reference] = at_reference
    known = sorted(targets)
    fallback = np.broadcast_to(survivors(parameters.mortality)[None], cohort.shape[1:])
    result = cohort.copy()
    for k in range(1, cohort.shape[0]):
        year = reference + k
        earlier, later, weight = interpolation_weights(year, known)
        target = (1.0 - weight) * targets[earlier] + weight * targets[later]
        if not has_sex:  # keep the cohort model's sex split of the interpolated total
            target = to_sexes(target, False, bands, cohort[k])
        result[k] = split_by_shape(target, bands, cohort[k], fallback)
    return result
