"""The Danish backtest: baselines recomputed from the raw files, and the recorded table."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from praksisplan.dk_import.backtest import run_backtest
from praksisplan.forecast.parameters import load_parameters

DK = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "dk"
pytestmark = pytest.mark.skipif(not DK.is_dir(), reason="Danish data not available")


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return run_backtest(DK, load_parameters())


def test_no_change_baseline_from_the_raw_files(table: pd.DataFrame) -> None:
    groups = pd.read_csv(DK / "folk1a_kommuner_7groups_2016_2020.csv")
    start = groups[groups["year"] == 2020]
    columns = [c for c in start.columns if c.startswith("a")]
    by_name = pd.read_csv(DK / "folk1am_kommuner_2024m01.csv").set_index("OMRÅDE")["INDHOLD"]
    codes = pd.read_csv(DK / "frkm126_kommuner_7groups.csv")
    base = codes[codes["year"] == 2026].set_index("kommune_code")
    start = start.set_index("kommune_code")
    error_65 = (start["a65_79"] - base["a65_79"]).abs() / base["a65_79"]
    assert table.loc["age_65_79_2026", "no_change"] == pytest.approx(100 * error_65.mean())
    total_2020 = start[columns].sum(axis=1)
    assert len(total_2020) == 98 and len(by_name) == 99  # 98 + Christiansø
    total_2026 = base[columns].sum(axis=1)
    error_total = ((total_2020 - total_2026).abs() / total_2026).mean()
    assert table.loc["total_2026", "no_change"] == pytest.approx(100 * error_total)


def test_recorded_backtest_table(table: pd.DataFrame) -> None:
    """The figures of docs/forecast.md; the model beats both baselines on the age groups
    and no-change everywhere, but not the 2010-2020 trend on totals."""
    assert table["model"].round(2).to_dict() == {
        "total_2024": 1.68,
        "total_2025": 2.03,
        "total_2026": 2.45,
        "age_65_79_2026": 1.79,
        "age_80plus_2026": 2.19,
    }
    assert (table["model"] < table["no_change"]).all()
    assert table.loc[["age_65_79_2026", "age_80plus_2026"], "model_beats_baselines"].all()
