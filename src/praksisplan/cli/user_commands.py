"""Commands of the 'users' group: administer the web app's users, roles and API tokens.

Every change is appended to the audit trail as made by ``cli:<login name>`` (the person at
the terminal, who can already write to the database).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from praksisplan.cli.audit import audit_cli
from praksisplan.cli.options import conflicting_options
from praksisplan.cli.sources import DbOption
from praksisplan.store import DEFAULT_DB_URL

if TYPE_CHECKING:
    from praksisplan.web.auth.demo_users import DemoUser

users_app = typer.Typer(
    help="Administer the web app's users: add, list, set-role, reset-password, disable, token.",
    no_args_is_help=True,
)
Username = Annotated[str, typer.Argument(help="User name (login), e.g. 'jens.planner'.")]
Role = Annotated[
    str,
    typer.Argument(help="admin, planner, committee, plo, viewer or municipality:<code>."),
]
PasswordOption = Annotated[
    str | None,
    typer.Option("--password", help="The password (asked for, hidden, when left out)."),
]


def _password(given: str | None) -> str:
    if given is not None:
        return given
    return str(typer.prompt("Adgangskode", hide_input=True, confirmation_prompt=True))


def add(
    username: Username,
    role: Role,
    name: Annotated[str, typer.Option("--name", help="Full name shown in the app.")] = "",
    password: PasswordOption = None,
    db: DbOption = DEFAULT_DB_URL,
) -> None:
    """Add a user with a role."""
    from praksisplan.store import AccountStore, Store
    from praksisplan.web.auth.passwords import hash_password

    password_hash = hash_password(_password(password))
    with Store(db, create=False) as store, store.unit_of_work():
        user = AccountStore(store).add_user(username, name or username, role, password_hash)
        audit_cli(store, "user_added", "user", username, after=user.summary())
    Console().print(f"Brugeren {username} er oprettet med rollen {role}.")


def list_users(db: DbOption = DEFAULT_DB_URL) -> None:
    """List the users and their roles."""
    from praksisplan.store import AccountStore, Store

    with Store(db, create=False) as store:
        users = AccountStore(store).list_users()
    table = Table(title=f"Brugere ({len(users)})")
    for column in ("Brugernavn", "Navn", "Rolle", "Status", "Oprettet"):
        table.add_column(column)
    for u in users:
        table.add_row(u.username, u.display_name, u.role, "spærret" if u.disabled else "aktiv",
                      f"{u.created_at:%d.%m.%Y}")  # fmt: skip
    Console().print(table)


def _change(db: str, username: str, change: str, **values: object) -> None:
    from praksisplan.store import AccountStore, Store

    with Store(db, create=False) as store, store.unit_of_work():
        accounts = AccountStore(store)
        if "role" in values:
            before, after = accounts.set_role(username, str(values["role"]))
        elif "password_hash" in values:
            before, after = accounts.set_password(username, str(values["password_hash"]))
        else:
            before, after = accounts.set_disabled(username, bool(values["disabled"]))
        audit_cli(store, "user_changed", "user", username,
                  before=before.summary(), after=after.summary() | {"change": change})  # fmt: skip


def set_role(username: Username, role: Role, db: DbOption = DEFAULT_DB_URL) -> None:
    """Change a user's role (their sessions end)."""
    _change(db, username, "rolle", role=role)
    Console().print(f"Brugeren {username} har nu rollen {role}.")


def reset_password(
    username: Username, password: PasswordOption = None, db: DbOption = DEFAULT_DB_URL
) -> None:
    """Set a new password for a user (their sessions end)."""
    from praksisplan.web.auth.passwords import hash_password

    _change(db, username, "adgangskode", password_hash=hash_password(_password(password)))
    Console().print(f"Brugeren {username} har fået en ny adgangskode.")


def disable(
    username: Username,
    enable: Annotated[bool, typer.Option("--enable", help="Lift the block instead.")] = False,
    db: DbOption = DEFAULT_DB_URL,
) -> None:
    """Block a user from logging in (their sessions and API tokens stop working)."""
    _change(db, username, "aktiveret" if enable else "spærret", disabled=not enable)
    Console().print(f"Brugeren {username} er {'aktiveret' if enable else 'spærret'}.")


#: The label of a token made without --label.
DEFAULT_LABEL = "script"


def token(
    username: Username,
    label: Annotated[str, typer.Option("--label", help="What the token is for.")] = DEFAULT_LABEL,
    revoke: Annotated[
        int | None,
        typer.Option("--revoke", help="Revoke USERNAME's token with this id instead."),
    ] = None,
    db: DbOption = DEFAULT_DB_URL,
) -> None:
    """Create an API token for a user (shown once, stored hashed), or revoke one."""
    from praksisplan.store import AccountStore, Store
    from praksisplan.web.auth.passwords import digest, new_secret

    if revoke is not None and label != DEFAULT_LABEL:
        raise conflicting_options("--revoke", "--label", "et tilbagekaldt token får ingen etiket")
    if revoke is not None:
        with Store(db, create=False) as store, store.unit_of_work():
            AccountStore(store).revoke_token(revoke, username)
            audit_cli(store, "token_revoked", "api_token", str(revoke))
        Console().print(f"API-token {revoke} er tilbagekaldt.")
        return
    with Store(db, create=False) as store, store.unit_of_work():
        secret = new_secret()
        token_id = AccountStore(store).add_token(username, digest(secret), label)
        audit_cli(store, "token_added", "api_token", str(token_id),
                  after={"user": username, "label": label})  # fmt: skip
    Console().print(f"API-token {token_id} for {username} (vises kun denne ene gang):")
    print(secret)


def print_demo_users(console: Console, users: list[DemoUser]) -> None:
    """The demo users and their passwords, as ``serve`` prints them on first start."""
    if not users:
        return
    table = Table(title="Demobrugere (kun til demoregionen – skift adgangskoderne)")
    for column in ("Brugernavn", "Adgangskode", "Rolle"):
        table.add_column(column)
    for user in users:
        table.add_row(user.username, user.password, user.role)
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add this group's commands to the CLI."""
    users_app.command("add")(add)
    users_app.command("list")(list_users)
    users_app.command("set-role")(set_role)
    users_app.command("reset-password")(reset_password)
    users_app.command("passwd", hidden=True)(reset_password)
    users_app.command("disable")(disable)
    users_app.command("token")(token)
    app.add_typer(users_app, name="users")
