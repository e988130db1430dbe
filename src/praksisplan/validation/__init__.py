"""Validation of a dataset read from files: pure checks of parsed tables against the schema.

:func:`check_dataset` takes a :class:`RawDataset` (text tables as the file readers produced
them) and returns the typed :class:`~praksisplan.core.dataset.Dataset` or every issue found.
"""

from praksisplan.validation.check import check_dataset
from praksisplan.validation.columns import canonical_dtype, conform_frame
from praksisplan.validation.raw import RawDataset, RawTable

__all__ = ["RawDataset", "RawTable", "canonical_dtype", "check_dataset", "conform_frame"]
