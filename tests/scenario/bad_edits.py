"""A corpus of bad edits on the tiny fixture: each with the field and rule it must be refused by.

Every entry is (edit as JSON, field, rule); the edit is refused as the scenario's first edit.
"""

from __future__ import annotations

from typing import Any

#: (edit, field named in the refusal, rule named in the refusal)
BAD_EDITS: list[tuple[dict[str, Any], str | None, str]] = [
    (
        {"table": "practices", "key": "P999", "op": "update", "values": {"capacities": 2}},
        "key",
        "unknown-key",
    ),
    (
        {"table": "practices", "key": "P001", "op": "update", "values": {"vacant_capacities": 4}},
        "vacant_capacities",
        "vacant-exceeds-capacities",
    ),
    (
        {"table": "practices", "key": "P001", "op": "update", "values": {"status": "selective"}},
        "open_postcodes",
        "selective-needs-postcodes",
    ),
    (
        {
            "table": "practices",
            "key": "P001",
            "op": "update",
            "values": {"status": "selective", "open_postcodes": "94OO"},
        },
        "open_postcodes",
        "format",
    ),
    (
        {"table": "practices", "key": "P001", "op": "update", "values": {"open_postcodes": "9400"}},
        "open_postcodes",
        "postcodes-only-when-selective",
    ),
    (
        {"table": "practices", "key": "P001", "op": "update", "values": {"x": 0.0, "y": 0.0}},
        "x",
        "outside-region",
    ),
    (
        {"table": "practices", "key": "P001", "op": "update", "values": {"capacities": -1}},
        "capacities",
        "field",
    ),
    (
        {"table": "practices", "key": "P001", "op": "update", "values": {"org_form": "kiosk"}},
        "org_form",
        "field",
    ),
    (
        {"table": "practices", "key": "P001", "op": "update", "values": {"colour": "red"}},
        "colour",
        "unknown-column",
    ),
    (
        {
            "table": "practices",
            "key": "P001",
            "op": "update",
            "values": {"provider_number": "P777"},
        },
        "provider_number",
        "key-change",
    ),
    ({"table": "practices", "key": "P001", "op": "insert", "values": {}}, "key", "duplicate-key"),
    (
        {"table": "practices", "key": "P005", "op": "delete", "values": {"patients_to": "P999"}},
        "patients_to",
        "reference",
    ),
    (
        {"table": "practices", "key": "P001", "op": "delete", "values": {"status": "closed"}},
        "status",
        "delete-values",
    ),
    (
        {
            "table": "gps",
            "key": "G20",
            "op": "insert",
            "values": {"provider_number": "P999", "birth_year": 1970, "role": "owner", "fte": 1},
        },
        "provider_number",
        "reference",
    ),
    (
        {"table": "gps", "key": "G01", "op": "update", "values": {"birth_year": 1935}},
        "birth_year",
        "gp-age",
    ),
    ({"table": "gps", "key": "G01", "op": "update", "values": {"fte": 0}}, "fte", "field"),
    (
        {
            "table": "population",
            "key": ["C01", "0-4", "M"],
            "op": "update",
            "values": {"persons": -5},
        },
        "persons",
        "field",
    ),
    (
        {
            "table": "population",
            "key": ["C99", "0-4", "M"],
            "op": "insert",
            "values": {"persons": 5},
        },
        "cell_id",
        "reference",
    ),
    (
        {
            "table": "population",
            "key": ["C01", "0-3", "M"],
            "op": "insert",
            "values": {"persons": 5},
        },
        "age_band",
        "age-band",
    ),
    (
        {"table": "population", "key": "C01", "op": "update", "values": {"persons": 5}},
        "key",
        "key-shape",
    ),
    (
        {
            "table": "cells",
            "key": "N1",
            "op": "insert",
            "values": {"x": 1.0, "y": 1.0, "persons": 10},
        },
        "x",
        "outside-region",
    ),
    (
        {"table": "cells", "key": "C01", "op": "update", "values": {"add_persons": 2.5}},
        "add_persons",
        "persons",
    ),
    (
        {
            "table": "region_vacancies",
            "key": "A9",
            "op": "insert",
            "values": {"vacant_capacities": 1, "advertised_since": "2024-01-01"},
        },
        "area_id",
        "reference",
    ),
    ({"table": "rules", "key": "norm", "op": "update", "values": {"value": 9000}}, "norm", "rule"),
    (
        {"table": "rules", "key": "speed", "op": "update", "values": {"value": 1}},
        "key",
        "unknown-rule",
    ),
    (
        {
            "table": "threat_rules",
            "key": "file",
            "op": "update",
            "values": {"toml": "criteria = 3"},
        },
        "toml",
        "threat-rules",
    ),
    ({"table": "hospitals", "key": "H1", "op": "insert", "values": {}}, "table", "unknown-table"),
    ({"table": "practices", "key": "P001", "op": "close", "values": {}}, "op", "unknown-op"),
    ({"table": "rules", "key": "norm", "op": "delete"}, "op", "settings-update-only"),
    ({"table": "gps", "key": "G01", "op": "delete", "year": "2028"}, "year", "year-type"),
]
