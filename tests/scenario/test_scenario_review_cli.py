"""``praksisplan scenario comment|mark|unmark`` and ``show`` through ``main()``, on a real
SQLite store: each write audited as the terminal's login, refusals in Danish."""

from __future__ import annotations

import getpass
from pathlib import Path

import pytest

from praksisplan.core.dataset import Dataset
from praksisplan.store import AuditLog, ScenarioReview, ScenarioStore, Store
from scenario.cli_run import run_main


@pytest.fixture
def db(tmp_path: Path, tiny_dataset: Dataset) -> str:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    with Store(url) as store:
        store.load_dataset(tiny_dataset, source="tiny")
        ScenarioStore(store).create(1, "luk P001", "Planlægger")
    return url


def test_comment_mark_show_and_unmark_from_the_terminal(
    db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def cli(*args: str) -> tuple[int, str, str]:
        return run_main(monkeypatch, capsys, "scenario", *args, "--db", db)

    assert cli("comment", "luk P001", "Hvad med øerne?", "--by", "Udvalget", "--area", "A1")[0] == 0
    assert cli("mark", "luk P001", "foretrukket", "--by", "Udvalget")[0] == 0
    status, _, err = cli("mark", "1", "foretrukket", "--by", "Udvalget")
    assert status == 2 and "Udvalget har allerede markeret scenariet 'luk P001'" in err
    status, _, err = cli("comment", "1", "   ", "--by", "Udvalget")
    assert status == 2 and "Kommentaren er tom" in err
    status, out, _ = cli("show", "luk P001")
    assert status == 0
    assert "Markeringer" in out and "Foretrukket" in out and "Kommentarer" in out
    assert "Hvad med øerne?" in out and "A1" in out and "Udvalget" in out
    assert cli("unmark", "luk P001", "foretrukket")[0] == 0
    status, _, err = cli("unmark", "luk P001", "foretrukket")
    assert status == 2 and "kun den, der satte en markering, kan fjerne den" in err
    me = f"cli:{getpass.getuser()}"
    with Store(db) as store:
        review = ScenarioReview(store)
        assert [(c.author_username, c.author_name, c.area_id) for c in review.comments(1)] == [
            (me, "Udvalget", "A1")
        ]
        assert review.marks(1) == []
        trail = [(e.action, e.actor_name, e.object_id) for e in reversed(AuditLog(store).entries())]
    assert trail == [
        ("scenario_commented", me, "1"),
        ("scenario_marked", me, "1"),
        ("scenario_unmarked", me, "1"),
    ]
