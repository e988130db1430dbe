"""The permission matrix: every route of the app × every role → allowed or refused.

One rule per route (``"METHOD /path"`` as FastAPI spells the path); a rule names the
roles that may use it. A route missing from :data:`ROUTES` is refused to everyone and
fails ``tests/security/test_permission_matrix.py``; adding a route is adding one line here (and
its row in ``docs/security.md``, which the test compares with this table).
"""

from __future__ import annotations

from enum import Enum

#: The role of a visitor who is not logged in.
ANONYMOUS = "anonymous"
#: Every role, in the order of the printed matrix (``municipality`` = any municipality).
ROLES = ("admin", "planner", "committee", "municipality", "plo", "viewer", ANONYMOUS)


class Rule(Enum):
    """Who may use a route (``public_view`` opens the aggregated figures to anonymous)."""

    PUBLIC = "public"  # everyone, logged in or not (login page, static files)
    LOGGED_IN = "logged_in"  # every logged-in user (logout, own password)
    AGGREGATE = "aggregate"  # aggregated figures: every role, anonymous with the public view
    DETAIL = "detail"  # full detail: everyone but viewer
    PLAN_PARTY = "plan_party"  # plan writes of the parties (plan.permissions decides which)
    CONSULTATION = "consultation"  # consultation responses: secretariat, municipalities, PLO
    REVIEW = "review"  # comments and marks on scenarios: the committee and the secretariat
    PLANNER = "planner"  # the region's secretariat
    ADMIN = "admin"  # users and the audit trail

    def allows(self, role: str, *, public_view: bool = False) -> bool:
        kind = "municipality" if role.startswith("municipality:") else role
        if self is Rule.PUBLIC:
            return True
        if kind == ANONYMOUS:
            return self is Rule.AGGREGATE and public_view
        return kind in _ALLOWED[self]


_EVERY_USER = frozenset(ROLES) - {ANONYMOUS}
_ALLOWED: dict[Rule, frozenset[str]] = {
    Rule.LOGGED_IN: _EVERY_USER,
    Rule.AGGREGATE: _EVERY_USER,
    Rule.DETAIL: _EVERY_USER - {"viewer"},
    Rule.PLAN_PARTY: frozenset({"admin", "planner", "municipality", "plo"}),
    Rule.CONSULTATION: frozenset({"admin", "planner", "municipality", "plo"}),
    Rule.REVIEW: frozenset({"admin", "planner", "committee"}),
    Rule.PLANNER: frozenset({"admin", "planner"}),
    Rule.ADMIN: frozenset({"admin"}),
}

P, L, A, D, PP, C, R, PL, AD = (
    Rule.PUBLIC, Rule.LOGGED_IN, Rule.AGGREGATE, Rule.DETAIL, Rule.PLAN_PARTY,
    Rule.CONSULTATION, Rule.REVIEW, Rule.PLANNER, Rule.ADMIN,
)  # fmt: skip

