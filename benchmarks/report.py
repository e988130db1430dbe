"""Benchmark of the generated reports on the demo region's history (11 snapshots).

Goals (issue 11): the full Tal og fakta PDF (11 municipality pages) in ≤ 20 s, the XLSX in
≤ 3 s. Times the report's content (tables from 11 datasets) and each render separately, from
datasets in memory (reading them from a store adds the store's read time).
"""

from __future__ import annotations

import time

from praksisplan.report.facts import build_facts_report
from praksisplan.report.render import render_facts
from praksisplan.synth.history import build_demo_history
from praksisplan.threat.assess import assess
from praksisplan.threat.rules import load_rules

GOALS_S = {"pdf": 20.0, "xlsx": 3.0}


def main() -> None:
    history = build_demo_history()
    assessment = assess(history[-1], load_rules(None))
    start = time.perf_counter()
    report = build_facts_report(history, assessment)
    content_s = time.perf_counter() - start
    print(f"content (tables of {len(history)} snapshots): {content_s:.2f} s")
    for fmt in ("xlsx", "html", "pdf"):
        start = time.perf_counter()
        data = render_facts(report, fmt)
        render_s = time.perf_counter() - start
        total = content_s + render_s
        goal = GOALS_S.get(fmt)
        verdict = "" if goal is None else f"  goal ≤ {goal:g} s: {total / goal:.2f} of it"
        print(
            f"{fmt}: render {render_s:.2f} s, with content {total:.2f} s, {len(data):,} bytes"
            f"{verdict}"
        )


if __name__ == "__main__":
    main()
