"""Allocation optimiser: where capacities go, proven optimal (docs/allocation.md)."""
