"""The candidate-site CSV reader shared by ``allocate --candidates`` and the Fordeling upload.

On the five-cell case (tests/optimise/allocation_case.py): a Windows-1252 file with ``;`` as
Danish Excel writes it is read to the user's site at its point; every bad file or row is a
Danish error naming the file, row and column.
"""

from __future__ import annotations

import pytest

from optimise.allocation_case import NEW_SITE, allocation_dataset
from praksisplan.core.errors import PraksisplanError
from praksisplan.dataset_io.candidate_file import candidate_file_sites

HEADER = "site_id;name;x;y;org_forms;min_capacities;max_capacities\n"
ROW = f"N1;Sundhedshus Øst;{NEW_SITE['x']:.0f};0;partnership;2;2\n"
#: the same point with decimal commas, as Danish Excel writes numbers
DANISH_ROW = "N1;Sundhedshus Øst;7500,0;0,0;partnership;2;2\n"


def test_a_danish_excel_file_is_read_to_the_users_site() -> None:
    sites = candidate_file_sites(
        allocation_dataset(), (HEADER + DANISH_ROW).encode("cp1252"), "k.csv"
    )
    assert list(sites["site_id"]) == ["N1"]
    assert list(sites["name"]) == ["Sundhedshus Øst"]
    assert (float(sites["x"].iloc[0]), int(sites["min_add"].iloc[0])) == (7_500.0, 2)
    assert list(sites["area_id"]) == ["A1"]  # the case's areas both cover the plane; A1 first
    comma = HEADER.replace(";", ",") + ROW.replace(";", ",").replace(",Sundhedshus Øst", ",")
    assert candidate_file_sites(allocation_dataset(), comma.encode(), "k.csv")["name"].tolist() == [
        "N1"
    ]  # an empty name is the site id


BAD_FILES = {
    "": "k.csv: filen er tom; der skal være en overskriftsrække",
    HEADER: "k.csv: filen har ingen kandidatsteder (kun overskriften)",
    HEADER + ROW + "N2;B;øst;0;solo;1;1\n": "k.csv, række 3, kolonne 'x': skal være et tal",
    HEADER + "N2;B;7000,5;0;solo;1,5;2\n": (
        "k.csv, række 2, kolonne 'min_capacities': skal være et helt tal, ikke 1,5"
    ),
    HEADER + ";B;7000;0;solo;1;1\n": "k.csv, række 2, kolonne 'site_id': stedet skal have et id",
    HEADER + "N2;B;7000;0;solo;3;2\n": (
        "k.csv, række 2, kolonne 'max_capacities': en ny klinik skal have 1 ≤ min_capacities "
        "≤ max_capacities, ikke 3 og 2"
    ),
    HEADER + "N2;B;7000;0;klinik;1;1\n": (
        "k.csv, række 2, kolonne 'org_forms': ukendt organisationsform 'klinik'"
    ),
    HEADER + "N2;B;2000000;0;solo;1;1\n": (
        "k.csv, række 2: stedet 'N2' ligger uden for regionens lægedækningsområder"
    ),
    HEADER + ROW + ROW: "k.csv, kolonne 'site_id': stedet 'N1' står der to gange",
    "site_id;x;y\nN1;1;2\n": "k.csv: mangler kolonnen 'org_forms'",
}


@pytest.mark.parametrize(("text", "message"), BAD_FILES.items())
def test_a_bad_file_is_refused_naming_row_and_column(text: str, message: str) -> None:
    with pytest.raises(PraksisplanError) as raised:
        candidate_file_sites(allocation_dataset(), text.encode(), "k.csv", max_rows=2)
    assert str(raised.value).startswith(message), str(raised.value)


def test_a_file_over_the_row_limit_is_refused() -> None:
    text = HEADER + ROW + ROW.replace("N1", "N2")
    assert candidate_file_sites(allocation_dataset(), text.encode(), "k.csv", 2)["site_id"].size
    with pytest.raises(PraksisplanError, match=r"k\.csv: filen har 2 kandidatsteder; højst 1 er"):
        candidate_file_sites(allocation_dataset(), text.encode(), "k.csv", max_rows=1)


def test_a_binary_file_is_refused_in_danish() -> None:
    with pytest.raises(PraksisplanError, match=r"k\.csv: filen er hverken UTF-8- eller"):
        candidate_file_sites(allocation_dataset(), "site_id\n".encode("utf-16"), "k.csv")
