"""Commands of the 'web' group: ``serve`` runs the web app over a store."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

import typer
from rich.console import Console

from praksisplan.cli.key_figures_table import key_figure_table
from praksisplan.cli.sources import DbOption
from praksisplan.cli.user_commands import print_demo_users
from praksisplan.store import DEFAULT_DB_URL

if TYPE_CHECKING:
    from praksisplan.web.state import AppState


def serve(
    db: DbOption = DEFAULT_DB_URL,
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
) -> None:
    """Serve the web app (map, key figures, threatened areas) over the store.

    A store without any snapshot first gets the built-in demo region, so a new user sees a
    working app at once.
    """
    import uvicorn

    from praksisplan.store import Store
    from praksisplan.web.app import create_app
    from praksisplan.web.assets import assets_built
    from praksisplan.web.auth.demo_users import create_demo_users
    from praksisplan.web.demo_bootstrap import load_demo_if_empty

    console = Console()
    with Store(db) as store:
        console.print(f"Database: {store.url}")  # the password hidden
        with console.status("Indlæser demoregionen i den tomme database …"):
            loaded = load_demo_if_empty(store)
    if loaded is not None:
        console.print(
            f"Databasen var tom: demoregionen «{loaded.name}» ({loaded.region_name}, "
            f"{loaded.reference_date:%d.%m.%Y}) er indlæst som øjebliksbillede {loaded.id}."
        )
        with Store(db) as store:
            print_demo_users(console, create_demo_users(store))
        console.print("De ti tidligere halvårlige øjebliksbilleder indlæses i baggrunden.")
        threading.Thread(target=_load_history, args=(db,), daemon=True).start()
    if not assets_built():
        console.print(
            "[yellow]Advarsel:[/] kortets JavaScript er ikke bygget; kør [bold]make web-assets[/]."
        )
    app = create_app(db)
    state: AppState = app.state.praksisplan
    snapshots = state.snapshots()
    if snapshots:
        with console.status("Beregner indikatorer og trusselsvurdering for kortet …"):
            analysis = state.cache.get(snapshots[0].id)
        newest = analysis.info
        console.print(
            key_figure_table(
                analysis.key_figures,
                f"{newest.region_name} – {newest.reference_date:%d.%m.%Y}",
            )
        )
        counts = analysis.threat_counts()
        console.print(
            f"Lægedækningsområder: {counts['red']} røde, {counts['yellow']} gule, "
            f"{counts['green']} grønne."
        )
    console.print(f"praksisplan kører på [bold]http://{host}:{port}[/] – stop med Ctrl+C.")
    uvicorn.run(app, host=host, port=port, log_level="warning")


#: Pause between the history's snapshot loads, so requests that write never wait for all ten.
_HISTORY_PAUSE_S = 0.25


def _load_history(db: str) -> None:
    """The demo history, while the app already serves the newest snapshot."""
    from praksisplan.store import Store
    from praksisplan.web.demo_bootstrap import load_demo_history

    with Store(db) as store:
        load_demo_history(store, pause_s=_HISTORY_PAUSE_S)


def register(app: typer.Typer) -> None:
    """Add this group's commands to the CLI."""
    app.command("serve")(serve)
