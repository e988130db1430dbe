"""The dataset commands, run as real subprocesses against real files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cli_process import run_cli
from praksisplan.cli.key_figures_table import KEY_FIGURE_LABELS, format_key_figure
from praksisplan.dataset_io import validate_path
from praksisplan.engine.key_figures import KeyFigures
from praksisplan.store import Store


def test_validate_a_valid_dataset(tiny_dataset_dir: Path) -> None:
    result = run_cli("validate", str(tiny_dataset_dir))
    assert result.returncode == 0, result.stderr
    assert "Datasættet er gyldigt" in result.stdout
    assert "6.600 borgere" in result.stdout and "6 praksis, 9 læger" in result.stdout
    # the fixture's manifest says synthetic = true, its name does not: the title says so
    assert "Tiny test region — Region Nordjylland (1081), 2025-01-01 (syntetiske data)" in (
        result.stdout
    )


def test_validate_lists_every_issue_and_exits_1(tiny_dataset_dir: Path, tmp_path: Path) -> None:
    root = tmp_path / "bad"
    shutil.copytree(tiny_dataset_dir, root)
    gps = (root / "gps.csv").read_text(encoding="utf-8")
    (root / "gps.csv").write_text(
        gps.replace("G06,P004,1990,employed,0.8", "G06,P404,1990,boss,1.8")
    )

    result = run_cli("validate", str(root))

    assert result.returncode == 1
    assert "Datasættet er ugyldigt: 3 problemer" in result.stdout
    for rule in ("range", "reference", "choice"):
        assert f"│ {rule}" in result.stdout
    assert "'P404' findes ikke som provider_number i practices.csv" in result.stdout


def test_summary_json_is_one_object_of_key_figures(tiny_dataset_dir: Path) -> None:
    result = run_cli("summary", str(tiny_dataset_dir), "--format", "json")
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    # hand-counted from the fixture: 10 practice capacities + 1 region-held; 2 + 1 vacant
    assert figures["population"] == 6600 and figures["practices"] == 6 and figures["gps"] == 9
    assert figures["capacities"] == 11 and figures["vacant_capacities"] == 3
    assert figures["patients_per_filled_capacity"] == 14400 / 8
    assert figures["share_gps_60plus"] == 4 / 9  # born 1960, 1958, 1963, 1955


def test_summary_table_is_danish(tiny_dataset_dir: Path) -> None:
    result = run_cli("summary", str(tiny_dataset_dir))
    assert result.returncode == 0, result.stderr
    assert "Tilmeldte patienter" in result.stdout and "14.400" in result.stdout
    assert "Læger i lukkede praksis" in result.stdout and "33 %" in result.stdout


def test_summary_of_an_invalid_dataset_is_one_clear_error(tmp_path: Path) -> None:
    result = run_cli("summary", str(tmp_path))
    assert result.returncode == 2
    assert "Fejl:" in result.stderr and "dataset.toml mangler" in result.stderr
    assert "Traceback" not in result.stderr


def test_demo_data_writes_a_valid_dataset(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = run_cli("demo-data", str(out))
    assert result.returncode == 0, result.stderr
    assert "Skrev demodatasættet" in result.stdout
    assert validate_path(out) == []
    refused = run_cli("demo-data", str(out))  # exists: refused without --overwrite
    assert refused.returncode == 2 and "findes allerede" in refused.stderr


@pytest.mark.slow
def test_demo_history_writes_eleven_datasets_that_load(tmp_path: Path) -> None:
    """Each snapshot `demo-data --history` writes passes `load`'s validation, as a user runs
    them: one dataset folder per half-year, loaded one by one into a real SQLite file."""
    out = tmp_path / "history"
    result = run_cli("demo-data", str(out), "--history")
    assert result.returncode == 0, result.stderr
    dates = [f"{year}-{month}-01" for year in range(2021, 2026) for month in ("01", "07")]
    dates.append("2026-01-01")
    assert sorted(folder.name for folder in out.iterdir()) == dates
    db = f"sqlite:///{tmp_path / 'history.db'}"
    for date in dates:
        loaded = run_cli("load", str(out / date), "--db", db)
        assert loaded.returncode == 0, loaded.stdout + loaded.stderr
        assert "Gemt som snapshot" in loaded.stdout
    with Store(db, create=False) as store:
        stored = [s.reference_date.isoformat() for s in store.list_snapshots()]
    assert sorted(stored) == dates


def test_every_key_figure_has_a_danish_label() -> None:
    assert list(KEY_FIGURE_LABELS) == list(KeyFigures.__annotations__)
    assert format_key_figure("share_gps_closed", 0.5834) == "58 %"
    assert format_key_figure("capacities", 372.5) == "372,5"
    assert format_key_figure("patients_per_filled_capacity", 1789.4) == "1.789"
    assert format_key_figure("capacities", 373.0) == "373"
    assert format_key_figure("patients_per_filled_capacity", float("nan")) == "–"
