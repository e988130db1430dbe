"""Deterministic synthesis: the demo region and synthetic GP supply.

Everything here is pure (no file or network I/O) and seeded: the same seed gives the same
data, bit for bit. :mod:`praksisplan.synth.demo` builds the built-in "Region Demo";
:mod:`praksisplan.synth.practices` synthesises practices and GPs for any geography (the demo
and the Danish import share it).
"""
