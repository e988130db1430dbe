"""Property: the incremental analysis of a scenario equals a full analysis of its dataset."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from praksisplan.cli.travel_inputs import read_links
from praksisplan.core.dataset import Dataset
from praksisplan.dataset_io import read_dataset
from praksisplan.engine.cells import od_table_of
from praksisplan.engine.od import ODTable
from praksisplan.engine.supply import practice_supply
from praksisplan.scenario.apply import apply_edits
from praksisplan.scenario.diff import Analysis, analyse, diff
from praksisplan.scenario.edits import ScenarioEditError, parse_edits
from praksisplan.scenario.incremental import (
    analyse_scenario,
    changed_practices,
    patched_od,
    practice_state,
)
from praksisplan.synth.demo import build_demo_dataset
from praksisplan.threat.rules import load_rules
from praksisplan.travel.links import link_tables
from scenario_edit_kinds import KINDS
from travel.test_cli import X0, Y0, _write_world

PRACTICES = ["P001", "P002", "P003", "P004", "P005", "P006"]
CELLS = [f"C{i:02d}" for i in range(1, 13)]
BANDS = ["0-4", "30-34", "65-69", "80-84", "40-44"]
RULES = load_rules(None)


def _edits() -> st.SearchStrategy[dict[str, Any]]:
    practice = st.sampled_from(PRACTICES)
    cell = st.sampled_from(CELLS)
    return st.one_of(
        st.builds(
            lambda p, s: {"table": "practices", "key": p, "op": "update", "values": {"status": s}},
            practice,
            st.sampled_from(["open", "closed"]),
        ),
        st.builds(
            lambda p, c: {
                "table": "practices",
                "key": p,
                "op": "update",
                "values": {"capacities": c, "vacant_capacities": 0},
            },
            practice,
            st.integers(0, 6),
        ),
        st.builds(lambda p: {"table": "practices", "key": p, "op": "delete"}, practice),
        st.builds(
            lambda c, n: {"table": "cells", "key": c, "op": "update", "values": {"add_persons": n}},
            cell,
            st.integers(0, 5000),
        ),
        st.builds(
            lambda c, b, s, n: {
                "table": "population",
                "key": [c, b, s],
                "op": "update" if b != "40-44" else "insert",
                "values": {"persons": n},
            },
            cell,
            st.sampled_from(BANDS),
            st.sampled_from(["M", "F"]),
            st.integers(0, 900),
        ),
        st.builds(lambda c: {"table": "cells", "key": c, "op": "delete"}, cell),
        st.builds(
            lambda i, n, dx: {
                "table": "cells",
                "key": f"NEW{i}",
                "op": "insert",
                "values": {"x": 553371.0 + dx, "y": 6324000.0, "persons": n},
            },
            st.integers(0, 3),
            st.integers(0, 3000),
            st.floats(-3000, 3000),
        ),
    )


def _practice_edits() -> st.SearchStrategy[dict[str, Any]]:
    """Edits that leave the cells alone, so the spatial part is recomputed only locally."""
    practice = st.sampled_from(PRACTICES)
    cell = st.sampled_from(CELLS)
    return st.one_of(
        st.builds(
            lambda p, s: {"table": "practices", "key": p, "op": "update", "values": s},
            practice,
            st.sampled_from(
                [
                    {"status": "open"},
                    {"status": "closed"},
                    {"status": "selective", "open_postcodes": "9400"},
                    {"status": "selective", "open_postcodes": "9000 9440"},
                ]
            ),
        ),
        st.builds(
            lambda p, c: {
                "table": "practices",
                "key": p,
                "op": "update",
                "values": {"capacities": c, "vacant_capacities": 0},
            },
            practice,
            st.integers(0, 6),
        ),
        st.builds(
            lambda p, dx, dy: {
                "table": "practices",
                "key": p,
                "op": "update",
                "values": {"x": 548000.0 + dx, "y": 6320000.0 + dy},
            },
            practice,
            st.floats(-9000, 9000),
            st.floats(-5000, 5000),
        ),
        st.builds(
            lambda i, dx, dy: {
                "table": "practices",
                "key": f"NK{i}",
                "op": "insert",
                "values": {
                    "name": "Nærklinik",
                    "x": 548000.0 + dx,
                    "y": 6320000.0 + dy,
                    "org_form": "near",
                    "capacities": 3,
                    "vacant_capacities": 0,
                    "listed_patients": 0,
                    "status": "open",
                },
            },
            st.integers(0, 2),
            st.floats(-9000, 9000),
            st.floats(-5000, 5000),
        ),
        st.builds(lambda p: {"table": "practices", "key": p, "op": "delete"}, practice),
        st.builds(
            lambda c, n: {"table": "cells", "key": c, "op": "update", "values": {"add_persons": n}},
            cell,
            st.integers(0, 5000),
        ),
    )


def _island_edits() -> st.SearchStrategy[dict[str, Any]]:
    """Edits of the two-island world: practices opened, closed, moved between the islands
    (or into the sea between them), added and removed; persons added."""
    x, y = st.floats(X0 - 3_000, X0 + 10_000), st.floats(Y0 - 2_000, Y0 + 2_000)
    return st.one_of(
        st.builds(
            lambda s: {"table": "practices", "key": "p1", "op": "update", "values": {"status": s}},
            st.sampled_from(["open", "closed"]),
        ),
        st.builds(
            lambda px, py: {
                "table": "practices",
                "key": "p1",
                "op": "update",
                "values": {"x": px, "y": py},
            },
            x,
            y,
        ),
        st.builds(
            lambda i, px, py: {
                "table": "practices",
                "key": f"NK{i}",
                "op": "insert",
                "values": {
                    "name": "Nærklinik",
                    "x": px,
                    "y": py,
                    "org_form": "near",
                    "capacities": 3,
                    "vacant_capacities": 0,
                    "listed_patients": 0,
                    "status": "open",
                },
            },
            st.integers(0, 1),
            x,
            y,
        ),
        st.just({"table": "practices", "key": "p1", "op": "delete"}),
        st.builds(
            lambda n: {
                "table": "cells",
                "key": "c1",
                "op": "update",
                "values": {"add_persons": n},
            },
            st.integers(0, 500),
        ),
    )


@pytest.fixture(scope="module")
def island_world(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    """Two islands joined by a ferry (tests/travel), so every area has an island note."""
    folder, links = _write_world(Path(tmp_path_factory.mktemp("islands")))
    return read_dataset(folder).with_tables(**link_tables(read_links(links)))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=st.lists(_island_edits(), min_size=1, max_size=4))
def test_island_notes_follow_the_edits(island_world: Dataset, raw: list[dict[str, Any]]) -> None:
    """The base's island notes are reused unless an edit moves, adds or removes a practice;
    the explanations (which end with the notes) equal a full recompute's either way."""
    _assert_incremental_equals_full(island_world, raw)


