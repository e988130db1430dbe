"""The facts-and-figures numbers of one snapshot, as frames: the engine's, summed the same way.

Every per-municipality number comes from :func:`~praksisplan.engine.indicators.basic_indicators`
(ratios of sums, never means of ratios); the rest are counts of the dataset's rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from praksisplan.core.dataset import Dataset
from praksisplan.core.manifest import parse_age_band
from praksisplan.core.schema import OrgForm
from praksisplan.engine.indicators import basic_indicators
from praksisplan.engine.population import persons_by_band_and_cell

#: GP age groups of the age tables (first age, label).
GP_AGE_GROUPS: tuple[tuple[int, str], ...] = (
    (0, "under 45"),
    (45, "45–54"),
    (55, "55–59"),
    (60, "60–64"),
    (65, "65 og derover"),
)
#: Organisation forms in the order of the tables, with their Danish names.
ORG_FORM_DA: dict[str, str] = {
    OrgForm.SOLO: "Solopraksis",
    OrgForm.PARTNERSHIP: "Kompagniskab",
    OrgForm.SHARED: "Delepraksis",
    OrgForm.LICENCE: "Licensklinik",
    OrgForm.SATELLITE: "Satellitpraksis",
    OrgForm.CONTRACT: "Udbudsklinik",
    OrgForm.REGION: "Regionsklinik",
    OrgForm.NEAR: "Nærklinik",
}


def municipality_figures(dataset: Dataset) -> pd.DataFrame:
    """The engine's municipality indicators, in municipality-code order."""
    return basic_indicators(dataset, "municipality").sort_index()


def municipality_names(dataset: Dataset) -> pd.Series:
    """Municipality names by code, in code order (the row order of the report's tables)."""
    names: pd.Series = dataset.municipalities.set_index("code")["name"].astype(str)
    return names.sort_index()


def gp_ages(dataset: Dataset) -> pd.Series:
    """Each GP's age at the reference date (``year − birth_year``), by gp_id."""
    ages = dataset.reference_year - dataset.gps["birth_year"].astype(int)
    return pd.Series(ages.to_numpy(), index=dataset.gps["gp_id"].astype(str))


def gp_age_group_counts(dataset: Dataset) -> list[int]:
    ages = gp_ages(dataset).to_numpy()
    bounds = [low for low, _ in GP_AGE_GROUPS[1:]]
    return [
        int(((ages >= low) & (ages < high)).sum())
        for low, high in zip([0, *bounds], [*bounds, 1000], strict=True)
    ]


def share_gps_under(dataset: Dataset, age: int) -> float:
    ages = gp_ages(dataset)
    return float((ages < age).mean()) if len(ages) else float("nan")


def org_form_counts(dataset: Dataset) -> tuple[dict[str, int], dict[str, int]]:
    """Practices and GPs per organisation form."""
    forms = dataset.practices.set_index("provider_number")["org_form"].astype(str)
    practices = forms.value_counts()
    gps = dataset.gps["provider_number"].map(forms).value_counts()
    return (
        {form: int(practices.get(form, 0)) for form in ORG_FORM_DA},
        {form: int(gps.get(form, 0)) for form in ORG_FORM_DA},
    )


def pension_dependency_ratio(dataset: Dataset) -> pd.Series:
    """(persons 0–14 + persons ≥ 70) / persons 15–69, per municipality (pension-age variant).

    Bands are counted by their first age (the variant is defined on five-year bands)."""
    bands = dataset.manifest.rules.age_bands
    first_age = np.array([parse_age_band(band)[0] for band in bands])
    dependent_band = (first_age < 15) | (first_age >= 70)
    persons = persons_by_band_and_cell(dataset)
    by_cell = pd.DataFrame(
        {
            "dependent": persons[dependent_band].sum(axis=0),
            "working": persons[~dependent_band].sum(axis=0),
            "code": dataset.cells["municipality_code"].astype(str).to_numpy(),
        }
    )
    by_code = by_cell.groupby("code")[["dependent", "working"]].sum()
    return (by_code["dependent"] / by_code["working"]).sort_index()


def gp_age_by_municipality(dataset: Dataset) -> pd.DataFrame:
    """Mean GP age and shares aged 60+ and 65+ per municipality."""
    municipality = dataset.practices.set_index("provider_number")["municipality_code"]
    frame = pd.DataFrame(
        {
            "code": dataset.gps["provider_number"].map(municipality).to_numpy(),
            "age": gp_ages(dataset).to_numpy(),
        }
    )
    grouped = frame.groupby("code")["age"]
    return pd.DataFrame(
        {
            "mean_age": grouped.mean(),
            "share_60plus": grouped.apply(lambda a: float((a >= 60).mean())),
            "share_65plus": grouped.apply(lambda a: float((a >= 65).mean())),
        }
    ).sort_index()
