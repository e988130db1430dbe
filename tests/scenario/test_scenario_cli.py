"""The scenario commands through ``main()`` on a real SQLite store."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest
from pandas.testing import assert_frame_equal

from praksisplan.core.dataset import Dataset
from praksisplan.dataset_io import read_dataset
from praksisplan.scenario.apply import apply_edits
from praksisplan.scenario.edits import parse_edits
from praksisplan.store import ScenarioStore, Store
from scenario.cli_run import run_main

EDITS_TOML = """
[[edits]]
table = "practices"
key = "P001"
op = "update"
values = { status = "closed" }

[[edits]]
table = "gps"
key = "G08"
op = "delete"
year = 2027
"""


def test_scenario_commands(
    tmp_path: Path,
    tiny_dataset: Dataset,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = f"sqlite:///{tmp_path / 'store.db'}"
    newer = dataclasses.replace(
        tiny_dataset,
        manifest=tiny_dataset.manifest.model_copy(update={"reference_date": dt.date(2025, 7, 1)}),
        gps=tiny_dataset.gps[tiny_dataset.gps["gp_id"] != "G08"].reset_index(drop=True),
    )
    with Store(db) as store:
        first = store.load_dataset(tiny_dataset, source="tiny").id
        second = store.load_dataset(newer, source="tiny-2").id
    edits_file = tmp_path / "edits.toml"
    edits_file.write_text(EDITS_TOML, encoding="utf-8")

    def run(*args: str) -> str:
        status, out, err = run_main(monkeypatch, capsys, "scenario", *args, "--db", db)
        assert status == 0, err
        return out

    out = run(
        "new", "luk-p001", "--snapshot", str(first), "--by", "Anna", "--edits", str(edits_file)
    )
    assert "oprettet på snapshot 1 med 2 ændringer" in out
    run("edit", "luk-p001", "--by", "Bo", "--capacities", "P004=3", "--open", "P002")
    run(
        "edit",
        "luk-p001",
        "--by",
        "Bo",
        "--json",
        '{"table": "region_vacancies", "key": "A3", "op": "delete"}',
    )
    shown = run("show", "luk-p001")
    assert "│   5 │ region_vacancies │ A3" in shown and '{"capacities": 3.0}' in shown
    assert "luk-p001" in run("list")

    status, _, err = run_main(
        monkeypatch,
        capsys,
        "scenario",
        "edit",
        "luk-p001",
        "--by",
        "Bo",
        "--capacities",
        "P004=0",
        "--db",
        db,
    )
    assert status == 2
    assert "Ændring 6, felt 'vacant_capacities'" in err and "[vacant-exceeds-capacities]" in err

    expected = apply_edits(
        tiny_dataset,
        parse_edits(
            [
                {
                    "table": "practices",
                    "key": "P001",
                    "op": "update",
                    "values": {"status": "closed"},
                },
                {"table": "gps", "key": "G08", "op": "delete"},
                {"table": "practices", "key": "P004", "op": "update", "values": {"capacities": 3}},
                {"table": "practices", "key": "P002", "op": "update", "values": {"status": "open"}},
                {"table": "region_vacancies", "key": "A3", "op": "delete"},
            ]
        ),
    ).dataset
    run("export", "scenario:luk-p001", str(tmp_path / "exported"))
    exported = read_dataset(tmp_path / "exported")
    for table in ("practices", "gps", "region_vacancies"):
        assert_frame_equal(getattr(exported, table), getattr(expected, table))
    status, _, err = run_main(monkeypatch, capsys, "validate", str(tmp_path / "exported"))
    assert status == 0, err

    data = json.loads(run("diff", "scenario:luk-p001", "--format", "json"))
    assert data["region"]["capacities"] == {"base": 11.0, "scenario": 11.0}  # +1 in P004, −1 held
    assert data["region"]["gps"] == {"base": 9.0, "scenario": 8.0}
    assert {a["area_id"] for a in data["areas"]} == {"A1", "A2", "A3"}
    run("diff", "scenario:luk-p001", "--format", "xlsx", "--out", str(tmp_path / "diff.xlsx"))
    workbook = openpyxl.load_workbook(tmp_path / "diff.xlsx")
    assert workbook.sheetnames == [
        "Trusselsklasser",
        "Region",
        "Ændrede indikatorer",
        "Frit valg",
        "Praksis",
    ]

    out = run(
        "rebase", "luk-p001", "--snapshot", str(second), "--as", "luk-p001-2025-2", "--by", "Anna"
    )
    assert "Ændring 2 (gps G08, delete) er udeladt" in out
    assert "med 4 ændringer" in out
    assert run("status", "luk-p001", "forslag").strip().endswith("status forslag.")
    assert run("undo", "luk-p001").strip().endswith("har nu 4 ændringer.")
    run("delete", "luk-p001")
    with Store(db) as store:
        names = [s.name for s in ScenarioStore(store).list_scenarios()]
    assert names == ["luk-p001-2025-2"]
