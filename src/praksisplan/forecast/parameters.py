"""The forecast's parameters, read from a TOML file (the packaged ``parameters.toml``)."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from praksisplan.core.errors import PraksisplanError
from praksisplan.core.settings_messages import danish_message

DEFAULT_PARAMETERS_FILE = "parameters.toml"

Positive = Annotated[float, Field(gt=0, allow_inf_nan=False)]
Share = Annotated[float, Field(ge=0, le=1)]


class ForecastError(PraksisplanError):
    """A forecast that cannot be made; the message names the parameter, file, row or column."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Mortality(_Strict):
    makeham: Annotated[float, Field(ge=0, le=0.1)]
    gompertz_slope: Annotated[float, Field(gt=0, le=0.5)]
    gompertz_level_men: Annotated[float, Field(gt=0, le=0.1)]
    gompertz_level_women: Annotated[float, Field(gt=0, le=0.1)]


class Fertility(_Strict):
    total_fertility_rate: Annotated[float, Field(ge=0, le=10)]
    mean_age: Annotated[float, Field(ge=15, le=49)]
    sd_age: Annotated[float, Field(gt=0, le=20)]
    share_boys: Annotated[float, Field(gt=0, lt=1)]


class Migration(_Strict):
    long_run_weight: Share


class Supply(_Strict):
    draws: Annotated[int, Field(ge=1, le=100_000)]
    seed: Annotated[int, Field(ge=0)]
    new_gps_per_year: Annotated[float, Field(ge=0, le=10_000)]
    share_to_vacant: Share


class Services(_Strict):
    per_weighted_person: Positive
    consultation: Share
    e_consultation: Share
    phone_consultation: Share
    home_visit: Share

    @model_validator(mode="after")
    def _shares_sum_to_one(self) -> Services:
        total = self.consultation + self.e_consultation + self.phone_consultation + self.home_visit
        if abs(total - 1.0) > 1e-6:
            raise ValueError(f"andelene af ydelser skal summe til 1, ikke {total:g}")
        return self

    def kinds(self) -> dict[str, float]:
        return {
            "consultations": self.consultation,
            "e_consultations": self.e_consultation,
            "phone_consultations": self.phone_consultation,
            "home_visits": self.home_visit,
        }


class Threat(_Strict):
    coming_within_years: Annotated[int, Field(ge=1, le=40)]
    coming_min_probability: Share


class ForecastParameters(_Strict):
    mortality: Mortality
    fertility: Fertility
    migration: Migration
    supply: Supply
    services: Services
    threat: Threat


def parse_parameters(text: str, source: str) -> ForecastParameters:
    """Parse and validate parameter TOML; ``source`` names the file in error messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ForecastError(f"{source} er ikke gyldig TOML: {error}") from None
    try:
        return ForecastParameters.model_validate(data)
    except ValidationError as error:
        problems = [
            f"  - {'.'.join(str(p) for p in e['loc']) or '(øverste niveau)'}: "
            + danish_message(e, str(e["loc"][-1]) if e["loc"] else None)
            for e in error.errors(include_url=False)
        ]
        raise ForecastError(
            f"{source} er ikke en gyldig parameterfil for prognosen:\n" + "\n".join(problems)
        ) from None


def load_parameters(path: Path | None = None) -> ForecastParameters:
    """Read a parameter file, or the packaged default when ``path`` is None."""
    if path is None:
        package = resources.files("praksisplan.forecast")
        text = package.joinpath(DEFAULT_PARAMETERS_FILE).read_text("utf-8")
        return parse_parameters(text, DEFAULT_PARAMETERS_FILE)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ForecastError(f"parameterfilen {path} kan ikke læses: {error.strerror}") from None
    return parse_parameters(text, str(path))
