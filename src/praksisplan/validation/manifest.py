"""Checking ``dataset.toml``: Pydantic's errors as Danish issues naming the field."""

from __future__ import annotations

from typing import Any

import pyproj
from pydantic import ValidationError

from praksisplan.core.manifest import Manifest
from praksisplan.core.settings_messages import danish_message
from praksisplan.validation.issues import IssueCollector

#: Pydantic error types → rule ids of :class:`~praksisplan.core.errors.ValidationIssue`.
_RULE_OF_ERROR = {
    "missing": "required",
    "extra_forbidden": "unknown-field",
    "string_pattern_mismatch": "format",
    "string_too_short": "length",
    "too_short": "length",
    "greater_than": "range",
    "greater_than_equal": "range",
    "less_than": "range",
    "less_than_equal": "range",
}


def parse_manifest(data: dict[str, Any], file: str, issues: IssueCollector) -> Manifest | None:
    """The manifest, or ``None`` with every problem of it added to ``issues``."""
    try:
        manifest = Manifest.model_validate(data)
    except ValidationError as error:
        for detail in error.errors(include_url=False):
            field = ".".join(str(part) for part in detail["loc"]) or None
            rule = _RULE_OF_ERROR.get(
                detail["type"], "type" if "parsing" in detail["type"] else "invalid"
            )
            issues.add(file, None, field, rule, danish_message(detail, field))
        return None
    try:
        pyproj.CRS.from_user_input(manifest.crs)
    except pyproj.exceptions.CRSError:
        issues.add(file, None, "crs", "crs", f"'{manifest.crs}' er ikke et kendt koordinatsystem")
        return None
    return manifest
