"""Options that would be ignored together are refused through ``main()`` (exit 2, one Danish
line naming both), before anything is read or written.

:data:`CONFLICTS` is every conflicting option pair of every command, found by reading each
command's Typer/Click definition and body (docs/cli.md lists them too); the tests check that
each pair still names options of its command, and walk the Click definitions for the one
kind of pair that every command with a file output has (``--format table`` with ``--out``):
each such command either refuses it or writes the table to the file — never drops one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import EnumMeta
from pathlib import Path

import pandas as pd
import pytest
import typer

from access_users import logged_in
from adapters.plan_files import region_measure, write_plan_file
from adapters.stores import Run, cli_written_store, run_main, write_strict_rules
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
    #: "sammen" (given together) or "kræver" (the first is ignored without the second), or
    #: "says" (the error is ``second`` itself: an option value the command cannot honour)
    kind: str = "sammen"

    @property
    def message(self) -> str:
        if self.kind == "says":
            return self.second
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
    Conflict(("allocate", TINY, "--capacities", "1", "--format", "csv-codes"),
             "allocate", "--format",
             "--format csv-codes: allocate skriver table, json eller xlsx", "says"),
    *(Conflict(("travel", "beds", TINY, "--sites", "without-gp", option, value),
               "travel beds", option, "--sites without-gp")
      for option, value in (("--reach-km", "20"), ("--links", "{links}"),
                            ("--detour-factor", "1.3"))),
)  # fmt: skip

#: Every command with a dataset SOURCE, run with files only and an explicit ``--db``,
#: which the command would not read: "--db kræver en kilde i databasen".
DB_WITH_FILES: dict[str, tuple[str, ...]] = {
    "summary": (TINY,),
    "indicators": (TINY,),
    "access": (TINY, "--out", "{out}"),
    "assess": (TINY,),
    "compare": (TINY, TINY),
    "allocate": (TINY, "--capacities", "1"),
    "vacancy": (TINY, "P001"),
    "scenario diff": (TINY,),
    "scenario export": (TINY, "{out}"),
    "forecast": (TINY,),
    "report facts": (TINY, "--out", "{out}"),
    "report geopackage": (TINY, "--out", "{out}"),
    "travel check": (TINY,),
    "travel demo-links": (TINY, "{out}"),
    "travel indicators": (TINY,),
    "travel assign": (TINY,),
    "travel beds": (TINY,),
}
DB_NEEDS_STORE_SOURCE = "--db kræver en kilde i databasen (snapshot:<id>)"
CONFLICTS += tuple(
    Conflict((*name.split(), *argv, "--db", "{db}"), name, "--db", DB_NEEDS_STORE_SOURCE, "says")
    for name, argv in DB_WITH_FILES.items()
)


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
        named = {name for name in named if name.startswith("--")}
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


def test_every_command_with_a_dataset_source_refuses_an_unused_db() -> None:
    """The walk: every command with a SOURCE (OLD/NEW) argument and --db is in
    :data:`DB_WITH_FILES`."""
    leaf_commands: dict[str, object] = {}

    def walk(command: object, path: tuple[str, ...]) -> None:
        for name, sub in (getattr(command, "commands", None) or {}).items():
            walk(sub, (*path, name))
        if not getattr(command, "commands", None):
            leaf_commands[" ".join(path)] = command

    walk(typer.main.get_command(app), ())
    with_source = sorted(
        name
        for name, command in leaf_commands.items()
        if "--db" in _commands()[name]
        and any(
            p.param_type_name == "argument" and p.name in ("source", "old", "new")
            for p in getattr(command, "params", [])
        )
    )
    assert with_source == sorted(DB_WITH_FILES)


def test_db_from_the_environment_is_a_standing_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PRAKSISPLAN_DB set for every command is not refused beside a dataset file."""
    monkeypatch.setenv("PRAKSISPLAN_DB", f"sqlite:///{tmp_path / 'store.db'}")
    run = run_main("summary", TINY, "--format", "json")
    assert run.status == 0, run.stderr
    assert not (tmp_path / "store.db").exists()


