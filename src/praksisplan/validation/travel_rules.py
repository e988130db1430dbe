"""Rules of the travel model's tables: a ferry's crossing must have a cost, a care home's
fixed GP must be named exactly when it has one.

Like :mod:`praksisplan.validation.rules`, each function takes parsed tables and skips what
it cannot check; missing values of required columns are not re-reported.
"""

from __future__ import annotations

from praksisplan.core.schema import CareHomeRow, FerryLinkRow
from praksisplan.validation.issues import IssueCollector
from praksisplan.validation.rules import RawTables, Tables


def check_travel_tables(tables: Tables, raw: RawTables, issues: IssueCollector) -> None:
    ferries = tables.get(FerryLinkRow.table)
    if ferries is not None:
        issues.add_rows(
            raw[FerryLinkRow.table],
            (ferries["crossing_minutes"].isna() & ferries["km_equivalent"].isna()).to_numpy(),
            "crossing_minutes",
            "ferry-cost",
            lambda _: (
                "en færge skal have en overfartstid (crossing_minutes) eller en "
                "km-ækvivalent (km_equivalent); ellers kan rejsetiden ikke beregnes"
            ),
        )
    homes = tables.get(CareHomeRow.table)
    if homes is not None:
        fixed = homes["fixed_gp"].astype(str).str.lower().eq("true").to_numpy()
        named = homes["provider_number"].notna().to_numpy()
        issues.add_rows(
            raw[CareHomeRow.table],
            fixed != named,
            "provider_number",
            "care-home-gp",
            lambda i: (
                "et plejehjem med fast læge skal angive lægens praksis (provider_number)"
                if fixed[i]
                else "en praksis er angivet, men fixed_gp er false"
            ),
        )
