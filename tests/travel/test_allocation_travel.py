"""The optimiser over travel costs: in the two-island world the practice 6 km away across
the water covers the island's cell by straight line, not over the 38 km ferry route."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from praksisplan.cli.travel_inputs import read_links
from praksisplan.dataset_io import read_dataset
from praksisplan.optimise.candidates import CandidateOptions, candidate_sites
from praksisplan.optimise.instance import build_instance
from praksisplan.travel.land import land_masses_of
from praksisplan.travel.links import dataset_links, link_tables
from praksisplan.travel.network import TravelNetwork
from travel.test_cli import _write_world


def test_coverage_and_costs_follow_the_ferry(tmp_path: Path) -> None:
    folder, links = _write_world(tmp_path)
    world = read_dataset(folder)
    world = world.with_tables(**link_tables(read_links(links)))
    sites = candidate_sites(world, CandidateOptions(towns=False))
    existing = 0  # the practice p1 is the first site
    straight = build_instance(world, sites, reach_km=40)
    network = TravelNetwork.of(land_masses_of(world), dataset_links(world))
    ferry = build_instance(world, sites, reach_km=40, network=network)
    assert straight.coverage[[0], [existing]].sum() == 1  # 6 km ≤ 15 km
    assert ferry.coverage[[0], [existing]].sum() == 0  # 38 km > 15 km
    assert np.asarray(straight.cost[[0], [existing]]).item() == pytest.approx(6_000.0)
    assert np.asarray(ferry.cost[[0], [existing]]).item() == pytest.approx(38_000.0)
