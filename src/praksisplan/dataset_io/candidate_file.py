"""The user's candidate-site CSV: ``allocate --candidates FILE`` and the Fordeling page's upload.

The bytes are read as a dataset's CSV tables are (:mod:`.table_files`: UTF-8 with or without
BOM or Windows-1252, delimiter ``,`` or ``;``, values stripped, empty cells missing); the rows
are then checked and placed by the pure
:func:`praksisplan.optimise.candidates.file_candidates` (columns
``site_id,x,y,org_forms,min_capacities,max_capacities[,name]``, x/y in EPSG:25832). Every
problem is a Danish :class:`~praksisplan.core.errors.PraksisplanError` naming the file (and
row and column where there is one); the CLI and the web page call this one function.
"""

from __future__ import annotations

import pandas as pd

from praksisplan.core.danish_numbers import format_number_da
from praksisplan.core.dataset import Dataset
from praksisplan.core.errors import PraksisplanError
from praksisplan.dataset_io.table_files import UnreadableFileError, csv_text_table, decode_csv
from praksisplan.optimise.candidates import file_candidates


def read_candidate_table(data: bytes, source: str, max_rows: int | None = None) -> pd.DataFrame:
    """The file's rows as text (a frame with the file's header), at most ``max_rows``."""
    try:
        text, _ = decode_csv(source, data)
        if not text.strip():
            raise PraksisplanError(f"{source}: filen er tom; der skal være en overskriftsrække")
        frame = csv_text_table(source, text).frame
    except UnreadableFileError as error:
        issue = error.issue
        row = f", række {issue.row}" if issue.row is not None else ""
        raise PraksisplanError(f"{source}{row}: {issue.message}") from None
    if frame.empty:
        raise PraksisplanError(f"{source}: filen har ingen kandidatsteder (kun overskriften)")
    if max_rows is not None and len(frame) > max_rows:
        raise PraksisplanError(
            f"{source}: filen har {format_number_da(len(frame))} kandidatsteder; højst "
            f"{format_number_da(max_rows)} er tilladt"
        )
    return frame


def candidate_file_sites(
    dataset: Dataset, data: bytes, source: str, max_rows: int | None = None
) -> pd.DataFrame:
    """The user's candidate sites in the CSV ``data`` (named ``source`` in messages), checked
    against the dataset (a site outside its coverage areas is refused)."""
    return file_candidates(dataset, read_candidate_table(data, source, max_rows), source)
