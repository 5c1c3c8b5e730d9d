"""An alarm evaluator given alarm names evaluates only those: the local clouds of a process share
moto's CloudWatch, and each cloud's evaluator must act on its own deployment's alarms only.

moto's CloudWatch backend is used in this process, without a server: no alarm here has data and
each ignores missing data, so none changes state and nothing is sent over HTTP."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from emulation.alarms.evaluate import AlarmEvaluator
from emulation.alarms.moto_store import metric_alarms
from emulation.aws import ACCOUNT_ID, REGION


@pytest.fixture
def two_clouds_alarms() -> Iterator[tuple[str, str]]:
    """One alarm of each of two clouds, in the process's moto; removed afterwards."""
    from moto.cloudwatch.models import cloudwatch_backends

    backend = cloudwatch_backends[ACCOUNT_ID][REGION]
    names = (f"mine-{uuid.uuid4().hex[:8]}", f"theirs-{uuid.uuid4().hex[:8]}")
    for name in names:
        backend.put_metric_alarm(
            name=name,
            namespace="AWS/Lambda",
            metric_name="Errors",
            comparison_operator="GreaterThanOrEqualToThreshold",
            evaluation_periods=1,
            period=60,
            threshold=1.0,
            statistic="Sum",
            description="",
            dimensions=[{"Name": "FunctionName", "Value": name}],
            alarm_actions=[],
            treat_missing_data="ignore",  # no data: the state stays, nothing to send
        )
    try:
        yield names
    finally:
        backend.delete_alarms(list(names))


def test_an_evaluator_with_names_evaluates_only_those(two_clouds_alarms: tuple[str, str]) -> None:
    mine, theirs = two_clouds_alarms
    scoped = AlarmEvaluator("http://127.0.0.1:9", alarms=[mine, "not-deployed"])
    scoped.evaluate_all()
    assert scoped.last_pass == {"evaluated": 1, "skipped": 0}
    assert [a["AlarmName"] for a in metric_alarms(scoped.scope)] == [mine]

    every = AlarmEvaluator("http://127.0.0.1:9")  # no names: every alarm in moto
    assert {mine, theirs} <= {a["AlarmName"] for a in metric_alarms(every.scope)}
