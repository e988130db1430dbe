"""Travel costs over land masses and links: a straight line within a land mass, a link's
crossing cost between two, shortest paths over a sparse graph (scipy.sparse.csgraph).

The graph's nodes are the link terminals (both ends of every link). Two terminals on one
land mass are joined by the straight line × detour factor, the two ends of a link by its
crossing cost; one multi-source Dijkstra gives every terminal → terminal cost. An origin
then reaches a destination either directly (same land mass, straight line × detour) or over
the network: land leg to a terminal of its own land mass + terminal → terminal cost + land
leg from a terminal of the destination's land mass.

:class:`TravelCosts` holds the terminal costs for one set of origins and destinations, so
the OD table and every nearest-destination query (one per selective-postcode group in the
engine) share one Dijkstra run and one placing of the points on their land masses; each
query is then k-d trees and numpy over terminals, never a new graph search.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

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
#: A route over a link counts only when it beats the straight line by this (metres).
_LINK_GAIN_M = 1e-6
#: Origins per block of the dense origin × terminal legs of a nearest query.
_ORIGIN_BLOCK = 4096


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

    def costs(self, origins_xy: FloatArray, dests_xy: FloatArray) -> TravelCosts:
        """The travel costs between these origins and destinations (see :class:`TravelCosts`)."""
        return TravelCosts.of(self, origins_xy, dests_xy)

    def od_table(self, origins_xy: FloatArray, dests_xy: FloatArray, max_cost: float) -> ODTable:
        """Every (origin, destination) pair whose travel cost is ≤ ``max_cost``."""
        return self.costs(origins_xy, dests_xy).od_table(max_cost)

    def nearest(self, origins_xy: FloatArray, dests_xy: FloatArray) -> FloatArray:
        """Per origin: the travel cost to the nearest destination (inf if none reachable)."""
        costs = self.costs(origins_xy, dests_xy)
        return costs.nearest(np.arange(len(dests_xy)), np.arange(len(origins_xy)))


@dataclass(frozen=True)
class TravelCosts:
    """One network's costs between fixed origins and destinations (rows of the arrays).

    ``between`` is the network cost terminal → terminal (inf where no links connect them;
    0 on the diagonal), from one Dijkstra run over the terminal graph."""

    network: TravelNetwork
    origins_xy: FloatArray
    dests_xy: FloatArray
    origin_land: IntArray
    dest_land: IntArray
    terminals: FloatArray
    terminal_land: IntArray
    between: FloatArray

    @classmethod
    def of(
        cls, network: TravelNetwork, origins_xy: FloatArray, dests_xy: FloatArray
    ) -> TravelCosts:
        land = network.land
        terminals = network.terminals()
        terminal_land = land.locate(terminals)
        return cls(
            network,
            origins_xy,
            dests_xy,
            land.locate(origins_xy),
            land.locate(dests_xy),
            terminals,
            terminal_land,
            _terminal_graph_costs(network, terminals, terminal_land),
        )

    def _on_land(self, a_xy: FloatArray, b_xy: FloatArray) -> FloatArray:
        """Straight line × detour between every point of ``a_xy`` and every one of ``b_xy``."""
        return np.asarray(
            np.hypot(a_xy[:, None, 0] - b_xy[None, :, 0], a_xy[:, None, 1] - b_xy[None, :, 1])
            * self.network.detour_factor,
            dtype=np.float64,
        )

    def nearest(self, dests: IntArray, origins: IntArray) -> FloatArray:
        """Per origin of ``origins`` (row numbers): the cost to the nearest destination of
        ``dests`` (row numbers); inf if none is reachable. Matches
        :data:`praksisplan.engine.freechoice.NearestCost`."""
        best = np.full(len(origins), np.inf)
        if len(origins) == 0 or len(dests) == 0:
            return best
        detour = self.network.detour_factor
        origin_land, dest_land = self.origin_land[origins], self.dest_land[dests]
        # per terminal: the nearest of the destinations on its own land mass
        to_dest = np.full(len(self.terminals), np.inf)
        origin_groups = _groups(origin_land)
        terminal_groups = self._terminal_groups
        for land in np.unique(dest_land):
            tree = cKDTree(self.dests_xy[dests[dest_land == land]])
            mine = origin_groups.get(int(land))
            if mine is not None:
                distance, _ = tree.query(self.origins_xy[origins[mine]])
                best[mine] = distance * detour
            on_land = terminal_groups.get(int(land))
            if on_land is not None:
                distance, _ = tree.query(self.terminals[on_land])
                to_dest[on_land] = distance * detour
        if not np.isfinite(to_dest).any():
            return best
        # per terminal: the cheapest way on to one of the destinations, over any links
        onward = (self.between + to_dest[None, :]).min(axis=1)
        for land, mine in origin_groups.items():
            exits = terminal_groups.get(land)
            if exits is None:
                continue
            exits = exits[np.isfinite(onward[exits])]
            for start in range(0, len(mine), _ORIGIN_BLOCK):
                block = mine[start : start + _ORIGIN_BLOCK]
                legs = self._on_land(self.origins_xy[origins[block]], self.terminals[exits])
                best[block] = np.minimum(
                    best[block], (legs + onward[exits][None, :]).min(axis=1, initial=np.inf)
                )
        return best

    @cached_property
    def _terminal_groups(self) -> dict[int, IntArray]:
        return _groups(self.terminal_land)

    def od_table(self, max_cost: float) -> ODTable:
        """Every (origin, destination) pair whose travel cost is ≤ ``max_cost``."""
        n_o, n_d = len(self.origins_xy), len(self.dests_xy)
        detour = self.network.detour_factor
        direct = planar_od_table(self.origins_xy, self.dests_xy, max_cost, detour_factor=detour)
        keep = self.origin_land[direct.origin] == self.dest_land[direct.dest]
        origin, dest, cost = direct.origin[keep], direct.dest[keep], direct.cost[keep]
        if len(self.terminals) and n_o and n_d:
            via_o, via_d, via_c = self._via_links(max_cost)
            # a route over links on one land mass only counts where it beats the straight
            # line; it then replaces the direct pair
            same = self.origin_land[via_o] == self.dest_land[via_d]
            straight = np.hypot(*(self.origins_xy[via_o] - self.dests_xy[via_d]).T) * detour
            better = ~same | (via_c < straight - _LINK_GAIN_M)
            via_o, via_d, via_c, same = via_o[better], via_d[better], via_c[better], same[better]
            replaced = np.sort(via_o[same].astype(np.int64) * n_d + via_d[same])
            if len(replaced):
                key = origin.astype(np.int64) * n_d + dest
                at = np.minimum(np.searchsorted(replaced, key), len(replaced) - 1)
                stays = replaced[at] != key
                origin, dest, cost = origin[stays], dest[stays], cost[stays]
            origin = np.concatenate([origin, via_o])
            dest = np.concatenate([dest, via_d])
            cost = np.concatenate([cost, via_c])
        return ODTable(origin, dest, cost, n_o, n_d, max_cost)

    def _via_links(self, max_cost: float) -> tuple[IntArray, IntArray, FloatArray]:
        """The least cost of each (origin, destination) pair reached over at least one link
        within ``max_cost``: land leg to a terminal + terminal → destination over links."""
        n_d = len(self.dests_xy)
        onward = self._terminal_to_dest(max_cost)
        straight = self._on_land(self.terminals, self.dests_xy)
        uses_link = np.isfinite(onward) & (
            (self.terminal_land[:, None] != self.dest_land[None, :])
            | (onward < straight - _LINK_GAIN_M)
        )
        legs = planar_od_table(
            self.origins_xy, self.terminals, max_cost, detour_factor=self.network.detour_factor
        )
        on_land = self.origin_land[legs.origin] == self.terminal_land[legs.dest]
        leg_o, leg_t, leg_cost = legs.origin[on_land], legs.dest[on_land], legs.cost[on_land]
        order = np.argsort(leg_t, kind="stable")
        leg_o, leg_t, leg_cost = leg_o[order], leg_t[order], leg_cost[order]
        bounds = np.searchsorted(leg_t, np.arange(len(self.terminals) + 1))
        keys: list[npt.NDArray[np.int64]] = []
        costs: list[FloatArray] = []
        for t in np.flatnonzero(np.diff(bounds)):
            reached = np.flatnonzero(uses_link[t])
            if len(reached) == 0:
                continue
            lo, hi = bounds[t], bounds[t + 1]
            total = leg_cost[lo:hi, None] + onward[t, reached][None, :]
            oi, di = np.nonzero(total <= max_cost)
            keys.append(leg_o[lo:hi][oi].astype(np.int64) * n_d + reached[di])
            costs.append(total[oi, di])
        if not keys:
            return np.zeros(0, np.intp), np.zeros(0, np.intp), np.zeros(0)
        key, cost = _least_per_key(np.concatenate(keys), np.concatenate(costs))
        return (key // n_d).astype(np.intp), (key % n_d).astype(np.intp), cost

    def _terminal_to_dest(self, max_cost: float) -> FloatArray:
        """Network cost terminal → destination (terminals × destinations, inf beyond
        ``max_cost``): to a terminal on the destination's land mass, then the land leg."""
        legs = planar_od_table(
            self.terminals, self.dests_xy, max_cost, detour_factor=self.network.detour_factor
        )
        on_land = self.terminal_land[legs.origin] == self.dest_land[legs.dest]
        last, dest, leg = legs.origin[on_land], legs.dest[on_land], legs.cost[on_land]
        onward = np.full((len(self.terminals), len(self.dests_xy)), np.inf)
        order = np.argsort(last, kind="stable")
        last, dest, leg = last[order], dest[order], leg[order]
        bounds = np.searchsorted(last, np.arange(len(self.terminals) + 1))
        for t in np.flatnonzero(np.diff(bounds)):
            cols = dest[bounds[t] : bounds[t + 1]]
            via = self.between[:, t, None] + leg[bounds[t] : bounds[t + 1]][None, :]
            onward[:, cols] = np.minimum(onward[:, cols], via)
        onward[onward > max_cost] = np.inf
        return onward