def _with_radius(dataset: Dataset, radius_km: float) -> Dataset:
    rules = dataset.manifest.rules.model_copy(update={"free_choice_radius_km": radius_km})
    return replace(dataset, manifest=dataset.manifest.model_copy(update={"rules": rules}))


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    return bool(np.allclose(a, b, rtol=1e-9, atol=1e-9, equal_nan=True))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_edits(), min_size=1, max_size=6))
def test_incremental_equals_full_recompute(
    tiny_dataset: Dataset, raw: list[dict[str, Any]]
) -> None:
    _assert_incremental_equals_full(tiny_dataset, raw)


@pytest.mark.parametrize("radius_km", [15.0, 4.0, 2.0])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=st.lists(_practice_edits(), min_size=1, max_size=5))
def test_local_spatial_recompute_equals_full_recompute(
    tiny_dataset: Dataset, radius_km: float, raw: list[dict[str, Any]]
) -> None:
    """With small radii most cells lie beyond the reach of a changed practice and keep the
    base's figures; they must still equal a full recompute."""
    _assert_incremental_equals_full(_with_radius(tiny_dataset, radius_km), raw)


@pytest.fixture(scope="module")
def demo_base() -> Analysis:
    """The demo region analysed (its 15 km reach covers most of the region)."""
    return analyse(build_demo_dataset(), RULES)


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("case", ["tiny", "demo"])
def test_every_benchmark_edit_kind_equals_full_recompute(
    tiny_dataset: Dataset, demo_base: Analysis, case: str, kind: str
) -> None:
    """The edits ``benchmarks/scenario.py`` times, on the tiny dataset and the demo region:
    the incremental analysis and its diff equal those of a full recompute (counts and
    classes exactly, floats to 1e-9)."""
    base = analyse(tiny_dataset, RULES) if case == "tiny" else demo_base
    rng = np.random.default_rng(len(kind))
    for i in range(8):
        raw = [KINDS[kind](base.dataset, rng, i)]
        incremental, full = _assert_incremental_equals_full(base.dataset, raw, base)
        if incremental is not None and full is not None:
            got, want = diff(base, incremental), diff(base, full)
            pd.testing.assert_frame_equal(
                got.indicators, want.indicators, check_exact=False, rtol=1e-9, atol=1e-9
            )
            pd.testing.assert_frame_equal(got.classes, want.classes)
            pd.testing.assert_frame_equal(got.practices, want.practices)
            assert got.persons_gaining_free_choice == want.persons_gaining_free_choice
            assert got.persons_losing_free_choice == want.persons_losing_free_choice


