"""``praksisplan allocate`` and ``vacancy`` through the real command, on the five-cell case."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_process import run_cli
from objective_figures import DECIMALS
from praksisplan.core.danish_numbers import format_amount_da
from praksisplan.dataset_io.writer import write_dataset
from praksisplan.optimise.objectives import OBJECTIVES, Objective
from praksisplan.store import Store

from .allocation_case import (
    PRACTICES,
    SENSE,
    allocation_dataset,
    case_allocations,
    case_values,
    earlier_snapshots,
    user_sites_table,
)


@pytest.fixture(scope="module")
def case_dir(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("allocation")
    dataset_dir = write_dataset(allocation_dataset(), root / "case")
    candidates = root / "kandidater.csv"
    user_sites_table().to_csv(candidates, index=False, sep=";")
    return dataset_dir, candidates


def test_allocate_json_is_the_enumerated_optimum(case_dir: tuple[Path, Path]) -> None:
    dataset_dir, candidates = case_dir
    result = run_cli(
        "allocate", str(dataset_dir), "--capacities", "3", "--objective", "free_choice",
        "--objective", "nearness", "--candidates", str(candidates), "--no-towns",
        "--max-growth", "2", "--format", "json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["status"] == "optimal"
    assert document["gap"] == 0
    best = max(case_values(a)[Objective.FREE_CHOICE] for a in case_allocations(3))
    assert document["objective"]["free_choice"] == pytest.approx(best)
    # proven stages: the bound is the optimum, in the objective's own unit (nearness: the
    # least need-weighted mean km among the allocations with the best free choice)
    nearest = min(
        case_values(a)[Objective.NEARNESS]
        for a in case_allocations(3)
        if case_values(a)[Objective.FREE_CHOICE] == pytest.approx(best)
    )
    assert [s["objective"] for s in document["stages"]] == ["free_choice", "nearness"]
    assert document["stages"][0]["bound"] == pytest.approx(best)
    assert document["stages"][1]["bound"] == pytest.approx(nearest)
    assert sum(site["capacities"] for site in document["sites"]) == 3
    assert [p["capacities"] for p in document["frontier"]] == [1, 2, 3]
    assert SENSE[Objective.FREE_CHOICE] * document["greedy"]["free_choice"] <= best + 1e-9
    edits = {e["key"]: e for e in document["edits"]}
    for site in document["sites"]:
        op = "update" if site["site_id"] in PRACTICES else "insert"
        assert edits[site["site_id"]]["op"] == op


def test_allocate_table_and_xlsx(case_dir: tuple[Path, Path], tmp_path: Path) -> None:
    dataset_dir, _ = case_dir
    table = run_cli("allocate", str(dataset_dir), "--capacities", "2", "--no-towns")
    assert table.returncode == 0, table.stderr
    assert "bevist optimal" in table.stdout
    assert "Placerede kapaciteter" in table.stdout
    out = tmp_path / "forslag.xlsx"
    xlsx = run_cli(
        "allocate", str(dataset_dir), "--capacities", "2", "--no-towns", "--format", "xlsx",
        "--out", str(out),
    )  # fmt: skip
    assert xlsx.returncode == 0, xlsx.stderr
    from openpyxl import load_workbook

    assert load_workbook(out).sheetnames == ["Kapaciteter", "Mål", "Grænsekurve"]


def test_allocate_respects_the_forms_in_the_candidate_file(tmp_path: Path) -> None:
    """N1 as a solo practice (1 capacity): the hand-computed optimum of test_forms, 4,800."""
    dataset_dir = write_dataset(allocation_dataset(), tmp_path / "case")
    candidates = tmp_path / "kandidater.csv"
    table = user_sites_table().assign(org_forms="solo", min_capacities=1, max_capacities=2)
    table.to_csv(candidates, index=False, sep=";")
    args = (
        "allocate", str(dataset_dir), "--capacities", "2", "--objective", "free_choice",
        "--candidates", str(candidates), "--no-towns", "--max-growth", "2", "--no-frontier",
    )  # fmt: skip
    result = run_cli(*args, "--format", "json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["objective"]["free_choice"] == pytest.approx(4_800)
    forms = {site["site_id"]: site["org_form"] for site in document["sites"]}
    assert forms == {"N1": "solo", "P3": "partnership"}
    shown = run_cli(*args)
    assert shown.returncode == 0, shown.stderr
    assert "Enkeltmandspraksis" in shown.stdout
    assert "Eget kandidatsted" in shown.stdout
    table.assign(org_forms="solo klinik").to_csv(candidates, index=False, sep=";")
    bad = run_cli(*args)
    assert bad.returncode == 2
    assert "kandidater.csv, række 2, kolonne 'org_forms': ukendt organisationsform 'klinik'" in (
        bad.stderr
    )
    conflict = run_cli(*args[:4], "--no-towns", "--new-form", "region")
    assert conflict.returncode == 2
    assert "--new-form" in conflict.stderr and "--no-towns" in conflict.stderr


def test_allocate_offers_the_premises_of_the_snapshots_former_practices(tmp_path: Path) -> None:
    """P0's premises (x 7,500, 2 capacities: N1 of the case) from an earlier snapshot: the
    optimum of 3 needs them (4,800 = the enumeration's best with N1)."""
    db = f"sqlite:///{tmp_path / 'store.db'}"
    with Store(db) as store:
        for earlier in earlier_snapshots():
            store.load_dataset(earlier, source="tidligere")
        snapshot = store.load_dataset(allocation_dataset(), source="case").id
    args = (
        "allocate", f"snapshot:{snapshot}", "--db", db, "--capacities", "3", "--objective",
        "free_choice", "--no-towns", "--max-growth", "2", "--new-min", "2", "--new-max", "2",
        "--no-frontier",
    )  # fmt: skip
    result = run_cli(*args, "--format", "json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    best = max(case_values(a)[Objective.FREE_CHOICE] for a in case_allocations(3))
    assert document["objective"]["free_choice"] == pytest.approx(best) == 4_800
    kinds = {site["site_id"]: site["kind"] for site in document["sites"]}
    assert kinds["LOK-P0"] == "premises"
    shown = run_cli(*args)
    assert "Eksisterende kliniklokaler" in shown.stdout, shown.stderr
    without = run_cli(*args, "--no-premises", "--format", "json")
    assert without.returncode == 2  # --new-min with neither towns nor premises
    assert "--new-min og --no-towns kan ikke bruges sammen" in without.stderr
    on_a_path = run_cli("allocate", str(tmp_path), "--capacities", "1", "--no-premises")
    assert on_a_path.returncode == 2
    assert "--no-premises kræver en kilde i databasen (snapshot:<id>)" in on_a_path.stderr


def test_impossible_allocation_gets_a_danish_message(case_dir: tuple[Path, Path]) -> None:
    dataset_dir, _ = case_dir
    negative = run_cli("allocate", str(dataset_dir), "--capacities", "-1")
    assert negative.returncode == 2
    assert "Antallet af kapaciteter skal være mindst 0, ikke -1" in negative.stderr
    contradictory = run_cli(
        "allocate", str(dataset_dir), "--capacities", "2", "--no-towns",
        "--area-limit", "A1=3:1",
    )  # fmt: skip
    assert contradictory.returncode == 2
    assert "Lægedækningsområde 'A1': mindst 3 men højst 1" in contradictory.stderr


def test_vacancy_command_shows_the_three_options(case_dir: tuple[Path, Path]) -> None:
    dataset_dir, _ = case_dir
    result = run_cli("vacancy", str(dataset_dir), "P1", "--format", "json")
    assert result.returncode == 0, result.stderr
    options = {row["option"]: row for row in json.loads(result.stdout)}
    assert set(options) == {"same_area", "elsewhere", "absorb"}
    assert options["absorb"]["site_id"] is None
    unknown = run_cli("vacancy", str(dataset_dir), "P9")
    assert unknown.returncode == 2
    assert "Ydernummeret 'P9' findes ikke" in unknown.stderr


def _terminal_row(stdout: str, label: str) -> list[str]:
    """The value cells of the terminal table's row headed ``label``."""
    (line,) = (row for row in stdout.splitlines() if row.startswith(f"│ {label} "))
    return [cell.strip() for cell in line.strip("│").split("│")][1:]


def _for_people(value: float, objective: Objective) -> str:
    return format_amount_da(round(value, DECIMALS[objective.value]), DECIMALS[objective.value])


def test_terminal_tables_show_objectives_to_the_decimals_a_reader_compares(
    case_dir: tuple[Path, Path],
) -> None:
    dataset_dir, _ = case_dir
    args = ("allocate", str(dataset_dir), "--capacities", "2", "--no-towns")
    document = json.loads(run_cli(*args, "--format", "json").stdout)
    table = run_cli(*args)
    assert table.returncode == 0, table.stderr
    for objective in Objective:
        shown = _terminal_row(table.stdout, OBJECTIVES[objective].label)
        columns = [document[key][objective.value] for key in ("baseline", "objective", "greedy")]
        assert shown[:3] == [_for_people(v, objective) for v in columns], objective

    rows = json.loads(run_cli("vacancy", str(dataset_dir), "P1", "--format", "json").stdout)
    options = run_cli("vacancy", str(dataset_dir), "P1")
    assert options.returncode == 0, options.stderr
    for objective in Objective:
        shown = _terminal_row(options.stdout, OBJECTIVES[objective].label)
        assert shown == [_for_people(row[objective.value], objective) for row in rows], objective
