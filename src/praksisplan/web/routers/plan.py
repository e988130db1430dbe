"""The *Praksisplan* pages: the plan and its versions, follow-up, inbox and hvidbog.

Every write goes through :meth:`praksisplan.store.PlanStore.edit` as the logged-in user
(:func:`praksisplan.web.acting_user.acting_user`) and is appended to the audit trail; the plan
package's rules refuse what the role may not do (403) and changes to a frozen version or a
closed consultation (409), and a refused edit stores nothing. Forms are URL-encoded and
parsed here.
"""

from __future__ import annotations

import base64
import datetime as dt
from typing import Annotated, Any
from urllib.parse import parse_qs, quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markdown_it import MarkdownIt
from markupsafe import Markup
from pydantic import TypeAdapter, ValidationError
from starlette.concurrency import run_in_threadpool

from praksisplan.core.errors import PraksisplanError
from praksisplan.core.settings_messages import danish_message
from praksisplan.plan.apply import TRANSITIONS
from praksisplan.plan.edits import Actor, Edit
from praksisplan.plan.errors import PlanEditError, PlanForbiddenError
from praksisplan.plan.exchange import export_plan
from praksisplan.plan.hvidbog import build_hvidbog, party_label, target_label
from praksisplan.plan.instruments import default_catalogue, instruments_by_area
from praksisplan.plan.model import TARGET_GROUP_LABELS, Plan
from praksisplan.plan.permissions import may_edit_content, may_follow_up
from praksisplan.plan.status_note import build_status_note
from praksisplan.plan_documents import MEDIA_TYPES, render_hvidbog, render_status_note
from praksisplan.plan_documents.chart import trend_chart_png
from praksisplan.plan_documents.labels import date_da, measure_row, status_heading
from praksisplan.store import PlanStore
from praksisplan.web.acting_user import acting_user
from praksisplan.web.auth.audit_trail import Audit, audited_async
from praksisplan.web.plan_attachments import response_form
from praksisplan.web.plan_follow_up import FOLLOW_UPS
from praksisplan.web.routers.pages import templates
from praksisplan.web.state import AppState, app_state

router = APIRouter(include_in_schema=False)
State = Annotated[AppState, Depends(app_state)]
User = Annotated[Actor, Depends(acting_user)]
_EDIT = TypeAdapter[Edit](Edit)
_MARKDOWN = MarkdownIt("commonmark", {"html": False})

templates.env.filters["markdown"] = lambda text: Markup(_MARKDOWN.render(text or ""))
templates.env.filters["b64"] = lambda data: base64.b64encode(data).decode("ascii")
templates.env.globals.update(
    date_da=date_da,
    measure_row=measure_row,
    status_heading=status_heading,
    target_group_labels=TARGET_GROUP_LABELS,
)


def _page(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("page", "praksisplan")
    context.setdefault("actor", acting_user(request))
    return templates.TemplateResponse(
        request, f"plan/{template}", {"request": request, **context}, status_code=status_code
    )


def error_page(request: Request, status_code: int, message: str) -> HTMLResponse:
    return _page(request, "error.html", status_code=status_code, message=message)


async def read_form(request: Request) -> dict[str, list[str]]:
    body = (await request.body()).decode("utf-8", errors="replace")
    return parse_qs(body, keep_blank_values=True)


def stored_plan(state: AppState, key: str) -> Plan:
    return PlanStore(state.store).get(key)


async def apply_form_edit(
    request: Request, state: State, key: str, actor: Actor, fields: dict[str, Any], back: str
) -> Response:
    """Validate the form as an edit and store it; the refusal as a Danish error page."""
    try:
        edit = _EDIT.validate_python(fields)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'][1:]) or 'formularen'}: "
            + danish_message(e, str(e["loc"][-1]) if e["loc"] else None)
            for e in error.errors(include_url=False)
        )
        return error_page(request, 422, f"Formularen er ikke udfyldt korrekt – {problems}")
    try:
        await audited_async(
            request,
            lambda: PlanStore(state.store).edit(key, actor, edit),
            lambda _: Audit("plan_edit", "plan", key, after=edit.model_dump(mode="json")),
        )
    except PlanForbiddenError as refused:
        return error_page(request, 403, str(refused))
    except PlanEditError as refused:
        return error_page(request, 409, str(refused))
    except PraksisplanError as missing:
        return error_page(request, 404, str(missing))
    return RedirectResponse(back, status_code=303)


