"""Commands of the 'db' group: ``db init`` and ``db upgrade`` create and migrate a store.

Every other command except ``load`` and ``serve`` opens the store without creating or
migrating it, so a mistyped ``--db`` is an error instead of a new, empty database.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from rich.console import Console

from praksisplan.cli.sources import DbOption
from praksisplan.store import DEFAULT_DB_URL

if TYPE_CHECKING:
    pass

db_app = typer.Typer(
    name="db",
    help="Create (init) or migrate (upgrade) the store of snapshots and decisions.",
    no_args_is_help=True,
)


@db_app.command("init")
def init_command(db: DbOption = DEFAULT_DB_URL) -> None:
    """Create the store (or bring an existing one to the newest schema)."""
    from praksisplan.store import Store
    from praksisplan.store.migrate import HEAD_REVISION

    with Store(db) as store:
        url = store.url
    Console().print(f"Databasen {url} er klar (skemaversion {HEAD_REVISION}).", highlight=False)


@db_app.command("upgrade")
def upgrade_command(db: DbOption = DEFAULT_DB_URL) -> None:
    """Migrate an existing store to the newest schema (a missing one is an error)."""
    from praksisplan.store import Store
    from praksisplan.store.migrate import HEAD_REVISION
    from praksisplan.store.opening import require_existing_database

    require_existing_database(db)
    with Store(db) as store:
        url = store.url
    Console().print(
        f"Databasen {url} er opgraderet til skemaversion {HEAD_REVISION}.", highlight=False
    )


def register(app: typer.Typer) -> None:
    """Add the ``db`` group to the CLI."""
    app.add_typer(db_app)
