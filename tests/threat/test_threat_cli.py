"""The threat commands as a user runs them: real subprocesses, real files, a real SQLite store."""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from threat_builders import (
    FIXED_NEED_RULES,
    CellSpec,
    build_dataset,
    fixed_need_rules_file,
    healthy_area,
)

from cli_process import run_cli
from praksisplan.dataset_io import write_dataset
from praksisplan.store import Store
from praksisplan.threat.runs import decode_run

CUSTOM_RULES = """
name = "Streng forsyning"

[early_warning.retirement]
ages = [65, 70]
cumulative_retired = [0.0, 1.0]

[[criteria]]
id = "supply_below_95"
label = "Forsyning under 95 %"
indicator = "supply_pct_of_need"
comparison = "<"
threshold = 95
class = "red"
template = "forsyning {value} af behovet, under {threshold}"
"""


def test_assess_csv_json_and_custom_rules(tmp_path: Path) -> None:
    # Y: 11,200 / 13,000 = 86 % (yellow by default); G: 112 % (green)
    dataset = build_dataset(
        [healthy_area("G"), healthy_area("Y", cells=(CellSpec("Y-c1", 13_000),))]
    )
    path = write_dataset(dataset, tmp_path / "data")

    csv = run_cli("assess", str(path), "--need", "fixed", "--format", "csv-codes")
    assert csv.returncode == 0, csv.stderr
    table = pd.read_csv(io.StringIO(csv.stdout)).set_index("area_id")
    assert list(table.index) == ["Y", "G"]
    assert table.loc["Y", "threat_class"] == "yellow"
    assert (
        table.loc["Y", "explanation"] == "Gul: 1 af 4 kriterier opfyldt — forsyning 86 % af behovet"
    )
    assert table.loc["Y", "yellow_supply_value"] == pytest.approx(100 * 11_200 / 13_000)
    assert table.loc["Y", "yellow_supply_threshold"] == 90.0
    assert bool(table.loc["Y", "yellow_supply_fired"]) is True
    assert bool(table.loc["G", "yellow_supply_fired"]) is False

    terminal = run_cli("assess", str(path), "--need", "fixed")
    assert terminal.returncode == 0, terminal.stderr
    assert "behovet holdt fast" in terminal.stderr.replace("\n", " ")
    rows = [line for line in terminal.stdout.splitlines() if line.startswith("│ Y ")]
    assert len(rows) == 1 and "Testkommune" in rows[0] and "gul" in rows[0]

    rules_file = tmp_path / "streng.toml"
    rules_file.write_text(CUSTOM_RULES, encoding="utf-8")
    custom = run_cli("assess", str(path), "--rules", str(rules_file), "--format", "json")
    assert custom.returncode == 0, custom.stderr
    document = json.loads(custom.stdout)
    assert document["rules"] == "Streng forsyning"
    by_area = {a["area_id"]: a for a in document["areas"]}
    assert by_area["Y"]["threat_class"] == "red"
    assert by_area["Y"]["explanation"] == (
        "Rød: 1 af 1 kriterier opfyldt — forsyning 86 % af behovet, under 95 %"
    )
    assert by_area["G"]["threat_class"] == "green"
    assert [c["criterion_id"] for c in by_area["Y"]["criteria"]] == ["supply_below_95"]

    broken = tmp_path / "broken.toml"
    broken.write_text(CUSTOM_RULES.replace("threshold = 95", 'threshold = "høj"'), "utf-8")
    failed = run_cli("assess", str(path), "--rules", str(broken))
    assert failed.returncode == 2
    assert "broken.toml" in failed.stderr
    assert "criteria[0] (id 'supply_below_95').threshold" in failed.stderr


def test_assess_snapshot_stores_result_with_rules_and_compare_snapshots(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'store.db'}"
    first = build_dataset([healthy_area("A"), healthy_area("B")])
    # half a year later area B has 13,000 inhabitants: 86 % → yellow
    second = build_dataset(
        [healthy_area("A"), healthy_area("B", cells=(CellSpec("B-c1", 13_000),))]
    )
    later = second.manifest.model_copy(update={"reference_date": dt.date(2026, 7, 1)})
    second = replace(second, manifest=later)
    with Store(db) as store:
        old_id = store.load_dataset(first, source="test").id
        new_id = store.load_dataset(second, source="test").id

    assessed = run_cli(
        "assess", f"snapshot:{new_id}", "--need", "fixed", "--db", db, "--format", "csv-codes"
    )
    assert assessed.returncode == 0, assessed.stderr
    assert "gemt som kørsel" in assessed.stderr
    with Store(db) as store:
        stored = store.latest_assessment_run(new_id)
    assert stored is not None
    assert stored.rules_toml == FIXED_NEED_RULES.to_toml()
    classes = decode_run(stored).assessment.areas["threat_class"]
    assert classes.to_dict() == {"B": "yellow", "A": "green"}

    fixed = str(fixed_need_rules_file(tmp_path))
    compared = run_cli(
        "compare",
        f"snapshot:{old_id}",
        f"snapshot:{new_id}",
        "--rules",
        fixed,
        "--db",
        db,
        "--format",
        "csv-codes",
    )
    assert compared.returncode == 0, compared.stderr
    changes = pd.read_csv(io.StringIO(compared.stdout), keep_default_na=False)
    assert list(changes["area_id"]) == ["B"]
    assert (changes.loc[0, "old_class"], changes.loc[0, "new_class"]) == ("green", "yellow")
    assert changes.loc[0, "criteria_now_fired"] == "yellow_supply"

    terminal = run_cli("compare", f"snapshot:{old_id}", f"snapshot:{old_id}", "--db", db)
    assert terminal.returncode == 0, terminal.stderr
    assert "Ingen områder har skiftet klasse." in terminal.stderr
