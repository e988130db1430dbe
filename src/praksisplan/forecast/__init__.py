"""Forecast to a horizon year: population, need, GP supply and coming threatened areas.

Pure: a :class:`~praksisplan.core.dataset.Dataset` (a snapshot or a scenario's dataset) and
parameters in, frames out (docs/forecast.md).
"""
