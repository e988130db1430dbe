"""The *Fordeling af kapaciteter* form's candidate choices, checked as hostile input.

The choices are the CLI's ``allocate`` options for candidate sites (docs/allocation.md):
existing practices may grow (``existing``, by at most ``max_growth`` each; a solo or shared
one may become a partnership, ``solo_growth``), new clinics in towns and villages
(``towns``) and at existing clinic premises (``premises``: the former practices of the
snapshot's history, read by :func:`praksisplan.store.premises_history.stored_premises`,
the function the CLI uses), and the organisation forms and sizes generated new clinics may
take (``new_form``, repeated, in the order given, none given being the CLI's default, a
partnership; ``new_min`` … ``new_max`` capacities).

The fields are read by :mod:`praksisplan.web.form_fields` (Danish errors naming the field).
An unknown form, or premises asked of a snapshot without history, is a Danish error and
nothing runs. A choice the solve does not use (the forms with neither towns nor premises,
solo growth or a growth limit without existing practices) is named on the result page, never
dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass

from praksisplan.core.dataset import Dataset
from praksisplan.core.errors import PraksisplanError
from praksisplan.core.schema import OrgForm
from praksisplan.optimise.candidates import CandidateOptions, forms_da
from praksisplan.optimise.forms import parse_forms
from praksisplan.optimise.premises import FormerPractice
from praksisplan.store.premises_history import earlier_snapshots, stored_premises
from praksisplan.store.store import Store
from praksisplan.web.form_fields import Fields, boolean, integer, texts

#: Forms of a generated new clinic when the form names none (as ``allocate`` without
#: ``--new-form``).
_DEFAULTS = CandidateOptions()
DEFAULT_NEW_FORMS: tuple[OrgForm, ...] = _DEFAULTS.new_forms
NO_HISTORY = (
    "Snapshottet har ingen tidligere snapshots af regionen og derfor ingen tidligere "
    "klinikkers lokaler; fjern fluebenet ved Eksisterende kliniklokaler"
)


@dataclass(frozen=True)
class SiteChoices:
    """The form's candidate choices (query parameters), not yet checked."""

    existing: bool = False
    towns: bool = False
    premises: bool = False
    new_form: tuple[str, ...] = ()
    solo_growth: bool = True
    new_min: int = _DEFAULTS.new_min
    new_max: int = _DEFAULTS.new_max
    max_growth: int = _DEFAULTS.max_growth

    def new_forms(self) -> tuple[OrgForm, ...]:
        """The forms chosen for new clinics; an unknown one is a Danish error."""
        if not self.new_form:
            return DEFAULT_NEW_FORMS
        try:
            return parse_forms(" ".join(self.new_form))
        except ValueError as error:
            raise PraksisplanError(f"Organisationsform for nye klinikker: {error}") from None

    def options(self) -> CandidateOptions:
        """The choices as the solve's options; Danish errors for unknown forms and sizes."""
        if not 1 <= self.new_min <= self.new_max:
            raise PraksisplanError(
                "En ny klinik skal have 1 ≤ mindst ≤ højst kapaciteter, ikke "
                f"{self.new_min} og {self.new_max}"
            )
        return CandidateOptions(
            existing=self.existing,
            towns=self.towns,
            premises=self.premises,
            new_forms=self.new_forms(),
            solo_growth=self.solo_growth,
            new_min=self.new_min,
            new_max=self.new_max,
            max_growth=self.max_growth,
        )

    def unused(self) -> list[str]:
        """The choices this solve does not use, in Danish."""
        notes = []
        if not self.towns and not self.premises:
            notes.append(
                f"Organisationsformen ({forms_da(self.new_forms())}) og størrelsen for nye "
                "klinikker bruges ikke: hverken nye klinikker i byer eller eksisterende "
                "kliniklokaler er valgt"
            )
        if not self.existing:
            notes.append(
                "Valget om enkeltmands- og delepraksis, der vokser, og højst "
                f"{self.max_growth} kapaciteter pr. eksisterende praksis bruges ikke: "
                "eksisterende praksis kan ikke udvide"
            )
        return notes

    def audit(self) -> dict[str, object]:
        return {
            "towns": self.towns,
            "existing": self.existing,
            "premises": self.premises,
            "new_forms": [f.value for f in self.new_forms()],
            "solo_growth": self.solo_growth,
            "new_min": self.new_min,
            "new_max": self.new_max,
            "max_growth": self.max_growth,
        }


def site_choices(fields: Fields, most: int) -> SiteChoices:
    """The choices in the form's fields (``most``: the largest size or growth accepted)."""
    return SiteChoices(
        existing=boolean(fields, "existing", "Eksisterende praksis kan udvide", False),
        towns=boolean(fields, "towns", "Nye klinikker i byer og landsbyer", False),
        premises=boolean(fields, "premises", "Eksisterende kliniklokaler", False),
        new_form=tuple(texts(fields, "new_form", "Nye klinikker må være")),
        solo_growth=boolean(fields, "solo_growth", "Enkeltmands- og delepraksis", True),
        new_min=integer(fields, "new_min", "Mindst (ny klinik)", _DEFAULTS.new_min, 1, most),
        new_max=integer(fields, "new_max", "Højst (ny klinik)", _DEFAULTS.new_max, 1, most),
        max_growth=integer(
            fields, "max_growth", "Højst pr. eksisterende praksis", _DEFAULTS.max_growth, 0, most
        ),
    )


def request_premises(
    store: Store, snapshot_id: int, current: Dataset, choices: SiteChoices
) -> tuple[FormerPractice, ...]:
    """The premises the request carries: the snapshot's former practices when premises are
    chosen, none when not; premises chosen on a snapshot without history are refused."""
    if not choices.premises:
        return ()
    if not earlier_snapshots(store, snapshot_id):
        raise PraksisplanError(NO_HISTORY)
    return stored_premises(store, snapshot_id, current)
