"""Pydantic's validation errors in plain Danish, for settings files people write by hand.

Used for ``dataset.toml`` and for threat rule files. The common error kinds get Danish
wording; rarer kinds keep Pydantic's own (English) message.
"""

from __future__ import annotations

from typing import Any

from pydantic_core import ErrorDetails

from praksisplan.core.danish_numbers import format_amount_da

_DATE = "skal være en dato (ÅÅÅÅ-MM-DD)"
_WHOLE = "skal være et helt tal"
_NUMBER = "skal være et tal"
_BOOLEAN = "skal være true eller false"

#: Danish wording of the common Pydantic error types, said of the given value; ``{...}`` are
#: filled from the error's context. Rarer types keep Pydantic's own (English) message.
_PROBLEM_OF_ERROR = {
    "greater_than": "skal være større end {gt}",
    "greater_than_equal": "skal være mindst {ge}",
    "less_than": "skal være mindre end {lt}",
    "less_than_equal": "må højst være {le}",
    "string_pattern_mismatch": "har et forkert format; forventet på formen {pattern}",
    "string_too_short": "skal have mindst {min_length} tegn",
    "string_too_long": "må højst have {max_length} tegn",
    "too_short": "skal have mindst {min_length} elementer",
    "too_long": "må højst have {max_length} elementer",
    "string_type": "skal være tekst",
    "int_parsing": _WHOLE,
    "int_type": _WHOLE,
    "int_from_float": _WHOLE,
    "float_parsing": _NUMBER,
    "float_type": _NUMBER,
    "bool_parsing": _BOOLEAN,
    "bool_type": _BOOLEAN,
    "date_parsing": _DATE,
    "date_type": _DATE,
    "date_from_datetime_parsing": _DATE,
    "date_from_datetime_inexact": _DATE,
    "list_type": "skal være en liste",
    "tuple_type": "skal være en liste",
    "model_type": "skal være en sektion med indstillinger",
    "dict_type": "skal være en sektion med indstillinger",
}


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format_amount_da(value, 6)
    return repr(value)


def danish_message(detail: ErrorDetails, field: str | None) -> str:
    """The Danish message for one Pydantic error about the setting ``field``."""
    kind = detail["type"]
    context = detail.get("ctx", {})
    if kind == "missing":
        return f"indstillingen '{field}' mangler"
    if kind == "extra_forbidden":
        return f"'{field}' er ikke en kendt indstilling"
    if kind == "value_error" and "error" in context:
        return str(context["error"])  # the models' own validators word these in Danish
    problem = _PROBLEM_OF_ERROR.get(kind)
    if problem is None:
        return detail["msg"]
    filled = problem.format(
        **{
            name: format_amount_da(value, 6) if isinstance(value, int | float) else value
            for name, value in context.items()
        }
    )
    return f"værdien {_shown(detail['input'])} {filled}"
