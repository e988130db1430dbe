"""The *Fordeling af kapaciteter* form as one checked value: everything ``praksisplan
allocate`` takes, from a GET query or a POST (multipart, with the candidate file).

:func:`parse_form` reads the fields (:mod:`praksisplan.web.form_fields`) on the snapshot's
dataset: N and the objectives; how they combine (``combine``: ``order`` lexicographic, or
``weights`` a weighted sum of ``weight_<objective>``, empty = 1, as ``--weight``); the
candidate choices (:mod:`praksisplan.web.allocation_choices`); limits per coverage area and
municipality (rows of ``area_limit``/``area_min``/``area_max`` and ``municipality_limit``/
``municipality_min``/``municipality_max``: an id chosen from the dataset's list, an empty
least is 0 and an empty most no limit, as ``--area-limit``/``--municipality-limit``);
``move_vacant``, ``radius_km``, ``detour_factor``, ``travel_links``, ``frontier``; and the
user's candidate CSV (``candidates``, read by the CLI's reader
:func:`praksisplan.dataset_io.candidate_file.candidate_file_sites`). Every rule broken is a
Danish error naming the field (and row) and nothing runs. The value compares and hashes, so
a finished background job is matched to the form that asks for its result.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from itertools import zip_longest

import pandas as pd

from praksisplan.core.danish_numbers import format_amount_da, format_number_da
from praksisplan.core.dataset import Dataset
from praksisplan.core.errors import PraksisplanError
from praksisplan.dataset_io.candidate_file import candidate_file_sites
from praksisplan.optimise.allocation import AllocationRequest
from praksisplan.optimise.model import Limits
from praksisplan.optimise.objectives import DEFAULT_ORDER, Objective
from praksisplan.optimise.premises import FormerPractice
from praksisplan.web.allocation_choices import SiteChoices, site_choices
from praksisplan.web.form_fields import (
    Fields,
    boolean,
    choice,
    decimal,
    number,
    text,
    texts,
    upload,
    whole,
)

#: Most capacities the page lets one request place (a frontier solve per capacity).
MAX_CAPACITIES = 30
#: Seconds per solve on the page.
TIME_LIMIT = 30.0
#: The largest candidate file the page reads, and its most rows (sites).
MAX_FILE_BYTES = 256_000
MAX_FILE_SITES = 1_000
#: A limit row's "no most" (above any N the page places).
NO_MOST = 1_000_000
#: Bounds of the free-choice radius and the detour factor on the page.
RADIUS_KM = (0.1, 100.0)
DETOUR = (1.0, 3.0)
ORDER, WEIGHTS = "order", "weights"
LEVELS = {"area": "lægedækningsområde", "municipality": "kommune"}


@dataclass(frozen=True)
class Limit:
    """Capacities placed in one area or municipality: at least ``low``, at most ``high``."""

    key: str
    low: int
    high: int | None  # None: no most


@dataclass(frozen=True)
class CandidateUpload:
    """The user's candidate file: its name and bytes (compared), and its checked sites."""

    filename: str
    data: bytes = field(repr=False)
    sites: pd.DataFrame = field(compare=False, hash=False, repr=False)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class AllocationForm:
    capacities: int
    objectives: tuple[Objective, ...]
    weights: tuple[tuple[Objective, float], ...] | None
    sites: SiteChoices
    area_limits: tuple[Limit, ...] = ()
    municipality_limits: tuple[Limit, ...] = ()
    move_vacant: bool = False
    radius_km: float | None = None
    detour_factor: float = 1.0
    travel_links: bool = False
    frontier: bool = True
    upload: CandidateUpload | None = None

    def without_upload(self) -> AllocationForm:
        """The form as a URL can carry it (a file cannot be in a query)."""
        return replace(self, upload=None)

    def request(self, former: tuple[FormerPractice, ...]) -> AllocationRequest:
        """The solve's request (the same for the synchronous path and a background job)."""

        def bounds(limits: tuple[Limit, ...]) -> dict[str, tuple[int, int]]:
            return {x.key: (x.low, NO_MOST if x.high is None else x.high) for x in limits}

        return AllocationRequest(
            capacities=self.capacities,
            objectives=self.objectives,
            weights=dict(self.weights) if self.weights is not None else None,
            limits=Limits(bounds(self.area_limits), bounds(self.municipality_limits)),
            candidates=self.sites.options(),
            user_sites=self.upload.sites if self.upload is not None else None,
            radius_km=self.radius_km,
            detour_factor=self.detour_factor,
            travel_links=self.travel_links,
            time_limit=TIME_LIMIT,
            move_vacant=self.move_vacant,
            former=former,
            frontier=self.frontier,
            runner_up=False,
        )

    def audit(self) -> dict[str, object]:
        """Every choice, for the ``allocation_run`` audit entry."""

        def rows(limits: tuple[Limit, ...]) -> list[dict[str, object]]:
            return [{"id": x.key, "min": x.low, "max": x.high} for x in limits]

        file = self.upload
        return {
            "capacities": self.capacities,
            "objectives": [o.value for o in self.objectives],
            "weights": None if self.weights is None else {o.value: w for o, w in self.weights},
            **self.sites.audit(),
            "area_limits": rows(self.area_limits),
            "municipality_limits": rows(self.municipality_limits),
            "move_vacant": self.move_vacant,
            "radius_km": self.radius_km,
            "detour_factor": self.detour_factor,
            "travel_links": self.travel_links,
            "frontier": self.frontier,
            "candidate_file": None
            if file is None
            else {"name": file.filename, "sites": len(file.sites), "sha256": file.sha256},
        }

    def echo(self, dataset: Dataset) -> list[tuple[str, str]]:
        """The options beyond the candidate choices, in Danish, for the result page."""
        names = _names(dataset)
        lines = [
            (
                "Målene kombineres",
                "i prioriteret rækkefølge"
                if self.weights is None
                else "som vægtet sum: "
                + ", ".join(f"{_short(o)} × {format_amount_da(w, 4)}" for o, w in self.weights),
            ),
            ("Højst pr. eksisterende praksis", f"{format_number_da(self.sites.max_growth)}"),
        ]
        for level, limits in (
            ("area", self.area_limits),
            ("municipality", self.municipality_limits),
        ):
            for limit in limits:
                most = "ingen grænse" if limit.high is None else format_number_da(limit.high)
                lines.append(
                    (
                        f"Grænse for {LEVELS[level]} {names[level].get(limit.key, limit.key)}",
                        f"mindst {format_number_da(limit.low)}, højst {most}",
                    )
                )
        radius = dataset.manifest.rules.free_choice_radius_km
        lines += [
            ("Regionens ledige kapaciteter flyttes med", "ja" if self.move_vacant else "nej"),
            (
                "Radius for frit valg",
                f"{format_amount_da(self.radius_km)} km"
                if self.radius_km is not None
                else f"{format_amount_da(radius)} km (datasættets regel)",
            ),
            ("Omvejsfaktor", format_amount_da(self.detour_factor)),
            ("Afstande over færger og faste forbindelser", "ja" if self.travel_links else "nej"),
            ("Grænsekurve", "beregnet" if self.frontier else "ikke beregnet"),
        ]
        if self.upload is not None:
            sites = self.upload.sites
            lines.append(
                (
                    "Egen kandidatfil",
                    f"{self.upload.filename}: {format_number_da(len(sites))} "
                    f"{'sted' if len(sites) == 1 else 'steder'} "
                    f"({', '.join(sites['site_id'].astype(str))})",
                )
            )
        return lines

    def unused(self, dataset: Dataset) -> list[str]:
        """The options this solve does not use, in Danish (the candidate choices' too)."""
        notes = self.sites.unused()
        if self.move_vacant and len(dataset.region_vacancies) == 0:
            notes.append(
                "Valget om at flytte regionens ledige kapaciteter bruges ikke: snapshottet har "
                "ingen ledige kapaciteter, som regionen holder"
            )
        if self.travel_links and len(dataset.ferry_links) + len(dataset.fixed_links) == 0:
            notes.append(
                "Valget om afstande over færger og faste forbindelser gør ingen forskel: "
                "snapshottet har ingen færge- eller faste forbindelser"
            )
        return notes


