"""The ``allocate`` command: where new or vacant capacity goes (docs/allocation.md); the
``vacancy`` command is :mod:`praksisplan.cli.vacancy_commands`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from praksisplan.cli.allocation_output import write_proposal
from praksisplan.cli.options import conflicting_options, given, option_needs
from praksisplan.cli.scenario_save import (
    SaveByOption,
    SaveScenarioOption,
    save_proposal,
    scenario_snapshot,
)
from praksisplan.cli.sources import DbOption, open_dataset, refuse_unused_db, snapshot_id_of
from praksisplan.cli.spinner import solver_spinner
from praksisplan.core.errors import PraksisplanError
from praksisplan.store import DEFAULT_DB_URL
from praksisplan.table_format import TableFormat

if TYPE_CHECKING:
    import pandas as pd

    from praksisplan.core.dataset import Dataset
    from praksisplan.optimise.objectives import Objective
    from praksisplan.optimise.premises import FormerPractice


def _limits(texts: list[str], what: str) -> dict[str, tuple[int, int]]:
    """``ID=MIN:MAX`` options as bounds."""
    bounds: dict[str, tuple[int, int]] = {}
    for text in texts:
        key, _, span = text.partition("=")
        low, _, high = span.partition(":")
        if not key or not low.strip().isdigit() or not high.strip().isdigit():
            raise PraksisplanError(f"{what} '{text}' skal skrives ID=MIN:MAX, fx A01=0:2")
        bounds[key] = (int(low), int(high))
    return bounds


def _weights(texts: list[str]) -> dict[Objective, float] | None:
    from praksisplan.optimise.objectives import Objective

    if not texts:
        return None
    weights: dict[Objective, float] = {}
    for text in texts:
        key, _, value = text.partition("=")
        try:
            weights[Objective(key)] = float(value)
        except ValueError:
            names = ", ".join(o.value for o in Objective)
            raise PraksisplanError(
                f"--weight '{text}' skal skrives MÅL=VÆGT med et af målene {names}"
            ) from None
    return weights


def _read_candidates(path: Path | None, dataset: Dataset) -> pd.DataFrame | None:
    """The ``--candidates`` file's sites, read as the web page reads an uploaded one."""
    from praksisplan.dataset_io.candidate_file import candidate_file_sites

    if path is None:
        return None
    if not path.is_file():
        raise PraksisplanError(f"Kandidatfilen {path} findes ikke")
    return candidate_file_sites(dataset, path.read_bytes(), path.name)


def _former_practices(source: str, db: str, dataset: Dataset) -> tuple[FormerPractice, ...]:
    """The former practices of the region's snapshots before SOURCE's, for the premises
    candidates (docs/allocation.md); none for a dataset path, which has no history."""
    snapshot_id = snapshot_id_of(source)
    if snapshot_id is None:
        return ()
    from praksisplan.store import Store
    from praksisplan.store.premises_history import stored_premises

    with Store(db, create=False) as store:
        return stored_premises(store, snapshot_id, dataset)


def _check_ignored_options(
    context: typer.Context,
    objective: list[Objective] | None,
    weight: list[str] | None,
    *,
    existing: bool,
    towns: bool,
    premises: bool,
) -> None:
    """Refuse options the solve would ignore: a weight outside the objectives, growth limits
    without existing practices, clinic sizes and forms without generated sites (towns, or
    premises of a snapshot's history)."""
    from praksisplan.optimise.objectives import DEFAULT_ORDER

    order = tuple(objective) if objective else DEFAULT_ORDER
    unused = sorted(set(_weights(weight or []) or {}) - set(order))
    if unused:
        raise option_needs(
            f"--weight {unused[0].value}=…",
            f"--objective {unused[0].value}",
            f"den vægtede sum tæller kun målene {', '.join(o.value for o in order)}",
        )
    for option, name in (("--max-growth", "max_growth"), ("--no-solo-growth", "solo_growth")):
        if not existing and given(context, name):
            raise conflicting_options(
                option, "--no-existing", "uden eksisterende praksis vokser ingen"
            )
    for option, name in (
        ("--new-min", "new_min"),
        ("--new-max", "new_max"),
        ("--new-form", "new_form"),
    ):
        if not towns and not premises and given(context, name):
            raise conflicting_options(
                option, "--no-towns", "størrelsen og formen gælder kun de genererede nye "
                "klinikker (byer og tidligere klinikkers lokaler); --candidates har sine egne "
                "min_capacities, max_capacities og org_forms"
            )  # fmt: skip


