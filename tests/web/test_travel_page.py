"""The Sygebesøg og pladser page over HTTP on the tiny dataset's snapshot (one land mass,
no links, beds or care homes), and its content on the demo region (two islands, two ferries
and a bridge)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from praksisplan.synth.demo import build_demo_dataset
from praksisplan.web.routers.travel import travel_context
from praksisplan.web.travel_figures import snapshot_travel


def test_page_lists_the_land_masses_and_says_what_is_missing(client: TestClient) -> None:
    response = client.get("/rejsetid")
    assert response.status_code == 200
    text = response.text
    assert "<h1>Sygebesøg og pladser</h1>" in text
    assert 'href="/rejsetid' in text and 'aria-current="page">Sygebesøg og pladser' in text
    assert "<td>Fastlandet</td><td>6.600</td>" in text  # the tiny dataset's 6,600 persons
    assert "Datasættet har ingen færge- eller faste forbindelser." in text
    assert "Datasættet har ingen plejehjem." in text


def test_the_demo_regions_islands_ferries_and_bridge() -> None:
    context = travel_context(snapshot_travel(build_demo_dataset()))
    islands = [r for r in context["lands"] if r.is_island]
    assert len(islands) == 2
    words = [w for _, w in context["links"]]
    assert words == [
        "færge til fastlandet 47 min, 12 afgange",
        "færge til fastlandet 26 min, 16 afgange",
        "bro broen",
    ]
    assert all(r.explanation.startswith("øen har") for r in islands)
    assert len(context["beds"]) == len(build_demo_dataset().temporary_beds)
    assert all(b["far_share"].endswith(" %") for b in context["beds"])


def test_a_municipality_sees_only_its_own_sites() -> None:
    demo = snapshot_travel(build_demo_dataset())
    everyone = travel_context(demo)
    own = travel_context(demo, "907")
    assert 0 < len(own["beds"]) < len(everyone["beds"])
    assert len(travel_context(demo, "0000")["beds"]) == 0
