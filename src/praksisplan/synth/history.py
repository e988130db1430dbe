"""A history for the demo region: half-yearly snapshots from 1 January 2021 to today.

The newest snapshot is the demo region itself (:func:`build_demo_dataset`, today's
calibration: 373 capacities, 331 filled, 42 vacant). The earlier ones are derived from it
backwards in time, half a year per step, deterministically (seeded):

* **closures**: solo practices whose GP (then 66–70 years old) retired between two snapshots
  existed before; their patients were then listed with them rather than with the other
  practices of their area, so the remote areas had more open lists;
* **mergers**: partnerships of two GPs were two solo practices before they merged (Sjælland's
  solo practices fell from 145 to 96 and its partnerships rose from 98 to 108 over five years;
  the demo follows the same proportions);
* **region-run clinics** appear: before a region, contract or near clinic opened, its
  capacities were an ordinary practice of GPs aged 60+ that found no successor;
* **the population ages**: there were fewer citizens aged 65+ the further back.

GPs keep their pseudonymous ids and birth years from snapshot to snapshot, so each is a year
older a year later; the services table holds each snapshot's complete calendar years.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from praksisplan.core.dataset import Dataset
from praksisplan.core.manifest import parse_age_band
from praksisplan.core.schema import REGION_RUN_FORMS, GpRole, OrgForm, PracticeStatus
from praksisplan.synth.demo import DEMO_SEED, build_demo_dataset
from praksisplan.synth.services import synthesize_services

#: Reference dates of the demo history, oldest first (11 half-yearly snapshots).
HISTORY_DATES: tuple[dt.date, ...] = tuple(
    dt.date(2021 + k // 2, 1 + 6 * (k % 2), 1) for k in range(11)
)
#: First calendar year of the services table.
FIRST_SERVICE_YEAR = 2020
#: Per half-year step back: solo practices that closed, and partnerships that were two solos.
CLOSURES_PER_STEP = 3
MERGERS_PER_STEP = 1
#: Share of citizens aged 65+ added per half-year (so fewer of them the further back).
OLD_AGE_GROWTH_PER_STEP = 0.012


def build_demo_newest(seed: int = DEMO_SEED) -> Dataset:
    """The newest snapshot of the history: the demo region with its services table."""
    newest = build_demo_dataset(seed)
    years = list(range(FIRST_SERVICE_YEAR, newest.reference_year))
    return newest.with_tables(services=synthesize_services(newest, years, seed))


def build_demo_history(seed: int = DEMO_SEED) -> list[Dataset]:
    """The demo region at every date of :data:`HISTORY_DATES`, oldest first."""
    newest = build_demo_newest(seed)
    services = newest.services
    rng = np.random.default_rng(seed + 1)
    history = [newest]
    for step, date in enumerate(reversed(HISTORY_DATES[:-1]), start=1):
        history.append(_step_back(history[-1], date, step, rng))
    return [
        dataset.with_tables(services=services[services["year"] < dataset.reference_year])
        for dataset in reversed(history)
    ]


def _step_back(later: Dataset, date: dt.date, step: int, rng: np.random.Generator) -> Dataset:
    practices, gps = later.practices.copy(), later.gps.copy()
    practices, gps = _unmerge(practices, gps, step, rng)
    practices, gps = _before_region_clinic(practices, gps, date, step)
    practices, gps = _before_closures(practices, gps, date, step, rng)
    survey = later.coverage_survey[
        later.coverage_survey["provider_number"].isin(practices["provider_number"])
    ]
    manifest = later.manifest.model_copy(update={"reference_date": date})
    return Dataset(
        manifest=manifest,
        municipalities=later.municipalities,
        coverage_areas=later.coverage_areas,
        cells=later.cells,
        population=_younger_population(later.population, rng),
        practices=practices.reset_index(drop=True),
        gps=gps.reset_index(drop=True),
        region_vacancies=later.region_vacancies,
        coverage_survey=survey.reset_index(drop=True),
        temporary_beds=later.temporary_beds,
        demand_weights=later.demand_weights,
        ferry_links=later.ferry_links,
        fixed_links=later.fixed_links,
        care_homes=later.care_homes[
            later.care_homes["provider_number"].isna()
            | later.care_homes["provider_number"].isin(practices["provider_number"])
        ].reset_index(drop=True),
    )


def _new_practice(host: pd.Series, number: str, **values: object) -> dict[str, object]:
    """A practice at (20 m from) ``host``'s address, in its area, with its status and
    ``open_postcodes`` unless ``values`` give others: a solo practice split from a
    selective partnership was selective for the same postcodes (the dataset rule
    ``selective-needs-postcodes``), a practice given another status is open to all or none."""
    row: dict[str, object] = {str(k): v for k, v in host.to_dict().items()}
    row.update(provider_number=number, x=float(host["x"]) + 20.0)
    row.update(values)
    if row["status"] != PracticeStatus.SELECTIVE.value:
        row["open_postcodes"] = None
    return row


def _unmerge(
    practices: pd.DataFrame, gps: pd.DataFrame, step: int, rng: np.random.Generator
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Partnerships of two owners split back into the two solo practices they merged from."""
    owners = gps[gps["role"] == GpRole.OWNER.value].groupby("provider_number").size()
    pairs = practices[
        (practices["org_form"] == OrgForm.PARTNERSHIP.value)
        & (practices["capacities"] == 2)
        & (practices["vacant_capacities"] == 0)
        & practices["provider_number"].map(owners).eq(2)
    ]
    chosen = pairs.iloc[rng.permutation(len(pairs))[:MERGERS_PER_STEP]]
    for index, host in chosen.iterrows():
        number = f"DM{step:02d}{index:03d}"
        half = int(host["listed_patients"]) // 2
        solo = {"org_form": OrgForm.SOLO.value, "capacities": 1.0}
        practices.loc[index, "org_form"] = OrgForm.SOLO.value
        practices.loc[index, "capacities"] = 1.0
        practices.loc[index, "listed_patients"] = int(host["listed_patients"]) - half
        practices = pd.concat(
            [practices, pd.DataFrame([_new_practice(host, number, listed_patients=half, **solo)])],
            ignore_index=True,
        )
        second = gps.index[gps["provider_number"] == host["provider_number"]][1]
        gps.loc[second, "provider_number"] = number
    return practices, gps


