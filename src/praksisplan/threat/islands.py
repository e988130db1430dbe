"""Islands in the threat assessment: which areas lie on an island, and the island's note.

An island area's free choice and supply are what its island allows ("øen har én praksis;
færge til fastlandet 45 min, 12 afgange"), so its explanation says so, and criteria may be
limited to island or mainland areas (``applies_to`` in the rule file). The land masses and
links come from the dataset (:mod:`praksisplan.travel`); finding them costs a union of the
boundary polygons, so it is only done when the rule set has island-specific criteria or the
dataset has links.
"""

from __future__ import annotations

import pandas as pd

from praksisplan.core.dataset import Dataset
from praksisplan.threat.evaluate import ON_ISLAND
from praksisplan.threat.rules import RuleSet
from praksisplan.travel.islands import area_island_notes
from praksisplan.travel.land import land_masses_of
from praksisplan.travel.links import dataset_links
from praksisplan.travel.network import TravelNetwork

__all__ = ["ON_ISLAND", "island_network", "island_notes", "with_island_notes"]


def island_network(dataset: Dataset, rules: RuleSet) -> TravelNetwork | None:
    """The land masses and links the island notes are read from (they depend on the
    polygons, the links and ``rules`` alone); None when not needed (no island-specific
    criterion and no links in the dataset)."""
    island_specific = any(c.applies_to != "all" for c in rules.criteria)
    has_links = len(dataset.ferry_links) > 0 or len(dataset.fixed_links) > 0
    if not (island_specific or has_links):
        return None
    return TravelNetwork.of(land_masses_of(dataset), dataset_links(dataset))


def island_notes(
    dataset: Dataset, rules: RuleSet, network: TravelNetwork | None = None
) -> pd.Series | None:
    """Per area: its island's note (None on the mainland); None when not needed.
    ``network``: the dataset's :func:`island_network`, when already known."""
    network = network or island_network(dataset, rules)
    return None if network is None else area_island_notes(dataset, network)


def with_island_notes(explanations: pd.Series, notes: pd.Series) -> pd.Series:
    """Each island area's explanation followed by its island's note."""
    note = notes.reindex(explanations.index)
    on_island = note.notna()
    noted = explanations.copy()
    noted[on_island] = [
        f"{text}. {n[0].upper()}{n[1:]}"
        for text, n in zip(explanations[on_island], note[on_island], strict=True)
    ]
    return noted