@pytest.fixture(scope="module")
def run_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """A CLI-written store (snapshot 1 assessed under the default rules), a scenario whose
    edits set the strict threat rules, users anne and bo with a token each (ids 1, 2); and
    the strict rule file."""
    directory = tmp_path_factory.mktemp("runs")
    db = cli_written_store(directory)
    strict = write_strict_rules(directory / "strict.toml")
    edits = directory / "edits.json"
    edits.write_text(
        json.dumps(
            [{"table": "threat_rules", "key": "file", "op": "update",
              "values": {"toml": strict.read_text("utf-8")}}]
        ),
        encoding="utf-8",
    )  # fmt: skip
    new = ("scenario", "new", "streng", "--snapshot", "1", "--by", "Anna", "--edits", str(edits))
    assert run_main(*new, "--db", db).status == 0
    for user in ("anne", "bo"):
        added = run_main("users", "add", user, "planner", "--password", "hemmelig-1234", "--db", db)
        assert added.status == 0, added.stderr
        assert run_main("users", "token", user, "--db", db).status == 0
    return db, strict


def _refused(run: Run, message: str) -> None:
    assert run.status == 2, run.stdout + run.stderr
    assert message in run.stderr, run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize(
    "argv",
    [
        ("report", "facts", "snapshot:1", "--no-forecast", "--format", "html"),
        ("report", "threat-note", "snapshot:1"),
        ("report", "geopackage", "snapshot:1"),
    ],
    ids=lambda argv: argv[1],
)
def test_rules_beside_a_stored_run_are_refused_by_reports(
    run_store: tuple[str, Path], argv: tuple[str, ...], tmp_path: Path
) -> None:
    """The reports show the run in force (default rules here): --rules would be ignored."""
    db, strict = run_store
    out = tmp_path / "report"
    run = run_main(*argv, "--out", str(out), "--rules", str(strict), "--db", db)
    _refused(run, "--rules og snapshot:1 kan ikke bruges sammen")
    assert "praksisplan standard 2026" in run.stderr and not out.exists()


def test_rules_beside_a_scenario_with_its_own_rules_are_refused_by_forecast(
    run_store: tuple[str, Path],
) -> None:
    db, strict = run_store
    argv = ("forecast", "scenario:streng", "--horizon", "2026", "--draws", "10", "--db", db)
    _refused(
        run_main(*argv, "--rules", str(strict)),
        "--rules og scenario:streng kan ikke bruges sammen",
    )
    compared = run_main(*argv, "--rules", str(strict), "--compare", "--format", "json")
    assert compared.status == 0, compared.stderr  # --rules is the base snapshot's then


def test_revoke_uses_the_user_named(run_store: tuple[str, Path]) -> None:
    """USERNAME is not ignored by --revoke: bo's token (id 2) is not anne's to revoke."""
    db, _ = run_store
    _refused(
        run_main("users", "token", "anne", "--revoke", "2", "--db", db),
        "Intet aktivt API-token med id 2 for brugeren 'anne'",
    )
    assert run_main("users", "token", "bo", "--revoke", "2", "--db", db).status == 0


def test_csv_codes_of_a_scenario_diff_go_to_the_file(tmp_path: Path) -> None:
    """--out with --format csv-codes is written (it used to print four tables instead)."""
    out = tmp_path / "diff.csv"
    edits = tmp_path / "edits.json"
    close = {"table": "practices", "key": "P001", "op": "update", "values": {"status": "closed"}}
    edits.write_text(json.dumps([close]), encoding="utf-8")
    run = run_main("scenario", "diff", TINY, str(edits), "--format", "csv-codes", "--out", str(out))
    assert run.status == 0 and not run.stdout.strip(), run.stdout + run.stderr
    rows = pd.read_csv(out, dtype={"unit_id": str})
    share = rows[(rows["unit_id"] == "A1") & (rows["indicator"] == "share_gps_open")]
    # A1's GPs: 3 in P001 (open, now closed) and 1 in P002 (closed)
    assert share[["base", "scenario", "changed"]].values.tolist() == [[0.75, 0.0, True]]


def test_the_allocation_page_refuses_a_job_it_would_ignore(run_store: tuple[str, Path]) -> None:
    """The Fordeling form: a job id without capacities, or a job started with other choices
    than the form's, is refused with a Danish message (not silently recomputed)."""
    db, _ = run_store
    with logged_in(db, "planner") as client:
        lone = client.get("/fordeling?snapshot=1&job=abc")
        assert lone.status_code == 400
        assert "En beregning (job) kræver antallet af kapaciteter" in lone.text
        started = client.post("/fordeling/beregning?snapshot=1&capacities=1&existing=true")
        assert started.status_code == 202, started.text
        job = started.json()["job"]
        other = client.get(f"/fordeling?snapshot=1&capacities=2&existing=true&job={job}")
        assert other.status_code == 400
        assert f"Beregningen {job} blev startet med andre valg end formularens" in other.text
