"""The app's Danish words: one place for the terms, labels and definitions every presenter
(web pages, CLI, exports) uses, so a figure is called the same everywhere.

Pure data and a few lookups; no formatting (that is :mod:`praksisplan.core.danish_numbers`
and :mod:`praksisplan.core.danish_dates`). The terms' definitions (the *Begreber* page) are
:mod:`praksisplan.core.glossary`.
"""

from __future__ import annotations

#: Threat classes by their code, as one word (``rød``) and as the committee's label.
CLASS_WORDS: dict[str, str] = {"red": "rød", "yellow": "gul", "green": "grøn"}
CLASS_LABELS: dict[str, str] = {
    "red": "Rød – lægedækningstruet",
    "yellow": "Gul – i risiko",
    "green": "Grøn – ikke truet",
}
#: How the early warning treats need (the rule set's ``early_warning.need``).
EARLY_WARNING_NEED: dict[str, str] = {
    "fixed": "Tidlig varsling: forventede pensioneringer med behovet holdt fast på "
    "referencedatoens befolkning.",
    "forecast": "Tidlig varsling: forventede pensioneringer og behovet fremskrevet med "
    "befolkningsprognosen.",
}
#: What the two kinds of class are called.
STATUS_TERM = "Udvalgets beslutning"
MODEL_CLASS_TERM = "Modellens klasse"
SNAPSHOT_TERM = "Øjebliksbillede"

_CLASS_SPELLINGS: dict[str, str] = {
    **{code: code for code in CLASS_WORDS},
    **{word: code for code, word in CLASS_WORDS.items()},
    "roed": "red",
    "groen": "green",
}


def parse_class(text: str) -> str | None:
    """A threat class code from Danish or English (``rød``, ``Gul``, ``green``); None if
    the text names no class."""
    return _CLASS_SPELLINGS.get(text.strip().casefold())


#: Danish names of the access roles (``municipality:<code>`` is :func:`role_label`'s).
ROLE_LABELS: dict[str, str] = {
    "admin": "Administrator",
    "planner": "Planlægger (sekretariatet)",
    "committee": "Praksisplanudvalget",
    "plo": "PLO",
    "viewer": "Gæst (offentlige tal)",
}


def role_label(role: str, municipality_names: dict[str, str] | None = None) -> str:
    """A role in Danish: ``municipality:849`` is "Kommune 849 Jammerbugt" given the name."""
    kind, _, code = role.partition(":")
    if kind == "municipality":
        name = (municipality_names or {}).get(code)
        return f"Kommune {code} {name}" if name else f"Kommune {code}"
    return ROLE_LABELS.get(role, role)


#: Danish names of practice statuses and organisation forms (keys are the schema's values).
STATUS_LABELS: dict[str, str] = {
    "open": "Åben",
    "closed": "Lukket",
    "selective": "Selektivt lukket",
}
ORG_FORM_LABELS: dict[str, str] = {
    "solo": "Enkeltmandspraksis",
    "partnership": "Kompagniskabspraksis",
    "shared": "Delepraksis",
    "contract": "Udbudsklinik",
    "region": "Regionsklinik",
    "near": "Nærklinik",
    "licence": "Licensklinik",
    "satellite": "Satellitpraksis",
}

#: Danish words of the travel model: link kinds (``travel.links.LinkKind``), bed-site kinds,
#: and the home-visit and site figures of the assignment model (docs/travel.md).
LINK_KIND_LABELS: dict[str, str] = {
    "ferry": "færge",
    "bridge": "bro",
    "tunnel": "tunnel",
    "causeway": "dæmning",
}
SITE_KIND_LABELS: dict[str, str] = {
    "temporary": "Midlertidig plads eller akutplads",
    "care_home": "Plejehjem",
}
TRAVEL_LABELS: dict[str, str] = {
    "patients": "Patienter (modellens placering)",
    "share_within_5_km": "Andel patienter inden for 5 km af egen læge",
    "share_within_9_km": "Andel patienter inden for 9 km af egen læge",
    "share_within_15_km": "Andel patienter inden for 15 km af egen læge",
    "share_within_17_km": "Andel patienter inden for 17 km af egen læge",
    "share_beyond_17_km": "Andel patienter over 17 km fra egen læge",
    "patients_beyond_15_km": "Patienter over 15 km fra egen læge",
    "practices_within_15_km": "Praksisser inden for 15 km",
    "share_gp_beyond_15_km": "Andel sandsynlige patienter med egen læge over 15 km væk",
}

