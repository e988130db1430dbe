"""The committee's review of a scenario: plain-text comments and marks, each write one
transaction.

A comment is Danish plain text (stripped, not empty, at most
:data:`~praksisplan.store.scenario_tables.MAX_COMMENT_CHARS` characters), optionally about one
coverage area of the scenario's base snapshot. A mark is one of
:data:`~praksisplan.store.scenario_tables.SCENARIO_MARKS`, set once per user and kind; only
the user who set a mark removes it. Users are given by user name (their key) and the label
shown beside what they wrote. Refusals are Danish :class:`PraksisplanError` and store nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row
from sqlalchemy.exc import IntegrityError

from praksisplan.core.danish_numbers import format_number_da
from praksisplan.core.errors import PraksisplanError
from praksisplan.store.records import _inserted_id, _utc
from praksisplan.store.scenario_tables import (
    MAX_COMMENT_CHARS,
    SCENARIO_MARKS,
    scenario_comments,
    scenario_marks,
    scenarios,
)
from praksisplan.store.store import Store
from praksisplan.store.tables import dataset_tables


@dataclass(frozen=True)
class ScenarioComment:
    id: int
    scenario_id: int
    author_username: str
    author_name: str
    written_at: dt.datetime
    text: str
    #: the coverage area the comment is about (None: the scenario as a whole)
    area_id: str | None


@dataclass(frozen=True)
class ScenarioMark:
    scenario_id: int
    mark: str
    marked_by_username: str
    marked_by_name: str
    marked_at: dt.datetime

    @property
    def label(self) -> str:
        return SCENARIO_MARKS[self.mark]


def _comment(row: Row[Any]) -> ScenarioComment:
    return ScenarioComment(
        row.id, row.scenario_id, row.author_username, row.author_name, _utc(row.written_at),
        row.text, row.area_id,
    )  # fmt: skip


def _mark(row: Row[Any]) -> ScenarioMark:
    return ScenarioMark(
        row.scenario_id, row.mark, row.marked_by_username, row.marked_by_name,
        _utc(row.marked_at),
    )  # fmt: skip


def comment_text(text: str) -> str:
    """The comment as stored: stripped, line ends as ``\\n``; refused when empty or too long."""
    cleaned = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not cleaned:
        raise PraksisplanError("Kommentaren er tom: skriv en tekst, før du gemmer den")
    if len(cleaned) > MAX_COMMENT_CHARS:
        raise PraksisplanError(
            f"Kommentaren har {format_number_da(len(cleaned))} tegn; der er plads til højst "
            f"{format_number_da(MAX_COMMENT_CHARS)}"
        )
    return cleaned


def check_mark(mark: str) -> str:
    if mark not in SCENARIO_MARKS:
        known = ", ".join(f"{key} ({label})" for key, label in SCENARIO_MARKS.items())
        raise PraksisplanError(f"'{mark}' er ikke en markering af et scenarie; brug {known}")
    return mark


def delete_review(connection: Connection, scenario_id: int) -> None:
    """Remove a scenario's comments and marks (with the scenario; the audit trail keeps them)."""
    for table in (scenario_comments, scenario_marks):
        connection.execute(table.delete().where(table.c.scenario_id == scenario_id))


