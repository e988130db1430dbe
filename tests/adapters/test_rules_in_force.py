"""The CLI and the web app take a decision's model class from one place: the snapshot's
rule set in force, shown with the decision; old runs are migrated, reading stores nothing."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from fastapi.testclient import TestClient

from access_users import logged_in
from adapters.plan_files import region_measure, write_plan_file
from adapters.stores import (
    CLASSES,
    DEFAULT_RULES_NAME,
    TINY_DATASET_DIR,
    run_main,
    write_strict_rules,
)
from praksisplan.store import Store
from praksisplan.store.migrate import alembic_config
from praksisplan.web import snapshot_analysis, state

#: The default rules with red supply below 150 % of need: A2 (128 %) turns red.
STRICT_CLASSES = {**CLASSES, "A2": "red"}


@pytest.fixture
def strict_rules(tmp_path: Path) -> Path:
    return write_strict_rules(tmp_path / "strict.toml")


@pytest.fixture
def url(tmp_path: Path) -> str:
    db = f"sqlite:///{tmp_path / 'store.db'}"
    assert run_main("load", str(TINY_DATASET_DIR), "--db", db).status == 0
    return db


@pytest.fixture
def client(url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    # another process's writes are seen at the next request (no waiting in the test)
    monkeypatch.setattr(snapshot_analysis, "RUN_CHECK_TTL_S", -1.0)
    monkeypatch.setattr(state, "DECISIONS_TTL_S", -1.0)
    with logged_in(url, "planner") as test_client:
        yield test_client


def _web_classes(client: TestClient) -> dict[str, str]:
    items = client.get("/api/snapshots/1/areas").json()["items"]
    return {item["area_id"]: item["threat_class"] for item in items}


def _decide_web(client: TestClient, area: str) -> dict[str, object]:
    form = {"snapshot": "1", "area_id": area, "decided_class": "yellow"}
    form |= {"reason": "Udvalget vurderer området"}
    assert client.post("/truede/beslutning", data=form, follow_redirects=False).status_code == 303
    decision: dict[str, object] = client.get("/api/snapshots/1/decisions").json()[0]
    return decision


def _decide_cli(url: str, area: str, *extra: str) -> str:
    run = run_main(
        "decide", "1", area, "--class", "yellow", "--reason", "Udvalget vurderer området",
        "--by", "PPU", "--db", url, *extra,
    )  # fmt: skip
    assert run.status == 0, run.stderr
    return run.stdout


def test_web_and_cli_record_the_same_model_class_after_a_new_rule_set(
    url: str, client: TestClient, strict_rules: Path
) -> None:
    assert _web_classes(client) == CLASSES  # viewed first: the web caches the default rules
    assessed = run_main("assess", "snapshot:1", "--rules", str(strict_rules), "--db", url)
    assert assessed.status == 0, assessed.stderr

    web = _decide_web(client, "A2")
    cli = _decide_cli(url, "A2")
    assert (web["model_class"], web["rules_name"]) == ("red", "streng")
    assert "modellens klasse rød (regelsæt 'streng'" in cli
    assert _web_classes(client) == STRICT_CLASSES  # the pages follow the rules in force
    with Store(url) as store:
        assert {(d.model_class, d.rules_name) for d in store.decisions(1)} == {("red", "streng")}


def test_decide_with_rules_uses_them_and_makes_them_the_rules_in_force(
    url: str, client: TestClient, strict_rules: Path
) -> None:
    assert "modellens klasse rød (regelsæt 'streng'" in _decide_cli(
        url, "A2", "--rules", str(strict_rules)
    )
    web = _decide_web(client, "A2")
    assert (web["model_class"], web["rules_name"]) == ("red", "streng")


def test_reading_with_other_rules_shows_them_and_stores_nothing(
    url: str, strict_rules: Path
) -> None:
    _decide_cli(url, "A3")
    with Store(url) as store:
        runs_before = store.latest_assessment_run_id(1)
    listing = run_main(
        "decisions", "1", "--rules", str(strict_rules), "--format", "csv-codes", "--db", url
    )
    assert listing.status == 0, listing.stderr
    assert "A2,Aalborg Syd,851,red" in listing.stdout
    default = run_main("decisions", "1", "--format", "csv-codes", "--db", url)
    assert "A2,Aalborg Syd,851,green" in default.stdout
    assert f",{DEFAULT_RULES_NAME}," in default.stdout  # A3's decision and its rule set
    with Store(url) as store:
        assert store.latest_assessment_run_id(1) == runs_before == 1


def test_history_with_rules_is_a_conflict(url: str, strict_rules: Path) -> None:
    run = run_main("decisions", "1", "--history", "--rules", str(strict_rules), "--db", url)
    assert run.status == 2
    assert "--history og --rules kan ikke bruges sammen" in run.stderr


def _engine_at_0008(url: str) -> sa.Engine:
    engine = sa.create_engine(url)
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0008")
    return engine


def test_the_migration_gives_old_runs_their_rules_identity(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = _engine_at_0008(url)
    rules_toml = 'name = "gammel"\n'
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO snapshots (id, region_code, region_name, name, reference_date, "
                "loaded_at, synthetic, source, manifest, frame_layout) VALUES (1, '1081', 'R', "
                "'n', '2025-01-01', '2026-01-01 00:00:00', 1, 's', '{}', '{}')"
            )
        )
        connection.execute(
            sa.text(
                "INSERT INTO assessment_runs (snapshot_id, created_at, rules_toml, result_json) "
                "VALUES (1, '2026-01-01 00:00:00', :toml, '[]')"
            ),
            {"toml": rules_toml},
        )
    engine.dispose()
    with Store(url) as store:
        run = store.latest_assessment_run(1)
    assert run is not None
    assert run.rules_sha256 == hashlib.sha256(rules_toml.encode("utf-8")).hexdigest()
    assert (run.rules_name, run.format_version) == ("gammel", 1)


def test_an_old_format_run_is_reassessed_under_its_rules(url: str, strict_rules: Path) -> None:
    """A run as the web app stored it before (area records without criteria)."""
    strict_toml = strict_rules.read_text(encoding="utf-8")
    with Store(url) as store:
        store.save_assessment_run(
            1,
            rules_toml=strict_toml,
            rules_sha256=hashlib.sha256(strict_toml.encode("utf-8")).hexdigest(),
            rules_name="streng",
            format_version=1,
            result_json='[{"area_id": "A2", "threat_class": "green"}]',
        )
    listing = run_main("decisions", "1", "--format", "csv-codes", "--db", url)
    assert listing.status == 0, listing.stderr  # once: KeyError 'criteria'
    assert "A2,Aalborg Syd,851,red" in listing.stdout  # reassessed under its (strict) rules
    assert "modellens klasse rød (regelsæt 'streng'" in _decide_cli(url, "A2")
    with Store(url) as store:
        run = store.latest_assessment_run(1)
    assert run is not None and (run.id, run.format_version, run.rules_name) == (2, 2, "streng")


def test_plan_follow_up_counts_red_areas_under_the_rules_in_force(
    url: str, strict_rules: Path, tmp_path: Path
) -> None:
    """Under the default rules one area is red (A3); under the strict rules in force two."""
    measure = region_measure("red", "red_areas", 1.0, 0.0)
    path = write_plan_file(tmp_path / "plan.json", measure)
    assert run_main("plan", "import", str(path), "--by", "anne", "--db", url).status == 0

    def red_areas() -> float:
        run = run_main("plan", "measures", "plan-2026", "--format", "json", "--db", url)
        assert run.status == 0, run.stderr
        (row,) = json.loads(run.stdout)
        return float(row["Seneste"])

    assert red_areas() == 1.0
    strict = run_main("assess", "snapshot:1", "--rules", str(strict_rules), "--db", url)
    assert strict.status == 0, strict.stderr
    assert red_areas() == 2.0
