"""The instrument catalogue: what each area status unlocks; bad files refused in Danish."""

from __future__ import annotations

from pathlib import Path

import pytest

from praksisplan.core.errors import PraksisplanError
from praksisplan.plan.instruments import instruments_by_area, load_catalogue


def test_default_catalogue_by_area_status() -> None:
    catalogue = load_catalogue()
    by_area = instruments_by_area(catalogue, {"A1": "red", "A2": "yellow", "A3": "green"})
    assert [i.id for i in by_area["A1"]] == [
        "shared_practice",
        "reduced_norm",
        "licence_clinic",
        "region_clinic",
        "satellite_practice",
        "pool_capacity",
    ]
    assert [i.id for i in by_area["A2"]] == [
        "shared_practice",
        "reduced_norm",
        "satellite_practice",
        "pool_capacity",
    ]
    assert [i.id for i in by_area["A3"]] == ["ordinary_advertising"]
    assert by_area["A1"][0].title == "Delepraksis i op til seks år"


def test_a_custom_catalogue_and_its_errors(tmp_path: Path) -> None:
    path = tmp_path / "virkemidler.toml"
    path.write_text(
        '[[instrument]]\nid = "nearclinic"\nstatus = ["red"]\ntitle = "Nærklinik"\n', "utf-8"
    )
    assert [i.title for i in load_catalogue(path).for_status("red")] == ["Nærklinik"]
    path.write_text('[[instrument]]\nid = "x"\nstatus = ["purple"]\ntitle = "X"\n', "utf-8")
    with pytest.raises(
        PraksisplanError,
        match=r"(?s)ikke et gyldigt katalog.*instrument\.0\.status: ukendt områdestatus 'purple'",
    ):
        load_catalogue(path)
    path.write_text('[[instrument]]\nid = "x"\nstatus = ["red"]\ntitle = "X"\n' * 2, "utf-8")
    with pytest.raises(PraksisplanError, match="'x' står der flere gange"):
        load_catalogue(path)
    with pytest.raises(PraksisplanError, match="kan ikke læses"):
        load_catalogue(tmp_path / "findes-ikke.toml")
