"""Links as dataset tables: the demo region carries its own, and they read back as links."""

from __future__ import annotations

import pytest

from praksisplan.synth.demo import build_demo_dataset
from praksisplan.travel.demo import demo_links
from praksisplan.travel.links import LinkKind, dataset_links, link_tables


def test_the_demo_region_has_a_ferry_to_each_island_and_a_bridge() -> None:
    demo = build_demo_dataset()
    links = dataset_links(demo)
    assert [link.kind for link in links] == [LinkKind.FERRY, LinkKind.FERRY, LinkKind.BRIDGE]
    assert links == demo_links(demo)
    assert demo.ferry_links["departures_per_day"].tolist() == [12.0, 16.0]


def test_link_tables_and_dataset_links_are_inverses() -> None:
    demo = build_demo_dataset()
    again = demo.with_tables(**link_tables(dataset_links(demo)))
    assert dataset_links(again) == dataset_links(demo)
    bridge = dataset_links(demo)[-1]
    # a bridge without a stated length costs its length (× the detour factor)
    assert bridge.cost_m(1.2) == pytest.approx(bridge.length_m * 1.2)
