"""Issue acceptance: the demo region written, validated and summarised through the CLI.

The expected figures are Region Nordjylland's published ones (domain.md): 373 capacities,
331 filled, 42 vacant; of the GPs ~60 % closed, ~20 % selective, ~1/3 aged 60+; 1,789
listed patients per filled capacity; 40 coverage areas; ~590,000 inhabitants.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_process import run_cli


def test_demo_data_validates_and_summary_meets_the_calibration(tmp_path: Path) -> None:
    out = tmp_path / "d"
    assert run_cli("demo-data", str(out)).returncode == 0
    validated = run_cli("validate", str(out))
    assert validated.returncode == 0, validated.stdout + validated.stderr

    summary = run_cli("summary", str(out), "--format", "json")
    assert summary.returncode == 0, summary.stderr
    figures = json.loads(summary.stdout)  # exactly one JSON object on stdout
    assert isinstance(figures, dict)

    assert figures["municipalities"] == 11
    assert figures["coverage_areas"] == 40
    assert figures["population"] == pytest.approx(590_000, rel=0.01)
    assert figures["capacities"] == 373
    assert figures["filled_capacities"] == 331
    assert figures["vacant_capacities"] == 42
    assert figures["gps"] == pytest.approx(331, rel=0.03)
    assert figures["practices"] > 100
    assert figures["listed_patients"] == pytest.approx(331 * 1_789, rel=0.02)
    assert figures["patients_per_filled_capacity"] == pytest.approx(1_789, rel=0.02)
    assert figures["share_gps_closed"] == pytest.approx(0.60, abs=0.05)
    assert figures["share_gps_selective"] == pytest.approx(0.20, abs=0.05)
    assert figures["share_gps_60plus"] == pytest.approx(1 / 3, abs=0.04)
