"""A function runs on the Python its template declares (python3.12 in the stack) when the machine
has one, with the Lambda layer's packages built for it; otherwise on the local cloud's own
Python, and the deploy report names that fallback. Real worker processes, real moto."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from emulation.aws import ACCOUNT_ID, client
from emulation.deploy import Deployer, Targets
from emulation.lambda_runtime import FunctionSpec, LambdaRuntime, interpreters

pytestmark = pytest.mark.integration

HANDLERS = Path(__file__).with_name("handlers")
DECLARED = "python3.12"  # the stack's Runtime (tests/infra checks the template says so)
HERE = f"{sys.version_info.major}.{sys.version_info.minor}"


@pytest.fixture
def runtime(moto_endpoint: str, tmp_path: Path) -> Iterator[LambdaRuntime]:
    local = LambdaRuntime(tmp_path / "logs", moto_endpoint)
    yield local
    local.shutdown()


def spec(name: str, runtime: str | None) -> FunctionSpec:
    return FunctionSpec(
        name=name,
        arn=f"arn:aws:lambda:eu-west-2:{ACCOUNT_ID}:function:{name}",
        handler="core_handlers.interpreter",
        code_dir=HANDLERS,
        timeout_s=30.0,
        runtime=runtime,
    )


def test_a_function_runs_on_the_python_its_template_declares(runtime: LambdaRuntime) -> None:
    declared = interpreters.declared_version(DECLARED)
    assert declared is not None
    if declared == HERE:
        pytest.skip(f"the local cloud itself runs on Python {HERE}: nothing to choose")
    if interpreters.find_python(declared) is None:
        pytest.skip(f"no Python {declared} on this machine (pyenv or PATH): the fallback test")
    runtime.register(spec("declared-python", DECLARED))
    chosen = runtime.interpreter("declared-python")
    assert chosen.fallback is None, chosen.fallback
    result = runtime.invoke("declared-python", ["aws_lambda_powertools", "selectolax"])
    assert result.function_error is None, result.payload
    assert result.payload["version"] == declared
    # The layer's packages, built for that Python, not the local cloud's own.
    assert result.payload["prefix"] == chosen.environment_dir != sys.prefix
    for origin in result.payload["origins"].values():
        assert origin is not None and origin.startswith(chosen.environment_dir), origin


def test_a_python_the_machine_lacks_falls_back_and_says_why(runtime: LambdaRuntime) -> None:
    runtime.register(spec("missing-python", "python3.99"))
    chosen = runtime.interpreter("missing-python")
    assert chosen.executable == sys.executable
    assert chosen.fallback == "declared python3.99, runs on Python " + HERE + (
        ": no Python 3.99 on this machine"
    )
    assert runtime.invoke("missing-python", []).payload["version"] == HERE


def test_the_deploy_report_names_the_fallback(
    moto_endpoint: str, runtime: LambdaRuntime, tmp_path: Path
) -> None:
    template = {
        "Resources": {
            "Role": {
                "Type": "AWS::IAM::Role",
                "Properties": {
                    "AssumeRolePolicyDocument": {
                        "Version": "2012-10-17",
                        "Statement": [
                            {
                                "Effect": "Allow",
                                "Principal": {"Service": "lambda.amazonaws.com"},
                                "Action": "sts:AssumeRole",
                            }
                        ],
                    }
                },
            },
            "Fn": {
                "Type": "AWS::Lambda::Function",
                "Properties": {
                    "FunctionName": "fallback-fn",
                    "Runtime": "python3.99",
                    "Handler": "index.handler",
                    "Role": {"Fn::GetAtt": ["Role", "Arn"]},
                    "Code": {"ZipFile": "def handler(event, context):\n    return 1\n"},
                },
            },
        }
    }
    (tmp_path / "Fn.template.json").write_text(json.dumps(template))
    (tmp_path / "manifest.json").write_text(
        json.dumps(
            {
                "version": "55.0.0",
                "artifacts": {
                    "Fn": {
                        "type": "aws:cloudformation:stack",
                        "properties": {"templateFile": "Fn.template.json"},
                    }
                },
            }
        )
    )
    os.environ.setdefault("AWS_ENDPOINT_URL", moto_endpoint)
    deployment = Deployer(
        tmp_path, lambda service: client(service, moto_endpoint), Targets(runtime=runtime)
    ).deploy()
    [named] = [
        e for e in deployment.properties_not_emulated if e.type == "AWS::Lambda::Function.Runtime"
    ]
    assert named.logical_id == "Fn" and "no Python 3.99 on this machine" in named.detail
    assert "no Python 3.99 on this machine" in deployment.format_report()
