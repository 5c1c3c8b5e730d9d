"""The chaos run's alarm verdict: exactly the expected alarms fired and cleared, and an
expected alarm that never fired because its metric is misnamed is reported as one that never
can (pure: no cloud)."""

from __future__ import annotations

from emulation.alarms.reach import service_metrics
from load.chaos.alarms import cannot_fire_locally, judge

LOCAL = service_metrics(["compute-sync"], ["compute-sync-failures"])
NAMES = {"compute-SyncErrors-1": "SyncFunctionErrorsAlarm"}


def deployed(**overrides: object) -> dict[str, object]:
    alarm: dict[str, object] = {
        "AlarmName": "compute-SyncErrors-1",
        "Namespace": "AWS/Lambda",
        "MetricName": "Errors",
        "Dimensions": [{"Name": "FunctionName", "Value": "compute-sync"}],
        "Statistic": "Sum",
    }
    return {**alarm, **overrides}


def test_exactly_the_expected_alarms_firing_and_clearing_pass() -> None:
    check = judge(
        {"SyncFunctionErrorsAlarm": "the sync crashed"},
        seen=["SyncFunctionErrorsAlarm"],
        cleared=["SyncFunctionErrorsAlarm"],
        cannot_fire={},
    )
    assert check.passed and check.expected == check.seen == ["SyncFunctionErrorsAlarm"]


def test_an_alarm_without_a_cause_or_one_left_in_alarm_fails() -> None:
    unexpected = judge(
        {}, seen=["ScrapeDlqMessagesAlarm"], cleared=["ScrapeDlqMessagesAlarm"], cannot_fire={}
    )
    assert not unexpected.passed and unexpected.unexpected == ["ScrapeDlqMessagesAlarm"]
    stuck = judge({"A": "why"}, seen=["A"], cleared=[], cannot_fire={})
    assert not stuck.passed and stuck.not_cleared == ["A"]


def test_an_alarm_the_fault_may_raise_is_not_without_a_cause_but_must_still_clear() -> None:
    possible = {"SyncIteratorAgeAlarm": "the backlog ages while search is down"}
    fired = judge({}, ["SyncIteratorAgeAlarm"], ["SyncIteratorAgeAlarm"], {}, possible)
    assert fired.passed and fired.unexpected == [] and fired.possible == possible
    quiet = judge({}, [], [], {}, possible)
    assert quiet.passed and quiet.missing == []  # not required either
    stuck = judge({}, ["SyncIteratorAgeAlarm"], [], {}, possible)
    assert not stuck.passed and stuck.not_cleared == ["SyncIteratorAgeAlarm"]
    without = judge({}, ["SyncIteratorAgeAlarm"], ["SyncIteratorAgeAlarm"], {})
    assert without.unexpected == ["SyncIteratorAgeAlarm"]


def test_an_expected_alarm_with_a_wrong_dimension_is_reported_as_never_able_to_fire() -> None:
    wrong = deployed(Dimensions=[{"Name": "FunctionName", "Value": "compute-synk"}])
    unfirable = cannot_fire_locally([wrong], LOCAL, NAMES)
    check = judge({"SyncFunctionErrorsAlarm": "the sync crashed"}, [], [], unfirable)
    assert not check.passed and check.missing == ["SyncFunctionErrorsAlarm"]
    assert "never with {FunctionName=compute-synk}" in check.cannot_fire["SyncFunctionErrorsAlarm"]
    assert "it can never fire" in check.describe()


def test_an_expected_alarm_with_a_wrong_metric_name_is_reported_as_never_able_to_fire() -> None:
    unfirable = cannot_fire_locally([deployed(MetricName="Error")], LOCAL, NAMES)
    check = judge({"SyncFunctionErrorsAlarm": "the sync crashed"}, [], [], unfirable)
    assert "nothing local emits AWS/Lambda Error " in check.cannot_fire["SyncFunctionErrorsAlarm"]


def test_the_right_alarm_is_not_called_unable_to_fire() -> None:
    assert cannot_fire_locally([deployed()], LOCAL, NAMES) == {}