def _objective_name(text: str) -> str:
    """An ``--objective`` value, checked against the objectives (imported when given)."""
    from praksisplan.optimise.objectives import Objective

    names = [o.value for o in Objective]
    if text not in names:
        raise typer.BadParameter(f"'{text}' er ikke et mål; vælg et af {', '.join(names)}")
    return text


def _org_form_name(text: str) -> str:
    """A ``--new-form`` value, checked against the organisation forms."""
    from praksisplan.core.schema import OrgForm

    names = [f.value for f in OrgForm]
    if text not in names:
        raise typer.BadParameter(
            f"'{text}' er ikke en organisationsform; vælg en af {', '.join(names)}"
        )
    return text


def allocate_command(
    context: typer.Context,
    source: Annotated[str, typer.Argument(help="Dataset directory, .zip, or snapshot:<id>.")],
    capacities: Annotated[int, typer.Option("--capacities", help="Capacities to place (N).")],
    objective: Annotated[
        list[str] | None,
        typer.Option(
            "--objective",
            parser=_objective_name,
            metavar="OBJECTIVE",
            help="Objective; repeat for a lexicographic order.",
        ),
    ] = None,
    weight: Annotated[
        list[str] | None,
        typer.Option("--weight", help="OBJECTIVE=WEIGHT; weighted sum instead of lexicographic."),
    ] = None,
    candidates: Annotated[
        Path | None,
        typer.Option(
            "--candidates",
            help="CSV of new sites: site_id,x,y (EPSG:25832),org_forms (allowed forms, "
            "space-separated, preferred first),min_capacities,max_capacities[,name].",
        ),
    ] = None,
    towns: Annotated[
        bool, typer.Option("--towns/--no-towns", help="Offer generated town sites.")
    ] = True,
    premises: Annotated[
        bool,
        typer.Option(
            "--premises/--no-premises",
            help="Offer existing clinic premises: the addresses of the region's former "
            "practices in a snapshot's history.",
        ),
    ] = True,
    existing: Annotated[
        bool, typer.Option("--existing/--no-existing", help="Let existing practices grow.")
    ] = True,
    max_growth: Annotated[
        int, typer.Option("--max-growth", min=0, help="Capacities an existing practice may gain.")
    ] = 3,
    new_min: Annotated[
        int, typer.Option("--new-min", min=1, help="Least capacities of a new clinic (k).")
    ] = 2,
    new_max: Annotated[int, typer.Option("--new-max", min=1, help="Most of a new clinic.")] = 4,
    new_form: Annotated[
        list[str] | None,
        typer.Option(
            "--new-form",
            parser=_org_form_name,
            metavar="ORG_FORM",
            help="Organisation form a generated new clinic may take; repeat, preferred first "
            "(default partnership).",
        ),
    ] = None,
    solo_growth: Annotated[
        bool,
        typer.Option(
            "--solo-growth/--no-solo-growth",
            help="Let a solo or shared practice that grows become a partnership.",
        ),
    ] = True,
    area_limit: Annotated[
        list[str] | None, typer.Option("--area-limit", help="AREA=MIN:MAX capacities placed.")
    ] = None,
    municipality_limit: Annotated[
        list[str] | None,
        typer.Option("--municipality-limit", help="CODE=MIN:MAX capacities placed."),
    ] = None,
    move_vacant: Annotated[
        bool,
        typer.Option("--move-vacant", help="Pool the region-held vacant capacities too."),
    ] = False,
    radius_km: Annotated[
        float | None, typer.Option("--radius-km", min=0.1, help="Free-choice radius (km).")
    ] = None,
    detour_factor: Annotated[float, typer.Option("--detour-factor", min=1.0)] = 1.0,
    travel_links: Annotated[
        bool,
        typer.Option(
            "--travel-links",
            help="Distances over the dataset's ferry_links and fixed_links (travel model, "
            "docs/travel.md) instead of straight lines.",
        ),
    ] = False,
    time_limit: Annotated[
        float | None, typer.Option("--time-limit", min=0.0, help="Seconds per solve.")
    ] = None,
    frontier: Annotated[
        bool, typer.Option("--frontier/--no-frontier", help="Solve N = 1 … N too.")
    ] = True,
    fmt: Annotated[TableFormat, typer.Option("--format", help="table, json or xlsx.")] = (
        TableFormat.TABLE
    ),
    out: Annotated[Path | None, typer.Option("--out", help="Write to FILE.")] = None,
    save_scenario: SaveScenarioOption = None,
    by: SaveByOption = None,
    db: DbOption = DEFAULT_DB_URL,
) -> None:
    """Propose where N capacities go, proven optimal (or with its proven gap)."""
    from praksisplan.core.schema import OrgForm
    from praksisplan.optimise.allocation import AllocationRequest, allocate
    from praksisplan.optimise.candidates import CandidateOptions
    from praksisplan.optimise.explain import proposal_edits
    from praksisplan.optimise.model import Limits
    from praksisplan.optimise.objectives import DEFAULT_ORDER, Objective

    if fmt in (TableFormat.CSV, TableFormat.CSV_CODES):
        raise PraksisplanError(
            f"--format {fmt.value}: allocate skriver table, json eller xlsx, ikke {fmt.value} "
            "(et forslag er flere tabeller)"
        )
    if fmt is TableFormat.TABLE and out is not None:
        raise conflicting_options("--out", "--format table", "skriv til en fil med json eller xlsx")
    if by is not None and save_scenario is None:
        raise option_needs("--by", "--save-scenario", "--by navngiver forfatteren af scenariet")
    if save_scenario is not None:
        scenario_snapshot(source)
    objectives = [Objective(o) for o in objective] if objective else None
    if not premises and snapshot_id_of(source) is None:
        raise option_needs(
            "--no-premises",
            "en kilde i databasen (snapshot:<id>)",
            f"{source} har ingen historik og derfor ingen tidligere klinikkers lokaler",
        )
    _check_ignored_options(
        context,
        objectives,
        weight,
        existing=existing,
        towns=towns,
        premises=premises and snapshot_id_of(source) is not None,
    )
    refuse_unused_db(context, source)
    with solver_spinner() as progress:
        dataset = open_dataset(source, db)
        request = AllocationRequest(
            capacities=capacities,
            objectives=tuple(objectives) if objectives else DEFAULT_ORDER,
            weights=_weights(weight or []),
            limits=Limits(
                _limits(area_limit or [], "--area-limit"),
                _limits(municipality_limit or [], "--municipality-limit"),
            ),
            candidates=CandidateOptions(
                existing=existing,
                towns=towns,
                premises=premises,
                max_growth=max_growth,
                new_min=new_min,
                new_max=new_max,
                new_forms=tuple(OrgForm(f) for f in new_form)
                if new_form
                else (OrgForm.PARTNERSHIP,),
                solo_growth=solo_growth,
            ),
            user_sites=_read_candidates(candidates, dataset),
            radius_km=radius_km,
            detour_factor=detour_factor,
            travel_links=travel_links,
            time_limit=time_limit,
            move_vacant=move_vacant,
            former=_former_practices(source, db, dataset) if premises else (),
            frontier=frontier,
        )
        proposal = allocate(dataset, request, progress)
    if save_scenario is not None:
        edits = proposal_edits(dataset, proposal)
        save_proposal(source, save_scenario, by or "praksisplan allocate", edits, dataset, db)
    write_proposal(dataset, proposal, fmt, out)


def register(app: typer.Typer) -> None:
    """Add this group's commands to the CLI."""
    app.command("allocate")(allocate_command)