#: Short Danish names of the objectives, for the weight fields and the echo.
SHORT_NAMES: dict[Objective, str] = {
    Objective.FREE_CHOICE: "frit valg",
    Objective.SHORTAGE: "underskud i alt",
    Objective.WORST_AREA: "dårligst stillede område",
    Objective.NEARNESS: "afstand til nærmeste praksis",
    Objective.CONTINUITY: "kapaciteter til eksisterende praksis",
}


def _short(objective: Objective) -> str:
    return SHORT_NAMES[objective]


def _names(dataset: Dataset) -> dict[str, dict[str, str]]:
    """The areas' and municipalities' names by id, for the lists and the echo."""
    areas = dataset.coverage_areas
    municipalities = dataset.municipalities.set_index("code")["name"].astype(str)
    codes = sorted(set(areas["municipality_code"].astype(str)))
    return {
        "area": dict(zip(areas["area_id"].astype(str), areas["name"].astype(str), strict=True)),
        "municipality": {c: str(municipalities.get(c, c)) for c in codes},
    }


def limit_choices(dataset: Dataset) -> dict[str, list[tuple[str, str]]]:
    """The ids and names the limit rows' lists offer, per level."""
    return {level: sorted(names.items()) for level, names in _names(dataset).items()}


def _weights(
    fields: Fields, objectives: tuple[Objective, ...]
) -> tuple[tuple[Objective, float], ...] | None:
    combine = choice(fields, "combine", "Målene kombineres", (ORDER, WEIGHTS), ORDER)
    given = {o: texts(fields, f"weight_{o.value}", f"Vægt for {_short(o)}") for o in Objective}
    for objective, values in given.items():
        label = f"Vægt for {_short(objective)}"
        if any(values) and combine == ORDER:
            raise PraksisplanError(
                f"Feltet '{label}': vægte bruges kun, når målene kombineres som vægtet sum; "
                "vælg vægtet sum eller fjern vægten"
            )
        if any(values) and objective not in objectives:
            raise PraksisplanError(
                f"Feltet '{label}': målet er ikke valgt; den vægtede sum tæller kun de valgte mål"
            )
    if combine == ORDER:
        return None
    weights = tuple(
        (o, number(given[o][-1], f"Vægt for {_short(o)}", 0.0, 1e9) if any(given[o]) else 1.0)
        for o in objectives
    )
    if all(w == 0 for _, w in weights):
        raise PraksisplanError("Feltet 'Vægt': mindst én vægt skal være større end 0")
    return weights


