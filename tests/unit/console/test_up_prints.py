"""What `compute-local up` prints once ready: enough for the aws CLI and boto3, the console,
moto's dashboard, and how to follow the aggregation it started."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from emulation.cli.up import print_welcome

ENDPOINT = "http://127.0.0.1:45123"
EXECUTION = (
    "arn:aws:states:eu-west-2:123456789012:execution:TattooDirectoryCompute-aggregation:up-1"
)


def printed(capsys: pytest.CaptureFixture[str]) -> str:
    cloud = SimpleNamespace(
        api_url="http://127.0.0.1:45124",
        endpoint_url=ENDPOINT,
        opensearch_url="http://127.0.0.1:45125",
        log_dir=Path("/tmp/logs"),
    )
    console = SimpleNamespace(url="http://127.0.0.1:45126/")
    print_welcome(cloud, 12.3, EXECUTION, Path("results/up.json"), console)
    return capsys.readouterr().out


def test_up_prints_the_console_dashboard_and_how_to_follow_the_aggregation(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = printed(capsys)
    assert "Console:      http://127.0.0.1:45126/" in out
    assert f"{ENDPOINT}/moto-api/" in out
    assert "http://127.0.0.1:45126/executions/up-1" in out
    assert f"aws stepfunctions describe-execution --execution-arn {EXECUTION}" in out


def test_the_printed_exports_are_what_boto3_needs(capsys: pytest.CaptureFixture[str]) -> None:
    exports = [line.strip() for line in printed(capsys).splitlines() if "export " in line]
    names = {line.split()[1].split("=")[0] for line in exports}
    assert {
        "AWS_ENDPOINT_URL",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
    } <= names
    # Pasted into a clean shell, they point boto3 at the local endpoint and region.
    probe = (
        "import boto3; c = boto3.client('sqs'); "
        "print(c.meta.endpoint_url, c.meta.region_name, "
        "c._request_signer._credentials.access_key)"
    )
    script = "\n".join([*exports, f'{sys.executable} -c "{probe}"'])
    result = subprocess.run(
        ["bash", "-c", script],
        env={"PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == [ENDPOINT, "eu-west-2", "testing"]
