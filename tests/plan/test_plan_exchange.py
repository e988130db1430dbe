"""The exchange file: export → import gives the identical plan; bad files refused in Danish."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from plan_builders import consulted_plan

from praksisplan.core.errors import PraksisplanError
from praksisplan.plan.exchange import export_plan, import_plan, plan_json_schema

SCHEMA_FILE = Path(__file__).parents[2] / "docs" / "plan-schema.json"


def test_export_then_import_gives_the_identical_plan() -> None:
    plan = consulted_plan()
    text = export_plan(plan)
    again = import_plan(text, "plan.json")
    assert again == plan
    assert export_plan(again) == text
    data = json.loads(text)
    assert (data["format"], data["format_version"], len(data["versions"])) == (
        "praksisplan.plan",
        1,
        7,
    )
    assert data["consultations"][0]["responses"][0]["attachments"][0]["filename"] == "svar.pdf"


def test_the_documented_schema_is_the_models_schema() -> None:
    assert json.loads(SCHEMA_FILE.read_text("utf-8")) == plan_json_schema()


def test_broken_files_name_the_field_and_the_rule() -> None:
    data = json.loads(export_plan(consulted_plan()))
    data["versions"][6]["content"]["goals"][0]["initiatives"][0]["end"] = "2020-01-01"
    data["period_start"] = "tyve"
    del data["title"]
    with pytest.raises(PraksisplanError) as error:
        import_plan(json.dumps(data), "plan.json")
    message = str(error.value)
    assert message.startswith("plan.json er ikke en gyldig praksisplan (3 problemer):")
    assert "  title: indstillingen 'title' mangler" in message
    assert "  period_start: værdien 'tyve'" in message
    assert (
        "  versions.6.content.goals.0.initiatives.0: indsatsens slutdato ligger før dens startdato"
    ) in message
    with pytest.raises(PraksisplanError, match="ikke gyldig JSON \\(linje 1"):
        import_plan("{", "plan.json")
    with pytest.raises(PraksisplanError, match="ikke en praksisplan-fil"):
        import_plan('{"format": "noget andet"}', "plan.json")
