"""Travel costs over land masses and links: a straight line within a land mass, a link's
crossing cost between two, shortest paths over a sparse graph (scipy.sparse.csgraph).

The graph's nodes are the link terminals and the destinations (practices). A terminal is
joined to every other terminal and to every destination on its own land mass by the straight
line × detour factor, and to the terminal at the link's other end by the crossing cost. One
Dijkstra from every terminal gives the network cost terminal → destination. An origin then
reaches a destination either directly (same land mass, straight line × detour) or via a
terminal of its own land mass: land leg + network cost. Because a straight line on one land
mass is never longer than a detour over a terminal on it, only terminal → destination costs
that use a link can beat the direct line; the others are dropped before the join, which keeps
it small.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.sparse import csgraph
from scipy.spatial import cKDTree

from praksisplan.engine.od import ODTable, planar_od_table
from praksisplan.travel.land import LandMasses
from praksisplan.travel.links import Link

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]
#: A network cost counts as using a link when it beats the straight line by this (metres).
_LINK_GAIN_M = 1e-6


@dataclass(frozen=True)
class TravelNetwork:
    """Land masses and links; costs in metres (straight line × ``detour_factor`` on land)."""

    land: LandMasses
    links: tuple[Link, ...]
    detour_factor: float = 1.0

    @classmethod
    def of(
        cls, land: LandMasses, links: Sequence[Link] = (), detour_factor: float = 1.0
    ) -> TravelNetwork:
        return cls(land, tuple(links), detour_factor)

    def terminals(self) -> FloatArray:
        """Both ends of every link: rows 2k (end a) and 2k + 1 (end b) of link k."""
        if not self.links:
            return np.zeros((0, 2))
        return np.array([p for link in self.links for p in (link.a, link.b)], dtype=np.float64)

    def _terminal_costs(
        self, dests_xy: FloatArray, dest_land: IntArray, limit: float
    ) -> tuple[FloatArray, IntArray]:
        """Network cost from each terminal to each destination (inf beyond ``limit``), and
        the land mass of each terminal."""
        terminals = self.terminals()
        n_t, n_d = len(terminals), len(dests_xy)
        terminal_land = self.land.locate(terminals)
        rows: list[IntArray] = []
        cols: list[IntArray] = []
        costs: list[FloatArray] = []
        # terminal ↔ terminal on the same land mass
        ti, tj = np.triu_indices(n_t, k=1)
        same = terminal_land[ti] == terminal_land[tj]
        ti, tj = ti[same], tj[same]
        d = np.hypot(*(terminals[ti] - terminals[tj]).T) * self.detour_factor
        rows += [ti, tj]
        cols += [tj, ti]
        costs += [d, d]
        # the crossings
        for k, link in enumerate(self.links):
            cost = link.cost_m(self.detour_factor)
            rows += [np.array([2 * k, 2 * k + 1], dtype=np.intp)]
            cols += [np.array([2 * k + 1, 2 * k], dtype=np.intp)]
            costs += [np.array([cost, cost])]
        # terminal → destination on the same land mass, within the limit
        pairs = planar_od_table(terminals, dests_xy, limit, detour_factor=self.detour_factor)
        keep = terminal_land[pairs.origin] == dest_land[pairs.dest]
        rows.append(pairs.origin[keep])
        cols.append(pairs.dest[keep] + n_t)
        costs.append(pairs.cost[keep])
        # csgraph treats explicit zeros as missing edges: a zero cost becomes a tiny one
        data = np.maximum(np.concatenate(costs), 1e-9)
        graph = sparse.csr_array(
            (data, (np.concatenate(rows), np.concatenate(cols))), shape=(n_t + n_d, n_t + n_d)
        )
        dist = csgraph.dijkstra(graph, directed=True, indices=np.arange(n_t), limit=limit)
        return np.asarray(dist[:, n_t:], dtype=np.float64), terminal_land

    def od_table(self, origins_xy: FloatArray, dests_xy: FloatArray, max_cost: float) -> ODTable:
        """Every (origin, destination) pair whose travel cost is ≤ ``max_cost``."""
        origin_land = self.land.locate(origins_xy)
        dest_land = self.land.locate(dests_xy)
        direct = planar_od_table(origins_xy, dests_xy, max_cost, detour_factor=self.detour_factor)
        keep = origin_land[direct.origin] == dest_land[direct.dest]
        origin, dest, cost = direct.origin[keep], direct.dest[keep], direct.cost[keep]
        if self.links and len(origins_xy) and len(dests_xy):
            via = self._via_terminals(origins_xy, origin_land, dests_xy, dest_land, max_cost)
            origin, dest, cost = _min_per_pair(
                np.concatenate([origin, via[0]]),
                np.concatenate([dest, via[1]]),
                np.concatenate([cost, via[2]]),
                len(dests_xy),
            )
        return ODTable(origin, dest, cost, len(origins_xy), len(dests_xy), max_cost)

    def _via_terminals(
        self,
        origins_xy: FloatArray,
        origin_land: IntArray,
        dests_xy: FloatArray,
        dest_land: IntArray,
        max_cost: float,
    ) -> tuple[IntArray, IntArray, FloatArray]:
        """Pairs reached over at least one link: land leg to a terminal + network cost."""
        network, terminal_land = self._terminal_costs(dests_xy, dest_land, max_cost)
        terminals = self.terminals()
        straight = (
            np.hypot(
                terminals[:, None, 0] - dests_xy[None, :, 0],
                terminals[:, None, 1] - dests_xy[None, :, 1],
            )
            * self.detour_factor
        )
        uses_link = np.isfinite(network) & (
            (terminal_land[:, None] != dest_land[None, :]) | (network < straight - _LINK_GAIN_M)
        )
        legs = planar_od_table(origins_xy, terminals, max_cost, detour_factor=self.detour_factor)
        on_land = origin_land[legs.origin] == terminal_land[legs.dest]
        leg_o, leg_t, leg_cost = legs.origin[on_land], legs.dest[on_land], legs.cost[on_land]
        out_o: list[IntArray] = []
        out_d: list[IntArray] = []
        out_c: list[FloatArray] = []
        for t in np.unique(leg_t):
            reached = np.flatnonzero(uses_link[t])
            if len(reached) == 0:
                continue
            mine = leg_t == t
            total = leg_cost[mine][:, None] + network[t, reached][None, :]
            oi, di = np.nonzero(total <= max_cost)
            out_o.append(leg_o[mine][oi])
            out_d.append(reached[di])
            out_c.append(total[oi, di])
        if not out_o:
            return np.zeros(0, np.intp), np.zeros(0, np.intp), np.zeros(0)
        return (
            np.concatenate(out_o).astype(np.intp),
            np.concatenate(out_d).astype(np.intp),
            np.concatenate(out_c),
        )

    def nearest(self, origins_xy: FloatArray, dests_xy: FloatArray) -> FloatArray:
        """Per origin: the travel cost to the nearest destination (inf if none reachable)."""
        best = np.full(len(origins_xy), np.inf)
        if len(origins_xy) == 0 or len(dests_xy) == 0:
            return best
        origin_land = self.land.locate(origins_xy)
        dest_land = self.land.locate(dests_xy)
        for land in np.unique(dest_land):
            mine = np.flatnonzero(origin_land == land)
            if len(mine):
                distance, _ = cKDTree(dests_xy[dest_land == land]).query(origins_xy[mine])
                best[mine] = distance * self.detour_factor
        if self.links:
            network, terminal_land = self._terminal_costs(dests_xy, dest_land, np.inf)
            from_terminal = network.min(axis=1)
            terminals = self.terminals()
            for t in np.flatnonzero(np.isfinite(from_terminal)):
                mine = np.flatnonzero(origin_land == terminal_land[t])
                leg = np.hypot(*(origins_xy[mine] - terminals[t]).T) * self.detour_factor
                best[mine] = np.minimum(best[mine], leg + from_terminal[t])
        return best


def _min_per_pair(
    origin: IntArray, dest: IntArray, cost: FloatArray, n_dest: int
) -> tuple[IntArray, IntArray, FloatArray]:
    """One entry per (origin, dest): the least cost, sorted by origin then destination."""
    key = origin.astype(np.int64) * n_dest + dest
    order = np.lexsort((cost, key))
    key, cost = key[order], cost[order]
    first = np.ones(len(key), dtype=bool)
    first[1:] = key[1:] != key[:-1]
    key, cost = key[first], cost[first]
    return (key // n_dest).astype(np.intp), (key % n_dest).astype(np.intp), cost
