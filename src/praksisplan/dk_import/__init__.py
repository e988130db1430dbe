"""Build a dataset from Danish public files (DAGI boundaries, FOLK1A population, GeoNames).

See ``docs/import-dk.md`` for the sources, the method and its limitations.
"""

from praksisplan.dk_import.build import REGION_CODES, build_dk_dataset

__all__ = ["REGION_CODES", "build_dk_dataset"]