def _before_region_clinic(
    practices: pd.DataFrame, gps: pd.DataFrame, date: dt.date, step: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The newest region-run clinic was, before it opened, a practice of GPs aged 60+."""
    run = practices[practices["org_form"].isin([form.value for form in REGION_RUN_FORMS])]
    if run.empty:
        return practices, gps
    index = run.index[-1]
    clinic = practices.loc[index]
    capacities = int(clinic["capacities"] - clinic["vacant_capacities"])
    number = f"DR{step:02d}{index:03d}"
    form = OrgForm.SOLO if capacities == 1 else OrgForm.PARTNERSHIP
    practices.loc[index, ["provider_number", "org_form", "status", "name"]] = [
        number,
        form.value,
        PracticeStatus.CLOSED.value,
        f"Lægerne i {clinic['name'].split(' i ', 1)[-1]}",
    ]
    gps = gps[gps["provider_number"] != clinic["provider_number"]]
    predecessors = pd.DataFrame(
        {
            "gp_id": [f"DLR{step:02d}{index:03d}{k}" for k in range(capacities)],
            "provider_number": number,
            "birth_year": [date.year - 64 - k % 5 for k in range(capacities)],
            "role": GpRole.OWNER.value,
            "fte": 1.0,
        }
    )
    return practices, pd.concat([gps, predecessors], ignore_index=True)


def _before_closures(
    practices: pd.DataFrame,
    gps: pd.DataFrame,
    date: dt.date,
    step: int,
    rng: np.random.Generator,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Solo practices that closed since: an old GP with an open list in a remote area."""
    area_size = practices.groupby("area_id")["capacities"].transform("sum")
    hosts = practices[area_size <= area_size.quantile(0.4)]
    chosen = hosts.iloc[rng.permutation(len(hosts))[:CLOSURES_PER_STEP]]
    rows, doctors = [], []
    for k, (index, host) in enumerate(chosen.iterrows()):
        number = f"DC{step:02d}{k}{index:03d}"
        listed = int(rng.integers(1_350, 1_600))
        # the GP's patients moved to the area's other practices when the practice closed
        in_area = practices["area_id"] == host["area_id"]
        share = listed / max(int(practices.loc[in_area, "listed_patients"].sum()), 1)
        practices.loc[in_area, "listed_patients"] = (
            (practices.loc[in_area, "listed_patients"] * (1 - min(share, 0.5))).round().astype(int)
        )
        rows.append(
            _new_practice(
                host,
                number,
                name=f"Lægen i {str(host['name']).split(' i ', 1)[-1]}",
                org_form=OrgForm.SOLO.value,
                capacities=1.0,
                vacant_capacities=0.0,
                listed_patients=listed,
                status=PracticeStatus.OPEN.value,
                norm_override=pd.NA,
            )
        )
        doctors.append(
            {
                "gp_id": f"DLC{step:02d}{k}{index:03d}",
                "provider_number": number,
                "birth_year": date.year - 66 - int(rng.integers(0, 5)),
                "role": GpRole.OWNER.value,
                "fte": 1.0,
            }
        )
    return (
        pd.concat([practices, pd.DataFrame(rows)], ignore_index=True),
        pd.concat([gps, pd.DataFrame(doctors)], ignore_index=True),
    )


def _younger_population(population: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Half a year earlier: fewer citizens aged 65+ (each one there with a fixed chance)."""
    old = population["age_band"].map(lambda band: parse_age_band(str(band))[0] >= 65).to_numpy()
    persons = population["persons"].to_numpy(dtype=np.int64)
    gone = rng.binomial(persons, OLD_AGE_GROWTH_PER_STEP / (1 + OLD_AGE_GROWTH_PER_STEP))
    return population.assign(persons=np.where(old, persons - gone, persons))
