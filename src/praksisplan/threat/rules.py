"""Rule sets: which criteria make a coverage area red or yellow, read from a TOML file.

A rule set is validated with Pydantic; any problem is reported as one
:class:`RuleSetInvalidError` naming the file and the key (``criteria[2].threshold``), and an
unknown indicator is reported with the criterion's id and the list of valid indicators.
The packaged default is ``default_rules.toml`` next to this module; its rationale is in
``docs/threat-rules.md``.
"""

from __future__ import annotations

import string
import tomllib
from enum import StrEnum
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Annotated, Any, Literal

import tomli_w
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from praksisplan.core.errors import PraksisplanError
from praksisplan.core.settings_messages import danish_message
from praksisplan.threat.vocabulary import INDICATOR_UNITS, YEARS_UNTIL_RED

DEFAULT_RULES_FILE = "default_rules.toml"


class ThreatClass(StrEnum):
    RED = "red"
    YELLOW = "yellow"
    GREEN = "green"


#: Rank of a class for sorting and comparison (higher = more threatened).
CLASS_RANK: dict[ThreatClass, int] = {
    ThreatClass.GREEN: 0,
    ThreatClass.YELLOW: 1,
    ThreatClass.RED: 2,
}

Comparison = Literal["<", "<=", ">", ">="]
NeedBasis = Literal["fixed", "forecast"]


class RuleSetInvalidError(PraksisplanError):
    """A rule file that cannot be used; the message names the file and the key."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


#: Which areas a criterion tests: every area, or only those on an island (or the mainland).
AppliesTo = Literal["all", "island", "mainland"]


class Criterion(_Strict):
    """One test: ``indicator comparison threshold`` makes the area ``threat_class``."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
    label: Annotated[str, Field(min_length=1, description="Short Danish name of the criterion")]
    indicator: str
    comparison: Comparison
    threshold: Annotated[float, Field(allow_inf_nan=False)]
    threat_class: Annotated[Literal["red", "yellow"], Field(alias="class")]
    applies_to: Annotated[
        AppliesTo,
        Field(description="Which areas the criterion tests: all, island or mainland ones"),
    ] = "all"
    template: Annotated[
        str,
        Field(min_length=1, description="Danish sentence; may use {value} and {threshold}"),
    ]

    @field_validator("indicator")
    @classmethod
    def _known_indicator(cls, indicator: str) -> str:
        if indicator not in INDICATOR_UNITS:
            valid = ", ".join(sorted(INDICATOR_UNITS))
            raise ValueError(f"ukendt indikator '{indicator}'; gyldige indikatorer: {valid}")
        return indicator

    @field_validator("template")
    @classmethod
    def _known_placeholders(cls, template: str) -> str:
        try:
            names = {field for _, field, _, _ in string.Formatter().parse(template) if field}
        except ValueError as error:
            raise ValueError(f"skabelonen er ikke en gyldig formatstreng: {error}") from None
        unknown = names - {"value", "threshold"}
        if unknown:
            raise ValueError(
                f"skabelonen bruger ukendte pladsholdere {sorted(unknown)}; "
                "kun {value} og {threshold} er tilladt"
            )
        return template


class Combination(_Strict):
    """How fired criteria combine into a class.

    Red when at least ``min_red_criteria`` red criteria fire; otherwise yellow when at least
    ``min_criteria_for_yellow`` criteria of either class fire; otherwise green.
    """

    min_red_criteria: Annotated[int, Field(ge=1)] = 1
    min_criteria_for_yellow: Annotated[int, Field(ge=1)] = 1


class RetirementCurve(_Strict):
    """Cumulative share of GPs who have retired by each age (linear in between).

    Below the first age nobody has retired; above the last age the share stays at its last
    value.
    """

    ages: Annotated[list[int], Field(min_length=1)]
    cumulative_retired: Annotated[list[float], Field(min_length=1)]

    @model_validator(mode="after")
    def _monotone(self) -> RetirementCurve:
        if len(self.ages) != len(self.cumulative_retired):
            raise ValueError("ages og cumulative_retired skal have lige mange elementer")
        if any(b <= a for a, b in pairwise(self.ages)):
            raise ValueError("ages skal være stigende")
        shares = self.cumulative_retired
        if any(not 0.0 <= p <= 1.0 for p in shares):
            raise ValueError("værdierne i cumulative_retired skal ligge mellem 0 og 1")
        if any(b < a for a, b in pairwise(shares)):
            raise ValueError("cumulative_retired må ikke falde med alderen")
        return self


