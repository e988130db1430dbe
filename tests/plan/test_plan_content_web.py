"""Goals and initiatives added, changed and deleted through the plan page's own forms.

Every form is read from the page the user gets (action, hidden fields, the page's CSRF
token) and posted as the browser posts it; the stored plan, its versions and the audit trail
are then read back past the web app.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from plan_builders import NOW, PLANNER, small_plan, store_rows

from access_users import label_of, logged_in, login
from html_forms import Form, find_form, forms, submit
from praksisplan.core.dataset import Dataset
from praksisplan.plan.edits import SetStatus
from praksisplan.plan.model import Plan
from praksisplan.store import AuditLog, PlanStore, Store

PAGE = "/praksisplan/plan-2026"


@pytest.fixture
def url(tmp_path: Path, tiny_dataset: Dataset) -> str:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    with Store(url) as store:
        store.load_dataset(tiny_dataset, source="tiny")
        PlanStore(store).add(small_plan(), PLANNER)
    return url


@pytest.fixture
def planner(url: str) -> Iterator[TestClient]:
    with logged_in(url, "planner") as client:
        yield client


def _plan(url: str) -> Plan:
    with Store(url) as store:
        return PlanStore(store).get("plan-2026")


def _form(client: TestClient, css_class: str, **hidden: str) -> Form:
    page = client.get(PAGE)
    assert page.status_code == 200
    return find_form(page.text, css_class, **hidden)


def _plan_edits_audited(url: str) -> list[tuple[str, str, str]]:
    with Store(url) as store:
        entries = AuditLog(store).entries()
    oldest_first = sorted(entries, key=lambda e: e.id)
    return [
        (e.actor_name, e.object_id, e.after["kind"])
        for e in oldest_first
        if e.action == "plan_edit"
    ]


def test_a_goal_is_added_changed_and_deleted(planner: TestClient, url: str) -> None:
    added = submit(
        planner,
        _form(planner, "goal-form", new="ja"),
        id="G3",
        title="Flere unge læger",
        text="Vi vil have flere læger under 55 år.",
    )
    assert added.status_code == 303 and added.headers["location"] == f"{PAGE}#maal-G3"
    plan = _plan(url)
    assert [g.id for g in plan.content.goals] == ["G1", "G2", "G3"]
    goal = plan.content.goals[-1]
    assert (goal.title, goal.text, goal.initiatives) == (
        "Flere unge læger",
        "Vi vil have flere læger under 55 år.",
        [],
    )
    assert plan.latest.created_by == label_of("planner")
    assert plan.latest.change.endswith("målsætning 'Flere unge læger'")

    # the edit form of G1 starts from G1's values; G1's initiative stays
    edit = _form(planner, "goal-form", id="G1")
    assert (edit.value("title"), "new" in edit.fields) == ("Lige adgang", False)
    assert submit(planner, edit, title="Lige adgang for alle").status_code == 303
    plan = _plan(url)
    g1 = plan.content.goals[0]
    assert g1.title == "Lige adgang for alle" and [i.id for i in g1.initiatives] == ["I1"]

    versions = len(plan.versions)
    deleted = submit(planner, _form(planner, "goal-delete", goal_id="G2"))
    assert deleted.status_code == 303
    plan = _plan(url)
    assert [g.id for g in plan.content.goals] == ["G1", "G3"]
    assert plan.initiative("I2") is None and len(plan.versions) == versions + 1
    assert _plan_edits_audited(url) == [
        (label_of("planner"), "plan-2026", kind) for kind in ("put_goal", "put_goal", "remove_goal")
    ]


def test_an_initiative_is_added_changed_and_deleted(planner: TestClient, url: str) -> None:
    new = _form(planner, "initiative-form", goal_id="G2", new="ja")
    assert new.checkboxes == {"focus", "tag"} and new.value("owners") == "region"
    added = submit(
        planner,
        new,
        id="I9",
        title="Lægedækning på øerne",
        description="Faste lægedage på øerne.",
        owners="region\nmunicipality:849, plo",
        start="2026-04-01",
        end="2028-03-31",
        focus="ja",
        tag=["older_people", "children_young"],
    )
    assert added.status_code == 303 and added.headers["location"] == f"{PAGE}#indsats-I9"
    plan = _plan(url)
    goal = plan.goal_of("I9")
    initiative = plan.initiative("I9")
    assert goal is not None and goal.id == "G2" and initiative is not None
    assert initiative.owners == ["region", "municipality:849", "plo"]
    assert (initiative.start, initiative.end) == (dt.date(2026, 4, 1), dt.date(2028, 3, 31))
    assert initiative.focus and initiative.tags == ["older_people", "children_young"]
    assert (initiative.milestones, initiative.measures) == ([], [])

    # I1 has a milestone and a reported measure, which its edit form does not show: kept
    before = plan.initiative("I1")
    assert before is not None and before.milestones and before.measures
    edit = _form(planner, "initiative-form", id="I1")
    assert edit.value("owners") == "region\nmunicipality:851" and "focus" not in edit.fields
    assert submit(planner, edit, title="Nærklinik i Aalborg Øst", focus="ja").status_code == 303
    after = _plan(url).initiative("I1")
    assert after is not None
    assert (after.title, after.focus) == ("Nærklinik i Aalborg Øst", True)
    assert after.model_dump(exclude={"title", "focus"}) == before.model_dump(
        exclude={"title", "focus"}
    )

    assert submit(planner, _form(planner, "initiative-delete", initiative_id="I9")).is_redirect
    assert _plan(url).initiative("I9") is None
    kinds = [kind for *_, kind in _plan_edits_audited(url)]
    assert kinds == ["put_initiative", "put_initiative", "remove_initiative"]


def test_refused_forms_store_nothing(planner: TestClient, url: str) -> None:
    before = store_rows(url)
    taken = submit(planner, _form(planner, "goal-form", new="ja"), id="G1", title="Dublet")
    assert taken.status_code == 409 and "har allerede en målsætning 'G1'" in unescape(taken.text)
    again = _form(planner, "initiative-form", goal_id="G1", new="ja")
    taken = submit(planner, again, id="I2", title="Dublet", start="2026-01-01", end="2026-12-31")
    assert taken.status_code == 409 and "har allerede en indsats 'I2'" in unescape(taken.text)
    backwards = submit(
        planner, again, id="I7", title="Baglæns", start="2027-01-01", end="2026-01-01"
    )
    assert backwards.status_code == 422
    assert "indsatsens slutdato ligger før dens startdato" in unescape(backwards.text)
    no_owner = submit(
        planner, again, id="I7", title="Ingen", owners="", start="2026-01-01", end="2026-12-31"
    )
    assert no_owner.status_code == 422
    bad_owner = submit(
        planner, again, id="I7", title="X", owners="naboen", start="2026-01-01", end="2026-12-31"
    )
    assert bad_owner.status_code == 422
    stale = find_form(planner.get(PAGE).text, "goal-delete", goal_id="G2")
    assert submit(planner, stale).status_code == 303
    assert submit(planner, stale).status_code == 409  # deleted already
    after_delete = store_rows(url)
    # without the page's CSRF token the form is refused before it reaches the plan
    forged = Form(stale.action, stale.css_class, {"goal_id": ["G1"]})
    assert submit(planner, forged).status_code == 403
    assert store_rows(url) == after_delete and after_delete[1] == before[1] + 1


@pytest.mark.parametrize("role", ["committee", "municipality:851", "plo", "viewer"])
def test_only_the_secretariat_gets_and_may_use_the_forms(
    planner: TestClient, url: str, role: str
) -> None:
    goal_form = _form(planner, "goal-form", id="G1")
    login(planner, url, role)
    page = planner.get(PAGE)
    if role == "viewer":
        assert page.status_code == 403
    else:
        classes = {f.css_class for f in forms(page.text)}
        assert not classes & {"goal-form", "goal-delete", "initiative-form", "initiative-delete"}
    before = store_rows(url)
    # the planner's form with the role's own session token: refused by the role
    goal_form.fields["csrf_token"] = [planner.headers["X-CSRF-Token"]]
    refused = submit(planner, goal_form, title="Overtaget")
    assert refused.status_code == 403
    assert store_rows(url) == before


def test_an_adopted_plan_shows_no_forms_and_refuses_them(planner: TestClient, url: str) -> None:
    goal_form = _form(planner, "goal-form", id="G1")
    with Store(url) as store:
        PlanStore(store).edit("plan-2026", PLANNER, SetStatus(status="vedtaget"), NOW)
    classes = {f.css_class for f in forms(planner.get(PAGE).text)}
    assert not classes & {"goal-form", "goal-delete", "initiative-form", "initiative-delete"}
    before = store_rows(url)
    refused = submit(planner, goal_form, title="Efter vedtagelsen")
    assert refused.status_code == 409 and "er vedtaget og låst" in unescape(refused.text)
    assert store_rows(url) == before


def test_an_owner_enters_a_reported_figure_in_danish_notation(url: str) -> None:
    with logged_in(url, "municipality:851") as aalborg:  # Aalborg owns I1
        form = _form(aalborg, "figure-form", initiative_id="I1")
        assert form.value("measure_id") == "M-uddannelse"
        sent = submit(aalborg, form, value="1.234,5", date="2026-10-01", source="Uddannelsesrådet")
        assert sent.status_code == 303 and sent.headers["location"] == f"{PAGE}#indsats-I1"
        # not a Danish number: refused with the field named, nothing stored
        refused = submit(aalborg, form, value="tolv", source="Uddannelsesrådet")
        assert refused.status_code == 422 and "value" in unescape(refused.text)
    figures = _plan(url).reported_figures
    assert [(f.measure_id, f.date, f.value, f.source, f.entered_by) for f in figures] == [
        (
            "M-uddannelse",
            dt.date(2026, 10, 1),
            1234.5,
            "Uddannelsesrådet",
            label_of("municipality:851"),
        )
    ]
    with logged_in(url, "plo") as plo:  # PLO owns I2, not I1: no form, and a post is refused
        assert not [f for f in forms(plo.get(PAGE).text) if "figure-form" in f.css_class]
        token = _form(plo, "status-form", initiative_id="I2").value("csrf_token")
        fields = {"csrf_token": token, "initiative_id": "I1", "measure_id": "M-uddannelse",
                  "value": "3", "source": "PLO"}  # fmt: skip
        sent = plo.post(f"{PAGE}/tal", data=fields, follow_redirects=False)
        assert sent.status_code == 403
    assert len(_plan(url).reported_figures) == 1
    assert _plan_edits_audited(url) == [
        (label_of("municipality:851"), "plan-2026", "report_figure")
    ]


def test_a_milestone_is_marked_done_and_undone(planner: TestClient, url: str) -> None:
    form = _form(planner, "milestone-form", initiative_id="I1")
    assert form.value("milestone_id") == "I1-m1" and not _plan(url).milestone_done("I1-m1")
    assert submit(planner, form, done="ja", date="2026-05-20").status_code == 303
    assert _plan(url).milestone_done("I1-m1")
    assert "✓ Første møde" in planner.get(PAGE).text
    assert submit(planner, form, done="nej", date="2026-06-02").status_code == 303
    plan = _plan(url)
    assert not plan.milestone_done("I1-m1")
    assert [(m.done, m.date, m.by) for m in plan.milestone_marks] == [
        (True, dt.date(2026, 5, 20), label_of("planner")),
        (False, dt.date(2026, 6, 2), label_of("planner")),
    ]
    assert submit(planner, form, milestone_id="I9-m1").status_code == 409  # no such milestone
    assert len(_plan(url).milestone_marks) == 2
    assert [kind for *_, kind in _plan_edits_audited(url)] == ["mark_milestone"] * 2
