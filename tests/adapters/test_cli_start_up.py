"""The CLI's start-up pays only for what a command uses (docs/performance.md, "CLI
start-up"): registering the commands imports no data, database, solver or web library, and
the store package's lazily imported names all resolve. Checked by what a fresh interpreter
has imported, not by timing it."""

from __future__ import annotations

import subprocess
import sys

import praksisplan.store

#: Libraries no command needs just to be registered (each costs 0.1–0.8 s to import).
HEAVY = (
    "pandas", "numpy", "scipy", "geopandas", "shapely", "sqlalchemy", "alembic", "highspy",
    "openpyxl", "weasyprint", "matplotlib", "fastapi", "argon2", "pydantic",
)  # fmt: skip


def _imported_after(code: str) -> set[str]:
    """The top-level packages a fresh interpreter has imported after running ``code``."""
    probe = f"{code}; import sys; print(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})))"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    return set(done.stdout.split())


def test_registering_the_commands_imports_no_heavy_library() -> None:
    code = "import typer; from praksisplan.cli.main import app; typer.main.get_command(app)"
    assert _imported_after(code) & set(HEAVY) == set()


def test_help_imports_no_heavy_library() -> None:
    code = (
        "import sys; sys.argv = ['praksisplan', '--help']\n"
        "from praksisplan.cli.main import main\n"
        "try: main()\nexcept SystemExit: pass"
    )
    assert _imported_after(code) & set(HEAVY) == set()


def test_every_name_of_the_store_package_resolves() -> None:
    for name in praksisplan.store.__all__:
        value = getattr(praksisplan.store, name)
        assert isinstance(value, str) if name == "DEFAULT_DB_URL" else value.__name__ == name
