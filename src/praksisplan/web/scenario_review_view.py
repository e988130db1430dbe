"""What the scenario page shows of the committee's review (comments and marks).

Kept apart from the routers so the scenario page (``routers/scenarios.py``) and the review's
forms and API (``routers/scenario_review.py``) share it without importing each other.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from praksisplan.store import ScenarioReview, Store
from praksisplan.store.scenario_tables import MAX_COMMENT_CHARS, SCENARIO_MARKS
from praksisplan.web.auth.matrix import ROUTES
from praksisplan.web.auth.principal import current_user

#: The route whose rule decides whether the page shows the comment and mark forms.
REVIEW_ROUTE = "POST /scenarier/{scenario_id}/kommentar"
#: Longest refusal shown back on the page (it comes back in the URL).
MAX_SHOWN_ERROR = 500


def review_context(request: Request, store: Store, scenario_id: int) -> dict[str, Any]:
    """What the scenario page shows of the review: comments, marks, the user's own marks,
    whether the user may comment and mark, and a refused form's message."""
    review = ScenarioReview(store)
    user = current_user(request)
    marks = review.marks(scenario_id)
    return {
        "comments": review.comments(scenario_id),
        "marks": marks,
        "mark_labels": SCENARIO_MARKS,
        "own_marks": {m.mark for m in marks if m.marked_by_username == user.username},
        "may_review": ROUTES[REVIEW_ROUTE].allows(user.role),
        "max_comment_chars": MAX_COMMENT_CHARS,
        "review_error": request.query_params.get("fejl", "")[:MAX_SHOWN_ERROR],
    }
