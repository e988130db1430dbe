"""``dataset.toml``, the manifest: what a dataset is and the rules it is analysed with.

The Pydantic models below are the manifest format's single source of truth, as the row models
of :mod:`praksisplan.core.schema` are the tables'; ``docs/data-format.md`` is checked against
both by a test. The age bands the rules name are parsed here too (``parse_age_band``), since
every table with an ``age_band`` column is read against them.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

#: Five-year age bands as published by Statistics Denmark (FOLK1A), the default.
DEFAULT_AGE_BANDS: tuple[str, ...] = (
    *(f"{a}-{a + 4}" for a in range(0, 90, 5)),
    "90+",
)

_BAND_RE = re.compile(r"^(\d{1,3})(?:-(\d{1,3})|\+)$")


def parse_age_band(label: str) -> tuple[int, int | None]:
    """Return ``(first_age, last_age)`` of a band label ``"20-24"`` or ``"90+"`` (last ``None``)."""
    match = _BAND_RE.match(label.strip())
    if match is None:
        raise ValueError(f"aldersgruppen {label!r} har ikke formen 'A-B' eller 'A+'")
    low = int(match.group(1))
    high = int(match.group(2)) if match.group(2) is not None else None
    if high is not None and high < low:
        raise ValueError(f"aldersgruppen {label!r} slutter, før den begynder")
    return low, high


class RegionInfo(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: Annotated[str, Field(pattern=r"^\d{3,4}$", description="Region code, e.g. 1081")]
    name: Annotated[str, Field(min_length=1)]


class RuleParameters(BaseModel):
    """The rules the analysis applies; every one has the legal or agreed default."""

    model_config = ConfigDict(extra="forbid")

    norm: Annotated[
        int, Field(ge=1, description="Listed patients per capacity at which a practice may close")
    ] = 1600
    max_list: Annotated[int, Field(ge=1, description="Maximum listed patients per capacity")] = 2700
    free_choice_radius_km: Annotated[
        float, Field(gt=0, description="Radius of free choice and home visits, km")
    ] = 15.0
    age_bands: Annotated[
        tuple[str, ...], Field(min_length=1, description="Age bands of the population table")
    ] = DEFAULT_AGE_BANDS

    @field_validator("age_bands")
    @classmethod
    def _bands_are_contiguous(cls, bands: tuple[str, ...]) -> tuple[str, ...]:
        expected = 0
        for i, label in enumerate(bands):
            low, high = parse_age_band(label)
            if low != expected:
                raise ValueError(f"aldersgruppen {label!r} skulle begynde ved {expected}")
            if high is None:
                if i != len(bands) - 1:
                    raise ValueError(f"den åbne aldersgruppe {label!r} skal være den sidste")
                return bands
            expected = high + 1
        raise ValueError("den sidste aldersgruppe skal være åben, fx '90+'")

    @model_validator(mode="after")
    def _norm_within_max(self) -> RuleParameters:
        if self.norm > self.max_list:
            raise ValueError("norm må ikke overstige max_list")
        return self


class Manifest(BaseModel):
    """``dataset.toml``: what the dataset is and the rules it is analysed with."""

    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, Field(min_length=1)]
    region: RegionInfo
    reference_date: dt.date
    crs: Annotated[
        str, Field(description="CRS of the x/y columns in the tables, e.g. EPSG:4326")
    ] = "EPSG:4326"
    synthetic: Annotated[bool, Field(description="True for generated (not real) data")] = False
    description: str = ""
    rules: RuleParameters = RuleParameters()
