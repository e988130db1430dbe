"""Reading, validating and writing dataset directories and zips (the file adapter)."""

from praksisplan.dataset_io.reader import (
    DatasetReading,
    inspect_dataset,
    read_dataset,
    validate_path,
)
from praksisplan.dataset_io.writer import write_dataset

__all__ = ["DatasetReading", "inspect_dataset", "read_dataset", "validate_path", "write_dataset"]
