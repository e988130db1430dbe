"""docs/data-format.md mentions every table and column of the schema, and every rule id."""

from __future__ import annotations

import re
from pathlib import Path

from corpus.broken import BROKEN_CASES
from praksisplan.core.manifest import Manifest, RuleParameters
from praksisplan.core.schema import ALL_TABLES

DOC = Path(__file__).parents[2] / "docs" / "data-format.md"


def test_doc_mentions_every_table_and_column() -> None:
    text = DOC.read_text(encoding="utf-8")
    for model in ALL_TABLES:
        section = re.search(rf"^### `{model.table}`.*?(?=^### |\Z)", text, re.M | re.S)
        assert section is not None, f"no section for {model.table}"
        for column in model.model_fields:
            assert f"`{column}`" in section.group(0), f"{model.table}.{column} undocumented"


def test_doc_mentions_every_manifest_setting_and_rule_id() -> None:
    text = DOC.read_text(encoding="utf-8")
    for name in [*Manifest.model_fields, *RuleParameters.model_fields]:
        assert f"`{name}`" in text, name
    for rule in {case.rule for case in BROKEN_CASES}:
        assert f"`{rule}`" in text, rule
