"""Checks of an allocation request before it is solved, explained in Danish.

Each check names the constraint that makes the request impossible (the number of
capacities, a site's limits, an area's or municipality's limits) instead of a solver
status; :func:`infeasible_message` covers the combinations the checks cannot see.
"""

from __future__ import annotations

import numpy as np

from praksisplan.core.danish_numbers import format_number_da
from praksisplan.core.errors import PraksisplanError
from praksisplan.optimise.instance import AllocationInstance
from praksisplan.optimise.model import Limits

_LEVEL_DA = {"area_id": "lægedækningsområde", "municipality_code": "kommune"}


def check_capacities(capacities: int) -> None:
    if capacities < 0:
        raise PraksisplanError(
            f"Antallet af kapaciteter skal være mindst 0, ikke {format_number_da(capacities)}"
        )


def check_request(instance: AllocationInstance, capacities: int, limits: Limits) -> None:
    """Raise :class:`PraksisplanError` with the reason if no allocation can exist."""
    check_capacities(capacities)
    sites = instance.sites
    max_add = sites["max_add"].to_numpy(dtype=np.float64)
    total = float(max_add.sum())
    if capacities > total:
        raise PraksisplanError(
            f"Der skal placeres {format_number_da(capacities)} kapaciteter, men kandidaterne "
            f"kan tilsammen højst tage {format_number_da(total)} (eksisterende praksis højst "
            "det tilladte antal hver, nye klinikker højst deres maksimum); tillad flere "
            "kapaciteter pr. sted eller tilføj kandidatsteder"
        )
    for column, bounds in (("area_id", limits.areas), ("municipality_code", limits.municipalities)):
        level = _LEVEL_DA[column]
        keys = sites[column].astype(str).to_numpy()
        known = set(instance.areas) if column == "area_id" else set(instance.area_municipality)
        for key, (low, high) in bounds.items():
            if key not in known:
                raise PraksisplanError(f"Grænserne nævner {level} '{key}', som ikke findes")
            if low > high:
                raise PraksisplanError(
                    f"{level.capitalize()} '{key}': mindst {format_number_da(low)} men højst "
                    f"{format_number_da(high)} kapaciteter kan ikke begge gælde"
                )
            room = float(max_add[keys == key].sum())
            if low > room:
                raise PraksisplanError(
                    f"{level.capitalize()} '{key}' skal have mindst {format_number_da(low)} "
                    f"kapaciteter, men kandidatstederne der kan højst tage {format_number_da(room)}"
                )
        if bounds:
            least = sum(low for low, _ in bounds.values())
            if least > capacities:
                raise PraksisplanError(
                    f"Minimumskravene pr. {level} kræver {format_number_da(least)} kapaciteter "
                    f"i alt, men der placeres kun {format_number_da(capacities)}"
                )
            capped = np.isin(keys, list(bounds))
            most = sum(
                min(high, float(max_add[keys == k].sum())) for k, (_, high) in bounds.items()
            )
            most += float(max_add[~capped].sum())
            if most < capacities:
                raise PraksisplanError(
                    f"Grænserne pr. {level} tillader højst {format_number_da(most)} kapaciteter "
                    f"i alt, men der skal placeres {format_number_da(capacities)}"
                )


def infeasible_message(capacities: int, limits: Limits) -> str:
    """The message when the solver proves infeasibility the checks did not foresee."""
    parts = [f"præcis {format_number_da(capacities)} kapaciteter"]
    if limits.areas:
        parts.append("grænserne pr. lægedækningsområde")
    if limits.municipalities:
        parts.append("grænserne pr. kommune")
    parts.append("nye klinikkers minimum (flerlægepraksis)")
    return (
        "Forslaget er umuligt: disse krav kan ikke opfyldes samtidig: "
        + ", ".join(parts)
        + ". Løsn et af dem, fx færre kapaciteter eller et lavere minimum for nye klinikker"
    )