class EarlyWarning(_Strict):
    """Projection of supply with GP retirements, source of ``years_until_red``."""

    horizon_years: Annotated[int, Field(ge=1, le=40)] = 10
    red_below_pct_of_need: Annotated[float, Field(gt=0, allow_inf_nan=False)] = 75.0
    #: ``fixed``: need held at the reference date; ``forecast``: need grows with the
    #: population forecast (docs/threat-rules.md, docs/forecast.md). ``fixed`` is the
    #: model's default so that rule sets written before the key existed keep their meaning;
    #: the packaged rule set says ``forecast``.
    need: NeedBasis = "fixed"
    retirement: RetirementCurve


class RuleSet(_Strict):
    """A complete, validated rule set."""

    name: Annotated[str, Field(min_length=1)]
    description: str = ""
    combination: Combination = Combination()
    early_warning: EarlyWarning
    criteria: Annotated[list[Criterion], Field(min_length=1)]

    @model_validator(mode="after")
    def _consistent(self) -> RuleSet:
        ids = [c.id for c in self.criteria]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"kriteriernes id skal være entydige; gentaget: {duplicates}")
        horizon = self.early_warning.horizon_years
        for criterion in self.criteria:
            if criterion.indicator == YEARS_UNTIL_RED and criterion.threshold > horizon:
                raise ValueError(
                    f"kriteriet '{criterion.id}' tester years_until_red mod "
                    f"{criterion.threshold:g} år, ud over early_warning.horizon_years = {horizon}"
                )
        return self

    def with_need(self, need: NeedBasis) -> RuleSet:
        """This rule set with the early warning's need basis set to ``need``."""
        warning = self.early_warning.model_copy(update={"need": need})
        return self.model_copy(update={"early_warning": warning})

    def criteria_of(self, threat_class: ThreatClass) -> list[Criterion]:
        return [c for c in self.criteria if c.threat_class == threat_class]

    def to_toml(self) -> str:
        """The rule set as TOML text; :func:`parse_rules` of it gives an equal rule set.

        A criterion's ``applies_to`` is left out where it is the default ``"all"``, and the
        early warning's ``need`` where it is the default ``"fixed"``, so rule sets written
        before they existed keep their identity (:func:`threat.runs.rules_sha256`)."""
        data = self.model_dump(mode="json", by_alias=True)
        if data["early_warning"]["need"] == "fixed":
            del data["early_warning"]["need"]
        for criterion in data["criteria"]:
            if criterion["applies_to"] == "all":
                del criterion["applies_to"]
        return tomli_w.dumps(data)


def _location(loc: tuple[int | str, ...], data: Any) -> str:
    """``("criteria", 2, "threshold")`` → ``"criteria[2] (id 'x').threshold"``."""
    text = ""
    node = data
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
            if isinstance(node, list) and 0 <= part < len(node):
                node = node[part]
                if isinstance(node, dict) and "id" in node:
                    text += f" (id {node['id']!r})"
            continue
        text += f".{part}" if text else str(part)
        node = node.get(part) if isinstance(node, dict) else None
    return text or "(øverste niveau)"


def parse_rules(text: str, source: str) -> RuleSet:
    """Parse and validate rule-set TOML; ``source`` names the file in error messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RuleSetInvalidError(f"{source} er ikke gyldig TOML: {error}") from None
    try:
        return RuleSet.model_validate(data)
    except ValidationError as error:
        problems = [
            f"  - {_location(tuple(e['loc']), data)}: "
            + danish_message(e, str(e["loc"][-1]) if e["loc"] else None)
            for e in error.errors(include_url=False)
        ]
        count = "1 problem" if len(problems) == 1 else f"{len(problems)} problemer"
        raise RuleSetInvalidError(
            f"{source} er ikke et gyldigt regelsæt ({count}):\n" + "\n".join(problems)
        ) from None


def load_rules(path: Path | None) -> RuleSet:
    """Read a rule file, or the packaged default when ``path`` is None."""
    if path is None:
        text = resources.files("praksisplan.threat").joinpath(DEFAULT_RULES_FILE).read_text("utf-8")
        return parse_rules(text, DEFAULT_RULES_FILE)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise RuleSetInvalidError(f"regelfilen {path} kan ikke læses: {error.strerror}") from None
    return parse_rules(text, str(path))
