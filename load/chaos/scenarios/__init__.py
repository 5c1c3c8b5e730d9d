"""The scenarios by name, and one scenario run so that an exception is a failed result."""

from __future__ import annotations

import contextlib
import dataclasses
import time
from collections.abc import Callable

from load.chaos.alarms import AlarmWatch
from load.chaos.result import ScenarioResult
from load.chaos.scenarios.pipeline import (
    scenario_places_bursts,
    scenario_poison_job,
    scenario_scraper_sigterm,
    scenario_slow_failing_sites,
    settle_run,
)
from load.chaos.scenarios.sync_path import (
    scenario_recreate_lower,
    scenario_search_down,
    scenario_sync_crash,
)
from load.chaos.stack import Profile, Stack

SCENARIOS: dict[str, Callable[[Stack, Profile], ScenarioResult]] = {
    "search_down": scenario_search_down,
    "sync_crash": scenario_sync_crash,
    "places_bursts": scenario_places_bursts,
    "scraper_sigterm": scenario_scraper_sigterm,
    "poison_job": scenario_poison_job,
    "slow_failing_sites": scenario_slow_failing_sites,
    "recreate_lower": scenario_recreate_lower,
}


def run_scenario(name: str, stack: Stack, profile: Profile) -> ScenarioResult:
    """One scenario, timed; an exception is a failed scenario that says what broke."""
    began = time.perf_counter()
    watch = AlarmWatch(stack)
    left_in_alarm = watch.begin()
    try:
        result = SCENARIOS[name](stack, profile)
    except Exception as error:
        result = ScenarioResult(
            name=name,
            injected="(see the scenario)",
            expected="(see the scenario)",
            observed=f"the scenario broke: {type(error).__name__}: {error}",
            lost=-1,
            passed=False,
        )
    finally:
        with contextlib.suppress(Exception):
            stack.cloud.faults.clear()
    run_id = result.details.get("settledRun")
    settle = (lambda: settle_run(stack, result, run_id)) if run_id else None
    check = watch.end(
        result.alarms_named, ignored=left_in_alarm, settle=settle, possible=result.alarms_possible
    )
    result.alarms_expected, result.alarms_seen = check.expected, check.seen
    result.alarms = {
        **dataclasses.asdict(check),
        "passed": check.passed,
        "leftInAlarmBefore": left_in_alarm,
    }
    if not check.passed:
        result.passed = False
        result.observed += f"; {check.describe()}"
    result.seconds = round(time.perf_counter() - began, 1)
    return result
