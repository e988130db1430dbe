"""Organisation forms allowed per candidate site, and what they allow it to take.

A form limits the *filled* capacities a practice holds once its added capacities are taken
up (the proposal writes placed capacities as filled):

* ``solo`` (enkeltmandspraksis: one GP) and ``shared`` (delepraksis: two GPs share one
  capacity): exactly 1 filled capacity;
* ``partnership`` (kompagniskab): at least 2;
* the clinics run or provided by the region or a firm (``contract``, ``region``, ``near``,
  ``licence``) and a ``satellite`` branch: at least 1.

A site lists the forms it may take, in order of preference. With ``c`` filled capacities
today, form ``f`` allows the added ``y`` with ``lo_f ≤ c + y ≤ hi_f``; the site may take
``y = 0`` or any ``y`` allowed by one of its forms. Each form's range is an integer interval
and the ranges of any two forms overlap or touch (1, 1 ∪ 2, ∞ is 1, ∞), so the union is again
one interval: the forms become the site's bounds ``min_add ≤ y ≤ max_add`` when it receives,
exactly (tests/optimise/test_forms.py enumerates every set of forms). The form the proposal
gives a receiving site is the first of its forms whose range holds ``c + y``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from praksisplan.core.errors import PraksisplanError
from praksisplan.core.schema import OrgForm

#: Filled capacities a practice of each form holds once its capacities are taken up.
FILLED_RANGE: dict[OrgForm, tuple[float, float]] = {
    OrgForm.SOLO: (1.0, 1.0),
    OrgForm.SHARED: (1.0, 1.0),
    OrgForm.PARTNERSHIP: (2.0, math.inf),
    OrgForm.CONTRACT: (1.0, math.inf),
    OrgForm.REGION: (1.0, math.inf),
    OrgForm.NEAR: (1.0, math.inf),
    OrgForm.LICENCE: (1.0, math.inf),
    OrgForm.SATELLITE: (1.0, math.inf),
}
#: Forms a one-GP practice may grow into (an existing solo practice becomes a partnership).
_GROWS_INTO: dict[OrgForm, tuple[OrgForm, ...]] = {
    OrgForm.SOLO: (OrgForm.PARTNERSHIP,),
    OrgForm.SHARED: (OrgForm.PARTNERSHIP,),
}


def parse_forms(text: str) -> tuple[OrgForm, ...]:
    """Space- or comma-separated form names (``"solo partnership"``); ValueError names the
    first unknown one."""
    names = [part for part in text.replace(",", " ").split() if part]
    if not names:
        raise ValueError("ingen organisationsform angivet")
    known = {f.value: f for f in OrgForm}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ValueError(
            f"ukendt organisationsform '{unknown[0]}' (tilladt: {', '.join(sorted(known))})"
        )
    return tuple(dict.fromkeys(known[n] for n in names))


def forms_text(forms: Sequence[OrgForm]) -> str:
    return " ".join(f.value for f in forms)


def existing_forms(current: OrgForm, *, solo_growth: bool) -> tuple[OrgForm, ...]:
    """An existing practice keeps its form; a solo or shared one may become a partnership."""
    return (current, *(_GROWS_INTO.get(current, ()) if solo_growth else ()))


def _form_span(form: OrgForm, filled: float, low: int, high: int) -> tuple[int, int]:
    lo, hi = FILLED_RANGE[form]
    first = max(low, math.ceil(lo - filled - 1e-9))
    last = high if math.isinf(hi) else min(high, math.floor(hi - filled + 1e-9))
    return first, last


def added_bounds(
    forms: Sequence[OrgForm], filled: float, low: int, high: int
) -> tuple[int, int] | None:
    """Least and most capacities the site may receive (when it receives any) within
    ``low … high`` (``low ≥ 1``) under its forms; None when no form allows any."""
    spans = [s for s in (_form_span(f, filled, low, high) for f in forms) if s[0] <= s[1]]
    if not spans:
        return None
    return min(s[0] for s in spans), max(s[1] for s in spans)


def chosen_form(forms: Sequence[OrgForm], filled: float, added: int) -> OrgForm:
    """The first form that allows ``added`` more filled capacities."""
    for form in forms:
        first, last = _form_span(form, filled, 0, added)
        if first <= added <= last:
            return form
    raise PraksisplanError(f"ingen af formerne {forms_text(forms)} tillader {added} kapaciteter")
