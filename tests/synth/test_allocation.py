import numpy as np
import pytest

from praksisplan.synth.age_structure import NATIONAL_2020_PERSONS, national_shares, tilted_shares
from praksisplan.synth.allocation import allocate_columns, highest_averages, largest_remainder


def test_largest_remainder_hand_computed() -> None:
    # quotas 3.5, 2.1, 1.4 -> floors 3, 2, 1 (6); the one unit left goes to the .5 remainder
    assert largest_remainder(7, np.array([0.5, 0.3, 0.2])).tolist() == [4, 2, 1]
    # equal remainders: ties go to the lower index
    assert largest_remainder(10, np.array([1.0, 1.0, 1.0])).tolist() == [4, 3, 3]
    assert largest_remainder(0, np.array([1.0, 2.0])).tolist() == [0, 0]


def test_allocate_columns_meets_every_column_total() -> None:
    rng = np.random.default_rng(1)
    weights = rng.uniform(0, 1, (50, 7))
    weights[:, 3] = 0.0  # a column without weight is split evenly
    totals = np.array([0, 1, 17, 10, 1000, 99_999, 3])
    counts = allocate_columns(totals, weights)
    assert counts.sum(axis=0).tolist() == totals.tolist()
    assert (counts >= 0).all()
    assert counts[:, 3].tolist() == [1] * 10 + [0] * 40
    # each count is within one of its quota
    weighted = [0, 1, 2, 4, 5, 6]
    quotas = weights[:, weighted] / weights[:, weighted].sum(axis=0) * totals[weighted]
    assert np.all(np.abs(counts[:, weighted] - quotas) < 1)


def test_allocate_columns_rejects_negative_input() -> None:
    with pytest.raises(ValueError):
        allocate_columns(np.array([-1]), np.ones((2, 1)))


def test_national_age_structure_matches_folk1a_total() -> None:
    # Statistics Denmark: 5,822,763 inhabitants on 1 January 2020
    assert sum(m + f for m, f in NATIONAL_2020_PERSONS) == 5_822_763
    shares = national_shares()
    assert shares.sum() == pytest.approx(1.0)
    assert np.allclose(tilted_shares(0.0), shares)
    older, younger = tilted_shares(0.5), tilted_shares(-0.5)
    # share aged 65+ (bands 65-69 .. 90+ are the last 6 bands, 12 columns)
    assert older[-12:].sum() > shares[-12:].sum() > younger[-12:].sum()
    assert tilted_shares(np.array([0.0, 0.5])).shape == (2, 38)


def test_highest_averages_hand_computed() -> None:
    weights = np.array([0.6, 0.25, 0.15])  # quotas of 4 units: 2.4, 1.0, 0.6
    zero = np.zeros(3, dtype=np.int64)
    # Sainte-Laguë quotients w/1, w/3, w/5: .6 .25 .2 .15 → A, B, A, C (C's 0.6 rounds up)
    assert highest_averages(4, weights, zero).tolist() == [2, 1, 1]
    # D'Hondt quotients w/1, w/2, w/3: .6 .3 .25 .2 → A, A, B, A (C's 0.6 rounds down)
    assert highest_averages(4, weights, zero, divisor_step=1.0).tolist() == [3, 1, 0]
    # A capped at 2: the next quotients are B's .25 and C's .15
    capped = highest_averages(4, weights, zero, np.array([2, 5, 5]), divisor_step=1.0)
    assert capped.tolist() == [2, 1, 1]
    # minimums first, then the rest by quotient: C starts at 2, then .6 A, .25 B, .2 A
    assert highest_averages(5, weights, np.array([0, 0, 2])).tolist() == [2, 1, 2]
    # equal weights: ties go to the lower index
    assert highest_averages(4, np.ones(3), zero).tolist() == [2, 1, 1]


def test_highest_averages_rejects_impossible_splits() -> None:
    with pytest.raises(ValueError, match="cannot split"):
        highest_averages(1, np.ones(2), np.array([1, 1]))
    with pytest.raises(ValueError, match="cannot split"):
        highest_averages(5, np.ones(2), np.zeros(2, dtype=np.int64), np.array([2, 2]))