@router.get("/praksisplan", response_class=HTMLResponse)
def plan_list(request: Request, state: State) -> Response:
    plans = PlanStore(state.store).list_plans()
    if len(plans) == 1:
        return RedirectResponse(f"/praksisplan/{quote(plans[0].key)}", status_code=307)
    return _page(request, "list.html", plans=plans)


def _measure_views(state: AppState, plan: Plan) -> tuple[dict[str, Any], dict[str, str]]:
    follow_up = FOLLOW_UPS.get(state, plan)
    note = build_status_note(plan, follow_up.evaluations, dt.date.max, follow_up.municipality_names)
    views: dict[str, Any] = {}
    for initiative in note.initiatives():
        views[initiative.id] = initiative
    return views, follow_up.municipality_names


def _instruments(state: AppState, plan: Plan) -> list[dict[str, Any]]:
    """The threatened areas of the region's newest snapshot with the instruments unlocked."""
    newest = next((s for s in state.snapshots() if s.region_code == plan.region_code), None)
    if newest is None:
        return []
    areas = state.analysis(newest.id).assessment.areas
    threatened = areas[areas["threat_class"].isin(["red", "yellow"])]
    unlocked = instruments_by_area(
        default_catalogue(),
        dict(zip(threatened.index.astype(str), threatened["threat_class"], strict=True)),
    )
    return [
        {"area_id": area_id, "name": threatened.loc[area_id, "name"],
         "threat_class": threatened.loc[area_id, "threat_class"], "instruments": unlocked[area_id]}
        for area_id in threatened.index.astype(str)
    ]  # fmt: skip


@router.get("/praksisplan/{key}", response_class=HTMLResponse)
async def plan_page(request: Request, state: State, key: str, actor: User) -> Response:
    try:
        plan = stored_plan(state, key)
    except PraksisplanError as missing:
        return error_page(request, 404, str(missing))
    initiatives, names = await run_in_threadpool(_measure_views, state, plan)
    charts = {
        line.id: trend_chart_png(line.evaluation, line.target)
        for note in initiatives.values()
        for line in note.measures
    }
    follow_up = {i.id: may_follow_up(actor, i) for i in plan.initiatives()}
    return _page(
        request, "plan.html", plan=plan, notes=initiatives, charts=charts, names=names,
        may_follow_up=follow_up, may_edit=may_edit_content(actor),
        transitions=TRANSITIONS[plan.status],
        instruments=await run_in_threadpool(_instruments, state, plan),
        party_label=lambda p: party_label(p, names), today=dt.date.today(),
    )  # fmt: skip


@router.get("/praksisplan/{key}/version/{number}", response_class=HTMLResponse)
def version_page(request: Request, state: State, key: str, number: int) -> Response:
    try:
        plan = stored_plan(state, key)
        version = plan.version(number)
    except PraksisplanError as missing:
        return error_page(request, 404, str(missing))
    except KeyError:
        return error_page(request, 404, f"Praksisplanen '{key}' har ingen version {number}")
    return _page(request, "version.html", plan=plan, version=version)


