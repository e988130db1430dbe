"""Schemathesis over the app's OpenAPI spec, authenticated as a planner with an API token:
no input makes the server fail (no 5xx), and every response conforms to the documented
schema (status code, content type, body) — the committee's decision form included."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from access_users import api_token
from praksisplan.core.dataset import Dataset
from praksisplan.store import Store
from praksisplan.web.app import create_app

#: Examples per operation: enough to reach every parameter's edges, bounded to ~30 s in all.
MAX_EXAMPLES = 25
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module")
def fuzzed_app(
    tmp_path_factory: pytest.TempPathFactory, tiny_dataset: Dataset
) -> tuple[object, str]:
    url = f"sqlite:///{Path(tmp_path_factory.mktemp('fuzz')) / 'store.db'}"
    with Store(url) as store:
        store.load_dataset(tiny_dataset, source="tiny")
    return create_app(url), api_token(url, "planner")


def test_the_schema_states_both_auth_schemes(fuzzed_app: tuple[object, str]) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", fuzzed_app[0]).raw_schema
    assert set(schema["components"]["securitySchemes"]) == {"session", "apiToken"}
    assert schema["components"]["securitySchemes"]["apiToken"]["scheme"] == "bearer"


def test_no_server_errors(fuzzed_app: tuple[object, str]) -> None:
    app, token = fuzzed_app
    auth = {"Authorization": f"Bearer {token}"}
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 13
    assert "POST /truede/beslutning" in {o.label for o in operations}
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def call(case: schemathesis.Case) -> None:
            response = case.call_and_validate(headers=auth, checks=CHECKS)
            assert response.status_code not in (401, 403)

        call()


def test_a_response_off_its_schema_is_caught(tmp_path: Path, tiny_dataset: Dataset) -> None:
    """The conformance checks are live: a schema saying a snapshot's name is an integer
    makes the (string) name in the response a failure."""
    url = f"sqlite:///{tmp_path / 'store.db'}"
    with Store(url) as store:
        store.load_dataset(tiny_dataset, source="tiny")
    app = create_app(url)
    auth = {"Authorization": f"Bearer {api_token(url, 'planner')}"}
    spec = app.openapi()
    spec["components"]["schemas"]["SnapshotOut"]["properties"]["name"] = {"type": "integer"}
    app.openapi_schema = spec
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    case = schema["/api/snapshots"]["GET"].Case()
    with pytest.raises(BaseExceptionGroup) as caught:
        case.call_and_validate(headers=auth, checks=[response_schema_conformance])
    (failure,) = caught.value.exceptions
    assert "Response violates schema" in str(failure)
    assert '"Tiny test region" is not of type "integer"' in str(failure)
