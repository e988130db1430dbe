"""Every write route of the app is audited and scoped, and says where that is tested.

:data:`AUDITED_BY` names, for every route that is not a GET, the test that shows its audit
entry with the right user (and, for the routes a municipality may use, its scope); a new
write route fails here until its audit test is named. The consultation response — the one
municipality write with attachments — is tested here: as its own municipality it is stored
and audited, as another municipality it is refused and nothing is stored.
"""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from access_users import label_of, login
from plan.plan_builders import PLANNER, small_plan
from praksisplan.store import AuditLog, PlanStore, Store
from praksisplan.web.app import create_app
from praksisplan.web.auth.matrix import ROUTES

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
TESTS = Path(__file__).resolve().parents[1]
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"

_AUDIT = "security/test_audit:test_every_web_write_is_audited_with_the_logged_in_user"
_REFUSED_AUDIT = (
    "security/test_audited_writes:test_a_web_write_whose_audit_entry_is_refused_stores_nothing"
)
_LOGIN = "security/test_audited_writes:test_a_login_whose_audit_entry_is_refused_opens_no_session"
_CYCLE = "security/test_write_routes:test_the_plan_cycle_forms_are_audited_with_the_acting_user"
_RESPONSE = (
    "security/test_write_routes:"
    "test_a_consultation_response_is_scoped_to_the_own_municipality_and_audited"
)
_GOAL = "plan/test_plan_content_web:test_a_goal_is_added_changed_and_deleted"
_INITIATIVE = "plan/test_plan_content_web:test_an_initiative_is_added_changed_and_deleted"
_FIGURE = "plan/test_plan_content_web:test_an_owner_enters_a_reported_figure_in_danish_notation"
_MILESTONE = "plan/test_plan_content_web:test_a_milestone_is_marked_done_and_undone"
_USERS = "security/test_user_admin:"
_REVIEW_AUDIT = (
    "security/test_scenario_review_audit:"
    "test_comments_and_marks_are_audited_with_the_logged_in_user"
)
_REVIEW_REFUSED = (
    "security/test_scenario_review_audit:"
    "test_a_comment_or_mark_whose_audit_entry_is_refused_stores_nothing"
)
_JOBS = "web/test_allocation_jobs:"
AUDITED_BY: dict[str, list[str]] = {
    "POST /login": [_AUDIT, _LOGIN],
    "POST /logout": ["security/test_audit:test_logout_is_audited"],
    "POST /konto/adgangskode": [_AUDIT],
    "POST /brugere": [_USERS + "test_the_admin_adds_a_user_who_can_then_log_in"],
    "POST /brugere/{username}/rolle": [
        _USERS + "test_a_new_role_is_stored_audited_and_ends_the_users_session"
    ],
    "POST /brugere/{username}/spaerring": [
        _USERS + "test_a_blocked_user_cannot_log_in_until_unblocked"
    ],
    "POST /brugere/{username}/adgangskode": [_USERS + "test_a_new_password_replaces_the_old_one"],
    "POST /upload": [
        "security/test_upload:test_a_valid_zip_loads_as_a_snapshot_and_is_audited", _REFUSED_AUDIT
    ],
    "POST /truede/beslutning": [_AUDIT, _REFUSED_AUDIT],
    "POST /api/snapshots/{snapshot_id}/decisions": [_AUDIT, _REFUSED_AUDIT],
    "POST /fordeling": [
        "web/test_allocation_options:test_a_weighted_request_places_what_the_cli_places"
    ],
    "POST /fordeling/beregning": [_JOBS],
    "POST /fordeling/beregning/{job_id}/annuller": [_JOBS],
    "POST /praksisplan/{key}/status": [_CYCLE],
    "POST /praksisplan/{key}/tal": [_FIGURE],
    "POST /praksisplan/{key}/milepael": [_MILESTONE],
    "POST /praksisplan/{key}/afsnit": [_REFUSED_AUDIT],
    "POST /praksisplan/{key}/oenske": [
        _AUDIT, _CYCLE,
        "plan/test_plan_web:test_a_municipality_cannot_write_for_another_municipality",
    ],
    "POST /praksisplan/{key}/hoeringssvar": [_RESPONSE, _CYCLE],
    "POST /praksisplan/{key}/svar": [_CYCLE],
    "POST /praksisplan/{key}/hoering": [_CYCLE],
    "POST /praksisplan/{key}/planstatus": [_CYCLE],
    "POST /praksisplan/{key}/tema": [_CYCLE],
    "POST /praksisplan/{key}/maal": [_GOAL],
    "POST /praksisplan/{key}/maal/slet": [_GOAL],
    "POST /praksisplan/{key}/indsats": [_INITIATIVE],
    "POST /praksisplan/{key}/indsats/slet": [_INITIATIVE],
    "POST /api/scenarios": [_AUDIT, _REFUSED_AUDIT],
    "POST /api/scenarios/{scenario_id}/edits": [_AUDIT],
    "POST /api/scenarios/{scenario_id}/undo": [_AUDIT],
    "PUT /api/scenarios/{scenario_id}/status": [_AUDIT],
    "DELETE /api/scenarios/{scenario_id}": [_AUDIT],
    "POST /scenarier/{scenario_id}/kommentar": [_REVIEW_AUDIT, _REVIEW_REFUSED],
    "POST /scenarier/{scenario_id}/markering": [_REVIEW_AUDIT, _REVIEW_REFUSED],
    "POST /scenarier/{scenario_id}/markering/fjern": [_REVIEW_AUDIT],
    "POST /api/scenarios/{scenario_id}/comments": [_REVIEW_AUDIT, _REVIEW_REFUSED],
    "POST /api/scenarios/{scenario_id}/marks": [_REVIEW_AUDIT, _REVIEW_REFUSED],
    "DELETE /api/scenarios/{scenario_id}/marks/{mark}": [_REVIEW_AUDIT, _REVIEW_REFUSED],
}  # fmt: skip


