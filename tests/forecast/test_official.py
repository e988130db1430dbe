"""The official projection: exact municipal totals down to cells, interpolation, bad input."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from praksisplan.core.dataset import Dataset
from praksisplan.dataset_io import validate_path
from praksisplan.forecast.demography import band_matrix
from praksisplan.forecast.disaggregate import project_units
from praksisplan.forecast.parameters import ForecastError, load_parameters
from praksisplan.forecast.population import forecast_population, interpolation_weights

from .builders import TINY_PROJECTION, projection_frame, with_projection

PARAMETERS = load_parameters()
#: the tiny dataset's persons per municipality and band at the reference date (2025),
#: summed by hand from tests/fixtures/tiny/population.csv: bands 0-4, 30-34 below 65,
#: 65-69 and 80-84 at 65+
BANDS = ["0-64", "65+"]


def _band_totals(single_ages: np.ndarray) -> np.ndarray:
    """(municipalities, 2 bands) of ``(municipalities, 2 sexes, ages)``."""
    return np.asarray((single_ages @ band_matrix(BANDS).T).sum(axis=1))


def test_totals_met_exactly_in_projected_years_and_cells(tiny_dataset: Dataset) -> None:
    dataset = with_projection(tiny_dataset)
    forecast = forecast_population(dataset, PARAMETERS, 2030)
    assert forecast.model == "official"
    codes = forecast.municipality_codes
    for year in (2027, 2030):
        totals = _band_totals(forecast.single_ages[forecast.years.index(year)])
        for m, code in enumerate(codes):
            for b, band in enumerate(BANDS):
                assert totals[m, b] == pytest.approx(TINY_PROJECTION[(code, year, band)])
    cells = project_units(dataset, forecast, "cell_id")  # (years, cells, 2, bands)
    muni_of_cell = dataset.cells["municipality_code"].astype(str).to_numpy()
    last = forecast.years.index(2030)
    for code in codes:
        in_muni = cells[last, muni_of_cell == code].sum()
        assert in_muni == pytest.approx(
            TINY_PROJECTION[(code, 2030, "0-64")] + TINY_PROJECTION[(code, 2030, "65+")]
        )


def test_years_between_are_interpolated_linearly(tiny_dataset: Dataset) -> None:
    dataset = with_projection(tiny_dataset)
    forecast = forecast_population(dataset, PARAMETERS, 2030)
    totals = {y: _band_totals(forecast.single_ages[i]) for i, y in enumerate(forecast.years)}
    # 2026 lies halfway between the reference 2025 and 2027; 2028 a third of 2027 → 2030
    np.testing.assert_allclose(totals[2026], (totals[2025] + totals[2027]) / 2)
    np.testing.assert_allclose(totals[2028], totals[2027] + (totals[2030] - totals[2027]) / 3)
    assert interpolation_weights(2028, [2025, 2027, 2030]) == (2027, 2030, pytest.approx(1 / 3))


def test_horizon_errors(tiny_dataset: Dataset) -> None:
    dataset = with_projection(tiny_dataset)
    with pytest.raises(ForecastError, match="--horizon 2024 ligger før referencedatoens år 2025"):
        forecast_population(dataset, PARAMETERS, 2024)
    with pytest.raises(ForecastError, match="efter population_projection's sidste år 2030"):
        forecast_population(dataset, PARAMETERS, 2031)
    with pytest.raises(ForecastError, match="ingen tabel population_projection"):
        forecast_population(tiny_dataset, PARAMETERS, 2030, "official")


def _write_projection(
    tmp_path: Path, tiny_dir: Path, rows: dict[tuple[str, int, str], int]
) -> Path:
    target = tmp_path / "tiny"
    shutil.copytree(tiny_dir, target)
    projection_frame(rows).to_csv(target / "population_projection.csv", index=False)
    return target


def test_projection_missing_a_municipality_is_an_error(
    tmp_path: Path, tiny_dataset_dir: Path
) -> None:
    rows = {k: v for k, v in TINY_PROJECTION.items() if k[0] != "849"}
    issues = validate_path(_write_projection(tmp_path, tiny_dataset_dir, rows))
    assert [(i.file, i.column, i.rule) for i in issues] == [
        ("population_projection.csv", "municipality_code", "projection-municipality")
    ]
    assert "849" in issues[0].message


def test_bands_that_do_not_partition_are_an_error(tmp_path: Path, tiny_dataset_dir: Path) -> None:
    rows = dict(TINY_PROJECTION)
    rows[("851", 2027, "60-70")] = 10  # overlaps 0-64 and 65+
    issues = validate_path(_write_projection(tmp_path, tiny_dataset_dir, rows))
    assert [(i.file, i.row, i.column, i.rule) for i in issues] == [
        ("population_projection.csv", 2, "age_band", "age-bands-partition")
    ]
    assert "kommune 851, år 2027" in issues[0].message


def test_a_valid_projection_file_passes(tmp_path: Path, tiny_dataset_dir: Path) -> None:
    assert validate_path(_write_projection(tmp_path, tiny_dataset_dir, TINY_PROJECTION)) == []
