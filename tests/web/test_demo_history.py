"""What `make run` shows once the demo history is loaded: the overview's change since the
previous half-year, and a comparison of the first and last snapshots."""

from __future__ import annotations

import re
from pathlib import Path

from access_users import logged_in
from praksisplan.store import AuditLog, Store
from praksisplan.synth.history import HISTORY_DATES, build_demo_history
from praksisplan.threat.assess import assess
from praksisplan.threat.compare import compare
from praksisplan.threat.rules import load_rules
from praksisplan.web.demo_bootstrap import load_demo_history, load_demo_if_empty

RULES = load_rules(None)


def test_the_overview_shows_the_change_since_the_previous_snapshot(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    with Store(url) as store:
        newest = load_demo_if_empty(store)
        assert newest is not None
        assert len(load_demo_history(store)) == 10
        assert load_demo_history(store) == []  # loading again adds nothing
        assert [s.reference_date for s in store.list_snapshots()] == list(HISTORY_DATES)
        first = store.list_snapshots()[0]  # 2021-01-01
        # the eleven loads and the demo plan are in the audit trail, each by serve
        trail = [(e.actor_name, e.action, e.object_id) for e in AuditLog(store).entries()]
        loaded = sorted(str(s.id) for s in store.list_snapshots())
        assert sorted(trail) == sorted(
            [("serve (demo)", "snapshot_loaded", i) for i in loaded]
            + [("serve (demo)", "plan_added", "demo-2026")]
        )
    with logged_in(url, "planner") as client:
        overview = client.get(f"/api/snapshots/{newest.id}/overview").json()
        assert overview["previous_snapshot"]["reference_date"] == "2025-07-01"
        figures = {f["key"]: f for f in overview["figures"]}
        # the last half-year: two solo practices merged into one, three solo practices closed
        practices = figures["practices"]
        assert (practices["previous"], practices["value"], practices["change"]) == (177, 173, -4)
        page = client.get("/overblik")
        assert page.status_code == 200 and "01.07.2025" in page.text
        # the comparison picker names a snapshot as the snapshot picker above it does
        named = '<option value="{}" selected>Region Demo (syntetisk) – 01.07.2025 (demo)</option>'
        assert page.text.count(named.format(overview["previous_snapshot"]["id"])) == 1
        assert page.text.count(f'<option value="{newest.id}" selected>Region Demo') == 1
        # compared with the first snapshot: the areas whose class the engine sees change
        # between the generated first and last datasets, each in its direction
        history = build_demo_history()
        changes = compare(assess(history[0], RULES), assess(history[-1], RULES))
        assert len(changes) >= 3
        compared = client.get(f"/overblik?sammenlign={first.id}").text
        assert "Områder, der har skiftet status siden 01.01.2021" in compared
        listed = dict(re.findall(r'<tr data-area="(\w+)" data-direction="(\w+)">', compared))
        assert listed == changes["direction"].to_dict()
