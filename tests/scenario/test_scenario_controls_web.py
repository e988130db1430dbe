"""The scenario pages show a write control exactly to the roles whose request it sends is
allowed: each role's page is compared with what the same role's request really answers
(the edit, the undo, creating a scenario), so a hidden control is one that would be refused
and a shown one is one that works."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from access_users import login
from praksisplan.web.app import create_app
from scenario.test_scenario_web import CLOSE_P001

ROLES = ("admin", "planner", "committee", "plo", "municipality:851")


def _shown(page: str, element: str) -> bool:
    """Whether ``element`` (an id) is on the page and not inside a hidden wrapper."""
    match = re.search(rf'<div class="edit-controls"( hidden)?>(?:(?!</div>).)*id="{element}"',
                      page, re.DOTALL)  # fmt: skip
    if match is not None:
        return match.group(1) is None
    tag = re.search(rf'<[^>]*id="{element}"[^>]*>', page)
    return tag is not None and " hidden" not in tag.group(0)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_exactly_the_write_controls_it_may_use(url: str, role: str) -> None:
    with TestClient(create_app(url)) as client:
        login(client, url, role)
        editor = client.get("/scenarier/1")
        listing = client.get("/scenarier")
        assert editor.status_code == listing.status_code == 200
        shown = {
            element: _shown(editor.text, element)
            for element in ("close-practice", "open-practice", "set-capacities", "add-clinic",
                            "undo-edit")
        }  # fmt: skip
        creates = 'id="new-scenario"' in listing.text
        edited = client.post("/api/scenarios/1/edits", json=[CLOSE_P001]).status_code
        undone = client.post("/api/scenarios/1/undo").status_code
        created = client.post("/api/scenarios", json={"snapshot_id": 1, "name": "ny"}).status_code
    assert edited in (200, 403) and undone in (200, 403) and created in (200, 201, 403)
    may_edit = edited == 200
    assert shown == {
        "close-practice": may_edit, "open-practice": may_edit, "set-capacities": may_edit,
        "add-clinic": may_edit, "undo-edit": undone == 200,
    }  # fmt: skip
    assert creates == (created != 403)
    assert ("Din rolle kan se scenariet, men ikke ændre det." in editor.text) == (not may_edit)


def test_a_committee_member_sees_no_edit_controls_and_a_planner_does(url: str) -> None:
    """The case the matrix decides today: the planner edits, the committee only reads."""
    seen: dict[str, bool] = {}
    for role in ("planner", "committee"):
        with TestClient(create_app(url)) as client:
            login(client, url, role)
            seen[role] = _shown(client.get("/scenarier/1").text, "close-practice")
    assert seen == {"planner": True, "committee": False}
