"""What the assessing and the deciding commands share (``threat_commands`` and
``decision_commands``): the rule-file, format and output options, and how a result with
class columns is written for people."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from praksisplan.core.vocabulary import CLASS_WORDS
from praksisplan.table_format import FORMAT_HELP, TableFormat

if TYPE_CHECKING:
    import pandas as pd

RulesOption = Annotated[
    Path | None,
    typer.Option(
        "--rules",
        exists=True,
        dir_okay=False,
        help="Rule file (TOML); default: the packaged rule set (docs/threat-rules.md).",
    ),
]
FormatOption = Annotated[TableFormat, typer.Option("--format", help=FORMAT_HELP)]
OutOption = Annotated[
    Path | None, typer.Option("--out", help="Write to FILE instead of the terminal.")
]


def classes_in_danish(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The class columns ``columns`` as Danish words (rød, gul, grøn; "–" for none)."""
    return frame.assign(**{c: frame[c].map(CLASS_WORDS).fillna("–") for c in columns})


def write_result(
    assessment_table: pd.DataFrame,
    full: pd.DataFrame,
    fmt: TableFormat,
    out: Path | None,
    title: str,
) -> None:
    """The Danish table ``assessment_table`` in the terminal, else every column ``full`` to
    the file format asked for."""
    from praksisplan.tables import write_table

    write_table(assessment_table if fmt is TableFormat.TABLE else full, fmt, out, title=title)
