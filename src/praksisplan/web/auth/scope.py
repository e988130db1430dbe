"""What part of the region a user's detail pages and detail API responses cover.

A ``municipality:<code>`` user reads the region's aggregated figures (overview, map,
forecast) like everyone, but the full detail — an area's page, practices, the threatened
list, the meeting lists, decisions — only for its own municipality (as DHIS2 scopes users
to their org units). Every other role sees the whole region. The routers apply the scope
of the request's user through this one class: :meth:`Scope.check_area` refuses an area
outside it (403), the other methods filter a list to it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

import pandas as pd
from fastapi import HTTPException, Request

from praksisplan.web.auth.principal import Principal, current_user
from praksisplan.web.snapshot_analysis import SnapshotAnalysis

MUNICIPALITY_PREFIX = "municipality:"
T = TypeVar("T")


@dataclass(frozen=True)
class Scope:
    """``municipality``: the code a user is limited to; None for the whole region."""

    municipality: str | None = None

    @classmethod
    def of(cls, principal: Principal) -> Scope:
        if principal.role.startswith(MUNICIPALITY_PREFIX):
            return cls(principal.role.removeprefix(MUNICIPALITY_PREFIX))
        return cls()

    def _area_municipality(self, analysis: SnapshotAnalysis) -> pd.Series:
        return analysis.assessment.areas["municipality_code"].astype(str)

    def covers_area(self, analysis: SnapshotAnalysis, area_id: str) -> bool:
        if self.municipality is None:
            return True
        codes = self._area_municipality(analysis)
        return area_id in codes.index and codes[area_id] == self.municipality

    def check_area(self, analysis: SnapshotAnalysis, area_id: str) -> None:
        """Refuse (403) an area of another municipality (call after the 404 check)."""
        if not self.covers_area(analysis, area_id):
            raise HTTPException(
                403,
                f"Området {area_id!r} ligger ikke i kommune {self.municipality}; "
                "din rolle giver kun detaljer for din egen kommune.",
            )

    def area_ids(self, analysis: SnapshotAnalysis) -> frozenset[str]:
        codes = self._area_municipality(analysis)
        if self.municipality is None:
            return frozenset(codes.index.astype(str))
        return frozenset(codes.index[codes == self.municipality].astype(str))

    def areas(
        self, analysis: SnapshotAnalysis, items: Iterable[T], area_id: Callable[[T], str]
    ) -> list[T]:
        """The items whose area (``area_id(item)``) lies in the scope, in their order."""
        if self.municipality is None:
            return list(items)
        inside = self.area_ids(analysis)
        return [item for item in items if area_id(item) in inside]

    def check_practice(self, table: pd.DataFrame, provider_number: str) -> None:
        """Refuse (403) a practice of another municipality (call after the 404 check)."""
        if self.practices(table.loc[[provider_number]]).empty:
            raise HTTPException(
                403,
                f"Praksis {provider_number!r} ligger ikke i kommune {self.municipality}; "
                "din rolle giver kun detaljer for din egen kommune.",
            )

    def practices(self, table: pd.DataFrame) -> pd.DataFrame:
        """The rows of a practice table in the scope."""
        if self.municipality is None:
            return table
        return table[table["municipality_code"].astype(str) == self.municipality]


async def request_scope(request: Request) -> Scope:
    """FastAPI dependency: the scope of the request's user (async: no thread-pool hop)."""
    return Scope.of(current_user(request))
