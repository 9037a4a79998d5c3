"""The OpenAPI description, fuzzed by schemathesis against the running service: generated valid
and invalid requests to every operation (with an operator's key, so they reach the handlers) get
no 5xx."""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.core.result import Err

from tests.service.harness import Running

EXAMPLES_PER_OPERATION = 20
SKIPPED = {"/api/v1/stream"}
"""An open event stream never ends, so it is not a request/response operation to fuzz."""


def test_no_operation_answers_a_fuzzed_request_with_a_server_error(service: Running) -> None:
    schema = schemathesis.openapi.from_url(f"{service.url}/openapi.json")
    headers = {"Authorization": f"Bearer {service.tokens['operator']}"}
    failures: list[str] = []
    fuzzed = 0
    for result in schema.get_all_operations():
        if isinstance(result, Err):
            raise result.err()
        operation = result.ok()
        if operation.path in SKIPPED:
            continue
        fuzzed += 1

        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))  # fmt: skip
        @given(case=st.one_of(operation.as_strategy(GenerationMode.POSITIVE),
                              operation.as_strategy(GenerationMode.NEGATIVE)))  # fmt: skip
        def call(case: Any) -> None:
            response = case.call(base_url=service.url, headers=headers, timeout=30)
            if response.status_code >= 500:
                failures.append(
                    f"{case.method} {case.formatted_path} -> {response.status_code}: {response.text[:200]}"
                )

        call()
    assert fuzzed >= 15
    assert failures == []
