"""Threatened areas: explicit rule sets, the half-yearly gross list and its comparison.

The package is pure: it reads a :class:`~praksisplan.core.dataset.Dataset` and the engine's
area indicators and returns frames. Files are read only by :func:`rules.load_rules`.
"""
