"""``praksisplan plan …`` run as a user runs it, over a store written by the store adapter."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from docx import Document
from plan_builders import NOW, PLANNER, consulted_plan, small_plan

from cli_process import run_cli
from praksisplan.core.dataset import Dataset
from praksisplan.plan.edits import PutMeasure
from praksisplan.plan.exchange import export_plan
from praksisplan.plan.model import ComputedMeasure
from praksisplan.store import PlanStore, Store

OPEN_SHARE = ComputedMeasure(
    id="open", title="Åbne praksis", indicator="share_practices_open", level="region",
    unit="1081", baseline_snapshot_id=1, baseline_value=0.5, target=0.75,
    direction="increase", deadline=dt.date(2027, 1, 1),
)  # fmt: skip


@pytest.fixture
def db(tmp_path: Path, tiny_dataset: Dataset) -> str:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    with Store(url) as store:
        store.load_dataset(tiny_dataset, source="tiny")
        plans = PlanStore(store)
        plans.add(consulted_plan(), PLANNER)
        plans.edit("plan-2026", PLANNER, PutMeasure(initiative_id="I2", measure=OPEN_SHARE), NOW)
    return url


def test_export_then_import_under_a_new_key(db: str, tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    result = run_cli("plan", "export", "plan-2026", str(out), "--db", db)
    assert result.returncode == 0, result.stderr
    again = run_cli("plan", "export", "plan-2026", str(out), "--db", db)
    assert again.returncode == 2 and "findes allerede; brug --overwrite" in again.stderr
    imported = run_cli("plan", "import", str(out), "--key", "kopi", "--by", "anne", "--db", db)
    assert imported.returncode == 0, imported.stderr
    assert "er gemt som 'kopi'" in imported.stdout
    with Store(db) as store:
        plans = PlanStore(store)
        original, copy = plans.get("plan-2026"), plans.get("kopi")
        assert copy == original.model_copy(update={"key": "kopi"})
        assert plans.journal("kopi")[0].actor_name == "anne"
    assert json.loads(out.read_text("utf-8")) == json.loads(export_plan(original))


def test_a_new_plan_starts_as_a_copy(db: str) -> None:
    result = run_cli("plan", "copy", "plan-2026", "plan-2030", "--title", "Praksisplan 2030–2033",
                     "--period", "2030-2033", "--db", db)  # fmt: skip
    assert result.returncode == 0, result.stderr
    with Store(db) as store:
        plans = PlanStore(store)
        original, copy = plans.get("plan-2026"), plans.get("plan-2030")
    assert (copy.copied_from, copy.status, copy.period_start, len(copy.versions)) == (
        "plan-2026",
        "udkast",
        2030,
        1,
    )
    assert copy.content == original.content and copy.consultations == []
    bad = run_cli("plan", "copy", "plan-2026", "x", "--title", "X", "--period", "2030", "--db", db)
    assert bad.returncode == 2 and "to årstal" in bad.stderr


def test_a_broken_file_is_refused_and_nothing_stored(db: str, tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    data = json.loads(export_plan(small_plan()))
    data["key"] = "ny"
    data["status"] = "glemt"
    path.write_text(json.dumps(data), "utf-8")
    result = run_cli("plan", "import", str(path), "--db", db)
    assert result.returncode == 2
    assert "er ikke en gyldig praksisplan (1 problem)" in result.stderr
    assert "status:" in result.stderr
    with Store(db) as store:
        assert [p.key for p in PlanStore(store).list_plans()] == ["plan-2026"]


def test_measures_are_evaluated_on_the_stored_snapshot(db: str) -> None:
    result = run_cli("plan", "measures", "plan-2026", "--format", "json", "--db", db)
    assert result.returncode == 0, result.stderr
    rows = {r["Målepunkt"]: r for r in json.loads(result.stdout)}
    # tiny: P001, P004 and P005 of 6 practices are open → 0.5, the baseline: on track
    assert rows["open"]["Seneste"] == 0.5 and rows["open"]["Dato"] == "2025-01-01"
    assert rows["open"]["Vurdering"] == "på sporet"
    assert (
        rows["M-uddannelse"]["Følger"] == "indberettet" and rows["M-uddannelse"]["Seneste"] is None
    )
    table = run_cli("plan", "measures", "plan-2026", "--db", db)
    assert table.returncode == 0 and "50 %" in table.stdout


def test_status_note_and_hvidbog_documents(db: str, tmp_path: Path) -> None:
    note = tmp_path / "status.docx"
    result = run_cli(
        "plan", "status-note", "plan-2026", str(note), "--as-of", "2026-12-01", "--db", db
    )
    assert result.returncode == 0, result.stderr
    text = " ".join(p.text for p in Document(io.BytesIO(note.read_bytes())).paragraphs)
    assert "Indsats I1" in text and "Indsats I2" in text
    hvidbog = tmp_path / "hvidbog.html"
    result = run_cli("plan", "hvidbog", "plan-2026", str(hvidbog), "--db", db)
    assert result.returncode == 0, result.stderr
    html = hvidbog.read_text("utf-8")
    assert "Høringssvar 1: Aalborg Kommune" in html and "Afsnittet er udvidet." in html
    wrong = run_cli("plan", "hvidbog", "plan-2026", str(tmp_path / "h.txt"), "--db", db)
    assert wrong.returncode == 2 and "ukendt filtype '.txt'" in wrong.stderr
    missing = run_cli("plan", "status-note", "nope", str(note), "--db", db)
    assert missing.returncode == 2 and "ingen praksisplan 'nope'" in missing.stderr


def test_the_group_and_its_commands_have_help() -> None:
    group = run_cli("plan", "--help")
    assert group.returncode == 0
    for command in ("list", "export", "import", "copy", "measures", "status-note", "hvidbog"):
        assert f" {command} " in group.stdout, command
    hvidbog = run_cli("plan", "hvidbog", "--help")
    assert hvidbog.returncode == 0 and "--consultation" in hvidbog.stdout
