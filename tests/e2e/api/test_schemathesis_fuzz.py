"""schemathesis against the local API gateway: requests generated from contracts/openapi.yaml
(valid and invalid) for every operation, each reply checked by every check schemathesis has
and by the spec's error rules. No 5xx; every error is problem+json with `type`, `title`,
`status`, `detail`, `instance` (and `invalid-params` on a 400).

Two of schemathesis' checks are replaced by the rule the contract states instead:
- `positive_data_acceptance`: a valid request may be refused only for a rule the schema cannot
  express (sort=distance without near, cursor with page, a cursor the API did not issue), and
  then the problem must name that parameter (`refusal_is_a_cross_parameter_rule`);
- `unsupported_method`: it wants 405, but an API Gateway HTTP API answers a method a route lacks
  with its own 404 `{"message": "Not Found"}` before the API is called (asserted below).

The run's figures (requests, replies by status class, failures by check) are written to
`results/fuzz.json`. CI runs FUZZ_MAX_EXAMPLES=100 per operation; `nox -s fuzz` runs the full
count (at least 5,000 requests)."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS as SCHEMATHESIS_CHECKS
from schemathesis.checks import load_all_checks

from tests.e2e.api.conftest import SeededApi
from tests.e2e.api.contract import PROBLEM_JSON, check_problem, document

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[3]
SPEC = ROOT / "contracts" / "openapi.yaml"
OUTPUT = Path(os.environ.get("FUZZ_OUTPUT", ROOT / "results" / "fuzz.json"))
SCHEMA = schemathesis.openapi.from_path(SPEC)
# Methods a route lacks are tried too; API Gateway routes only these (TRACE and QUERY are not
# HTTP API methods: the local gateway's HTTP server answers them 501 before any routing).
SCHEMA.config.phases.coverage.unexpected_methods = {"get", "post", "put", "patch", "delete"}
# Per operation; Hypothesis stops earlier where the inputs run out (GET /health has none).
MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "100"))
MIN_CASES = int(os.environ.get("FUZZ_MIN_REQUESTS", "500"))
# Every check schemathesis has, but the two the contract's own rule replaces (module doc).
REPLACED = {
    "positive_data_acceptance": "refusal_is_a_cross_parameter_rule: a valid request is refused "
    "only for a rule of several parameters, which the problem names",
    "unsupported_method": "a method a route lacks gets API Gateway's own 404 (HTTP APIs send "
    "no 405)",
}
# On an AWS_IAM route API Gateway refuses an unsigned request itself with 403 {"message":
# "Forbidden"} (HTTP APIs send no 401 there): that reply is checked instead of the 401 rule.
IAM_REPLACED = {
    "missing_required_header": "an unsigned request to an AWS_IAM route gets API Gateway's own "
    '403 {"message": "Forbidden"}, never a 401',
}
load_all_checks()
CHECKS = [c for c in SCHEMATHESIS_CHECKS.get_all() if c.__name__ not in REPLACED]
IAM_CHECKS = [c for c in CHECKS if c.__name__ not in IAM_REPLACED]
CASES: Counter[str] = Counter()
STATUSES: Counter[tuple[str, int]] = Counter()
FAILURES: Counter[str] = Counter()  # by check (ours named by their function)


def cross_parameter_rules_broken(query: dict[str, Any]) -> set[str]:
    """The parameters a schema-valid search may still be refused for (openapi.yaml: 'Rules that
    span parameters'): which of them this query breaks or may break."""
    names = set()
    if str(query.get("sort", "")).lower() == "distance" and "near" not in query:
        names.add("sort")
    if "cursor" in query:
        names.add("cursor")  # it may not decode, or belong to other criteria
        if "page" in query:
            names.add("page")
    return names


def removal_rules_broken(body: Any) -> set[str]:
    """The fields a schema-valid removal request may still be refused for (openapi.yaml:
    `instagramHandle` must also follow Instagram's own rules: no period first, last or twice
    in a row, not a reserved page name such as `explore`)."""
    return {"instagramHandle"} if isinstance(body, dict) and "instagramHandle" in body else set()


def header(response: Any, name: str) -> str:
    """A header of schemathesis' response (values are lists there)."""
    value = response.headers.get(name.lower(), "")
    return str(value[0] if isinstance(value, list) and value else value)


def needs_iam(case: Any) -> bool:
    """Whether the operation is an AWS_IAM route (its `security` names a SigV4 scheme)."""
    operation = document()["paths"].get(case.path, {}).get(case.method.lower(), {})
    return bool(operation.get("security"))


def is_documented(case: Any) -> bool:
    return case.method.lower() in document()["paths"].get(case.path, {})


def refusal_is_a_cross_parameter_rule(case: Any, body: dict[str, Any]) -> None:
    """A valid request refused with 400: only for a rule of several parameters, named."""
    named = {p["name"] for p in body["invalid-params"]}
    if case.operation.label == "POST /v1/removal-requests":
        allowed = removal_rules_broken(case.body)
    elif case.operation.label == "GET /v1/artists":
        allowed = cross_parameter_rules_broken(dict(case.query or {}))
    else:
        allowed = set()
    assert named and named <= allowed, (
        f"a request valid by the schema was refused: {case.operation.label} "
        f"query={case.query} path={case.path_parameters} body={case.body!r}; "
        f"invalid-params name {sorted(named)}, the rules allow only {sorted(allowed)}"
    )


@SCHEMA.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,  # a real HTTP round trip through the gateway and a Lambda
    derandomize=True,  # the same cases on every run, so CI failures reproduce
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_generated_requests_get_documented_replies(case: Any, seeded_api: SeededApi) -> None:
    CASES[case.operation.label] += 1
    response = case.call(base_url=seeded_api.url, session=seeded_api.http, timeout=35)
    STATUSES[(case.operation.label, response.status_code)] += 1
    if response.status_code >= 500:
        FAILURES["not_a_server_error"] += 1
    assert response.status_code < 500, (
        f"{case.operation.label} answered {response.status_code}: {response.text[:500]}\n"
        + case.as_curl_command()
    )
    if not is_documented(case):
        # A method the route lacks never reaches the API: the gateway has no route for it.
        assert response.status_code == 404, f"{case.method} {case.path}: {response.status_code}"
        assert response.json() == {"message": "Not Found"}
        return
    checks = IAM_CHECKS if needs_iam(case) else CHECKS
    failed = [check.__name__ for check in checks if _fails(case, response, check)]
    FAILURES.update(failed)
    if failed:
        case.validate_response(response, checks=checks)  # raises with schemathesis' report
    if response.status_code == 403 and needs_iam(case):
        # Unsigned: API Gateway's own refusal (openapi.yaml Forbidden), before the API runs.
        assert response.json() == {"message": "Forbidden"}, response.text[:300]
        return
    if response.status_code < 400 or response.status_code == 429:
        return  # a 429 is the gateway's own body (openapi.yaml TooManyRequests), checked above
    content_type = header(response, "content-type").split(";", 1)[0].strip().lower()
    assert content_type == PROBLEM_JSON, (
        f"{case.operation.label} {response.status_code} is not problem+json: "
        f"{content_type!r} {response.text[:300]!r}"
    )
    body = response.json()
    check_problem(body, response.status_code, f"{case.operation.label} {response.status_code}")
    if response.status_code == 400 and case.meta.generation.mode.is_positive:
        try:
            refusal_is_a_cross_parameter_rule(case, body)
        except AssertionError:
            FAILURES["refusal_is_a_cross_parameter_rule"] += 1
            raise


def _fails(case: Any, response: Any, check: Any) -> bool:
    try:
        case.validate_response(response, checks=[check])
    except Exception:  # schemathesis raises its Failure (an AssertionError) or a FailureGroup
        return True
    return False


def fuzz_summary() -> dict[str, Any]:
    """The run's figures for results/fuzz.json."""
    by_class: Counter[str] = Counter()
    for (_, status), n in STATUSES.items():
        by_class[f"{status // 100}xx"] += n
    return {
        "requests": sum(CASES.values()),
        "maxExamplesPerOperation": MAX_EXAMPLES,
        "operations": dict(sorted(CASES.items())),
        "responses": dict(sorted(by_class.items())),
        "statuses": {f"{op} {status}": n for (op, status), n in sorted(STATUSES.items())},
        "serverErrors": by_class.get("5xx", 0),
        "checks": [*sorted(c.__name__ for c in CHECKS), "refusal_is_a_cross_parameter_rule"],
        "replaced": {**REPLACED, **IAM_REPLACED},
        "failures": {
            name: FAILURES.get(name, 0)
            for name in sorted([c.__name__ for c in CHECKS] + ["refusal_is_a_cross_parameter_rule"])
        },
        "failuresTotal": sum(FAILURES.values()),
    }


def test_enough_generated_cases_ran() -> None:
    """Runs after the generated tests (file order); fails when they ran too few cases."""
    if not CASES:
        pytest.skip("the generated tests were not selected in this run")
    total = sum(CASES.values())
    summary = fuzz_summary()
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print(f"\nschemathesis cases: {total} " + ", ".join(f"{k}={v}" for k, v in CASES.items()))
    print("replies: " + ", ".join(f"{op} {status}: {n}" for (op, status), n in STATUSES.items()))
    print(f"failures by check: {summary['failures']}; written to {OUTPUT}")
    assert total >= MIN_CASES, f"only {total} generated cases ran; expected >= {MIN_CASES}"
    assert summary["serverErrors"] == 0 and summary["failuresTotal"] == 0, summary
