"""Options that would be ignored together are refused through ``main()`` (exit 2, one Danish
line naming both), before anything is read or written.

:data:`CONFLICTS` is every conflicting option pair of every command, found by reading each
command's Typer/Click definition and body (docs/cli.md lists them too); the tests check that
each pair still names options of its command, and walk the Click definitions for the one
kind of pair that every command with a file output has (``--format table`` with ``--out``):
each such command either refuses it or writes the table to the file — never drops one.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import EnumMeta
from pathlib import Path

import pytest
import typer

from adapters.plan_files import region_measure, write_plan_file
from adapters.stores import cli_written_store, run_main
from fixture_paths import TINY_DATASET_DIR
from praksisplan.cli.main import app

TINY = str(TINY_DATASET_DIR)


@dataclass(frozen=True)
class Conflict:
    argv: tuple[str, ...]
    #: the command's path and the two options as the error names them
    command: str
    first: str
    second: str
    #: "sammen" (given together) or "kræver" (the first is ignored without the second)
    kind: str = "sammen"

    @property
    def message(self) -> str:
        if self.kind == "kræver":
            return f"{self.first} kræver {self.second}"
        return f"{self.first} og {self.second} kan ikke bruges sammen"


CONFLICTS = (
    Conflict(("allocate", TINY, "--capacities", "1", "--format", "table", "--out", "{out}"),
             "allocate", "--out", "--format table"),
    Conflict(("allocate", TINY, "--capacities", "1", "--by", "Anna"),
             "allocate", "--by", "--save-scenario", "kræver"),
    Conflict(("allocate", TINY, "--capacities", "1", "--weight", "nearness=1"),
             "allocate", "--weight nearness=…", "--objective nearness", "kræver"),
    Conflict(("allocate", TINY, "--capacities", "1", "--objective", "shortage",
              "--weight", "shortage=2", "--weight", "free_choice=1"),
             "allocate", "--weight free_choice=…", "--objective free_choice", "kræver"),
    Conflict(("allocate", TINY, "--capacities", "1", "--no-existing", "--max-growth", "2"),
             "allocate", "--max-growth", "--no-existing"),
    Conflict(("allocate", TINY, "--capacities", "1", "--no-towns", "--new-min", "3"),
             "allocate", "--new-min", "--no-towns"),
    Conflict(("allocate", TINY, "--capacities", "1", "--no-towns", "--new-max", "3"),
             "allocate", "--new-max", "--no-towns"),
    Conflict(("scenario", "diff", TINY, "--format", "table", "--out", "{out}"),
             "scenario diff", "--out", "--format table"),
    Conflict(("indicators", TINY, "--all-columns", "--format", "csv"),
             "indicators", "--all-columns", "--format csv"),
    Conflict(("travel", "indicators", TINY, "--matrix", "{matrix}", "--links", "{links}"),
             "travel indicators", "--matrix", "--links"),
    Conflict(("travel", "indicators", TINY, "--matrix", "{matrix}", "--detour-factor", "1.3"),
             "travel indicators", "--matrix", "--detour-factor"),
    Conflict(("travel", "assign", TINY, "--matrix", "{matrix}", "--links", "{links}"),
             "travel assign", "--matrix", "--links"),
    Conflict(("travel", "assign", TINY, "--matrix", "{matrix}", "--detour-factor", "1.3"),
             "travel assign", "--matrix", "--detour-factor"),
    Conflict(("travel", "assign", TINY, "--practices", "--level", "region"),
             "travel assign", "--practices", "--level"),
    Conflict(("users", "token", "jens", "--revoke", "1", "--label", "backup", "--db", "{db}"),
             "users token", "--revoke", "--label"),
    Conflict(("decisions", "1", "--history", "--rules", "{rules}", "--db", "{db}"),
             "decisions", "--history", "--rules"),
)  # fmt: skip


def _commands() -> dict[str, set[str]]:
    """Every leaf command of the CLI (``"travel assign"``) with its option names."""
    found: dict[str, set[str]] = {}

    def walk(command: object, path: tuple[str, ...]) -> None:
        subcommands = getattr(command, "commands", None)
        if subcommands:
            for name, sub in subcommands.items():
                walk(sub, (*path, name))
            return
        params = getattr(command, "params", [])
        found[" ".join(path)] = {
            opt
            for p in params
            if p.param_type_name == "option"
            for opt in (*p.opts, *p.secondary_opts)  # --no-towns beside --towns
        }

    walk(typer.main.get_command(app), ())
    return found


def _format_choices(command: str) -> set[str]:
    leaf = typer.main.get_command(app)
    for name in command.split():
        leaf = leaf.commands[name]  # type: ignore[attr-defined]
    (fmt,) = (p for p in leaf.params if "--format" in getattr(p, "opts", ()))
    choices = fmt.type_descriptor.annotation  # the option's Enum
    return {member.value for member in choices} if isinstance(choices, EnumMeta) else set()


def _files(tmp_path: Path) -> dict[str, Path]:
    files = {name: tmp_path / name for name in ("out", "matrix", "links", "rules")}
    for name in ("matrix", "links", "rules"):
        files[name].write_text("", encoding="utf-8")
    return files


@pytest.mark.parametrize("conflict", CONFLICTS, ids=lambda c: f"{c.command} {c.first}")
def test_conflicting_options_are_refused(conflict: Conflict, tmp_path: Path) -> None:
    files = _files(tmp_path)
    db = f"sqlite:///{tmp_path / 'store.db'}"
    run = run_main(*(a.format(db=db, **files) for a in conflict.argv))
    assert run.status == 2, run.stdout + run.stderr
    assert conflict.message in run.stderr
    assert "Traceback" not in run.stderr
    assert not files["out"].exists() and not (tmp_path / "store.db").exists()


def test_every_conflict_names_options_its_command_has() -> None:
    commands = _commands()
    for conflict in CONFLICTS:
        options = commands[conflict.command]
        named = {conflict.first.split()[0], conflict.second.split()[0]}
        assert named <= options, (conflict.command, named - options)
        assert conflict.argv[: len(conflict.command.split())] == tuple(conflict.command.split())


#: Commands that honour ``--format table --out FILE`` by writing the table to the file, with
#: arguments that run them on the tiny fixture (``{db}``: a CLI-written store with a plan).
TABLE_TO_FILE: dict[str, tuple[str, ...]] = {
    "assess": (TINY,),
    "compare": (TINY, TINY),
    "decisions": ("1", "--db", "{db}"),
    "forecast": (TINY, "--horizon", "2026", "--draws", "10", "--seed", "1"),
    "indicators": (TINY,),
    "plan measures": ("plan-2026", "--db", "{db}"),
    "travel assign": (TINY,),
    "travel beds": (TINY,),
    "travel indicators": (TINY,),
    "vacancy": (TINY, "P002"),
}


def test_every_table_with_a_file_output_is_refused_or_written(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    with_both = sorted(
        name
        for name, options in _commands().items()
        if {"--out", "--format"} <= options and "table" in _format_choices(name)
    )
    refused = {c.command for c in CONFLICTS if c.second == "--format table"}
    assert sorted(refused | set(TABLE_TO_FILE)) == with_both
    directory = tmp_path_factory.mktemp("table-out")
    db = cli_written_store(directory)
    plan = write_plan_file(
        directory / "plan.json", region_measure("open", "share_practices_open", 0.5, 0.75)
    )
    assert run_main("plan", "import", str(plan), "--by", "anne", "--db", db).status == 0
    for name, argv in TABLE_TO_FILE.items():
        out = directory / f"{name.replace(' ', '-')}.txt"
        args = [a.format(db=db) for a in argv]
        run = run_main(*name.split(), *args, "--format", "table", "--out", str(out))
        assert run.status == 0, (name, run.stdout + run.stderr)
        assert out.is_file() and out.read_text("utf-8").strip(), name
        assert "━" in out.read_text("utf-8") or "─" in out.read_text("utf-8"), name
