"""The Praksisplan pages' follow-up: computed measures over the snapshots, cached.

Snapshots never change, so a plan's evaluations change only when its computed measures,
the set of snapshots or their runs in force (whose rule sets the threat measures count) do;
all three are the cache key. Datasets come from the app's analysis
cache, which the map pages share.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

from praksisplan.plan.model import ComputedMeasure, Plan
from praksisplan.store import PlanFollowUp, PlanStore
from praksisplan.web.state import AppState

_KEPT = 32


class FollowUpCache:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: OrderedDict[Hashable, PlanFollowUp] = OrderedDict()

    def get(self, state: AppState, plan: Plan) -> PlanFollowUp:
        snapshots = tuple(
            s.id for s in state.store.list_snapshots() if s.region_code == plan.region_code
        )
        measures = tuple(
            m.model_dump_json() for m in plan.measures() if isinstance(m, ComputedMeasure)
        )
        runs = tuple(state.store.latest_assessment_run_id(sid) for sid in snapshots)
        key = (plan.region_code, measures, snapshots, runs)
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        result = PlanStore(state.store).follow_up(
            plan, dataset_of=lambda sid: state.analysis(sid).dataset
        )
        with self._lock:
            self._items[key] = result
            while len(self._items) > _KEPT:
                self._items.popitem(last=False)
        return result


FOLLOW_UPS = FollowUpCache()
