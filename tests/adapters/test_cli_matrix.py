"""Every CLI command × every ``--format``, through ``main()``, on a store written by the CLI
and on one written by the web app: exit status 0, parseable output, the same known figures.

``serve`` is left out (runs until stopped; tests/web/test_serve.py starts it); the other
command groups (``demo-data``, ``import-dk``, ``plan``, ``scenario``, ``forecast``, ``report``,
``travel``, ``users``, ``db``) are in test_cli_matrix_groups.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from access_users import label_of
from adapters.stores import (
    CAPACITIES,
    CLASSES,
    DEFAULT_RULES_NAME,
    FORMATS,
    LISTED,
    PER_FILLED,
    POPULATION,
    STORE_WRITERS,
    VACANT,
    by_area,
    invoke_format,
    records_of,
    run_main,
)
from fixture_paths import TINY_DATASET_DIR


@pytest.fixture(scope="module", params=sorted(STORE_WRITERS))
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    return STORE_WRITERS[request.param](tmp_path_factory.mktemp(request.param))


@pytest.mark.parametrize("fmt", FORMATS)
def test_indicators(store: str, fmt: str, tmp_path: Path) -> None:
    run, out = invoke_format(fmt, tmp_path, "indicators", "snapshot:1", "--db", store)
    records = records_of(fmt, run, out)
    if fmt == "table":
        assert "Aalborg Nord" in run.stdout and "920" in run.stdout
        return
    assert by_area(records, "population") == POPULATION
    assert by_area(records, "capacities") == CAPACITIES
    assert by_area(records, "vacant_capacities") == VACANT
    assert by_area(records, "listed_patients") == LISTED
    assert by_area(records, "patients_per_filled_capacity") == PER_FILLED


@pytest.mark.parametrize("fmt", FORMATS)
def test_assess(store: str, fmt: str, tmp_path: Path) -> None:
    run, out = invoke_format(fmt, tmp_path, "assess", "snapshot:1", "--db", store)
    assert "gemt som kørsel" in run.stderr
    records = records_of(fmt, run, out)
    if fmt == "table":
        assert all(word in run.stdout for word in ("rød", "gul", "grøn"))
        return
    assert by_area(records, "threat_class") == CLASSES
    if fmt == "json":
        assert json.loads(run.stdout)["rules"] == DEFAULT_RULES_NAME


@pytest.mark.parametrize("fmt", FORMATS)
def test_compare(store: str, fmt: str, tmp_path: Path) -> None:
    run, out = invoke_format(
        fmt, tmp_path, "compare", "snapshot:1", str(TINY_DATASET_DIR), "--db", store
    )
    if fmt == "table":
        assert "Ingen områder har skiftet klasse" in run.stderr
        return
    assert records_of(fmt, run, out) == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_decisions(store: str, fmt: str, tmp_path: Path) -> None:
    run, out = invoke_format(fmt, tmp_path, "decisions", "1", "--db", store)
    records = records_of(fmt, run, out)
    if fmt == "table":
        # the web form records the logged-in user, the CLI the name given with --by
        decider = label_of("planner") if store.endswith("web.db") else "Praksisplanudvalget"
        assert decider in run.stdout and DEFAULT_RULES_NAME in run.stdout
        return
    assert by_area(records, "model_class") == CLASSES
    assert by_area(records, "final_class") == {**CLASSES, "A3": "yellow"}
    assert by_area(records, "decision_rules")["A3"] == DEFAULT_RULES_NAME
    if fmt == "json":
        assert by_area(records, "decided_at")["A2"] is None  # null, not NaT
        assert by_area(records, "decided_at")["A3"].endswith("+00:00")


@pytest.mark.parametrize("fmt", FORMATS)
def test_decision_history(store: str, fmt: str, tmp_path: Path) -> None:
    run, out = invoke_format(fmt, tmp_path, "decisions", "1", "--history", "--db", store)
    records = records_of(fmt, run, out)
    if fmt == "table":
        assert "Ny læge tiltræder 1. marts" in run.stdout
        return
    assert [(r["area_id"], r["model_class"], r["decided_class"]) for r in records] == [
        ("A3", "red", "yellow")
    ]
    assert records[0]["rules_name"] == DEFAULT_RULES_NAME
    if fmt == "json":
        assert records[0]["decided_at"].endswith("+00:00")


@pytest.mark.parametrize("fmt", FORMATS)
def test_vacancy(store: str, fmt: str, tmp_path: Path) -> None:
    run, out = invoke_format(fmt, tmp_path, "vacancy", "snapshot:1", "P001", "--db", store)
    records = records_of(fmt, run, out)
    assert fmt == "table" or {r["option"] for r in records} >= {"same_area"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_allocate(store: str, fmt: str, tmp_path: Path) -> None:
    argv = ("allocate", "snapshot:1", "--capacities", "1", "--no-frontier", "--db", store)
    if fmt in ("csv", "csv-codes"):  # documented: a proposal has no single table
        refused = run_main(*argv, "--format", fmt)
        assert refused.status == 2 and f"ikke {fmt}" in refused.stderr
        return
    run, out = invoke_format(fmt, tmp_path, *argv)
    if fmt == "json":
        proposal = json.loads(run.stdout)
        assert (proposal["capacities"], proposal["status"]) == (1, "optimal")
        assert sum(site["capacities"] for site in proposal["sites"]) == 1
    elif fmt == "xlsx":
        assert out.stat().st_size > 0
    else:
        assert run.stdout.strip()


@pytest.mark.parametrize("fmt", ("table", "json"))
@pytest.mark.parametrize("source", ("path", "snapshot"))
def test_summary(store: str, fmt: str, source: str) -> None:
    where = (str(TINY_DATASET_DIR),) if source == "path" else ("snapshot:1", "--db", store)
    run = run_main("summary", *where, "--format", fmt)
    assert run.status == 0, run.stderr
    if fmt == "json":
        figures = json.loads(run.stdout)
        assert figures["population"] == sum(POPULATION.values()) == 6600
        assert figures["capacities"] == sum(CAPACITIES.values())
    else:
        assert "6.600" in run.stdout


def test_access(store: str, tmp_path: Path) -> None:
    out = tmp_path / "access.csv"
    run = run_main("access", "snapshot:1", "--out", str(out), "--db", store)
    assert run.status == 0, run.stderr
    assert len(pd.read_csv(out)) == 12  # one row per population cell C01–C12


def test_snapshot_commands(store: str, tmp_path: Path) -> None:
    listed = run_main("snapshots", "list", "--db", store)
    assert listed.status == 0 and "Tiny test region" in listed.stdout
    shown = run_main("snapshots", "show", "1", "--db", store)
    assert shown.status == 0 and "Udvalgsbeslutninger: 1" in shown.stdout
    exported = run_main("snapshots", "export", "1", str(tmp_path / "exported"), "--db", store)
    assert exported.status == 0, exported.stderr
    validated = run_main("validate", str(tmp_path / "exported"))
    assert validated.status == 0 and "Datasættet er gyldigt" in validated.stdout


def test_store_commands(store: str) -> None:
    assert run_main("db", "upgrade", "--db", store).status == 0
    assert run_main("db", "init", "--db", store).status == 0
    plans = run_main("plan", "list", "--db", store)
    assert plans.status == 0, plans.stderr
