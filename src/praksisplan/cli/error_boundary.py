"""The CLI's error boundary: no traceback reaches the user without ``--debug``.

* input errors (:class:`PraksisplanError`) — the message, exit status 2;
* operating-system errors (a missing folder for ``--out``, no permission, a full disk) and
  database errors — one Danish line naming the file or database, exit status 2;
* anything else is a bug — "intern fejl — kør igen med --debug", exit status 3.

``SystemExit`` and ``KeyboardInterrupt`` pass through (Typer's usage errors exit with 2).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape

from praksisplan.core.errors import PraksisplanError

if TYPE_CHECKING:
    from sqlalchemy.exc import SQLAlchemyError

#: Exit status of an error the user can fix (bad input, missing file, unreachable database).
EXIT_INPUT_ERROR = 2
#: Exit status of an internal error (a bug).
EXIT_INTERNAL_ERROR = 3
INTERNAL_ERROR_MESSAGE = "intern fejl — kør igen med --debug"


def _os_message(error: OSError) -> str:
    what = error.strerror or type(error).__name__
    where = f" ({error.filename})" if error.filename else ""
    if isinstance(error, FileNotFoundError):
        return f"filen eller mappen findes ikke{where}: {what}"
    if isinstance(error, PermissionError):
        return f"ingen adgang til filen{where}: {what}"
    return f"filsystemet svarede med en fejl{where}: {what}"


def _database_message(error: SQLAlchemyError) -> str:
    from sqlalchemy.exc import DBAPIError

    detail = error.orig if isinstance(error, DBAPIError) else error
    return f"databasen svarede med en fejl: {str(detail).splitlines()[0]}"


def message_of(error: BaseException) -> tuple[str, int]:
    """The one line shown for ``error`` and the exit status."""
    if isinstance(error, PraksisplanError):
        return str(error), EXIT_INPUT_ERROR
    if isinstance(error, OSError):
        return _os_message(error), EXIT_INPUT_ERROR
    # SQLAlchemy is loaded (only) by the commands that open a store: an error of its own
    # means it is in sys.modules, so it is not imported here just to look
    database = sys.modules.get("sqlalchemy.exc")
    if database is not None and isinstance(error, database.SQLAlchemyError):
        return _database_message(error), EXIT_INPUT_ERROR
    return f"{INTERNAL_ERROR_MESSAGE} ({type(error).__name__})", EXIT_INTERNAL_ERROR


def run_guarded(run: Callable[[], object], debug: Callable[[], bool]) -> None:
    """Run ``run()``; an exception is one line on stderr and an exit status unless
    ``debug()`` (then it propagates with its traceback)."""
    try:
        run()
    except Exception as error:
        if debug():
            raise
        message, status = message_of(error)
        Console(stderr=True, soft_wrap=True).print(
            f"[bold red]Fejl:[/] {escape(message)}", highlight=False
        )
        sys.exit(status)
