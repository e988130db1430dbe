"""Statistics of a quantity spread over population cells, weighted by persons.

Used for the distance and accessibility figures of an area: population-weighted quantiles
and the equity measures (Gini coefficient, Palma ratio). Each statistic is computed for
many groups (the cells of each area) at once: :class:`GroupedValues` sorts all cells by
(group, value) once, and the per-group sums are
:func:`numpy.bincount` calls — no Python loop over groups. The scalar functions are the
one-group case.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


class GroupedValues:
    """Values with person weights, split into groups and sorted by value within each group.

    Cells with weight 0 are left out (they hold no persons). A group's cumulative weights
    are differences of one running sum; with integer weights (persons) they are exact.
    """

    def __init__(
        self,
        values: FloatArray,
        weights: FloatArray,
        group: npt.NDArray[np.intp],
        n_groups: int,
    ) -> None:
        keep = (weights > 0) & (group >= 0)
        values, weights, group = values[keep], weights[keep], group[keep]
        # by value (the order of equal values does not change any statistic), then stably
        # by group: a radix sort when the group numbers fit in 16 bits
        order = np.argsort(values)
        if n_groups > 1:  # one group (a region) is sorted by value already
            group_type = np.int16 if n_groups <= np.iinfo(np.int16).max else np.intp
            order = order[np.argsort(group[order].astype(group_type), kind="stable")]
        self.values = values[order]
        self.weights = weights[order]
        self.group = group[order]
        self.n_groups = n_groups
        self.total = np.bincount(self.group, weights=self.weights, minlength=n_groups)
        running = np.cumsum(self.weights)
        self.starts = np.searchsorted(self.group, np.arange(n_groups))
        self.ends = np.searchsorted(self.group, np.arange(n_groups), side="right")
        before_group = np.r_[0.0, running][self.starts]
        #: cumulative weight within the group up to and including each value
        self.cumulative = running - before_group[self.group]

    def _sum(self, values: FloatArray) -> FloatArray:
        sums = np.bincount(self.group, weights=values, minlength=self.n_groups)
        return np.asarray(sums, dtype=np.float64)

    def quantile(self, q: float) -> FloatArray:
        """Per group the smallest value ``v`` such that the weight of values ≤ ``v`` is
        ≥ ``q`` × the group's total (NaN for a group without weight)."""
        starts, ends = self.starts, self.ends
        reached = np.flatnonzero(self.cumulative >= q * self.total[self.group])
        # the first value reaching the target in each group (its last value when rounding
        # leaves q × total above the group's total); a sentinel past all groups ends it
        first = np.append(reached, len(self.values))[np.searchsorted(reached, starts)]
        position = np.where(first < ends, first, ends - 1)
        result = np.full(self.n_groups, np.nan)
        filled = ends > starts
        result[filled] = self.values[position[filled]]
        return result

    def gini(self) -> FloatArray:
        """Per group the Gini coefficient ``Σ_ij w_i w_j |v_i − v_j| / (2 W² v̄)`` with ``v̄``
        the weighted mean (0 = everyone equal; NaN for no weight or a zero mean)."""
        total = self.total
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = self._sum(self.values * self.weights) / total
        # Σ_ij w_i w_j |v_i − v_j| = 2 Σ_i w_i v_i (W_<i − W_>i), with W_<i / W_>i the weight
        # strictly before / after i in sorted order (ties contribute zero either way).
        before = self.cumulative - self.weights
        after = total[self.group] - self.cumulative
        absolute_differences = 2 * self._sum(self.weights * self.values * (before - after))
        valid = (total > 0) & (mean != 0)
        result = np.full(self.n_groups, np.nan)
        result[valid] = absolute_differences[valid] / (
            2 * total[valid] * total[valid] * mean[valid]
        )
        return result

    def palma(self) -> FloatArray:
        """Per group the share of the total held by the best-off 10 % of persons over that
        of the worst-off 40 % (persons split at fractional weights where a cell straddles a
        boundary; NaN when the worst-off 40 % hold nothing)."""
        # each cell covers the persons (cumulative − weight, cumulative] of its group; the
        # bounds are counted in persons, not shares, so with whole persons they are exact
        total = self.total[self.group]
        upper = self.cumulative
        lower = self.cumulative - self.weights

        def held_between(a: float, b: float) -> FloatArray:
            persons = np.clip(np.minimum(upper, b * total) - np.maximum(lower, a * total), 0, None)
            return self._sum(persons * self.values)

        bottom = held_between(0.0, 0.4)
        top = held_between(0.9, 1.0)
        result = np.full(self.n_groups, np.nan)
        valid = bottom > 0
        result[valid] = top[valid] / bottom[valid]
        return result


def _one_group(values: FloatArray, weights: FloatArray) -> GroupedValues:
    return GroupedValues(values, weights, np.zeros(len(values), dtype=np.intp), 1)


def weighted_quantile(values: FloatArray, weights: FloatArray, q: float) -> float:
    """The smallest value ``v`` such that the weight of values ≤ ``v`` is ≥ ``q`` × total
    (the inverse of the weighted distribution function; NaN when the total weight is 0)."""
    return float(_one_group(values, weights).quantile(q)[0])


def weighted_gini(values: FloatArray, weights: FloatArray) -> float:
    """Gini coefficient of ``values`` over persons (see :meth:`GroupedValues.gini`)."""
    return float(_one_group(values, weights).gini()[0])


def palma_ratio(values: FloatArray, weights: FloatArray) -> float:
    """Palma ratio of ``values`` over persons (see :meth:`GroupedValues.palma`)."""
    return float(_one_group(values, weights).palma()[0])
