"""Which store a command uses when none is named (no imports: read at the CLI's start-up)."""

from __future__ import annotations

import os

#: Environment variable that overrides :data:`DEFAULT_DB_URL`.
DB_URL_ENV = "PRAKSISPLAN_DB"
#: The store used when no ``--db`` is given: ``$PRAKSISPLAN_DB`` or a file in the working dir.
DEFAULT_DB_URL = os.environ.get(DB_URL_ENV, "sqlite:///praksisplan.db")
