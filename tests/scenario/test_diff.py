"""The diff against the engine run independently on datasets edited by hand."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from praksisplan.core.dataset import Dataset
from praksisplan.dataset_io import write_dataset
from praksisplan.engine.indicators import compute_indicators
from praksisplan.scenario.apply import apply_edits
from praksisplan.scenario.diff import analyse, diff
from praksisplan.scenario.edits import parse_edits
from praksisplan.synth.demo import build_demo_dataset
from praksisplan.threat.assess import assess
from praksisplan.threat.rules import load_rules
from scenario.cli_run import run_main
from scenario.hand_edits import edited_copy

P001_LINE = "P001,Lægehuset Nord,9.88,57.06,9400,partnership,3,0,5200,open,,,A1,851"


def _assert_same(got: float, expected: float) -> None:
    if np.isnan(expected):
        assert np.isnan(got)
    else:
        assert got == pytest.approx(expected, rel=1e-9, abs=1e-9)


def test_diff_equals_the_engine_on_the_dataset_edited_by_hand(
    tiny_dataset: Dataset, tiny_dataset_dir: Path, tmp_path: Path
) -> None:
    by_hand = edited_copy(
        tiny_dataset_dir,
        tmp_path / "by_hand",
        {"practices.csv": [(P001_LINE, P001_LINE.replace(",open,", ",closed,"))]},
    )
    edits = parse_edits(
        [{"table": "practices", "key": "P001", "op": "update", "values": {"status": "closed"}}]
    )
    rules = load_rules(None)
    result = diff(
        analyse(tiny_dataset, rules), analyse(apply_edits(tiny_dataset, edits).dataset, rules)
    )
    for level in ("area", "municipality", "region"):
        base = compute_indicators(tiny_dataset, level)
        expected = compute_indicators(by_hand, level)
        rows = result.indicators[result.indicators["level"] == level]
        assert len(rows) == len(expected) * (expected.shape[1] - (2 if level == "area" else 1))
        for row in rows.itertuples():
            _assert_same(row.base, float(base.loc[row.unit_id, row.indicator]))
            _assert_same(row.scenario, float(expected.loc[row.unit_id, row.indicator]))
    classes = assess(by_hand, rules).areas["threat_class"]
    assert result.classes["class_scenario"].to_dict() == classes.to_dict()
    # of A3's cells only C10 (80 · 10 + 30 = 830 persons) had exactly P001 and P005 open
    # within 15 km; without P001 it has one
    assert (result.persons_gaining_free_choice, result.persons_losing_free_choice) == (0, 830)
    assert list(result.practices["provider_number"]) == ["P001"]


def test_cli_diff_of_closing_the_largest_open_practice_in_a_red_area(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    demo = build_demo_dataset()
    rules = load_rules(None)
    classes = assess(demo, rules).areas["threat_class"]
    red = set(classes[classes == "red"].index)
    practices = demo.practices
    # the demo's red areas have no fully open practice: the largest one still taking
    # patients is selectively closed, and closing it also clears its open postcodes
    candidates = practices[practices["area_id"].isin(red) & (practices["status"] != "closed")]
    largest = candidates.sort_values(["capacities", "provider_number"], ascending=[False, True])
    provider = str(largest["provider_number"].iloc[0])
    base_dir = write_dataset(demo, tmp_path / "demo")
    edits_file = tmp_path / "luk.toml"
    edits_file.write_text(
        f'[[edits]]\ntable = "practices"\nkey = "{provider}"\nop = "update"\n'
        'values = { status = "closed" }\n',
        encoding="utf-8",
    )
    status, out, err = run_main(
        monkeypatch, capsys, "scenario", "diff", str(base_dir), str(edits_file), "--format", "json"
    )
    assert status == 0, err
    result = json.loads(out)

    # the same change by hand: the practice's line in practices.csv, status → closed
    lines = (base_dir / "practices.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    status_column = header.index("status")
    for i, line in enumerate(lines):
        fields = line.split(",")
        if fields[0] == provider:
            fields[status_column] = "closed"
            fields[header.index("open_postcodes")] = ""
            lines[i] = ",".join(fields)
    by_hand = tmp_path / "by_hand"
    by_hand.mkdir()
    for file in base_dir.iterdir():
        (by_hand / file.name).write_bytes(file.read_bytes())
    (by_hand / "practices.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")

    def indicators(path: Path, level: str) -> pd.DataFrame:
        code, text, error = run_main(
            monkeypatch, capsys, "indicators", str(path), "--level", level, "--format", "json"
        )
        assert code == 0, error
        index = {"area": "area_id", "region": "region_code"}[level]
        return pd.DataFrame(json.loads(text)).set_index(index)

    base_region, hand_region = indicators(base_dir, "region"), indicators(by_hand, "region")
    for indicator, pair in result["region"].items():
        for side, frame in (("base", base_region), ("scenario", hand_region)):
            expected = frame[indicator].iloc[0]
            _assert_same(
                float("nan") if pair[side] is None else pair[side],
                float("nan") if expected is None else float(expected),
            )
    base_areas, hand_areas = indicators(base_dir, "area"), indicators(by_hand, "area")
    moved = {area["area_id"]: area["changed"] for area in result["areas"] if area["changed"]}
    numeric = [c for c in hand_areas.columns if c not in ("name", "municipality_code")]
    for area_id in hand_areas.index:
        for indicator in numeric:
            before = base_areas.loc[area_id, indicator]
            after = hand_areas.loc[area_id, indicator]
            differs = not (
                (pd.isna(before) and pd.isna(after))
                or np.isclose(float(before), float(after), rtol=1e-12, atol=1e-12)
            )
            assert (indicator in moved.get(area_id, {})) == differs, (area_id, indicator)
            if differs:
                _assert_same(moved[area_id][indicator]["scenario"], float(after))
    hand_classes = assess(build_demo_dataset(), rules).areas["threat_class"]
    assert {a["area_id"]: a["class_base"] for a in result["areas"]} == hand_classes.to_dict()
    closed_area = str(largest["area_id"].iloc[0])
    assert (
        moved[closed_area]["share_practices_closed"]["scenario"]
        > moved[closed_area]["share_practices_closed"]["base"]
    )
