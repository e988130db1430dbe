"""Analysing a scenario incrementally: only what its edits can have changed is recomputed.

The per-cell population figures (the costly part: the long population table) are taken from
the base analysis for every cell whose population rows the edits left alone; only the cells
an edit touched are summed again. Everything that depends on the practices (the spatial
analysis, the indicators, the threat classes) is recomputed, which is fast. A property test
checks the result against a full :func:`~praksisplan.scenario.diff.analyse` of the edited
dataset.
"""

from __future__ import annotations

import pandas as pd

from praksisplan.engine.population import cell_population
from praksisplan.scenario.apply import AppliedScenario
from praksisplan.scenario.diff import Analysis, analyse
from praksisplan.threat.rules import RuleSet


def _population(base: Analysis, applied: AppliedScenario) -> pd.DataFrame | None:
    """The scenario's cell population from the base's, or ``None`` if it must be redone."""
    dataset = applied.dataset
    touched = applied.population_cells
    if touched is None or dataset.manifest.rules.age_bands != base.dataset.manifest.rules.age_bands:
        return None
    columns = base.population.columns
    cell_ids = pd.Index(dataset.cells["cell_id"].astype(str), name="cell_id")
    frame = base.population.reindex(cell_ids)
    if touched:
        cells = dataset.cells[dataset.cells["cell_id"].isin(touched)]
        rows = dataset.population[dataset.population["cell_id"].isin(touched)]
        part = cell_population(
            dataset.with_tables(cells=cells.reset_index(drop=True), population=rows)
        )
        frame.loc[part.index, columns] = part[columns].to_numpy()
    return frame


def analyse_scenario(base: Analysis, applied: AppliedScenario, rules: RuleSet) -> Analysis:
    """The analysis of ``applied`` (laid over the dataset ``base`` analysed)."""
    return analyse(applied.dataset, rules, population=_population(base, applied))
