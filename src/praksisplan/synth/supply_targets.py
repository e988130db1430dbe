"""The calibration targets of the synthetic GP supply (:mod:`praksisplan.synth.supply`).

The demo region and the Danish import each state theirs: the totals the generator meets
exactly, the shares it meets as closely as whole GPs allow, and the shape of the shortage.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SupplyTargets:
    """Calibration targets of the synthetic supply (totals are met exactly)."""

    filled_capacities: int
    vacant_capacities: int  # in practices plus region-held
    region_held_vacant: int  # of vacant_capacities, held by the region outside practices
    patients_per_filled_capacity: float
    share_gps_closed: float
    share_gps_selective: float
    share_gps_60plus: float
    #: chance that a new ordinary practice is a single-capacity one, in the least remote
    #: area (rising by 0.4 to the most remote, at most 0.9): fewer, larger practices when low
    single_practice_base: float = 0.3
    #: share of filled capacities in region-run clinics in the most remote municipalities
    region_run_share_remote: float = 0.29
    #: fraction of municipalities (most remote first) that get region-run clinics
    remote_municipality_fraction: float = 0.25
    #: areas with at least this many inhabitants get at least one practice
    min_population_for_practice: int = 400
    #: the most remote areas holding this share of the citizens are shortage areas: no
    #: practice is kept open there, and the region holds its vacant capacities there
    shortage_population_share: float = 0.075
    #: capacities per citizen are this fraction lower in the shortage areas ...
    shortage_supply_cut: float = 0.3
    #: ... and fall by this fraction from the least to the most remote area
    supply_gradient: float = 0.1
    #: practices per area (outside shortage areas) kept open to the area's citizens
    kept_open_per_area: int = 2
    #: ... and at least this share of the area's GPs
    kept_open_share: float = 0.21
    #: relative weight of GPs aged 60+ by remoteness, (remoteness, weight) points with
    #: linear interpolation: established city practices, young GPs in the towns around the
    #: city, and in the remotest areas GPs who find no successor
    old_gp_weight_by_remoteness: tuple[tuple[float, float], ...] = (
        (0.0, 1.3),
        (0.25, 1.3),
        (0.4, 1.0),
        (0.7, 1.0),
        (0.8, 4.0),
        (1.0, 12.0),
    )
    #: practices answering the coverage survey (lægedækningshøring) with extra patients
    survey_practices: int = 6
    #: each answer offers 100, 200, … up to this many hundred extra patients per capacity
    survey_max_extra_hundreds: int = 5
    provider_prefix: str = "Y"
    gp_prefix: str = "L"
