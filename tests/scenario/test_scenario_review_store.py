"""The committee's comments and marks on a scenario, in a real SQLite file and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from praksisplan.core.dataset import Dataset
from praksisplan.core.errors import PraksisplanError
from praksisplan.store import ScenarioReview, ScenarioStore, Store
from praksisplan.store.scenario_tables import MAX_COMMENT_CHARS

ANNA, BO = ("anna", "Anna Udvalg (anna)"), ("bo", "Bo Planlægger (bo)")


def _scenario(store: Store, tiny_dataset: Dataset) -> int:
    snapshot = store.load_dataset(tiny_dataset, source="tiny").id
    return ScenarioStore(store).create(snapshot, "luk P001", "Planlægger").id


def test_comments_and_marks_round_trip(store_url: str, tiny_dataset: Dataset) -> None:
    before = dt.datetime.now(dt.UTC)
    with Store(store_url) as store:
        scenario = _scenario(store, tiny_dataset)
        review = ScenarioReview(store)
        review.add_comment(scenario, "  Hvad med øerne?\r\nDe mister en læge.  ", *ANNA)
        review.add_comment("luk P001", "A1 bliver rød", *BO, area_id="A1")
        review.add_mark(scenario, "foretrukket", *ANNA)
        review.add_mark(scenario, "droeftelse", *BO)
        review.add_mark(scenario, "droeftelse", *ANNA)
    with Store(store_url) as store:
        review = ScenarioReview(store)
        comments = review.comments(scenario)
        marks = review.marks(scenario)
    assert [(c.author_username, c.author_name, c.text, c.area_id) for c in comments] == [
        ("anna", ANNA[1], "Hvad med øerne?\nDe mister en læge.", None),
        ("bo", BO[1], "A1 bliver rød", "A1"),
    ]
    for comment in comments:
        assert comment.written_at.tzinfo is not None
        assert before <= comment.written_at <= dt.datetime.now(dt.UTC)
    # in the order of the marks (til drøftelse first), then as set
    assert [(m.mark, m.label, m.marked_by_username) for m in marks] == [
        ("droeftelse", "Til drøftelse", "bo"),
        ("droeftelse", "Til drøftelse", "anna"),
        ("foretrukket", "Foretrukket", "anna"),
    ]


def _refused(review: ScenarioReview, scenario: int, match: str, call: str, *args: object) -> None:
    with pytest.raises(PraksisplanError, match=match):
        getattr(review, call)(scenario, *args)


def test_refusals_are_danish_and_store_nothing(store_url: str, tiny_dataset: Dataset) -> None:
    with Store(store_url) as store:
        scenario = _scenario(store, tiny_dataset)
        review = ScenarioReview(store)
        review.add_mark(scenario, "forbehold", *ANNA)
        _refused(review, scenario, "Kommentaren er tom", "add_comment", " \n\t ", *ANNA)
        long = "x" * 4_001
        _refused(review, scenario, "4.001 tegn; der er plads til højst 4.000", "add_comment",
                 long, *ANNA)  # fmt: skip
        with pytest.raises(PraksisplanError, match="Området 'Z9' findes ikke"):
            review.add_comment(scenario, "Om Z9", *ANNA, area_id="Z9")
        _refused(review, scenario, "'bedst' er ikke en markering", "add_mark", "bedst", *ANNA)
        _refused(review, scenario, "allerede markeret scenariet 'luk P001' som «Forbehold»",
                 "add_mark", "forbehold", *ANNA)  # fmt: skip
        # only the user who set a mark removes it
        _refused(review, scenario, "'bo' har ikke markeret", "remove_mark", "forbehold", "bo")
        _refused(review, 99, "intet scenarie '99'", "add_comment", "Hej", *ANNA)
    with Store(store_url) as store:
        review = ScenarioReview(store)
        assert review.comments(scenario) == []
        assert [m.marked_by_username for m in review.marks(scenario)] == ["anna"]
    assert MAX_COMMENT_CHARS == 4_000


def test_the_own_mark_is_removed_and_a_deleted_scenario_takes_its_review(
    store_url: str, tiny_dataset: Dataset
) -> None:
    with Store(store_url) as store:
        scenario = _scenario(store, tiny_dataset)
        review = ScenarioReview(store)
        review.add_mark(scenario, "foretrukket", *ANNA)
        review.add_mark(scenario, "foretrukket", *BO)
        removed = review.remove_mark(scenario, "foretrukket", "anna")
        assert (removed.mark, removed.marked_by_name) == ("foretrukket", ANNA[1])
        assert [m.marked_by_username for m in review.marks(scenario)] == ["bo"]
        review.add_comment(scenario, "Godt forslag", *BO)
        ScenarioStore(store).delete(scenario)
        with pytest.raises(PraksisplanError, match="intet scenarie"):
            review.comments(scenario)
        again = ScenarioStore(store).create(1, "luk P001", "Planlægger").id
        assert review.comments(again) == [] and review.marks(again) == []
