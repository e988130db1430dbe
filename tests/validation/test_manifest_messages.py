"""Pydantic's errors about dataset.toml are worded in Danish; rare kinds keep Pydantic's text."""

from __future__ import annotations

from typing import Any

from praksisplan.core.manifest import Manifest
from praksisplan.validation.issues import IssueCollector
from praksisplan.validation.manifest import parse_manifest

_VALID: dict[str, Any] = {
    "name": "Test",
    "region": {"code": "1081", "name": "Region Nordjylland"},
    "reference_date": "2025-01-01",
    "crs": "EPSG:25832",
}


def _messages(**changes: Any) -> dict[str | None, str]:
    issues = IssueCollector()
    assert parse_manifest({**_VALID, **changes}, "dataset.toml", issues) is None
    return {issue.column: issue.message for issue in issues.issues}


def test_valid_manifest_parses() -> None:
    assert set(_VALID) <= set(Manifest.model_fields)
    issues = IssueCollector()
    assert parse_manifest(_VALID, "dataset.toml", issues) is not None
    assert not issues


def test_common_errors_are_danish() -> None:
    messages = _messages(
        region={"code": "10", "name": "X"},
        rules={"norm": "mange", "free_choice_radius_km": 0, "max_list": 2500.5},
    )
    assert messages == {
        "region.code": r"værdien '10' har et forkert format; forventet på formen ^\d{3,4}$",
        "rules.norm": "værdien 'mange' skal være et helt tal",
        "rules.free_choice_radius_km": "værdien 0 skal være større end 0",
        "rules.max_list": "værdien 2.500,5 skal være et helt tal",
    }


def test_schema_validator_message_is_passed_through() -> None:
    assert _messages(rules={"age_bands": ["0-9", "10-19"]}) == {
        "rules.age_bands": "den sidste aldersgruppe skal være åben, fx '90+'"
    }
