"""The Danish backtest: baselines recomputed from the raw files, and the recorded table."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from praksisplan.dk_import.backtest import run_backtest, start_dataset
from praksisplan.dk_import.projection import BY2_FILE, FOLK1AM_FILE, HISTORY_FILE, PROJECTION_FILE
from praksisplan.dk_import.sources import MUNICIPALITIES_FILE, POPULATION_FILE
from praksisplan.forecast.parameters import load_parameters
from praksisplan.forecast.population import forecast_population

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


def test_the_backtest_inputs_hold_no_figure_after_2020(tmp_path: Path) -> None:
    """The start dataset and its forecast are the same when every post-2020 figure is gone:
    a source folder with BY2's 2025 rows deleted and no FOLK1AM 2024 or FRKM126 file."""
    for name in (MUNICIPALITIES_FILE, POPULATION_FILE, HISTORY_FILE):
        shutil.copy(DK / name, tmp_path / name)
    text = (DK / BY2_FILE).read_text(encoding="utf-8-sig")
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    kept = [lines[0], *(line for line in lines[1:] if int(line.split(";")[0]) <= 2020)]
    assert len(kept) < len(lines)  # the 2025 rows were there and are gone
    (tmp_path / BY2_FILE).write_text("\n".join(kept) + "\n", encoding="utf-8-sig")
    assert not (tmp_path / FOLK1AM_FILE).exists() and not (tmp_path / PROJECTION_FILE).exists()

    full, stripped = start_dataset(DK), start_dataset(tmp_path)
    assert full.reference_year == 2020
    assert int(full.population_history["year"].max()) == 2020
    assert len(full.population_projection) == 0
    pd.testing.assert_frame_equal(full.population_history, stripped.population_history)
    pd.testing.assert_frame_equal(full.population, stripped.population)
    parameters = load_parameters()
    expected = forecast_population(full, parameters, 2026, "cohort").single_ages
    got = forecast_population(stripped, parameters, 2026, "cohort").single_ages
    np.testing.assert_array_equal(expected, got)
