"""What Lambda does with a function and an invocation, apart from processes (pure): the local
scaling rule, the container environment, error documents, log lines, name resolution."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from emulation.lambda_runtime.semantics import (
    COLD_STARTS_AT_ONCE,
    GROW_AFTER_S,
    IDLE_RETIRE_S,
    LOCAL_CONCURRENCY_CAP,
    QUEUED_GROW_AFTER_S,
    SPARE_CORES_TO_GROW,
    STARVED_GROW_AFTER_S,
    FunctionNotFound,
    FunctionSpec,
    container_cap,
    container_environment,
    core_to_spare,
    function_name,
    grow_at,
    idle_retire_s,
    invocation_log_lines,
    may_start,
    runtime_exit_error,
    timeout_error,
)

ARN = "arn:aws:lambda:eu-west-2:123456789012:function:api"


def spec(**changes: object) -> FunctionSpec:
    base = FunctionSpec(name="api", arn=ARN, handler="app.handler", code_dir=Path("/code"))
    for key, value in changes.items():
        setattr(base, key, value)
    return base


def test_reserved_concurrency_is_the_cap_until_the_local_cap() -> None:
    assert container_cap(spec()) == LOCAL_CONCURRENCY_CAP
    assert container_cap(spec(reserved_concurrency=3)) == 3
    assert container_cap(spec(reserved_concurrency=0)) == 0
    assert container_cap(spec(reserved_concurrency=10_000)) == LOCAL_CONCURRENCY_CAP


def test_only_a_few_containers_may_initialise_at_once() -> None:
    assert may_start(size=1, cap=10, starting=COLD_STARTS_AT_ONCE - 1)
    assert not may_start(size=1, cap=10, starting=COLD_STARTS_AT_ONCE)
    assert not may_start(size=10, cap=10, starting=0)


def test_the_first_container_starts_at_once() -> None:
    assert grow_at(now=5.0, size=0, waited_from=5.0, freed_at=0.0) == 5.0


def test_another_starts_after_a_wait_in_which_no_container_came_free() -> None:
    assert grow_at(now=5.0, size=1, waited_from=5.0, freed_at=0.0) == 5.0 + GROW_AFTER_S


def test_a_container_coming_free_postpones_growth_until_the_queue_wait_bound() -> None:
    waited_from = 5.0
    freed_long_after = waited_from + QUEUED_GROW_AFTER_S
    assert grow_at(7.0, 1, waited_from, freed_long_after) == waited_from + QUEUED_GROW_AFTER_S
    assert grow_at(7.0, 1, waited_from, 5.05) == 5.05 + GROW_AFTER_S


def test_a_name_an_arn_or_a_qualified_arn_means_the_registered_function() -> None:
    names = {"api": object()}
    by_arn = {ARN: "api"}
    assert function_name("api", names, by_arn) == "api"
    assert function_name(ARN, names, by_arn) == "api"
    assert function_name(f"{ARN}:live", names, by_arn) == "api"
    with pytest.raises(FunctionNotFound, match="'other' is not registered; known: \\['api'\\]"):
        function_name("other", names, by_arn)


def test_the_container_sees_lambdas_variables_the_templates_and_no_other_of_ours() -> None:
    parent = {"PATH": "/bin", "SECRET_OF_THE_HOST": "x", "AWS_REGION": "eu-west-1"}
    env = container_environment(
        spec(environment={"TABLE": "t", "POWERTOOLS_TRACE_DISABLED": "false"}, memory_mb=512),
        parent,
        "http://127.0.0.1:5000",
        "/usr/bin",
    )
    assert "SECRET_OF_THE_HOST" not in env
    assert env["PATH"] == "/bin"
    assert env["AWS_REGION"] == env["AWS_DEFAULT_REGION"] == "eu-west-1"
    assert env["AWS_ENDPOINT_URL"] == "http://127.0.0.1:5000"
    assert env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] == "512"
    assert env["AWS_LAMBDA_LOG_GROUP_NAME"] == "/aws/lambda/api"
    assert env["_HANDLER"] == "app.handler"
    assert env["TABLE"] == "t"
    assert env["POWERTOOLS_TRACE_DISABLED"] == "false"  # the template wins


def test_error_documents_name_the_request() -> None:
    assert timeout_error("r-1", 3.0) == {
        "errorType": "Sandbox.Timedout",
        "errorMessage": "RequestId: r-1 Error: Task timed out after 3.00 seconds",
    }
    assert runtime_exit_error("r-1", BrokenPipeError("pipe"))["errorType"] == "Runtime.ExitError"


def test_an_invocation_is_framed_by_start_end_and_a_report() -> None:
    lines = invocation_log_lines(
        spec(memory_mb=256),
        "r-1",
        "hello\nworld\n",
        duration_ms=12.345,
        init_ms=300.0,
        max_rss_mb=80,
        error=None,
        now=datetime(2026, 1, 1, tzinfo=UTC),
    )
    assert lines[:3] == ["START RequestId: r-1 Version: $LATEST", "hello", "world"]
    assert lines[3] == "END RequestId: r-1"
    assert lines[4] == (
        "REPORT RequestId: r-1\tDuration: 12.35 ms\tBilled Duration: 13 ms\t"
        "Memory Size: 256 MB\tMax Memory Used: 80 MB\tInit Duration: 300.00 ms"
    )


def test_a_timed_out_invocation_logs_the_timeout_before_its_end() -> None:
    error = timeout_error("r-1", 3.0)
    lines = invocation_log_lines(
        spec(),
        "r-1",
        "",
        duration_ms=3000.0,
        init_ms=None,
        max_rss_mb=0,
        error=error,
        now=datetime(2026, 1, 1, tzinfo=UTC),
    )
    assert lines[1] == f"2026-01-01T00:00:00+00:00 {error['errorMessage']}"
    assert "Init Duration" not in lines[-1]


def test_an_out_of_memory_kill_is_reported_as_aws_does() -> None:
    error = {"errorType": "Runtime.OutOfMemory", "errorMessage": "killed"}
    lines = invocation_log_lines(
        spec(),
        "r-1",
        "",
        duration_ms=1.0,
        init_ms=None,
        max_rss_mb=129,
        error=error,
        now=datetime(2026, 1, 1, tzinfo=UTC),
    )
    assert lines[-1].endswith("\tStatus: error\tError Type: Runtime.OutOfMemory")


def test_one_container_per_core_needs_no_spare_core() -> None:
    assert core_to_spare(size=0, cores=2, idle_cores=0.0, waited_s=0.0)
    assert core_to_spare(size=1, cores=2, idle_cores=0.0, waited_s=0.0)
    assert not core_to_spare(size=2, cores=2, idle_cores=0.0, waited_s=0.0)


def test_past_that_another_needs_half_a_core_idle_or_a_starved_call() -> None:
    assert core_to_spare(size=3, cores=2, idle_cores=SPARE_CORES_TO_GROW, waited_s=0.2)
    assert not core_to_spare(size=3, cores=2, idle_cores=SPARE_CORES_TO_GROW - 0.01, waited_s=0.2)
    assert not core_to_spare(size=3, cores=2, idle_cores=0.0, waited_s=STARVED_GROW_AFTER_S - 0.01)
    assert core_to_spare(size=3, cores=2, idle_cores=0.0, waited_s=STARVED_GROW_AFTER_S)


def test_idle_containers_retire_after_the_default_unless_the_environment_says_otherwise() -> None:
    assert idle_retire_s({}) == IDLE_RETIRE_S
    assert idle_retire_s({"LOCAL_LAMBDA_IDLE_S": "20"}) == 20.0
    assert idle_retire_s({"LOCAL_LAMBDA_IDLE_S": "0"}) == 0.0  # never
    with pytest.raises(ValueError, match="LOCAL_LAMBDA_IDLE_S"):
        idle_retire_s({"LOCAL_LAMBDA_IDLE_S": "soon"})