def _terminal_graph_costs(
    network: TravelNetwork, terminals: FloatArray, terminal_land: IntArray
) -> FloatArray:
    """All-pairs network cost between terminals: land edges within a land mass, crossings."""
    n_t = len(terminals)
    if n_t == 0:
        return np.zeros((0, 0))
    ti, tj = np.triu_indices(n_t, k=1)
    same = terminal_land[ti] == terminal_land[tj]
    ti, tj = ti[same], tj[same]
    land_cost = np.hypot(*(terminals[ti] - terminals[tj]).T) * network.detour_factor
    crossing = np.array([link.cost_m(network.detour_factor) for link in network.links])
    ends_a = np.arange(0, n_t, 2, dtype=np.intp)
    rows = np.concatenate([ti, tj, ends_a, ends_a + 1])
    cols = np.concatenate([tj, ti, ends_a + 1, ends_a])
    # csgraph treats explicit zeros as missing edges: a zero cost becomes a tiny one
    data = np.maximum(np.concatenate([land_cost, land_cost, crossing, crossing]), 1e-9)
    # a link within one land mass doubles a land edge: keep the least of the two
    key, data = _least_per_key(rows.astype(np.int64) * n_t + cols, data)
    graph = sparse.csr_array((data, (key // n_t, key % n_t)), shape=(n_t, n_t))
    return np.asarray(csgraph.dijkstra(graph, directed=True), dtype=np.float64)


def _groups(labels: IntArray) -> dict[int, IntArray]:
    """The positions of each label's members, by label."""
    order = np.argsort(labels, kind="stable")
    values, starts = np.unique(labels[order], return_index=True)
    return {int(v): part for v, part in zip(values, np.split(order, starts[1:]), strict=True)}


def _least_per_key(
    key: npt.NDArray[np.int64], cost: FloatArray
) -> tuple[npt.NDArray[np.int64], FloatArray]:
    """One entry per key, the least cost, sorted by key."""
    order = np.lexsort((cost, key))
    key, cost = key[order], cost[order]
    first = np.ones(len(key), dtype=bool)
    first[1:] = key[1:] != key[:-1]
    return key[first], cost[first]
