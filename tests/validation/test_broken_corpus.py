"""Every case of the broken-dataset corpus is rejected with its rule, message and location."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.broken import BROKEN_CASES, BrokenCase
from praksisplan.core.errors import DatasetInvalidError, ValidationIssue
from praksisplan.dataset_io import read_dataset, validate_path


def _matches(issue: ValidationIssue, case: BrokenCase) -> bool:
    return (
        issue.rule == case.rule
        and case.message_contains in issue.message
        and (case.file is None or issue.file == case.file)
        and (case.row is None or issue.row == case.row)
        and (case.column is None or issue.column == case.column)
    )


def test_corpus_is_large_and_names_are_unique() -> None:
    assert len(BROKEN_CASES) >= 30
    assert len({case.name for case in BROKEN_CASES}) == len(BROKEN_CASES)
    assert len({case.rule for case in BROKEN_CASES}) >= 25


@pytest.mark.parametrize("case", BROKEN_CASES, ids=lambda case: case.name)
def test_broken_case_is_rejected(case: BrokenCase, tmp_path: Path) -> None:
    target = tmp_path / "broken"
    case.make(target)
    files_before = sorted(p.relative_to(target) for p in target.rglob("*"))

    issues = validate_path(target)

    assert any(_matches(issue, case) for issue in issues), "\n".join(map(str, issues))
    with pytest.raises(DatasetInvalidError) as raised:
        read_dataset(target)
    assert any(_matches(issue, case) for issue in raised.value.issues)
    # validation and reading write nothing
    assert sorted(p.relative_to(target) for p in target.rglob("*")) == files_before
