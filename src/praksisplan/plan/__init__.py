"""The practice plan (*praksisplan*): goals, initiatives, measures, follow-up, consultation.

Pure: plans are immutable Pydantic models (:mod:`.model`), changed only by edits
(:mod:`.edits`) applied with :func:`.apply.apply_edit`, which checks the role rules
(:mod:`.permissions`) and the frozen-version rule. Measures are evaluated with the engine
(:mod:`.measures`); :mod:`.exchange` reads and writes the one-file exchange format. The store,
CLI, web and document adapters live outside this package. See docs/plan.md.
"""