def _assert_incremental_equals_full(
    dataset: Dataset, raw: list[dict[str, Any]], base: Analysis | None = None
) -> tuple[Analysis | None, Analysis | None]:
    """Assert the incremental analysis of ``raw`` over ``dataset`` equals a full recompute
    (``base``: ``dataset`` analysed, if known); returns both (``None`` if refused)."""
    base = base or analyse(dataset, RULES)
    try:
        applied = apply_edits(dataset, parse_edits(raw))
    except ScenarioEditError:
        return None, None  # e.g. a duplicate insert or a deleted row edited: no scenario
    incremental = analyse_scenario(base, applied, RULES)
    full = analyse(applied.dataset, RULES)
    for level, frame in full.levels.items():
        got = incremental.levels[level]
        assert list(got.index) == list(frame.index)
        for column in frame.columns:
            if column in ("name", "municipality_code"):
                assert got[column].tolist() == frame[column].tolist()
            elif frame[column].dtype.kind in "iu":
                assert got[column].tolist() == frame[column].tolist(), (level, column)
            else:
                assert _same(got[column].to_numpy(float), frame[column].to_numpy(float)), (
                    level,
                    column,
                )
    pd.testing.assert_frame_equal(incremental.assessment.areas, full.assessment.areas)
    if full.island_notes is None:
        assert incremental.island_notes is None
    else:
        pd.testing.assert_series_equal(incremental.island_notes, full.island_notes)
    for column in full.cells.columns:
        got, want = incremental.cells[column].to_numpy(), full.cells[column].to_numpy()
        if want.dtype.kind in "iu":
            assert got.tolist() == want.tolist(), column
        else:
            assert _same(got.astype(float), want.astype(float)), column
    return incremental, full


def test_only_the_edited_practices_count_as_changed(tiny_dataset: Dataset) -> None:
    """A practice without open postcodes (missing, and missing never equals missing) is
    unchanged when the edit leaves it alone, so the local recompute stays local."""
    assert tiny_dataset.practices["open_postcodes"].isna().any()
    before = practice_state(tiny_dataset, practice_supply(tiny_dataset))
    again = practice_state(tiny_dataset, practice_supply(tiny_dataset))
    assert changed_practices(before, again) == set()
    edit = {"table": "practices", "key": "P001", "op": "update", "values": {"status": "closed"}}
    edited = apply_edits(tiny_dataset, parse_edits([edit])).dataset
    after = practice_state(edited, practice_supply(edited))
    assert changed_practices(before, after) == {"P001"}


@pytest.mark.parametrize("kind", ["status", "move", "new clinic", "remove practice"])
def test_patched_od_table_equals_a_new_one(demo_base: Analysis, kind: str) -> None:
    """The base's OD table patched for the edited practices holds exactly the pairs (and
    costs) of a table built afresh for the scenario."""
    rng = np.random.default_rng(3)
    for i in range(5):
        try:
            applied = apply_edits(
                demo_base.dataset, parse_edits([KINDS[kind](demo_base.dataset, rng, i)])
            )
        except ScenarioEditError:
            continue
        patched = patched_od(demo_base, applied.dataset)
        fresh = od_table_of(applied.dataset, demo_base.reach_m)
        assert patched is not None
        assert (patched.n_origins, patched.n_destinations) == (
            fresh.n_origins,
            fresh.n_destinations,
        )
        assert _pairs(patched) == _pairs(fresh)


def _pairs(od: ODTable) -> list[tuple[int, int, float]]:
    return sorted(zip(od.origin.tolist(), od.dest.tolist(), od.cost.tolist(), strict=True))
