"""Where commands get their data: a dataset path or a stored snapshot, and the ``--db`` option.

Every command that analyses data takes a SOURCE: a dataset directory or zip, or
``snapshot:<id>`` for a snapshot in the store given by ``--db`` (``scenario:<name>`` where a
stored scenario is accepted). ``--db`` on the command line beside sources that are all
files would be ignored, so :func:`refuse_unused_db` refuses it; ``PRAKSISPLAN_DB`` in the
environment is a standing setting and is not refused. ``validate`` and ``load`` also read a
workbook dataset (``.xlsx``) on the snapshot given by ``--base`` (:func:`read_source`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from praksisplan.cli.options import option_needs
from praksisplan.core.errors import PraksisplanError
from praksisplan.store import DEFAULT_DB_URL

if TYPE_CHECKING:
    from rich.progress import Progress

    from praksisplan.core.dataset import Dataset
    from praksisplan.dataset_io import DatasetReading
from praksisplan.store.default_url import DB_URL_ENV

#: Prefix of a source that names a stored snapshot, e.g. ``snapshot:3``.
SNAPSHOT_PREFIX = "snapshot:"
#: Prefix of a source naming a stored scenario, e.g. ``scenario:luk-D00042``.
SCENARIO_PREFIX = "scenario:"

#: The ``--db`` option; use as ``db: DbOption = DEFAULT_DB_URL``.
DbOption = Annotated[
    str,
    typer.Option(
        "--db",
        envvar=DB_URL_ENV,
        help=(
            "The store of snapshots: sqlite:///path/to/file.db or "
            "postgresql+psycopg://user:password@host/database."
        ),
    ),
]


#: Largest snapshot id: ids are 32-bit integers in the store (PostgreSQL ``integer``).
MAX_SNAPSHOT_ID = 2**31 - 1


def check_snapshot_id(snapshot_id: int) -> int:
    """``snapshot_id`` if it can be an id at all; else a clear error (not a driver overflow)."""
    if not 1 <= snapshot_id <= MAX_SNAPSHOT_ID:
        raise PraksisplanError(
            f"{snapshot_id} er ikke et gyldigt snapshot-id; id'er er hele tal fra 1 til "
            f"{MAX_SNAPSHOT_ID} (se 'praksisplan snapshots list')"
        )
    return snapshot_id


def snapshot_id_of(source: str) -> int | None:
    """The id in ``snapshot:<id>``; ``None`` if ``source`` is a path."""
    if not source.startswith(SNAPSHOT_PREFIX):
        return None
    text = source.removeprefix(SNAPSHOT_PREFIX)
    if not text.isdigit():
        raise PraksisplanError(
            f"'{source}' er ikke et snapshot; skriv {SNAPSHOT_PREFIX}<id>, fx {SNAPSHOT_PREFIX}3"
        )
    return check_snapshot_id(int(text))


def open_dataset(source: str, db_url: str | None) -> Dataset:
    """The dataset at a path (directory or zip, validated) or in ``snapshot:<id>``."""
    from praksisplan.dataset_io import read_dataset
    from praksisplan.store import Store

    snapshot_id = snapshot_id_of(source)
    if snapshot_id is None:
        return read_dataset(Path(source))
    with Store(db_url or DEFAULT_DB_URL, create=False) as store:
        return store.read_dataset(snapshot_id)


def refuse_unused_db(context: typer.Context, *sources: str) -> None:
    """Refuse ``--db`` given on the command line when no SOURCE is in the store (every one a
    dataset file or folder): the store would not be read."""
    given = context.get_parameter_source("db")
    if given is None or given.name != "COMMANDLINE":
        return
    if any(s.startswith((SNAPSHOT_PREFIX, SCENARIO_PREFIX)) for s in sources):
        return
    files = " og ".join(sources)
    raise option_needs(
        "--db",
        f"en kilde i databasen ({SNAPSHOT_PREFIX}<id>)",
        f"{files} læses fra filen, og databasen ville ikke blive brugt; udelad --db, "
        f"eller skriv {SNAPSHOT_PREFIX}<id> for et gemt snapshot",
    )


#: The ``--base`` option of a workbook dataset; use as ``base: BaseOption = None``.
BaseOption = Annotated[
    str | None,
    typer.Option(
        "--base",
        help=(
            "For a workbook (.xlsx): the snapshot:<id> of the same region whose boundaries "
            "(and tables the workbook has no sheet for) it builds on."
        ),
    ),
]


def is_workbook(path: Path) -> bool:
    """Whether ``path`` names a workbook dataset (an ``.xlsx`` file, not a folder)."""
    return path.suffix.lower() == ".xlsx" and not path.is_dir()


def read_source(
    path: Path, base: str | None, db_url: str, progress: Progress | None = None
) -> DatasetReading:
    """Read and validate a dataset folder or zip, or a workbook on its ``--base`` snapshot."""
    from praksisplan.dataset_io import inspect_dataset
    from praksisplan.dataset_io.workbook import WorkbookBase, inspect_workbook
    from praksisplan.store import Store

    if not is_workbook(path):
        if base is not None:
            raise PraksisplanError(
                f"--base gælder kun en projektmappe (.xlsx); {path} er en datasætmappe eller "
                ".zip med sine egne grænser — udelad --base"
            )
        return inspect_dataset(path, progress)
    base_id = None if base is None else snapshot_id_of(base)
    if base_id is None:
        raise PraksisplanError(
            f"{path.name} er en projektmappe (.xlsx) uden grænser; angiv det snapshot af samme "
            f"region, den bygger på, med --base {SNAPSHOT_PREFIX}<id> (se 'praksisplan "
            "snapshots list')"
        )
    with Store(db_url, create=False) as store:
        on = WorkbookBase(f"{SNAPSHOT_PREFIX}{base_id}", store.read_dataset(base_id))
    return inspect_workbook(path, lambda _region: on, progress)