def _limits(fields: Fields, level: str, names: dict[str, str]) -> tuple[Limit, ...]:
    what = f"Grænse pr. {LEVELS[level]}"
    columns = (
        texts(fields, f"{level}_limit", what),
        texts(fields, f"{level}_min", what),
        texts(fields, f"{level}_max", what),
    )
    rows = list(zip_longest(*columns, fillvalue=""))
    if len(rows) > len(names) + 5:
        raise PraksisplanError(f"{what}: {len(rows)} rækker er flere end der er {LEVELS[level]}r")
    limits: list[Limit] = []
    for position, (key, low, high) in enumerate(rows, start=1):
        where = f"{what}, række {position}"
        if not (key or low or high):
            continue
        if not key:
            raise PraksisplanError(f"{where}: vælg et {LEVELS[level]} for mindst og højst")
        if key not in names:
            raise PraksisplanError(f"{where}: ukendt {LEVELS[level]} '{key}'")
        if any(x.key == key for x in limits):
            raise PraksisplanError(f"{where}: {names[key]} har allerede en grænse")
        least = whole(low, f"{where}, mindst", 0, NO_MOST) if low else 0
        most = whole(high, f"{where}, højst", 0, NO_MOST) if high else None
        if most is not None and least > most:
            raise PraksisplanError(
                f"{where}: mindst {format_number_da(least)} er mere end højst "
                f"{format_number_da(most)} kapaciteter"
            )
        limits.append(Limit(key, least, most))
    return tuple(limits)


def _upload(fields: Fields, dataset: Dataset) -> CandidateUpload | None:
    file = upload(fields, "candidates", "Egen kandidatfil (CSV)", MAX_FILE_BYTES)
    if file is None:
        return None
    sites = candidate_file_sites(dataset, file.data, file.filename, MAX_FILE_SITES)
    return CandidateUpload(file.filename, file.data, sites)


def parse_form(fields: Fields, dataset: Dataset) -> AllocationForm:
    """The form's fields as the request they ask for, checked on the snapshot's dataset."""
    given = text(fields, "capacities", "Antal kapaciteter")
    if not given:
        raise PraksisplanError("Feltet 'Antal kapaciteter' skal udfyldes")
    capacities = whole(given, "Antal kapaciteter", -NO_MOST, NO_MOST)
    if capacities > MAX_CAPACITIES:
        raise PraksisplanError(
            f"Siden fordeler højst {MAX_CAPACITIES} kapaciteter ad gangen; "
            "brug kommandoen praksisplan allocate til flere"
        )
    if capacities < 0:
        raise PraksisplanError(
            f"Antallet af kapaciteter skal være mindst 0, ikke {format_number_da(capacities)}"
        )
    names = [o.value for o in Objective]
    chosen = texts(fields, "objective", "Mål")
    for value in chosen:
        if value not in names:
            raise PraksisplanError(
                f"Feltet 'Mål': ukendt mål '{value}' (tilladt: {', '.join(names)})"
            )
    objectives = tuple(dict.fromkeys(Objective(v) for v in chosen)) or DEFAULT_ORDER
    sites = site_choices(fields, MAX_CAPACITIES)
    sites.options()  # an unknown form or impossible size is refused before anything is read
    region = _names(dataset)
    return AllocationForm(
        capacities=capacities,
        objectives=objectives,
        weights=_weights(fields, objectives),
        sites=sites,
        area_limits=_limits(fields, "area", region["area"]),
        municipality_limits=_limits(fields, "municipality", region["municipality"]),
        move_vacant=boolean(fields, "move_vacant", "Flyt regionens ledige kapaciteter", False),
        radius_km=decimal(fields, "radius_km", "Radius for frit valg (km)", *RADIUS_KM),
        detour_factor=decimal(fields, "detour_factor", "Omvejsfaktor", *DETOUR) or 1.0,
        travel_links=boolean(fields, "travel_links", "Afstande over færger og broer", False),
        frontier=boolean(fields, "frontier", "Grænsekurve", True),
        upload=_upload(fields, dataset),
    )