@router.get("/praksisplan/{key}/indbakke", response_class=HTMLResponse)
def inbox_page(request: Request, state: State, key: str, actor: User) -> Response:
    """A municipality's (or PLO's) wishes and responses; the secretariat sees all."""
    try:
        plan = stored_plan(state, key)
    except PraksisplanError as missing:
        return error_page(request, 404, str(missing))
    names = PlanStore(state.store).municipality_names(plan.region_code)
    mine = (lambda party: True) if actor.is_secretariat else (lambda party: party == actor.role)
    consultation = plan.consultations[-1] if plan.consultations else None
    responses = [r for r in consultation.responses if mine(r.party)] if consultation else []
    wishes = [w for w in plan.wishes if mine(f"municipality:{w.municipality_code}")]
    content = plan.version(consultation.version_number).content if consultation else plan.content
    return _page(
        request, "inbox.html", plan=plan, consultation=consultation, responses=responses,
        wishes=wishes, content=content, today=dt.date.today(), names=names,
        party_label=lambda p: party_label(p, names),
        target_label=lambda t: target_label(content, t),
    )  # fmt: skip


@router.get("/praksisplan/{key}/hvidbog", response_class=HTMLResponse)
def hvidbog_page(request: Request, state: State, key: str, format: str = "html") -> Response:
    try:
        plan = stored_plan(state, key)
        if not plan.consultations:
            return error_page(request, 404, f"Praksisplanen '{key}' har ikke været i høring")
        names = PlanStore(state.store).municipality_names(plan.region_code)
        hvidbog = build_hvidbog(
            plan, plan.consultations[-1].id, dt.date.today(), names, preliminary=True
        )
    except PraksisplanError as missing:
        return error_page(request, 404, str(missing))
    if format in ("pdf", "docx"):
        return Response(
            render_hvidbog(hvidbog, format),  # type: ignore[arg-type]
            media_type=MEDIA_TYPES[format],
            headers={"Content-Disposition": f'attachment; filename="hvidbog-{key}.{format}"'},
        )
    return _page(request, "hvidbog.html", plan=plan, hvidbog=hvidbog)


@router.get("/praksisplan/{key}/statusnotat")
async def status_note_download(
    request: Request, state: State, key: str, format: str = "pdf"
) -> Response:
    if format not in MEDIA_TYPES:
        return error_page(request, 404, f"Ukendt format '{format}'; brug html, pdf eller docx")
    try:
        plan = stored_plan(state, key)
    except PraksisplanError as missing:
        return error_page(request, 404, str(missing))
    follow_up = await run_in_threadpool(FOLLOW_UPS.get, state, plan)
    note = build_status_note(
        plan, follow_up.evaluations, dt.date.today(), follow_up.municipality_names
    )
    data = await run_in_threadpool(render_status_note, note, format)  # type: ignore[arg-type]
    headers = {} if format == "html" else {
        "Content-Disposition": f'attachment; filename="statusnotat-{key}.{format}"'
    }  # fmt: skip
    return Response(data, media_type=MEDIA_TYPES[format], headers=headers)


@router.get("/praksisplan/{key}/eksport")
def export_download(request: Request, state: State, key: str) -> Response:
    try:
        plan = stored_plan(state, key)
    except PraksisplanError as missing:
        return error_page(request, 404, str(missing))
    return Response(
        export_plan(plan),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="{key}.json"'},
    )


def form_value(form: dict[str, list[str]], name: str) -> str:
    return form.get(name, [""])[-1].strip()


@router.post("/praksisplan/{key}/status")
async def add_status(request: Request, state: State, key: str, actor: User) -> Response:
    form = await read_form(request)
    initiative_id = form_value(form, "initiative_id")
    bullets = form_value(form, "bullets").splitlines()
    fields = {
        "kind": "add_status_entry", "initiative_id": initiative_id,
        "date": form_value(form, "date") or dt.date.today().isoformat(),
        "state": form_value(form, "state"),
        "bullets": [line.strip() for line in bullets if line.strip()],
    }  # fmt: skip
    back = f"/praksisplan/{quote(key)}#indsats-{quote(initiative_id)}"
    return await apply_form_edit(request, state, key, actor, fields, back)


