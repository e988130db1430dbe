"""Errors the user sees as one clear message (the CLI prints them without a traceback)."""

from __future__ import annotations

from dataclasses import dataclass

from praksisplan.core.danish_numbers import format_number_da


class PraksisplanError(Exception):
    """A problem caused by input or configuration, explained in plain words."""


@dataclass(frozen=True, order=True)
class ValidationIssue:
    """One broken rule in a dataset: where (file, row, column) and what (rule, message).

    ``row`` is the 1-based data row as a spreadsheet user counts it (header = row 1, so the
    first data row is 2) or ``None`` when the issue concerns a whole file or column.
    """

    file: str
    row: int | None
    column: str | None
    rule: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", række {self.row}"
        if self.column is not None:
            where += f", kolonne '{self.column}'"
        return f"{where}: {self.message} [{self.rule}]"


class DatasetInvalidError(PraksisplanError):
    """A dataset broke one or more rules; carries every issue found, not just the first."""

    def __init__(self, source: str, issues: list[ValidationIssue]) -> None:
        self.source = source
        self.issues = sorted(issues, key=lambda i: (i.file, i.row or 0, i.column or "", i.rule))
        count = len(self.issues)
        problems = f"{format_number_da(count)} {'problem' if count == 1 else 'problemer'}"
        lines = "\n".join(f"  - {issue}" for issue in self.issues)
        super().__init__(f"{source} er ikke et gyldigt datasæt ({problems}):\n{lines}")