ROUTES: dict[str, Rule] = {
    # -- access ----------------------------------------------------------------------------
    "GET /login": P,
    "POST /login": P,
    "POST /logout": L,
    "GET /konto": L,
    "POST /konto/adgangskode": L,
    "GET /brugere": AD,
    "POST /brugere": AD,
    "POST /brugere/{username}/rolle": AD,
    "POST /brugere/{username}/spaerring": AD,
    "POST /brugere/{username}/adgangskode": AD,
    "GET /revision": AD,
    "GET /revision/eksport.xlsx": AD,
    "GET /static": P,
    "GET /openapi.json": P,
    "GET /docs": P,
    "GET /docs/oauth2-redirect": P,
    "GET /redoc": P,
    # -- upload ----------------------------------------------------------------------------
    "GET /upload": PL,
    "POST /upload": PL,
    # -- pages -----------------------------------------------------------------------------
    "GET /": A,
    "GET /overblik": A,
    "GET /kort": A,
    "GET /omraade/{area_id}": D,
    "GET /kommune/{code}": D,
    "GET /praksis": D,
    "GET /truede": D,
    "POST /truede/beslutning": PL,
    "GET /fordeling": PL,
    "POST /fordeling": PL,
    "POST /fordeling/beregning": PL,
    "GET /fordeling/beregning/{job_id}": PL,
    "POST /fordeling/beregning/{job_id}/annuller": PL,
    "GET /ledigt-ydernummer/{provider_number}": PL,
    # -- API -------------------------------------------------------------------------------
    "GET /api/snapshots": A,
    "GET /api/snapshots/{snapshot_id}": A,
    "GET /api/indicators": A,
    "GET /api/snapshots/{snapshot_id}/overview": A,
    "GET /api/snapshots/{snapshot_id}/areas": A,
    "GET /api/snapshots/{snapshot_id}/areas/{area_id}": D,
    "GET /api/snapshots/{snapshot_id}/practices": D,
    "GET /api/snapshots/{snapshot_id}/practices/export.{fmt}": D,
    "GET /api/snapshots/{snapshot_id}/practices/{provider_number}": D,
    "GET /api/snapshots/{snapshot_id}/threatened": D,
    "GET /api/snapshots/{snapshot_id}/decisions": D,
    "POST /api/snapshots/{snapshot_id}/decisions": PL,
    "GET /api/snapshots/{snapshot_id}/layers/{layer}.geojson": A,
    # -- the practice plan -----------------------------------------------------------------
    "GET /praksisplan": D,
    "GET /praksisplan/{key}": D,
    "GET /praksisplan/{key}/version/{number}": D,
    "GET /praksisplan/{key}/indbakke": D,
    "GET /praksisplan/{key}/hvidbog": D,
    "GET /praksisplan/{key}/statusnotat": D,
    "GET /praksisplan/{key}/eksport": D,
    "POST /praksisplan/{key}/status": PP,
    "POST /praksisplan/{key}/tal": PP,
    "POST /praksisplan/{key}/milepael": PP,
    "POST /praksisplan/{key}/afsnit": PL,
    "POST /praksisplan/{key}/oenske": PP,
    "POST /praksisplan/{key}/hoeringssvar": C,
    "POST /praksisplan/{key}/svar": PL,
    "POST /praksisplan/{key}/hoering": PL,
    "POST /praksisplan/{key}/planstatus": PL,
    "POST /praksisplan/{key}/tema": PL,
    "POST /praksisplan/{key}/maal": PL,
    "POST /praksisplan/{key}/maal/slet": PL,
    "POST /praksisplan/{key}/indsats": PL,
    "POST /praksisplan/{key}/indsats/slet": PL,
    # -- scenarios ----------------------------------------------------------------------
    "GET /scenarier": D,
    "GET /scenarier/{scenario_id}": D,
    "GET /scenarier/{scenario_id}/prognose": D,
    "GET /scenarier/{scenario_id}/prognose.{fmt}": D,
    "GET /api/scenarios": D,
    "POST /api/scenarios": PL,
    "GET /api/scenarios/{scenario_id}": D,
    "POST /api/scenarios/{scenario_id}/edits": PL,
    "POST /api/scenarios/{scenario_id}/undo": PL,
    "PUT /api/scenarios/{scenario_id}/status": PL,
    "DELETE /api/scenarios/{scenario_id}": PL,
    "GET /api/scenarios/{scenario_id}/diff": D,
    "GET /api/scenarios/{scenario_id}/diff.xlsx": D,
    # -- the committee's review of scenarios (comments, marks) ----------------------------
    "POST /scenarier/{scenario_id}/kommentar": R,
    "POST /scenarier/{scenario_id}/markering": R,
    "POST /scenarier/{scenario_id}/markering/fjern": R,
    "GET /api/scenarios/{scenario_id}/comments": D,
    "POST /api/scenarios/{scenario_id}/comments": R,
    "GET /api/scenarios/{scenario_id}/marks": D,
    "POST /api/scenarios/{scenario_id}/marks": R,
    "DELETE /api/scenarios/{scenario_id}/marks/{mark}": R,
    # -- forecast -----------------------------------------------------------------------
    "GET /prognose": A,
    "GET /prognose.{fmt}": A,
    "GET /api/snapshots/{snapshot_id}/forecast": A,
    # -- travel ---------------------------------------------------------------------------
    "GET /rejsetid": D,
    "GET /api/snapshots/{snapshot_id}/travel/{layer}.geojson": A,
    # -- reports ------------------------------------------------------------------------
    "GET /rapporter": D,
    "GET /rapporter/{snapshot_id}/tal-og-fakta.{fmt}": A,
    "GET /rapporter/{snapshot_id}/notat.{fmt}": D,
    "GET /rapporter/{snapshot_id}/kortlag.gpkg": A,
    # -- OGC API – Features (a snapshot's map layers, read-only) ---------------------------
    "GET /ogc": A,
    "GET /ogc/api": A,
    "GET /ogc/conformance": A,
    "GET /ogc/collections": A,
    "GET /ogc/collections/{collection_id}": A,
    "GET /ogc/collections/{collection_id}/items": A,
    "GET /ogc/collections/{collection_id}/items/{feature_id}": A,
    # -- meeting ------------------------------------------------------------------------
    "GET /begreber": A,
    "GET /api/snapshots/{snapshot_id}/statuses": A,
    "GET /api/snapshots/{snapshot_id}/gross-list.{fmt}": D,
    "GET /api/snapshots/{snapshot_id}/final-list.{fmt}": D,
}