@router.post("/praksisplan/{key}/afsnit")
async def put_section(request: Request, state: State, key: str, actor: User) -> Response:
    form = await read_form(request)
    section = {"key": form_value(form, "key"), "title": form_value(form, "title"),
               "markdown": form.get("markdown", [""])[-1]}  # fmt: skip
    back = f"/praksisplan/{quote(key)}#afsnit-{quote(section['key'])}"
    return await apply_form_edit(
        request, state, key, actor, {"kind": "put_section", "section": section}, back
    )


@router.post("/praksisplan/{key}/oenske")
async def submit_wish(request: Request, state: State, key: str, actor: User) -> Response:
    form = await read_form(request)
    fields = {"kind": "submit_wish", "municipality_code": form_value(form, "municipality_code"),
              "theme": form_value(form, "theme"), "text": form_value(form, "text")}  # fmt: skip
    return await apply_form_edit(
        request, state, key, actor, fields, f"/praksisplan/{quote(key)}/indbakke"
    )


@router.post("/praksisplan/{key}/hoeringssvar")
async def submit_response(request: Request, state: State, key: str, actor: User) -> Response:
    """A consultation response; as ``multipart/form-data`` it may carry PDF attachments."""
    attachments: list[dict[str, Any]] = []
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        form, attachments = await response_form(request)
    else:
        form = await read_form(request)
    targets = []
    for value in form.get("target", []):
        kind, _, target_id = value.partition(":")
        if target_id:
            targets.append({"kind": kind, "id": target_id})
    fields = {"kind": "submit_response", "consultation_id": form_value(form, "consultation_id"),
              "party": form_value(form, "party"), "text": form_value(form, "text"),
              "targets": targets, "attachments": attachments}  # fmt: skip
    return await apply_form_edit(
        request, state, key, actor, fields, f"/praksisplan/{quote(key)}/indbakke"
    )


@router.post("/praksisplan/{key}/svar")
async def answer_response(request: Request, state: State, key: str, actor: User) -> Response:
    form = await read_form(request)
    response_id = form_value(form, "response_id")
    fields = {"kind": "answer_response", "consultation_id": form_value(form, "consultation_id"),
              "response_id": response_id, "text": form_value(form, "text"),
              "changed": form_value(form, "changed") == "ja",
              "change": form_value(form, "change")}  # fmt: skip
    back = f"/praksisplan/{quote(key)}/indbakke#svar-{quote(response_id)}"
    return await apply_form_edit(request, state, key, actor, fields, back)


@router.post("/praksisplan/{key}/hoering")
async def open_consultation(request: Request, state: State, key: str, actor: User) -> Response:
    form = await read_form(request)
    fields = {"kind": "open_consultation", "deadline": form_value(form, "deadline")}
    return await apply_form_edit(
        request, state, key, actor, fields, f"/praksisplan/{quote(key)}/indbakke"
    )


@router.post("/praksisplan/{key}/planstatus")
async def set_status(request: Request, state: State, key: str, actor: User) -> Response:
    form = await read_form(request)
    fields: dict[str, Any] = {"kind": "set_status", "status": form_value(form, "status")}
    if form_value(form, "period_end"):
        fields["period_end"] = form_value(form, "period_end")
    return await apply_form_edit(request, state, key, actor, fields, f"/praksisplan/{quote(key)}")


@router.post("/praksisplan/{key}/tema")
async def put_wish_theme(request: Request, state: State, key: str, actor: User) -> Response:
    """The secretariat groups wishes into a theme and links it to goals."""
    form = await read_form(request)
    fields = {"kind": "put_wish_theme", "id": form_value(form, "id"),
              "title": form_value(form, "title"),
              "wish_ids": form.get("wish_id", []), "goal_ids": form.get("goal_id", [])}  # fmt: skip
    return await apply_form_edit(
        request, state, key, actor, fields, f"/praksisplan/{quote(key)}/indbakke"
    )
