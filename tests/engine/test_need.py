"""Default need weights from SSB 2023 on FOLK1A bands, and user tables replacing them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from praksisplan.core.errors import PraksisplanError
from praksisplan.core.manifest import DEFAULT_AGE_BANDS
from praksisplan.engine.need import default_need_weights, need_weights, share_of_band_in_ages


def test_default_weights_on_folk1a_bands() -> None:
    weights = default_need_weights(DEFAULT_AGE_BANDS)  # columns: women, men
    band = {b: i for i, b in enumerate(DEFAULT_AGE_BANDS)}
    # 0-4: all ages at 1.9 → 1.9 / 3 × 1.2 (women) and × 0.8 (men)
    assert weights[band["0-4"]].tolist() == pytest.approx([1.9 / 3 * 1.2, 1.9 / 3 * 0.8])
    # 5-9: age 5 at 1.9, ages 6-9 at 1.4 → mean 1.5
    assert weights[band["5-9"], 0] == pytest.approx(1.5 / 3 * 1.2)
    # 65-69: ages 65, 66 at 3.5 and 67-69 at 3.9 → (7.0 + 11.7) / 5 = 3.74
    assert weights[band["65-69"], 1] == pytest.approx(3.74 / 3 * 0.8)
    # 90+: 3.5
    assert weights[band["90+"], 0] == pytest.approx(3.5 / 3 * 1.2)


def test_user_table_replaces_the_default_and_must_be_complete() -> None:
    table = pd.DataFrame(
        {
            "age_band": ["0-49", "0-49", "50+", "50+"],
            "sex": ["F", "M", "F", "M"],
            "weight": [1.0, 0.5, 2.0, 1.5],
        }
    )
    np.testing.assert_array_equal(need_weights(["0-49", "50+"], table), [[1.0, 0.5], [2.0, 1.5]])
    with pytest.raises(PraksisplanError, match="50\\+/M"):
        need_weights(["0-49", "50+"], table.iloc[:3])


def test_share_of_band_in_ages() -> None:
    assert share_of_band_in_ages("60-69", 65, None) == 0.5
    assert share_of_band_in_ages("10-19", 0, 14) == 0.5
    assert share_of_band_in_ages("90+", 65, None) == 1.0
    assert share_of_band_in_ages("90+", 0, 64) == 0.0