#: Danish labels of the area indicators, in the order pages list them.
INDICATOR_LABELS: dict[str, str] = {
    "population": "Indbyggere",
    "share_65plus": "Andel indbyggere 65 år og derover",
    "share_80plus": "Andel indbyggere 80 år og derover",
    "dependency_ratio": "Forsørgerbyrde",
    "need_weighted_persons": "Behovsvægtede indbyggere",
    "capacities": "Kapaciteter",
    "filled_capacities": "Besatte kapaciteter",
    "vacant_capacities": "Ledige kapaciteter",
    "region_held_vacant_capacities": "Ledige kapaciteter holdt af regionen",
    "gps": "Læger",
    "fte": "Årsværk (læger)",
    "practices": "Praksis",
    "listed_patients": "Tilmeldte patienter",
    "patients_per_filled_capacity": "Patienter pr. besat kapacitet",
    "norm": "Normtal",
    "supply_patients": "Udbud (patientpladser)",
    "supply_pct_of_need": "Udbud i % af behov",
    "share_gps_open": "Andel læger i åbne praksis",
    "share_gps_closed": "Andel læger i lukkede praksis",
    "share_gps_selective": "Andel læger i selektivt lukkede praksis",
    "share_practices_closed": "Andel lukkede praksis",
    "share_practices_selective": "Andel selektivt lukkede praksis",
    "share_gps_60plus": "Andel læger 60 år og derover",
    "share_gps_65plus": "Andel læger 65 år og derover",
    "share_gps_under_55": "Andel læger under 55 år",
    "share_listed_in_region_run_clinics": "Andel tilmeldt regionsdrevne klinikker",
    "persons_2plus_open": "Indbyggere med mindst 2 åbne praksis inden for radius",
    "persons_1_open": "Indbyggere med 1 åben praksis inden for radius",
    "persons_0_open": "Indbyggere uden åben praksis inden for radius",
    "share_persons_lt2_open": "Andel indbyggere med færre end 2 åbne praksis inden for radius",
    "persons_beyond_radius_any": "Indbyggere uden nogen praksis inden for radius",
    "dist_open_median_km": "Afstand til nærmeste åbne praksis, median",
    "dist_open_p90_km": "Afstand til nærmeste åbne praksis, 90 %-fraktil",
    "dist_open_max_km": "Afstand til nærmeste åbne praksis, største",
    "access_e2sfca_mean": "Tilgængelighed (E2SFCA), gennemsnit",
}

#: Danish labels of the further indicators of ``compute_indicators`` that the pages do not
#: list but scenario diffs and exports show (every indicator has a label in one of the two).
FURTHER_INDICATOR_LABELS: dict[str, str] = {
    "practices_solo": "Antal enkeltmandspraksis",
    "practices_partnership": "Antal kompagniskabspraksis",
    "practices_shared": "Antal delepraksis",
    "practices_contract": "Antal udbudsklinikker",
    "practices_region": "Antal regionsklinikker",
    "practices_near": "Antal nærklinikker",
    "practices_licence": "Antal licensklinikker",
    "practices_satellite": "Antal satellitpraksis",
    "share_practices_open": "Andel åbne praksis",
    "expected_services": "Forventede ydelser (behovsvægtet)",
    "dist_any_median_km": "Afstand til nærmeste praksis uanset status, median",
    "dist_any_p90_km": "Afstand til nærmeste praksis uanset status, 90 %-fraktil",
    "dist_any_max_km": "Afstand til nærmeste praksis uanset status, største",
    "access_e2sfca_gini": "Tilgængelighed (E2SFCA), Gini-koefficient",
    "access_e2sfca_palma": "Tilgængelighed (E2SFCA), Palma-forhold",
    "share_persons_below_half_mean_access": (
        "Andel indbyggere med under halvdelen af regionens gennemsnitlige tilgængelighed"
    ),
}
#: Danish names of the rule parameters of ``dataset.toml`` (scenario edits of ``rules``).
RULE_PARAMETER_LABELS: dict[str, str] = {
    "norm": "normtallet",
    "max_list": "det højeste antal tilmeldte pr. kapacitet",
    "free_choice_radius_km": "radius for frit valg",
    "age_bands": "aldersgrupperne",
}
SEX_LABELS: dict[str, str] = {"M": "mænd", "F": "kvinder"}


def indicator_label(indicator: str) -> str:
    """The Danish label of an indicator of ``compute_indicators`` (its code if it has none)."""
    return INDICATOR_LABELS.get(indicator) or FURTHER_INDICATOR_LABELS.get(indicator, indicator)


#: Danish column headers of the practice list (exports and tables).
PRACTICE_COLUMNS: dict[str, str] = {
    "provider_number": "Ydernummer",
    "name": "Navn",
    "area_id": "Område-id",
    "area_name": "Lægedækningsområde",
    "municipality_code": "Kommunekode",
    "municipality_name": "Kommune",
    "postcode": "Postnummer",
    "org_form": "Organisationsform",
    "status": "Status",
    "capacities": "Kapaciteter",
    "vacant_capacities": "Ledige kapaciteter",
    "filled_capacities": "Besatte kapaciteter",
    "listed_patients": "Tilmeldte patienter",
    "patients_per_filled_capacity": "Patienter pr. besat kapacitet",
    "gps": "Læger",
}


