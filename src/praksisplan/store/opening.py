"""Opening a store without creating it: a missing, foreign or outdated database is an error.

Commands that only read (and those that add to an existing store) open it with
``Store(url, create=False)``; only ``praksisplan db init|upgrade``, ``load`` and ``serve``
create or migrate a database.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DatabaseError

from praksisplan.core.errors import PraksisplanError
from praksisplan.store.database import create_store_engine
from praksisplan.store.migrate import HEAD_REVISION, current_revision, known_revisions


def sqlite_file(engine: Engine) -> Path | None:
    """The file of a SQLite store; None for an in-memory or non-SQLite one."""
    database = engine.url.database
    if engine.url.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    return Path(database)


def cannot_open(url: str, error: DatabaseError) -> PraksisplanError:
    """The Danish message for a database the driver refuses (not a database, no access …)."""
    return PraksisplanError(
        f"Databasen {url} kan ikke åbnes — er det en praksisplan-database? ({error.orig})"
    )


def _require_file(engine: Engine, url: str) -> None:
    path = sqlite_file(engine)
    if path is not None and not path.is_file():
        raise PraksisplanError(
            f"Databasen {path} findes ikke; opret den med 'praksisplan db init --db {url}' "
            f"eller indlæs et datasæt med 'praksisplan load'"
        )


def require_existing_database(url: str) -> None:
    """Raise a clear error if ``url`` names a SQLite file that does not exist."""
    engine = create_store_engine(url)
    try:
        _require_file(engine, engine.url.render_as_string(hide_password=True))
    finally:
        engine.dispose()


def require_current_store(engine: Engine, url: str) -> None:
    """Raise a clear error unless ``engine`` reaches an existing store at the newest schema."""
    _require_file(engine, url)
    try:
        revision = current_revision(engine)
    except DatabaseError as error:
        raise cannot_open(url, error) from error
    if revision == HEAD_REVISION:
        return
    if revision is None:
        raise PraksisplanError(
            f"Databasen {url} er ikke en praksisplan-database (den har ingen skemaversion); "
            f"opret en ny med 'praksisplan db init'"
        )
    if revision in known_revisions():
        raise PraksisplanError(
            f"Databasen {url} har skemaversion {revision}, den nyeste er {HEAD_REVISION}; "
            f"opgrader den med 'praksisplan db upgrade --db {url}'"
        )
    raise PraksisplanError(
        f"Databasen {url} har skemaversion {revision}, som denne version af praksisplan "
        f"ikke kender (skrevet af en nyere praksisplan?)"
    )
