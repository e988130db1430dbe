"""The editor's Danish texts: an edit as a sentence, every indicator's label, the figures
of the diff table (value and signed change with unit)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from praksisplan.core.dataset import Dataset
from praksisplan.core.vocabulary import indicator_label
from praksisplan.engine.indicators import compute_indicators
from praksisplan.scenario.edits import parse_edits
from praksisplan.scenario.wording import describe_edit
from praksisplan.scenario_report import change_text, figure_text

DOCS = Path(__file__).resolve().parents[2] / "docs" / "scenarios.md"

#: The sentence of each example edit of docs/scenarios.md, written out by hand.
EXPECTED = [
    "Praksis D00042 lukker for tilgang.",
    "Praksis D00043 lukker selektivt (åben for postnummer 4000, 4100).",
    "Praksis D00044 får 4 kapaciteter, 1 ledig kapacitet, 6.100 tilmeldte patienter, "
    "normtal 1.400 og organisationsform kompagniskabspraksis.",
    "Praksis D00045 flyttes til 688.000 Ø, 6.170.000 N.",
    "Ny nærklinik NK001 «Nærklinikken Sandø» med 3 kapaciteter ved 690.500 Ø, 6.172.300 N.",
    "Praksis D00046 nedlægges; de tilmeldte patienter går til praksis D00047.",
    "Ny ansat læge G9001 i praksis NK001 (født 1986, 0,8 årsværk).",
    "Læge G0100 får 0,5 årsværk.",
    "Læge G0101 går på pension i 2028.",
    "Regionen opslår 2 ledige kapaciteter i område A7.",
    "Regionens ledige kapaciteter i område A12 besættes.",
    "Befolkningen i celle C0042, 65-69 år, kvinder: 120 personer.",
    "Ny befolkningscelle NEW-A12 med 800 indbyggere ved 689.900 Ø, 6.171.800 N.",
    "Befolkningscellen C0043 får 250 indbyggere mere.",
    "Reglen for radius for frit valg sættes til 12,5 km.",
    "Behovsvægten for 80-84 år, kvinder sættes til 2,4.",
    "Trusselsreglerne udskiftes med scenariets egne.",
]


def test_every_documented_edit_reads_as_a_danish_sentence() -> None:
    toml = DOCS.read_text(encoding="utf-8").split("```toml")[1].split("```")[0]
    edits = parse_edits(tomllib.loads(toml)["edits"])
    assert [describe_edit(edit) for edit in edits] == EXPECTED


@pytest.mark.parametrize(
    ("edit", "sentence"),
    [
        # a dragged practice: coordinates to whole metres, Danish thousands separator
        (
            {"op": "update", "values": {"x": 551234.5678, "y": 6319876.4321}},
            "Praksis P005 flyttes til 551.235 Ø, 6.319.876 N.",
        ),
        (
            {"op": "update", "values": {"status": "open", "capacities": 1}},
            "Praksis P005 åbner for tilgang og får 1 kapacitet.",
        ),
        (
            {"op": "delete", "values": {}},
            "Praksis P005 nedlægges; de tilmeldte patienter fordeles på de nærmeste åbne praksis.",
        ),
        (
            {"op": "update", "values": {"capacities": 2.5}, "year": 2027},
            "Praksis P005 får 2,5 kapaciteter (fra 2027).",
        ),
    ],
)
def test_practice_sentences(edit: dict[str, object], sentence: str) -> None:
    (parsed,) = parse_edits([{"table": "practices", "key": "P005", **edit}])
    assert describe_edit(parsed) == sentence


def test_every_indicator_has_a_danish_label(tiny_dataset: Dataset) -> None:
    codes = set(compute_indicators(tiny_dataset, "region").columns) - {"name"}
    unlabelled = sorted(c for c in codes if indicator_label(c) == c)
    assert unlabelled == []
    for code in ("practices_near", "share_practices_open", "dist_any_median_km"):
        assert not re.search(r"[a-z]_[a-z]", indicator_label(code))
    assert indicator_label("access_e2sfca_gini") == "Tilgængelighed (E2SFCA), Gini-koefficient"
    assert indicator_label("access_e2sfca_palma") == "Tilgængelighed (E2SFCA), Palma-forhold"


@pytest.mark.parametrize(
    ("indicator", "base", "scenario", "texts"),
    [
        ("share_practices_open", 0.8, 0.6, ("80 %", "60 %", "−20,0 procentpoint")),
        ("supply_pct_of_need", 97.5, 101.25, ("98 %", "101 %", "+3,8 procentpoint")),
        ("persons_2plus_open", 6600, 5770, ("6.600", "5.770", "−830")),
        ("dist_any_median_km", 3.25, 3.5, ("3,2 km", "3,5 km", "+0,2 km")),
        ("practices_near", 0, 1, ("0", "1", "+1")),
        ("access_e2sfca_gini", 0.5, 0.5, ("0,5", "0,5", "0")),
        ("access_e2sfca_palma", None, 1.25, ("–", "1,25", "–")),
    ],
)
def test_figures_of_the_diff_table(
    indicator: str, base: float | None, scenario: float | None, texts: tuple[str, str, str]
) -> None:
    assert (
        figure_text(indicator, base),
        figure_text(indicator, scenario),
        change_text(indicator, base, scenario),
    ) == texts
