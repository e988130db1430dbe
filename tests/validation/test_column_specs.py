"""Column specs are read off the schema's Pydantic fields, constraints included."""

from __future__ import annotations

from praksisplan.core.schema import ALL_TABLES, GpRow, PracticeRow, RegionVacancyRow
from praksisplan.validation.column_specs import column_specs


def _spec(model: type, name: str):  # type: ignore[no-untyped-def]
    return next(s for s in column_specs(model) if s.name == name)


def test_specs_follow_the_field_definitions() -> None:
    fte = _spec(GpRow, "fte")
    assert (fte.kind, fte.required, fte.gt, fte.le) == ("float", True, 0, 1)
    assert fte.describe() == "et tal > 0 og ≤ 1"
    status = _spec(PracticeRow, "status")
    assert status.kind == "choice" and status.choices == ("open", "closed", "selective")
    norm = _spec(PracticeRow, "norm_override")
    assert (norm.kind, norm.required, norm.ge, norm.le) == ("int", False, 1, 10_000)
    area = _spec(PracticeRow, "area_id")  # Optional[Annotated[str, Field(min/max length)]]
    assert (area.required, area.min_length, area.max_length) == (False, 1, 64)
    assert _spec(PracticeRow, "postcode").pattern == r"^\d{4}$"
    assert _spec(RegionVacancyRow, "advertised_since").kind == "date"


def test_every_column_of_every_table_has_a_spec() -> None:
    for model in ALL_TABLES:
        assert [s.name for s in column_specs(model)] == list(model.model_fields)
