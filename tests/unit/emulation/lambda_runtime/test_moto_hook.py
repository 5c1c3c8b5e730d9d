"""moto's Lambda hook routes each function to the runtime of the cloud that registered it, so
clouds sharing the process's moto keep their own functions whichever started or stopped last."""

from __future__ import annotations

import json
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest

from emulation.lambda_runtime import moto_hook
from emulation.lambda_runtime.semantics import InvokeResult, Throttled


class FakeRuntime:
    """A runtime that knows some functions and answers with its own name."""

    def __init__(self, name: str, functions: set[str]) -> None:
        self.name = name
        self.functions = functions
        self.reserved: dict[str, int | None] = {}

    def registered(self, name: str) -> bool:
        return name in self.functions

    def invoke(self, name_or_arn: str, event: Any) -> InvokeResult:
        if event.get("throttle"):
            raise Throttled(f"{name_or_arn} has reserved concurrency 0")
        return InvokeResult({"ran_in": self.name, "event": event}, None, "", 1.0, False, "id")

    def set_reserved_concurrency(self, name_or_arn: str, reserved: int | None) -> None:
        self.reserved[name_or_arn] = reserved


@pytest.fixture
def clouds(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[FakeRuntime, FakeRuntime]]:
    # Only these two: a real cloud of the same process (the edges app's, kept for the whole
    # session by the integration tier) also registers "recorder".
    monkeypatch.setattr(moto_hook, "_runtimes", [])
    edges = FakeRuntime("edges", {"recorder", "shared"})
    whole = FakeRuntime("whole", {"api", "shared"})
    moto_hook.install(edges)
    moto_hook.install(whole)  # started later, beside the edges cloud
    try:
        yield edges, whole
    finally:
        moto_hook.uninstall(whole)
        moto_hook.uninstall(edges)


def _invoke(function_name: str, event: dict[str, Any]) -> tuple[Any, bool]:
    """moto's patched LambdaFunction._invoke_lambda, on a function of that name."""
    from moto.awslambda.models import LambdaFunction

    payload, failed, _ = LambdaFunction._invoke_lambda(
        SimpleNamespace(function_name=function_name), json.dumps(event)
    )
    return json.loads(payload), failed


def test_each_function_runs_in_the_runtime_that_registered_it(
    clouds: tuple[FakeRuntime, FakeRuntime],
) -> None:
    assert _invoke("recorder", {"n": 1}) == ({"ran_in": "edges", "event": {"n": 1}}, False)
    assert _invoke("api", {"n": 2})[0]["ran_in"] == "whole"
    assert _invoke("shared", {})[0]["ran_in"] == "whole"  # a name both know: the newest cloud's
    assert moto_hook.runtime_for("nobody's") is None  # moto answers as it would


def test_a_stopped_cloud_takes_only_its_own_routes(
    clouds: tuple[FakeRuntime, FakeRuntime],
) -> None:
    edges, whole = clouds
    moto_hook.uninstall(whole)
    assert _invoke("recorder", {})[0]["ran_in"] == "edges"
    assert _invoke("shared", {})[0]["ran_in"] == "edges"
    assert moto_hook.runtime_for("api") is None
    moto_hook.install(whole)  # started again: newest again
    moto_hook.uninstall(edges)
    assert moto_hook.runtime_for("recorder") is None
    assert moto_hook.runtime_for("api") is whole


def test_a_throttle_in_either_runtime_answers_as_lambda_does(
    clouds: tuple[FakeRuntime, FakeRuntime],
) -> None:
    body, failed = _invoke("recorder", {"throttle": True})
    assert failed and body["errorType"] == "TooManyRequestsException"
