"""Committee decisions: appended never overwritten, kept across restarts, in the final list."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from threat_builders import (
    FIXED_NEED_RULES,
    PracticeSpec,
    build_dataset,
    fixed_need_rules_file,
    healthy_area,
)

from cli_process import run_cli
from praksisplan.store import Store
from praksisplan.threat.assess import assess
from praksisplan.threat.gross_list import FINAL_LIST_COLUMNS, final_list
from praksisplan.threat.rules import parse_rules
from praksisplan.threat.run_service import save_run
from praksisplan.threat.runs import decode_run

RULES = FIXED_NEED_RULES


def red_area(area_id: str) -> object:
    # 4.5 of 7 capacities filled: supply 72 % of need → red
    return healthy_area(
        area_id,
        practices=(
            PracticeSpec(f"{area_id}-P1", 4, (1981,) * 4, vacant=2.5),
            PracticeSpec(f"{area_id}-P2", 3, (1981,) * 3, offset_km=(1, 0)),
        ),
    )


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'praksisplan.db'}"


@pytest.fixture
def snapshot_id(db_url: str) -> int:
    store = Store(db_url)
    try:
        dataset = build_dataset([red_area("R"), healthy_area("G")])  # type: ignore[list-item]
        return store.load_dataset(dataset, source="test").id
    finally:
        store.close()


def test_decisions_survive_a_restart_and_appear_in_the_final_list(
    db_url: str, snapshot_id: int
) -> None:
    store = Store(db_url)
    result = assess(store.read_dataset(snapshot_id), RULES)
    saved = save_run(store, snapshot_id, result)
    model_class = result.areas.loc["R", "threat_class"]
    assert model_class == "red"
    store.record_decision(snapshot_id, "R", "red", "yellow", "Ny læge tiltræder 1. marts", "NN")
    store.record_decision(snapshot_id, "R", "red", "red", "Tiltrædelsen er aflyst", "MM")
    store.close()

    reopened = Store(db_url)  # a new process would see the same
    try:
        history = reopened.decisions(snapshot_id, "R")
        assert [(d.decided_class, d.reason, d.decided_by) for d in history] == [
            ("red", "Tiltrædelsen er aflyst", "MM"),
            ("yellow", "Ny læge tiltræder 1. marts", "NN"),
        ]
        stored = reopened.latest_assessment_run(snapshot_id)
        assert stored is not None and stored.id == saved.id
        assert parse_rules(stored.rules_toml, "stored") == RULES
        again = decode_run(stored).assessment
        listing = final_list(again, reopened.current_decisions(snapshot_id))
    finally:
        reopened.close()
    assert list(listing.columns) == FINAL_LIST_COLUMNS
    assert list(listing.index) == ["R", "G"]
    r, g = listing.loc["R"], listing.loc["G"]
    assert (r["model_class"], r["decided_class"], r["final_class"]) == ("red", "red", "red")
    assert (r["reason"], r["decided_by"]) == ("Tiltrædelsen er aflyst", "MM")
    assert (g["model_class"], g["final_class"]) == ("green", "green")
    assert pd.isna(g["decided_class"]) and pd.isna(g["reason"])


def test_cli_decide_and_export_the_final_list(
    db_url: str, snapshot_id: int, tmp_path: Path
) -> None:
    sid = str(snapshot_id)
    first = run_cli(
        "decide",
        sid,
        "G",
        "--class",
        "yellow",
        "--reason",
        "Læge går på pension",
        "--by",
        "Udvalget",
        "--rules",
        str(fixed_need_rules_file(tmp_path)),
        "--db",
        db_url,
    )
    assert first.returncode == 0, first.stderr
    assert (
        "modellens klasse grøn (regelsæt 'praksisplan standard 2026', kørsel 1), "
        "besluttet gul (af Udvalget"
    ) in first.stdout
    second = run_cli(
        "decide", sid, "R", "--class", "red", "--reason", "Bekræftet", "--by", "NN", "--db", db_url
    )
    assert second.returncode == 0, second.stderr

    out = tmp_path / "indstilling.xlsx"
    export = run_cli("decisions", sid, "--format", "xlsx", "--out", str(out), "--db", db_url)
    assert export.returncode == 0, export.stderr
    # for people: Danish heading rows, headers and class words (HEADING_ROWS = 4 above)
    sheet = pd.read_excel(out, header=4).set_index("Område-id")
    assert sheet.loc["G", "Modellens klasse"] == "grøn"
    assert sheet.loc["G", "Udvalgets beslutning"] == "gul"
    assert sheet.loc["G", "Status"] == "gul"
    assert sheet.loc["G", "Begrundelse"] == "Læge går på pension"
    assert sheet.loc["G", "Besluttet af"] == "Udvalget"
    assert (sheet.loc["R", "Modellens klasse"], sheet.loc["R", "Status"]) == ("rød", "rød")
    assert list(sheet.index) == ["R", "G"]
    assert pd.read_excel(out, header=None).iloc[0, 0].startswith("Indstilling")

    history = run_cli("decisions", sid, "--history", "--format", "csv", "--db", db_url)
    assert history.returncode == 0, history.stderr
    assert history.stdout.splitlines()[0].startswith(
        "Id;Område-id;Modellens klasse;Regelsæt;Udvalgets beslutning"
    )
    assert [line.split(";")[1] for line in history.stdout.splitlines()[1:]] == ["R", "G"]
    codes = run_cli("decisions", sid, "--history", "--format", "csv-codes", "--db", db_url)
    assert codes.stdout.splitlines()[0].startswith(
        "id,area_id,model_class,rules_name,decided_class"
    )


def test_cli_rejects_unknown_area_and_class(db_url: str, snapshot_id: int) -> None:
    unknown = run_cli(
        "decide",
        str(snapshot_id),
        "NOPE",
        "--class",
        "red",
        "--reason",
        "x",
        "--by",
        "y",
        "--db",
        db_url,
    )
    assert unknown.returncode == 2
    assert "intet lægedækningsområde 'NOPE'" in unknown.stderr
    bad_class = run_cli(
        "decide",
        str(snapshot_id),
        "R",
        "--class",
        "purple",
        "--reason",
        "x",
        "--by",
        "y",
        "--db",
        db_url,
    )
    assert bad_class.returncode != 0
    assert "'purple' er ikke en klasse: skriv rød, gul eller grøn" in bad_class.stderr


@pytest.mark.parametrize(
    ("spelling", "code"), [("rød", "red"), ("Gul", "yellow"), ("grøn", "green")]
)
def test_cli_decide_accepts_danish_class_names(
    db_url: str, snapshot_id: int, spelling: str, code: str
) -> None:
    sid = str(snapshot_id)
    args = ["--reason", "Drøftet i udvalget", "--by", "NN", "--db", db_url]
    result = run_cli("decide", sid, "R", "--class", spelling, *args)
    assert result.returncode == 0, result.stderr
    assert "dansk tid" in result.stdout
    with Store(db_url) as store:
        assert store.current_decisions(snapshot_id)["R"].decided_class == code
