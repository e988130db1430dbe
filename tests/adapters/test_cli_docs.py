"""docs/cli.md is in step with the CLI: one section per command of the Typer definitions,
with the command's summary line (its --help) and every option, and no section for a command
that does not exist."""

from __future__ import annotations

import inspect
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import typer

from praksisplan.cli.main import app

DOC = Path(__file__).resolve().parents[2] / "docs" / "cli.md"


def _leaves() -> dict[str, Any]:
    """Every leaf command by its path (``"travel assign"``)."""
    found: dict[str, Any] = {}

    def walk(command: object, path: tuple[str, ...]) -> None:
        subcommands = getattr(command, "commands", None)
        if subcommands:
            for name, sub in subcommands.items():
                walk(sub, (*path, name))
        else:
            found[" ".join(path)] = command

    walk(typer.main.get_command(app), ())
    return found


def _sections() -> dict[str, str]:
    text = DOC.read_text(encoding="utf-8")
    parts = re.split(r"^### `praksisplan ([a-z -]+)`$", text, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_every_command_has_its_section_and_no_other() -> None:
    assert sorted(_sections()) == sorted(_leaves())


def test_each_section_has_the_summary_and_every_option() -> None:
    sections = _sections()
    for name, command in _leaves().items():
        section = sections[name]
        summary = " ".join(inspect.cleandoc(command.help or "").split("\n\n")[0].split())
        assert summary in " ".join(section.split()), name
        for param in command.params:
            if param.param_type_name == "option" and param.name != "help":
                for option in (*param.opts, *param.secondary_opts):
                    assert f"`{option}`" in section, (name, option)
            elif param.param_type_name == "argument":
                assert param.name.upper() in section, (name, param.name)


def _help_text(columns: int, *command: str) -> str:
    """``praksisplan COMMAND --help`` in a terminal ``columns`` wide, as the user reads it."""
    shown = subprocess.run(
        [sys.executable, "-m", "praksisplan.cli.main", *command, "--help"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "COLUMNS": str(columns)},
    )
    return shown.stdout


def test_help_paragraphs_flow_to_the_terminal_width() -> None:
    # serve's docstring breaks its second paragraph after "sees a"; a wide terminal shows
    # the paragraph on one line, a narrow one wraps it at the terminal's width, not there
    sentence = (
        "A store without any snapshot first gets the built-in demo region, so a new user "
        "sees a working app at once."
    )
    wide = [line.strip() for line in _help_text(200, "serve").splitlines()]
    assert sentence in wide
    narrow = [line.rstrip() for line in _help_text(60, "serve").splitlines()]
    start = next(i for i, line in enumerate(narrow) if line.lstrip().startswith("A store"))
    end = next(i for i in range(start, len(narrow)) if not narrow[i].strip())
    lines = narrow[start:end]
    assert " ".join(line.strip() for line in lines) == sentence
    assert all(len(line) <= 60 for line in lines)
    assert not lines[0].endswith("sees a")  # not broken where the docstring's line ends
