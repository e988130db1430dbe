"""A scenario edit as one Danish sentence for the editor's list of edits.

"Praksis D00042 lukker for tilgang.", "Ny nærklinik NK001 «Nærklinikken Sandø» med 3
kapaciteter ved 690.500 Ø, 6.172.300 N.", "Læge G0101 går på pension i 2028." — terms from
:mod:`praksisplan.core.vocabulary`, numbers in Danish (:mod:`praksisplan.core.danish_numbers`),
coordinates (EPSG:25832 easting and northing) rounded to whole metres.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from praksisplan.core.danish_numbers import format_amount_da, format_number_da
from praksisplan.core.vocabulary import (
    ORG_FORM_LABELS,
    RULE_PARAMETER_LABELS,
    SEX_LABELS,
    STATUS_LABELS,
)
from praksisplan.scenario.edits import Edit

#: Danish names of the columns an edit may set, for the generic "… ændres: …" sentence.
FIELD_LABELS: dict[str, str] = {
    "name": "navn",
    "postcode": "postnummer",
    "org_form": "organisationsform",
    "capacities": "kapaciteter",
    "vacant_capacities": "ledige kapaciteter",
    "listed_patients": "tilmeldte patienter",
    "status": "status",
    "open_postcodes": "åbne postnumre",
    "norm_override": "normtal",
    "provider_number": "praksis",
    "birth_year": "fødselsår",
    "role": "rolle",
    "fte": "årsværk",
    "area_id": "område",
    "advertised_since": "opslået siden",
    "extra_patients": "ekstra patienter",
    "beds": "senge",
    "kind": "art",
    "persons": "personer",
    "weight": "vægt",
}
#: Columns written amount first, in the singular and the plural: "4 kapaciteter".
AMOUNT_FIELDS: dict[str, tuple[str, str]] = {
    "capacities": ("kapacitet", "kapaciteter"),
    "vacant_capacities": ("ledig kapacitet", "ledige kapaciteter"),
    "listed_patients": ("tilmeldt patient", "tilmeldte patienter"),
    "extra_patients": ("ekstra patient", "ekstra patienter"),
    "beds": ("seng", "senge"),
    "persons": ("person", "personer"),
    "fte": ("årsværk", "årsværk"),
}
_ROLES = {"owner": "praksisejer", "employed": "ansat læge"}
_STATUS_SENTENCES = {"open": "åbner for tilgang", "closed": "lukker for tilgang"}


def _point(values: Mapping[str, Any]) -> str:
    return f"{format_number_da(values['x'])} Ø, {format_number_da(values['y'])} N"


def _value(name: str, value: Any) -> str:
    if name == "org_form":
        return ORG_FORM_LABELS.get(str(value), str(value)).lower()
    if name == "status":
        return STATUS_LABELS.get(str(value), str(value)).lower()
    if name == "role":
        return _ROLES.get(str(value), str(value))
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return str(value) if name == "birth_year" else format_amount_da(value)


def _listing(parts: list[str]) -> str:
    """ "a", "a og b", "a, b og c"."""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " og " + parts[-1]


def _changes(values: Mapping[str, Any], skip: frozenset[str] = frozenset()) -> str:
    """``capacities = 4, fte = 0.5`` as "4 kapaciteter og årsværk 0,5"."""
    parts = []
    for name, value in values.items():
        if name in skip:
            continue
        if name in AMOUNT_FIELDS and isinstance(value, int | float):
            singular, plural = AMOUNT_FIELDS[name]
            parts.append(f"{format_amount_da(value)} {singular if value == 1 else plural}")
        else:
            parts.append(f"{FIELD_LABELS.get(name, name)} {_value(name, value)}")
    return _listing(parts) if parts else ""


def _practice(edit: Edit) -> str:
    provider, values = edit.key[0], edit.values
    if edit.op == "delete":
        target = values.get("patients_to", "nearest")
        where = (
            "fordeles på de nærmeste åbne praksis"
            if target == "nearest"
            else f"går til praksis {target}"
        )
        return f"Praksis {provider} nedlægges; de tilmeldte patienter {where}"
    if edit.op == "insert":
        form = ORG_FORM_LABELS.get(str(values.get("org_form")), "praksis").lower()
        name = f" «{values['name']}»" if values.get("name") else ""
        capacities = values.get("capacities")
        amount = (
            ""
            if capacities is None
            else f" med {format_amount_da(capacities)} "
            + ("kapacitet" if capacities == 1 else "kapaciteter")
        )
        place = f" ved {_point(values)}" if "x" in values and "y" in values else ""
        return f"Ny {form} {provider}{name}{amount}{place}"
    parts: list[str] = []
    status = values.get("status")
    if status in _STATUS_SENTENCES:
        parts.append(_STATUS_SENTENCES[str(status)])
    elif status == "selective":
        postcodes = str(values.get("open_postcodes") or "").split()
        parts.append(
            "lukker selektivt"
            + (f" (åben for postnummer {', '.join(postcodes)})" if postcodes else "")
        )
    if "x" in values and "y" in values:
        parts.append(f"flyttes til {_point(values)}")
    rest = _changes(values, frozenset({"status", "open_postcodes", "x", "y"}))
    if rest:
        parts.append(f"får {rest}")
    return f"Praksis {provider} " + (_listing(parts) if parts else "ændres")


def _gp(edit: Edit) -> str:
    gp, values = edit.key[0], edit.values
    if edit.op == "delete":
        return f"Læge {gp} går på pension i {edit.year}" if edit.year else f"Læge {gp} fjernes"
    if edit.op == "insert":
        role = _ROLES.get(str(values.get("role")), "læge")
        practice = values.get("provider_number")
        born = f"født {values['birth_year']}" if "birth_year" in values else ""
        details = [born] if born else []
        rest = _changes(values, frozenset({"provider_number", "role", "birth_year"}))
        details += [rest] if rest else []
        return (
            f"Ny {role} {gp}"
            + (f" i praksis {practice}" if practice else "")
            + (f" ({', '.join(details)})" if details else "")
        )
    return f"Læge {gp} får {_changes(values)}"


def _persons(count: Any) -> str:
    return f"{format_number_da(count)} " + ("indbygger" if count == 1 else "indbyggere")


def _cell(edit: Edit) -> str:
    cell, values = edit.key[0], edit.values
    if edit.op == "delete":
        return f"Befolkningscellen {cell} fjernes"
    place = f"{_point(values)}" if "x" in values and "y" in values else ""
    if edit.op == "insert":
        persons = values.get("persons")
        return (
            f"Ny befolkningscelle {cell}"
            + (f" med {_persons(persons)}" if persons is not None else "")
            + (f" ved {place}" if place else "")
        )
    parts: list[str] = []
    if values.get("add_persons") is not None:
        parts.append(f"får {_persons(values['add_persons'])} mere")
    if place:
        parts.append(f"flyttes til {place}")
    rest = _changes(values, frozenset({"add_persons", "x", "y"}))
    if rest:
        parts.append(f"får {rest}")
    return f"Befolkningscellen {cell} " + (_listing(parts) if parts else "ændres")


def _group(age_band: str, sex: str) -> str:
    return f"{age_band} år, {SEX_LABELS.get(sex, sex)}"


def _sentence(edit: Edit) -> str:
    values = edit.values
    if edit.table == "practices":
        return _practice(edit)
    if edit.table == "gps":
        return _gp(edit)
    if edit.table == "cells":
        return _cell(edit)
    if edit.table == "population":
        cell, age_band, sex = edit.key
        group = f"Befolkningen i celle {cell}, {_group(age_band, sex)}"
        if edit.op == "delete":
            return f"{group}, fjernes"
        return f"{group}: {format_number_da(values.get('persons'))} personer"
    if edit.table == "region_vacancies":
        area = edit.key[0]
        if edit.op == "delete":
            return f"Regionens ledige kapaciteter i område {area} besættes"
        amount = format_amount_da(values.get("vacant_capacities"))
        verb = "opslår" if edit.op == "insert" else "har nu"
        return f"Regionen {verb} {amount} ledige kapaciteter i område {area}"
    if edit.table == "demand_weights":
        age_band, sex = edit.key
        if edit.op == "delete":
            return f"Behovsvægten for {_group(age_band, sex)} fjernes"
        weight = _value("weight", values.get("weight"))
        return f"Behovsvægten for {_group(age_band, sex)} sættes til {weight}"
    if edit.table == "rules":
        name = RULE_PARAMETER_LABELS.get(edit.key[0], edit.key[0])
        value = values.get("value")
        shown = " ".join(map(str, value)) if isinstance(value, list) else _value("", value)
        unit = " km" if edit.key[0].endswith("_km") else ""
        return f"Reglen for {name} sættes til {shown}{unit}"
    if edit.table == "threat_rules":
        return "Trusselsreglerne udskiftes med scenariets egne"
    row = {"coverage_survey": "Lægedækningshøringen for praksis", "temporary_beds": "Sengepladsen"}
    subject = f"{row.get(edit.table, edit.table)} {' / '.join(edit.key)}"
    if edit.op == "delete":
        return f"{subject} fjernes"
    return f"{subject} {'tilføjes' if edit.op == 'insert' else 'ændres'}: {_changes(values)}"


def describe_edit(edit: Edit) -> str:
    """The edit as one Danish sentence, with the year it takes effect if it has one."""
    sentence = _sentence(edit)
    if edit.year is not None and not (edit.table == "gps" and edit.op == "delete"):
        sentence += f" (fra {edit.year})"
    return sentence + "."
