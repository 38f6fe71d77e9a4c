"""Fuzz the API from its own OpenAPI document (schemathesis): no input gives a 5xx.

Every operation is called with generated parameters and bodies, valid and invalid; the POSTs carry
the CSRF cookie and header so they reach validation and the handlers (the write
token is never sent, so nothing is written and no URL is fetched). Each answer
must be no server error, and must match the schema the document gives for it.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)
from webhelp import csrf

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

MAX_EXAMPLES = int(os.environ.get("FOEDUS_FUZZ_EXAMPLES", "25"))  # per operation and mode


def _fuzzer(operation, mode: GenerationMode, token: str):  # type: ignore[no-untyped-def]
    """A hypothesis test calling ``operation`` with generated input of one mode."""
    from schemathesis.checks import not_a_server_error

    checks = [not_a_server_error, response_schema_conformance, status_code_conformance]
    if mode is GenerationMode.NEGATIVE:
        checks = [not_a_server_error]  # invalid input: only "no 5xx" is asked

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    def run(case) -> None:  # type: ignore[no-untyped-def]
        # Never the write token: nothing is written and no URL is fetched.
        headers = {k: v for k, v in (case.headers or {}).items() if k.lower() != "x-foedus-token"}
        if case.method == "POST":
            headers["X-CSRF-Token"] = token
            case.cookies = {**(case.cookies or {}), "foedus_csrf": token}
        case.headers = headers
        # A generous timeout: on a busy machine the first article read loads the gazetteer.
        case.call_and_validate(
            checks=checks, excluded_checks=[negative_data_rejection], timeout=120
        )

    return run


def test_no_5xx_and_answers_match_the_spec(app, client) -> None:  # type: ignore[no-untyped-def]
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app)
    token = csrf(client)["X-CSRF-Token"]
    # Warm up what the first request of a kind loads (the news reader, the reliability table).
    client.post("/api/review/ingest", json={"text": "warm up"}, headers={"X-CSRF-Token": token})
    client.get("/api/reliability")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10
    for operation in operations:
        for mode in GenerationMode:
            try:
                _fuzzer(operation, mode, token)()
            except Unsatisfiable:
                # No invalid input exists for an operation without parameters (/api/status).
                assert mode is GenerationMode.NEGATIVE, operation.path