class ScenarioReview:
    """Comments and marks of the scenarios of a :class:`~praksisplan.store.Store`."""

    def __init__(self, store: Store) -> None:
        self._store = store

    @staticmethod
    def _scenario(connection: Connection, ref: int | str) -> Row[Any]:
        column = scenarios.c.id if isinstance(ref, int) else scenarios.c.name
        row = connection.execute(sa.select(scenarios).where(column == ref)).one_or_none()
        if row is None:
            raise PraksisplanError(f"Der er intet scenarie '{ref}' i databasen")
        return row

    @staticmethod
    def _check_area(connection: Connection, scenario: Row[Any], area_id: str) -> None:
        areas = dataset_tables["coverage_areas"]
        found = connection.scalar(
            sa.select(sa.func.count()).where(
                areas.c.snapshot_id == scenario.snapshot_id, areas.c.area_id == area_id
            )
        )
        if not found:
            raise PraksisplanError(
                f"Området '{area_id}' findes ikke i scenariets øjebliksbillede "
                f"{scenario.snapshot_id}; kommentaren er ikke gemt"
            )

    def add_comment(
        self, ref: int | str, text: str, username: str, name: str, *, area_id: str | None = None
    ) -> ScenarioComment:
        """Append ``name``'s comment to the scenario (about ``area_id``, if given)."""
        cleaned = comment_text(text)
        area = (area_id or "").strip() or None
        with self._store._writing() as connection:
            scenario = self._scenario(connection, ref)
            if area is not None:
                self._check_area(connection, scenario, area)
            inserted = connection.execute(
                scenario_comments.insert().values(
                    scenario_id=scenario.id, author_username=username, author_name=name,
                    written_at=dt.datetime.now(dt.UTC), text=cleaned, area_id=area,
                )
            )  # fmt: skip
            row = connection.execute(
                sa.select(scenario_comments).where(scenario_comments.c.id == _inserted_id(inserted))
            ).one()
            return _comment(row)

    def comments(self, ref: int | str) -> list[ScenarioComment]:
        """The scenario's comments, oldest first."""
        with self._store._reading() as connection:
            scenario = self._scenario(connection, ref)
            rows = connection.execute(
                sa.select(scenario_comments)
                .where(scenario_comments.c.scenario_id == scenario.id)
                .order_by(scenario_comments.c.id)
            ).all()
            return [_comment(row) for row in rows]

    def add_mark(self, ref: int | str, mark: str, username: str, name: str) -> ScenarioMark:
        """``name`` marks the scenario (refused if they have already set that mark)."""
        check_mark(mark)
        with self._store._writing() as connection:
            scenario = self._scenario(connection, ref)
            refused = PraksisplanError(
                f"{name} har allerede markeret scenariet '{scenario.name}' som "
                f"«{SCENARIO_MARKS[mark]}»"
            )
            if self._own_mark(connection, scenario.id, mark, username) is not None:
                raise refused
            try:
                with connection.begin_nested():
                    connection.execute(
                        scenario_marks.insert().values(
                            scenario_id=scenario.id, mark=mark, marked_by_username=username,
                            marked_by_name=name, marked_at=dt.datetime.now(dt.UTC),
                        )
                    )  # fmt: skip
            except IntegrityError:  # set by a concurrent request of the same user
                raise refused from None
            made = self._own_mark(connection, scenario.id, mark, username)
            assert made is not None
            return made

    @staticmethod
    def _own_mark(
        connection: Connection, scenario_id: int, mark: str, username: str
    ) -> ScenarioMark | None:
        row = connection.execute(
            sa.select(scenario_marks).where(
                scenario_marks.c.scenario_id == scenario_id,
                scenario_marks.c.mark == mark,
                scenario_marks.c.marked_by_username == username,
            )
        ).one_or_none()
        return None if row is None else _mark(row)

    def remove_mark(self, ref: int | str, mark: str, username: str) -> ScenarioMark:
        """Remove ``username``'s own mark; the mark removed (refused if they set none)."""
        check_mark(mark)
        with self._store._writing() as connection:
            scenario = self._scenario(connection, ref)
            removed = self._own_mark(connection, scenario.id, mark, username)
            if removed is None:
                raise PraksisplanError(
                    f"'{username}' har ikke markeret scenariet '{scenario.name}' som "
                    f"«{SCENARIO_MARKS[mark]}»; kun den, der satte en markering, kan fjerne den"
                )
            connection.execute(
                scenario_marks.delete().where(
                    scenario_marks.c.scenario_id == scenario.id,
                    scenario_marks.c.mark == mark,
                    scenario_marks.c.marked_by_username == username,
                )
            )
            return removed

    def marks(self, ref: int | str) -> list[ScenarioMark]:
        """The scenario's marks in the order of :data:`SCENARIO_MARKS`, then as set."""
        with self._store._reading() as connection:
            scenario = self._scenario(connection, ref)
            rows = connection.execute(
                sa.select(scenario_marks)
                .where(scenario_marks.c.scenario_id == scenario.id)
                .order_by(scenario_marks.c.id)
            ).all()
        order = list(SCENARIO_MARKS)
        return sorted((_mark(row) for row in rows), key=lambda m: order.index(m.mark))
