"""The cohort-component model: one year at a time, by municipality, sex and single age.

A step from 1 January of year ``t`` to 1 January of ``t + 1``, for every municipality:

1. **Survival**: persons aged ``x`` become ``x + 1`` with probability ``S(x)``; the open last
   age keeps its survivors as well.
2. **Births**: women aged ``x`` bear ``f(x)`` children; a share ``share_boys`` are boys; a
   newborn is alive on 1 January with probability ``S_birth`` (half a year of exposure).
3. **Net migration**: the survivors at each new age grow by the municipality's annual net
   migration rate of that age (negative for net emigration).

Deaths are ``start − survivors`` plus the births that die, so the balancing equation
``end = start + births − deaths + net migration`` holds exactly for every municipality and year.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from praksisplan.forecast.demography import (
    FEMALE,
    FloatArray,
    birth_survival,
    fertility_rates,
    survival,
)
from praksisplan.forecast.parameters import ForecastParameters


@dataclass(frozen=True)
class Rates:
    """The model's rates: ``survival`` and ``migration`` are ``(2, ages)`` or
    ``(municipalities, 2, ages)``; ``fertility`` is per woman by age."""

    survival: FloatArray
    birth_survival: FloatArray
    fertility: FloatArray
    share_boys: float
    migration: FloatArray

    @classmethod
    def from_parameters(cls, parameters: ForecastParameters, migration: FloatArray) -> Rates:
        return cls(
            survival=survival(parameters.mortality),
            birth_survival=birth_survival(parameters.mortality),
            fertility=fertility_rates(parameters.fertility),
            share_boys=parameters.fertility.share_boys,
            migration=migration,
        )


@dataclass(frozen=True)
class Step:
    """One year's result: the new population and the components per municipality."""

    population: FloatArray
    births: FloatArray
    deaths: FloatArray
    net_migration: FloatArray


def step(population: FloatArray, rates: Rates) -> Step:
    """Advance ``population`` ``(municipalities, 2, ages)`` by one year."""
    survived = population * rates.survival
    aged = np.zeros_like(population)
    aged[..., 1:] = survived[..., :-1]
    aged[..., -1] += survived[..., -1]
    births = population[:, FEMALE, :] @ rates.fertility
    # women first, as on the sex axis
    by_sex = np.stack([births * (1.0 - rates.share_boys), births * rates.share_boys], axis=1)
    newborn = by_sex * rates.birth_survival[None, :]
    aged[..., 0] = newborn
    migrants = aged * rates.migration
    end = aged + migrants
    deaths = (population - survived).sum(axis=(1, 2)) + (by_sex - newborn).sum(axis=1)
    return Step(end, births, deaths, migrants.sum(axis=(1, 2)))


def project(population: FloatArray, rates: Rates, years: int) -> list[Step]:
    """``years`` steps from ``population``; element ``k`` is 1 January of start + k + 1."""
    steps = []
    current = population
    for _ in range(years):
        result = step(current, rates)
        steps.append(result)
        current = result.population
    return steps
