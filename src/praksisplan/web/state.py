"""What every request needs: the store, the analysis cache and how to find a snapshot.

Responses built from a snapshot are cached as serialised JSON: the snapshot never changes,
so only committee decisions and a new rule set in force (a new assessment run) can make a
response stale. The run's id and the decisions (the id of the newest decision of the
snapshot) are therefore part of each cache key; decisions are read from the store at most
once per :data:`DECISIONS_TTL_S` — at once after a decision is recorded through the app,
within that time after one is recorded by another process.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

import pydantic_core
from fastapi import HTTPException, Request, Response
from starlette.concurrency import run_in_threadpool

from praksisplan.store import DecisionRecord, SnapshotInfo, Store
from praksisplan.web import views
from praksisplan.web.encoded import EncodedBody
from praksisplan.web.gis_cache import GisCache
from praksisplan.web.models import OverviewOut
from praksisplan.web.snapshot_analysis import AnalysisCache, SnapshotAnalysis
from praksisplan.web.travel_figures import TravelCache

T = TypeVar("T")

#: Seconds a snapshot's decisions are reused before the store is asked again.
DECISIONS_TTL_S = 1.0
#: Serialised responses kept (least recently used dropped).
CACHED_RESPONSES = 4096
#: Forecasts kept (a snapshot's or a scenario's; least recently used dropped).
CACHED_FORECASTS = 8


@dataclass
class _Decisions:
    read_at: float
    current: dict[str, DecisionRecord]
    version: int


@dataclass(frozen=True)
class AppState:
    store: Store
    cache: AnalysisCache
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _decisions: dict[int, _Decisions] = field(default_factory=dict)
    _responses: OrderedDict[Hashable, EncodedBody] = field(default_factory=OrderedDict)
    _forecasts: OrderedDict[Hashable, Any] = field(default_factory=OrderedDict)
    #: GIS layers of recent snapshots (OGC API, GeoPackage)
    gis: GisCache = field(default_factory=GisCache)
    #: travel figures of recent snapshots (assignment model, bed sites, travel map layers)
    travel: TravelCache = field(default_factory=TravelCache)

    def snapshots(self) -> list[SnapshotInfo]:
        """All snapshots, newest reference date first."""
        return sorted(
            self.store.list_snapshots(), key=lambda s: (s.reference_date, s.id), reverse=True
        )

    def analysis(self, snapshot_id: int) -> SnapshotAnalysis:
        """The snapshot's analysis; 404 if there is no such snapshot."""
        known = self.cache.holds(snapshot_id) or snapshot_id in {
            s.id for s in self.store.list_snapshots()
        }
        if not known:
            raise HTTPException(404, f"Øjebliksbillede {snapshot_id} findes ikke.")
        return self.cache.get(snapshot_id)

    async def analysis_nonblocking(self, snapshot_id: int) -> SnapshotAnalysis:
        """:meth:`analysis` for async endpoints: a cached analysis at once, otherwise
        looked up and computed in the thread pool, so the event loop never waits for it."""
        cached = self.cache.cached(snapshot_id)
        return cached if cached is not None else await run_in_threadpool(self.analysis, snapshot_id)

    def previous_analysis(self, snapshot_id: int) -> SnapshotAnalysis | None:
        previous = self.store.previous_snapshot(snapshot_id)
        return self.cache.get(previous.id) if previous is not None else None

    def overview(
        self, analysis: SnapshotAnalysis, previous: SnapshotAnalysis | None
    ) -> OverviewOut:
        """Overblik of a snapshot by status, compared with ``previous``."""
        return views.overview(
            analysis,
            previous,
            self.current_decisions(analysis.info.id),
            self.current_decisions(previous.info.id) if previous is not None else None,
        )

    def compared_with(
        self, analysis: SnapshotAnalysis, earlier_id: int | None
    ) -> SnapshotAnalysis | None:
        """The snapshot to compare with: ``earlier_id`` if given, else the previous one."""
        if earlier_id is None:
            return self.previous_analysis(analysis.info.id)
        return self.analysis(earlier_id)

    def _decisions_of(self, snapshot_id: int) -> _Decisions:
        with self._lock:
            entry = self._decisions.get(snapshot_id)
            if entry is None or time.monotonic() - entry.read_at > DECISIONS_TTL_S:
                current = self.store.current_decisions(snapshot_id)
                version = max((d.id for d in current.values()), default=0)
                entry = _Decisions(time.monotonic(), current, version)
                self._decisions[snapshot_id] = entry
            return entry

    def current_decisions(self, snapshot_id: int) -> dict[str, DecisionRecord]:
        """The decision in force per area (see the module docstring on freshness)."""
        return self._decisions_of(snapshot_id).current

    def forecast(self, key: Hashable, build: Callable[[], T]) -> T:
        """``build()`` cached under ``key`` (a forecast depends only on its dataset and
        parameters, so a snapshot's or a saved scenario version's never goes stale)."""
        with self._lock:
            if key in self._forecasts:
                self._forecasts.move_to_end(key)
                return cast(T, self._forecasts[key])
        result = build()
        with self._lock:
            self._forecasts[key] = result
            while len(self._forecasts) > CACHED_FORECASTS:
                self._forecasts.popitem(last=False)
        return result

    def cached_forecast(self, key: Hashable) -> Any | None:
        """What :meth:`forecast` holds under ``key``, or None (nothing is built)."""
        with self._lock:
            return self._forecasts.get(key)

    def record_decision(self, write: Callable[[], DecisionRecord]) -> DecisionRecord:
        """Run a decision write and make every later response see it."""
        record = write()
        with self._lock:
            self._decisions.pop(record.snapshot_id, None)
        self.cache.invalidate_run(record.snapshot_id)
        return record

    async def json_response(
        self, request: Request, snapshot_id: int, key: Hashable, build: Callable[[], Any]
    ) -> Response:
        """``build()`` as JSON, cached encoded per snapshot, key and decisions version.

        A cached body is served as bytes with an ETag (``If-None-Match`` gives 304; clients
        must revalidate, ``no-cache``, as a decision can change it). A missing one is built
        in the thread pool, so a slow first build never holds up other requests.
        """
        version = self._decisions_of(snapshot_id).version
        full_key = (snapshot_id, self.cache.run_id(snapshot_id), version, key)
        with self._lock:
            encoded = self._responses.get(full_key)
            if encoded is not None:
                self._responses.move_to_end(full_key)
        if encoded is None:
            encoded = await run_in_threadpool(
                lambda: EncodedBody.of(pydantic_core.to_json(build()), "application/json")
            )
            with self._lock:
                self._responses[full_key] = encoded
                while len(self._responses) > CACHED_RESPONSES:
                    self._responses.popitem(last=False)
        return encoded.response(request, {"Cache-Control": "no-cache"})


async def app_state(request: Request) -> AppState:
    """FastAPI dependency: the app's state (async, so no thread-pool hop per request)."""
    state: AppState = request.app.state.praksisplan
    return state
