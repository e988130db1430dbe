"""Column specifications derived from the row models of :mod:`praksisplan.core.schema`.

Nothing here lists a column by hand: each :class:`ColumnSpec` is read off a Pydantic field
(its type, whether it is required, its ``ge``/``gt``/``le``/``lt``/``pattern``/length
constraints and, for enums, its choices), so the validator follows the schema automatically.
"""

from __future__ import annotations

import datetime as dt
import types
from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import annotated_types
from pydantic.fields import FieldInfo

from praksisplan.core.danish_numbers import format_amount_da
from praksisplan.core.schema import TableRow

ColumnKind = Literal["str", "int", "float", "date", "choice"]


@dataclass(frozen=True)
class ColumnSpec:
    """What values a column may hold."""

    name: str
    kind: ColumnKind
    required: bool
    description: str | None = None
    ge: float | None = None
    gt: float | None = None
    le: float | None = None
    lt: float | None = None
    pattern: str | None = None
    min_length: int | None = None
    max_length: int | None = None
    choices: tuple[str, ...] = ()

    def describe(self) -> str:
        """The allowed values in plain Danish words, e.g. ``"et tal ≥ 0 og ≤ 50"``."""
        noun = {
            "str": "tekst",
            "int": "et helt tal",
            "float": "et tal",
            "date": "en dato (ÅÅÅÅ-MM-DD)",
            "choice": "en af " + ", ".join(self.choices),
        }[self.kind]
        bounds = [
            f"{symbol} {format_amount_da(value, 6)}"
            for symbol, value in ((">", self.gt), ("≥", self.ge), ("<", self.lt), ("≤", self.le))
            if value is not None
        ]
        if self.pattern is not None:
            bounds.append(f"på formen {self.pattern}")
        if self.min_length is not None and self.min_length > 1:
            bounds.append(f"mindst {self.min_length} tegn")
        if self.max_length is not None:
            bounds.append(f"højst {self.max_length} tegn")
        return noun + ("" if not bounds else " " + " og ".join(bounds))


def _strip_optional(annotation: Any) -> tuple[Any, bool]:
    """``X | None`` → ``(X, True)``; anything else → ``(annotation, False)``."""
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return annotation, False


def _unwrap(annotation: Any) -> tuple[Any, list[Any]]:
    """The bare type of an annotation and the constraint metadata found on the way."""
    metadata: list[Any] = []
    while get_origin(annotation) is Annotated:
        base, *extra = get_args(annotation)
        for item in extra:
            metadata.extend(item.metadata if isinstance(item, FieldInfo) else [item])
        annotation = base
    return annotation, metadata


def _kind_of(base: Any) -> tuple[ColumnKind, tuple[str, ...]]:
    if isinstance(base, type) and issubclass(base, Enum):
        return "choice", tuple(str(member.value) for member in base)
    if get_origin(base) is Literal:
        return "choice", tuple(str(arg) for arg in get_args(base))
    if base is bool:
        return "choice", ("true", "false")
    kinds: dict[Any, ColumnKind] = {str: "str", int: "int", float: "float", dt.date: "date"}
    if base not in kinds:
        raise TypeError(f"no column kind for type {base!r}")
    return kinds[base], ()


def spec_of(name: str, field: FieldInfo) -> ColumnSpec:
    inner, optional = _strip_optional(field.annotation)
    base, metadata = _unwrap(inner)
    kind, choices = _kind_of(base)
    constraints: dict[str, Any] = {}
    for item in [*field.metadata, *metadata]:
        if isinstance(item, annotated_types.Ge):
            constraints["ge"] = item.ge
        elif isinstance(item, annotated_types.Gt):
            constraints["gt"] = item.gt
        elif isinstance(item, annotated_types.Le):
            constraints["le"] = item.le
        elif isinstance(item, annotated_types.Lt):
            constraints["lt"] = item.lt
        elif isinstance(item, annotated_types.MinLen):
            constraints["min_length"] = item.min_length
        elif isinstance(item, annotated_types.MaxLen):
            constraints["max_length"] = item.max_length
        elif getattr(item, "pattern", None) is not None:
            constraints["pattern"] = item.pattern
    return ColumnSpec(
        name=name,
        kind=kind,
        required=field.is_required() and not optional,
        description=field.description,
        choices=choices,
        **constraints,
    )


@cache
def column_specs(row_model: type[TableRow]) -> tuple[ColumnSpec, ...]:
    """Specs of a table's columns, in file order."""
    return tuple(spec_of(name, field) for name, field in row_model.model_fields.items())
