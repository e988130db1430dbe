"""Danish age and sex structure used to synthesise population counts.

The constants are the national population on 1 January 2020 per five-year band and sex,
Danmarks Statistik FOLK1A 2020K1 (derived once from ``folk1a_2020q1_5yband_sex.csv``).
"""

from __future__ import annotations

import numpy as np

from praksisplan.core.manifest import DEFAULT_AGE_BANDS, parse_age_band
from praksisplan.core.schema import Sex

#: Persons in Denmark on 1 January 2020 per band (DEFAULT_AGE_BANDS order): (men, women).
#: Source: Danmarks Statistik FOLK1A 2020K1.
NATIONAL_2020_PERSONS: tuple[tuple[int, int], ...] = (
    (158286, 149602),
    (157127, 149474),
    (173744, 164885),
    (175643, 167639),
    (194954, 186937),
    (204408, 196402),
    (182835, 175511),
    (165977, 162485),
    (182485, 181674),
    (196145, 195744),
    (207533, 204373),
    (194819, 193719),
    (170661, 173710),
    (155734, 163541),
    (156463, 168091),
    (111613, 128223),
    (64756, 83207),
    (30762, 48573),
    (12973, 32055),
)

#: The (age band, sex) columns of a population matrix, band-major: 0-4 M, 0-4 F, 5-9 M, …
COLUMNS: tuple[tuple[str, Sex], ...] = tuple(
    (band, sex) for band in DEFAULT_AGE_BANDS for sex in (Sex.MALE, Sex.FEMALE)
)

_MID_AGES = np.repeat(
    np.array(
        [
            (low + (high if high is not None else low + 7)) / 2
            for low, high in map(parse_age_band, DEFAULT_AGE_BANDS)
        ]
    ),
    2,
)


def national_shares() -> np.ndarray:
    """Shares (summing to 1) of the national population per column of :data:`COLUMNS`."""
    persons = np.asarray(NATIONAL_2020_PERSONS, dtype=float).reshape(-1)
    return np.asarray(persons / persons.sum())


def tilted_shares(tilt: np.ndarray | float) -> np.ndarray:
    """National shares tilted towards older (``tilt > 0``) or younger (``tilt < 0``) ages.

    Each column's share is multiplied by ``exp(tilt * (mid_age - 40) / 40)`` and the result
    renormalised; ``tilt = 0`` gives the national shares. A vector of ``n`` tilts gives an
    ``(n, len(COLUMNS))`` matrix, one profile per row.
    """
    tilts = np.atleast_1d(np.asarray(tilt, dtype=float))
    factors = np.exp(np.outer(tilts, (_MID_AGES - 40.0) / 40.0))
    profiles = national_shares()[None, :] * factors
    profiles /= profiles.sum(axis=1, keepdims=True)
    return profiles if np.ndim(tilt) else profiles[0]
