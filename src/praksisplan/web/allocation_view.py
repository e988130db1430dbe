"""What the *Fordeling af kapaciteter* form shows in its fields: the values sent (so a refused
request is shown as the user wrote it), or on its first view the CLI's defaults.

The template asks :class:`FormView` for each field's text, whether a box or radio button is
ticked, the limit rows (those sent plus two empty ones) and whether the "Avanceret" section
starts open (when it holds anything but the defaults).
"""

from __future__ import annotations

from itertools import zip_longest

from praksisplan.optimise.candidates import CandidateOptions
from praksisplan.optimise.objectives import DEFAULT_ORDER
from praksisplan.web.form_fields import TRUE_VALUES, Fields, FileField

_DEFAULTS = CandidateOptions()
#: Checkboxes ticked on the form's first view (premises only with history).
_TICKED_FIRST = frozenset({"existing", "towns"})
#: Empty limit rows shown below the sent ones.
SPARE_ROWS = 2


class FormView:
    def __init__(self, fields: Fields, has_history: bool) -> None:
        self.fields = fields
        self.first = "capacities" not in fields
        self.has_history = has_history

    def values(self, name: str) -> list[str]:
        return [v for v in self.fields.getlist(name) if not isinstance(v, FileField)]

    def value(self, name: str, default: object = "") -> str:
        values = self.values(name)
        return values[-1] if values else str(default)

    def checked(self, name: str) -> bool:
        """A checkbox: as sent, or on the first view the CLI's default."""
        if self.first:
            return name in _TICKED_FIRST or (name == "premises" and self.has_history)
        return self.value(name).lower() in TRUE_VALUES

    def radio(self, name: str, option: str, default: str) -> bool:
        return (self.value(name) or default) == option

    def objectives(self) -> list[str]:
        return self.values("objective") or [o.value for o in DEFAULT_ORDER]

    def new_forms(self) -> list[str]:
        return self.values("new_form") or [f.value for f in _DEFAULTS.new_forms]

    def limit_rows(self, level: str) -> list[tuple[str, str, str]]:
        columns = (self.values(f"{level}_limit"), self.values(f"{level}_min"),
                   self.values(f"{level}_max"))  # fmt: skip
        rows = [r for r in zip_longest(*columns, fillvalue="") if any(r)]
        return rows + [("", "", "")] * SPARE_ROWS

    def advanced_open(self) -> bool:
        """Whether the "Avanceret" section holds anything but the defaults."""
        return any(
            (
                self.value("combine") == "weights",
                self.value("max_growth", _DEFAULTS.max_growth) != str(_DEFAULTS.max_growth),
                any(any(r) for level in ("area", "municipality") for r in self.limit_rows(level)),
                self.checked("move_vacant"),
                self.checked("travel_links"),
                self.value("radius_km") != "",
                self.value("detour_factor", "1") not in ("", "1"),
                self.value("frontier", "true") == "false",
            )
        )