#: Danish headers of the other columns of the CLI's tables and files (assessment, decisions,
#: access, allocation); indicators and practice columns have theirs above.
RESULT_COLUMNS: dict[str, str] = {
    "id": "Id",
    "area_id": "Område-id",
    "name": "Navn",
    "label": "Betegnelse",
    "region_code": "Regionskode",
    "threat_class": MODEL_CLASS_TERM,
    "model_class": MODEL_CLASS_TERM,
    "decided_class": STATUS_TERM,
    "final_class": "Status",
    "explanation": "Modellens forklaring",
    "reason": "Begrundelse",
    "decided_by": "Besluttet af",
    "decided_at": "Tidspunkt (dansk tid)",
    "decision_rules": "Beslutningens regelsæt",
    "decision_scenario": "Scenarie",
    "rules_name": "Regelsæt",
    "scenario_name": "Scenarie",
    "years_until_red": "År til rød",
    "worst_area": "Dårligst stillede område",
    "cell_id": "Celle-id",
    "score": "Tilgængelighed (score)",
    "open_practices": "Åbne praksis inden for radius",
    "nearest_open_km": "Afstand til nærmeste åbne praksis (km)",
    "site_id": "Sted-id",
    "option": "Mulighed",
    "free_choice": "Frit valg",
    "shortage": "Mangel",
    "continuity": "Kontinuitet",
    "nearness": "Nærhed",
    "severity": "Alvor (rækkefølge på listen)",
    # the forecast's rows (praksisplan.forecast)
    "level": "Niveau",
    "year": "År",
    "persons_65plus": "Indbyggere 65 år og derover",
    "persons_80plus": "Indbyggere 80 år og derover",
    "services_consultations": "Konsultationer",
    "services_e_consultations": "E-konsultationer",
    "services_phone_consultations": "Telefonkonsultationer",
    "services_home_visits": "Sygebesøg",
    "filled_capacities_p10": "Besatte kapaciteter, 10 %-fraktil",
    "filled_capacities_p50": "Besatte kapaciteter, median",
    "filled_capacities_p90": "Besatte kapaciteter, 90 %-fraktil",
    "supply_p10": "Udbud (patientpladser), 10 %-fraktil",
    "supply_p50": "Udbud (patientpladser), median",
    "supply_p90": "Udbud (patientpladser), 90 %-fraktil",
    "supply_pct_of_need_p10": "Udbud i % af behov, 10 %-fraktil",
    "supply_pct_of_need_p50": "Udbud i % af behov, median",
    "supply_pct_of_need_p90": "Udbud i % af behov, 90 %-fraktil",
    "prob_red": "Sandsynlighed for rød",
    "prob_yellow": "Sandsynlighed for gul",
    # the forecast's threat list and pyramid (the year-dependent ones: FORECAST_YEAR_COLUMNS)
    "years_until_red_p10": "År til rød, 10 %-fraktil",
    "years_until_red_p50": "År til rød, median",
    "years_until_red_p90": "År til rød, 90 %-fraktil",
    "coming": "Kommende lægedækningstruet",
    "coming_year": "Ventes rød fra år",
    "age_band": "Aldersgruppe",
}
#: Headers of the forecast's columns at the reference year ``{now}``, at the horizon
#: ``{horizon}`` or within ``{n}`` years (``prob_red_within_<n>_years``).
FORECAST_YEAR_COLUMNS: dict[str, str] = {
    "supply_pct_of_need_now": "Udbud i % af behov {now}",
    "prob_red_now": "Sandsynlighed for rød {now}",
    "prob_yellow_now": "Sandsynlighed for gul {now}",
    "prob_red_horizon": "Sandsynlighed for rød {horizon}",
    "prob_yellow_horizon": "Sandsynlighed for gul {horizon}",
    "prob_red_within": "Sandsynlighed for rød inden for {n} år",
    "women_now": "Kvinder {now}",
    "men_now": "Mænd {now}",
    "women_horizon": "Kvinder {horizon}",
    "men_horizon": "Mænd {horizon}",
}
#: The units of a result by level (``level`` columns, written for people).
LEVEL_LABELS: dict[str, str] = {
    "region": "region",
    "municipality": "kommune",
    "area": "lægedækningsområde",
}
#: The forecast's population models.
FORECAST_MODEL_LABELS: dict[str, str] = {
    "official": "officiel befolkningsfremskrivning",
    "cohort": "kohortemodel",
}
#: Columns whose values are threat classes (written rød/gul/grøn for people).
CLASS_COLUMNS = frozenset({"threat_class", "model_class", "decided_class", "final_class"})


#: The gross list's per-criterion columns ``<rule id>_value`` etc.; rule ids stay as in
#: the rule file.
CRITERION_SUFFIXES: dict[str, str] = {
    "_value": "værdi",
    "_threshold": "grænse",
    "_fired": "opfyldt",
}


def column_header(code: str) -> str:
    """The Danish header of a result column (its code if it has none)."""
    known = PRACTICE_COLUMNS.get(code) or RESULT_COLUMNS.get(code)
    if known:
        return known
    for suffix, word in CRITERION_SUFFIXES.items():
        if code.endswith(suffix) and code.split("_", 1)[0] in CLASS_WORDS:
            return f"Kriterium {code.removesuffix(suffix)}: {word}"
    return indicator_label(code)
