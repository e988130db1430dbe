"""The exchange format: a whole plan as one JSON file, for backup and sharing between regions.

The file is the :class:`~praksisplan.plan.model.Plan` model as JSON (``format`` =
``praksisplan.plan``, ``format_version`` = 1); :func:`plan_json_schema` is its JSON schema,
printed in ``docs/plan-schema.json`` and described in ``docs/plan.md``. Reading validates
everything and reports every problem in Danish with the field's path.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

from praksisplan.core.errors import PraksisplanError
from praksisplan.core.settings_messages import danish_message
from praksisplan.plan.model import Plan


def export_plan(plan: Plan) -> str:
    """The plan as the exchange file's text (UTF-8 JSON, indented, ends with a newline)."""
    return plan.model_dump_json(indent=2) + "\n"


def _path(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc) or "(hele filen)"


def import_plan(text: str, source: str) -> Plan:
    """Read an exchange file's text; raises PraksisplanError naming every broken field."""
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as error:
        raise PraksisplanError(
            f"{source} er ikke gyldig JSON (linje {error.lineno}, kolonne {error.colno}): "
            f"{error.msg}"
        ) from None
    if not isinstance(data, dict) or data.get("format") != "praksisplan.plan":
        raise PraksisplanError(
            f"{source} er ikke en praksisplan-fil (feltet 'format' skal være 'praksisplan.plan')"
        )
    try:
        return Plan.model_validate(data)
    except ValidationError as error:
        problems = [
            f"  {_path(e['loc'])}: " + danish_message(e, str(e["loc"][-1]) if e["loc"] else None)
            for e in error.errors(include_url=False)
        ]
        count = "1 problem" if len(problems) == 1 else f"{len(problems)} problemer"
        raise PraksisplanError(
            f"{source} er ikke en gyldig praksisplan ({count}):\n" + "\n".join(problems)
        ) from None


def plan_json_schema() -> dict[str, Any]:
    """The JSON schema of the exchange file."""
    return Plan.model_json_schema()
