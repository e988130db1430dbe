"""The catalogue of instruments (*virkemidler*) each area status unlocks.

A TOML file of ``[[instrument]]`` tables (``id``, ``status`` — threat classes —, ``title``,
``text``); the packaged default is ``default_instruments.toml``. :func:`instruments_by_area`
lists, for each area of a gross list, the instruments its class unlocks.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Annotated

from pydantic import Field, ValidationError, field_validator

from praksisplan.core.errors import PraksisplanError
from praksisplan.core.settings_messages import danish_message
from praksisplan.plan.model import Frozen, Key, Text

DEFAULT_CATALOGUE = "default_instruments.toml"
#: The area statuses (threat classes) an instrument may be unlocked by.
AREA_STATUSES = ("red", "yellow", "green")


class Instrument(Frozen):
    id: Key
    status: Annotated[list[str], Field(min_length=1)]
    title: Text
    text: str = ""

    @field_validator("status")
    @classmethod
    def _known_statuses(cls, value: list[str]) -> list[str]:
        unknown = [s for s in value if s not in AREA_STATUSES]
        if unknown:
            raise ValueError(f"ukendt områdestatus '{unknown[0]}'; brug {', '.join(AREA_STATUSES)}")
        return value


class InstrumentCatalogue(Frozen):
    instrument: list[Instrument]

    def for_status(self, status: str) -> list[Instrument]:
        return [i for i in self.instrument if status in i.status]


def parse_catalogue(text: str, source: str) -> InstrumentCatalogue:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise PraksisplanError(f"{source} er ikke gyldig TOML: {error}") from None
    try:
        catalogue = InstrumentCatalogue.model_validate(data)
    except ValidationError as error:
        problems = [
            f"  {'.'.join(str(p) for p in e['loc'])}: "
            + danish_message(e, str(e["loc"][-1]) if e["loc"] else None)
            for e in error.errors(include_url=False)
        ]
        raise PraksisplanError(
            f"{source} er ikke et gyldigt katalog over virkemidler:\n" + "\n".join(problems)
        ) from None
    ids = [i.id for i in catalogue.instrument]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise PraksisplanError(f"{source}: virkemidlet '{duplicates[0]}' står der flere gange")
    return catalogue


def load_catalogue(path: Path | None = None) -> InstrumentCatalogue:
    """Read a catalogue file, or the packaged default when ``path`` is None."""
    if path is None:
        text = resources.files("praksisplan.plan").joinpath(DEFAULT_CATALOGUE).read_text("utf-8")
        return parse_catalogue(text, DEFAULT_CATALOGUE)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise PraksisplanError(f"Kataloget {path} kan ikke læses: {error.strerror}") from None
    return parse_catalogue(text, str(path))


def instruments_by_area(
    catalogue: InstrumentCatalogue, area_classes: Mapping[str, str]
) -> dict[str, list[Instrument]]:
    """For each area id (with its threat class) the instruments its class unlocks."""
    return {area: catalogue.for_status(status) for area, status in area_classes.items()}


@cache
def default_catalogue() -> InstrumentCatalogue:
    """The packaged catalogue, read once."""
    return load_catalogue()
