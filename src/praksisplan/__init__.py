"""praksisplan — planning GP coverage (lægedækning) in Danish regions."""

__version__ = "0.1.0"
