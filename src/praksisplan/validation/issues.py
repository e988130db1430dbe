"""Collecting validation issues, row-wise from boolean masks without Python loops."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from praksisplan.core.danish_numbers import format_number_da
from praksisplan.core.errors import ValidationIssue
from praksisplan.validation.raw import RawTable

#: Rows listed individually per file, column and rule; the rest are summarised in one issue.
ROWS_LISTED_PER_RULE = 50


class IssueCollector:
    """Accumulates issues; a rule broken in many rows lists the first ones and counts the rest."""

    def __init__(self) -> None:
        self.issues: list[ValidationIssue] = []

    def add(self, file: str, row: int | None, column: str | None, rule: str, message: str) -> None:
        self.issues.append(ValidationIssue(file, row, column, rule, message))

    def add_rows(
        self,
        table: RawTable,
        mask: npt.ArrayLike,
        column: str | None,
        rule: str,
        message: Callable[[int], str],
    ) -> None:
        """One issue per row where ``mask`` is true; ``message(position)`` words it."""
        positions = np.flatnonzero(np.asarray(mask, dtype=bool))
        for position in positions[:ROWS_LISTED_PER_RULE]:
            self.add(table.file, table.first_row + int(position), column, rule, message(position))
        hidden = len(positions) - ROWS_LISTED_PER_RULE
        if hidden > 0:
            self.add(
                table.file,
                None,
                column,
                rule,
                f"yderligere {format_number_da(hidden)} rækker bryder denne regel (kun de "
                f"første {format_number_da(ROWS_LISTED_PER_RULE)} vises)",
            )

    def __bool__(self) -> bool:
        return bool(self.issues)