def test_every_write_route_names_the_test_of_its_audit_entry() -> None:
    writes = {key for key in ROUTES if not key.startswith("GET ")}
    assert set(AUDITED_BY) == writes, "a write route without a named audit test"
    for tests in AUDITED_BY.values():
        for name in tests:
            module, _, function = name.partition(":")
            text = (TESTS / f"{module}.py").read_text(encoding="utf-8")
            assert not function or f"def {function}(" in text, name


def _response_form(client: TestClient) -> tuple[str, dict[str, str]]:
    inbox = client.get("/praksisplan/ny/indbakke").text
    action = re.search(r'action="([^"]+/hoeringssvar\?csrf_token=[^"]+)"', inbox)
    consultation = re.search(r'name="consultation_id" value="([^"]+)"', inbox)
    assert action and consultation, "the inbox has the multipart response form"
    client.headers.pop("X-CSRF-Token")  # the form's own token, in its action
    return action.group(1), {"consultation_id": consultation.group(1), "text": "Se bilag",
                             "target": ""}  # fmt: skip


def _stored(url: str) -> tuple[list[tuple[str, str, str]], int]:
    with Store(url) as store:
        responses = [
            (r.party, r.submitted_by, ",".join(a.filename for a in r.attachments))
            for c in PlanStore(store).get("ny").consultations
            for r in c.responses
        ]
        return responses, len(AuditLog(store).entries())


def test_a_consultation_response_is_scoped_to_the_own_municipality_and_audited(url: str) -> None:
    with Store(url) as store:
        PlanStore(store).add(small_plan().model_copy(update={"key": "ny"}), PLANNER)
    with TestClient(create_app(url)) as client:
        login(client, url, "planner")
        opened = client.post("/praksisplan/ny/hoering", content="deadline=2099-01-01",
                             headers=FORM, follow_redirects=False)  # fmt: skip
        assert opened.status_code == 303
        login(client, url, "municipality:849")
        before = _stored(url)
        action, fields = _response_form(client)
        files = {"attachment": ("svar.pdf", PDF, "application/pdf")}
        other = client.post(action, data={**fields, "party": "municipality:851"}, files=files)
        assert other.status_code == 403
        assert _stored(url) == before
        own = client.post(action, data={**fields, "party": "municipality:849"}, files=files,
                          follow_redirects=False)  # fmt: skip
        assert own.status_code == 303, own.text
    kommune = label_of("municipality:849")
    responses, entries = _stored(url)
    assert responses == [("municipality:849", kommune, "svar.pdf")]
    assert entries == before[1] + 1
    with Store(url) as store:
        entry = AuditLog(store).entries()[0]
    assert (entry.action, entry.actor_name, entry.actor_role, entry.object_id) == (
        "plan_edit", kommune, "municipality:849", "ny",
    )  # fmt: skip
    assert entry.after["kind"] == "submit_response"


def _post(client: TestClient, path: str, body: str) -> int:
    return client.post(path, content=body, headers=FORM, follow_redirects=False).status_code


def test_the_plan_cycle_forms_are_audited_with_the_acting_user(url: str) -> None:
    with Store(url) as store:
        PlanStore(store).add(small_plan().model_copy(update={"key": "ny"}), PLANNER)
    with TestClient(create_app(url)) as client:
        login(client, url, "municipality:851")
        wish = "municipality_code=851&theme=Øer&text=A"
        assert _post(client, "/praksisplan/ny/oenske", wish) == 303
        login(client, url, "planner")
        theme = "id=T1&title=Øerne&wish_id=1&goal_id=G1"
        assert _post(client, "/praksisplan/ny/tema", theme) == 303
        assert _post(client, "/praksisplan/ny/hoering", "deadline=2099-01-01") == 303
        login(client, url, "municipality:851")
        action, fields = _response_form(client)
        files = {"attachment": ("svar.pdf", PDF, "application/pdf")}
        sent = client.post(action, data={**fields, "party": "municipality:851"}, files=files,
                           follow_redirects=False)  # fmt: skip
        assert sent.status_code == 303, sent.text
        with Store(url) as store:
            consultation = PlanStore(store).get("ny").consultations[0]
        login(client, url, "planner")
        answer = (f"consultation_id={consultation.id}&response_id={consultation.responses[0].id}"
                  "&text=Tak&changed=nej&change=")  # fmt: skip
        assert _post(client, "/praksisplan/ny/svar", answer) == 303
        assert _post(client, "/praksisplan/ny/planstatus", "status=vedtaget") == 303
        login(client, url, "plo")
        status = "initiative_id=I2&date=2026-09-01&state=i+gang&bullets=Møde+holdt"
        assert _post(client, "/praksisplan/plan-2026/status", status) == 303
    with Store(url) as store:
        entries = [e for e in reversed(AuditLog(store).entries()) if e.action == "plan_edit"]
    edits = [(e.actor_name, e.object_id, e.after["kind"]) for e in entries]
    aalborg, planner, plo = (label_of(r) for r in ("municipality:851", "planner", "plo"))
    assert [(who, plan) for who, plan, _ in edits] == [
        (aalborg, "ny"), (planner, "ny"), (planner, "ny"), (aalborg, "ny"), (planner, "ny"),
        (planner, "ny"), (plo, "plan-2026"),
    ]  # fmt: skip
    assert [kind for *_, kind in edits][1:6] == [
        "put_wish_theme", "open_consultation", "submit_response", "answer_response", "set_status",
    ]  # fmt: skip
