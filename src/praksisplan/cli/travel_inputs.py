"""Where the 'travel' commands get their travel costs: the dataset's links or a link file
(``--links``), the land-and-links network with its detour factor, or an external cell →
practice matrix (``--matrix``), and the assignment model's reach (docs/travel.md).

Kept apart from the commands so ``import-dk`` and the tests read link files the same way.
Heavy libraries are imported inside the functions (CLI start-up, docs/performance.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from praksisplan.cli.options import conflicting_options
from praksisplan.core.errors import PraksisplanError

if TYPE_CHECKING:
    import pandas as pd

    from praksisplan.core.dataset import Dataset
    from praksisplan.engine.od import ODTable
    from praksisplan.travel.links import Link
    from praksisplan.travel.network import TravelNetwork


def read_links(path: Path) -> list[Link]:
    """The links of a CSV file (comma or semicolon separated)."""
    import pandas as pd

    from praksisplan.travel.links import links_from_frame

    if not path.is_file():
        raise PraksisplanError(f"forbindelsesfilen {path} findes ikke")
    frame = pd.read_csv(path, sep=None, engine="python", dtype=str, keep_default_na=False)
    return links_from_frame(frame, path.name)


def read_matrix(path: Path) -> pd.DataFrame:
    """An external cell → practice table, CSV (comma or semicolon) or Parquet."""
    import pandas as pd

    if not path.is_file():
        raise PraksisplanError(f"matrixfilen {path} findes ikke")
    if path.suffix.lower() == ".parquet":
        try:
            return pd.read_parquet(path)
        except ImportError:
            raise PraksisplanError(
                f"{path.name}: Parquet kræver pakken pyarrow; gem matricen som CSV"
            ) from None
    return pd.read_csv(
        path, sep=None, engine="python", dtype={"cell_id": str, "provider_number": str}
    )


def network_of(dataset: Dataset, links: Path | None, detour_factor: float) -> TravelNetwork:
    """The land-and-links network: the dataset's land masses joined by the links of the file
    ``links``, else by the dataset's own ferry and fixed links."""
    from praksisplan.travel.land import land_masses_of
    from praksisplan.travel.links import dataset_links
    from praksisplan.travel.network import TravelNetwork

    chosen = read_links(links) if links is not None else dataset_links(dataset)
    return TravelNetwork.of(land_masses_of(dataset), chosen, detour_factor)


def refuse_network_with_matrix(
    links: Path | None, matrix: Path | None, detour_factor: float
) -> None:
    """--links and --detour-factor build the travel network, which --matrix replaces."""
    if matrix is None:
        return
    why = "afstandene tages fra matrixfilen, ikke fra rejsenettet"
    if links is not None:
        raise conflicting_options("--matrix", "--links", why)
    if detour_factor != 1.0:
        raise conflicting_options("--matrix", "--detour-factor", why)


def reach_m(reach_km: float | None) -> float:
    """The assignment's reach in metres: ``--reach-km``, or the model's default."""
    from praksisplan.travel.patients import DEFAULT_REACH_M

    return DEFAULT_REACH_M if reach_km is None else reach_km * 1000


def od_of(
    dataset: Dataset, links: Path | None, matrix: Path | None, detour: float, reach: float
) -> tuple[ODTable, TravelNetwork]:
    """The cell → practice travel costs within ``reach`` metres, from the matrix file if
    given, else over the network; and the network (the bed reports measure on it)."""
    from praksisplan.engine.travel_od import matrix_od_table, travel_od_table

    network = network_of(dataset, links, detour)
    if matrix is not None:
        return matrix_od_table(dataset, read_matrix(matrix), reach, matrix.name), network
    return travel_od_table(dataset, network, reach), network
