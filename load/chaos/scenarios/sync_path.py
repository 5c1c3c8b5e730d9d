"""Faults on the sync path: OpenSearch unreachable, a crashing sync, artists re-created below
their delete's version. Each compares the index with the table afterwards."""

from __future__ import annotations

import dataclasses
import threading
import time
from typing import Any

from load.chaos.probes import (
    compare,
    index_documents,
    replay,
    run_reconcile,
    sync_failure_records,
    wait_converged,
    wait_for_alarm,
    wait_recorded,
)
from load.chaos.result import ScenarioResult
from load.chaos.stack import Profile, Stack
from load.chaos.writes import ArtistWriter

# The stack's alarm on the sync's stream falling behind (AWS/Lambda IteratorAge).
ITERATOR_AGE_ALARM = "SyncIteratorAgeAlarm"


def scenario_search_down(stack: Stack, profile: Profile) -> ScenarioResult:
    result = ScenarioResult(
        name="search_down",
        injected=f"search_down (connections reset) for {profile.outage_s:g} s during "
        f"{profile.outage_writes} table writes at {profile.write_rate:g}/s",
        expected="after recovery (and the replay command for records that exhausted their "
        "retries) the index equals the table: same document count, same id+version checksum",
    )
    faults = stack.cloud.faults
    writer = ArtistWriter(stack, "art_chaossd", seed=11)
    start_at = min(5.0, profile.outage_writes / profile.write_rate / 4)
    window = {"on": False, "off": False}

    def during(elapsed: float) -> None:
        if not window["on"] and elapsed >= start_at:
            faults.set("search_down", mode="reset")
            window["on"] = True
            window["at"] = time.monotonic()  # type: ignore[assignment]
        if (
            window["on"]
            and not window["off"]
            and time.monotonic() - window["at"] >= profile.outage_s
        ):
            faults.clear("search_down")
            window["off"] = True

    try:
        wrote_s = writer.run(profile.outage_writes, profile.write_rate, during)
        if window["on"] and not window["off"]:
            time.sleep(max(0.0, profile.outage_s - (time.monotonic() - window["at"])))
    finally:
        faults.clear("search_down")
    after_recovery = wait_converged(stack, timeout_s=120)
    failed_over = sync_failure_records(stack)
    replayed: dict[str, Any] = {}
    final = after_recovery
    if failed_over or not after_recovery.exact:
        if failed_over:
            wait_for_alarm(stack, "SyncFailuresQueueMessagesAlarm")
        replayed = replay(stack)
        final = wait_converged(stack, timeout_s=60)
    result.lost, result.duplicated = final.lost, final.duplicated
    result.passed = final.exact and sync_failure_records(stack) == 0
    result.observed = (
        f"{writer.writes} writes in {wrote_s:.0f} s; after recovery: {after_recovery.describe()}; "
        f"{failed_over} failure records on the sync-failures queue"
        + (
            f"; replay re-drove {replayed.get('keys', 0)} keys from "
            f"{replayed.get('failureRecords', 0)} records ({replayed.get('stillFailing', 0)} "
            f"still failing); final: {final.describe()}"
            if replayed
            else "; no replay needed"
        )
    )
    if failed_over:
        result.alarms_named["SyncFailuresQueueMessagesAlarm"] = (
            f"{failed_over} records exhausted the mapping's retries while search was down"
        )
    result.alarms_possible[ITERATOR_AGE_ALARM] = (
        f"the stream's records wait out the {profile.outage_s:g} s outage and the backlog after "
        "it: past the alarm's threshold for its periods only on a slow or busy machine"
    )
    result.details = {
        "afterRecovery": dataclasses.asdict(after_recovery),
        "failureRecords": failed_over,
        "replay": replayed,
        "final": dataclasses.asdict(final),
    }
    return result


def scenario_sync_crash(stack: Stack, profile: Profile) -> ScenarioResult:
    function = stack.out("SyncFunctionName")
    result = ScenarioResult(
        name="sync_crash",
        injected=f"function_crash on the sync function, {profile.crash_fraction:.0%} of "
        f"invocations, during {profile.crash_writes} table writes; then on every invocation "
        f"during {profile.hard_crash_writes} more",
        expected="nothing lost: the mapping retries crashed batches, records that exhausted "
        "the retries go to the sync-failures queue and the replay re-drives them; the index "
        "equals the table; the sync errors alarm, then the sync-failures queue alarm",
    )
    runtime = stack.cloud.runtime
    before = dict(runtime.stats(function))
    stack.cloud.faults.function_crash(function, profile.crash_fraction)
    try:
        writer = ArtistWriter(stack, "art_chaoscr", seed=12)
        wrote_s = writer.run(profile.crash_writes, profile.write_rate)
        # A short profile may draw no crash at 5 %: write on (bounded) until one happened.
        while (
            runtime.stats(function).get("errors", 0) == before.get("errors", 0)
            and writer.writes < 10 * profile.crash_writes
        ):
            stack.cloud.event_sources.drain(10.0)
            if runtime.stats(function).get("errors", 0) > before.get("errors", 0):
                break
            wrote_s += writer.run(100, profile.write_rate)
        state = wait_converged(stack, timeout_s=120)
        # Then the sync crashes on every call: batches exhaust the mapping's retries and their
        # records reach the sync-failures queue (the second alarm the stack means to raise).
        stack.cloud.faults.function_crash(function, 1.0)
        hard = ArtistWriter(stack, "art_chaoshc", seed=15)
        hard.run(profile.hard_crash_writes, profile.write_rate)
        deadline = time.monotonic() + 120
        while sync_failure_records(stack) == 0 and time.monotonic() < deadline:
            stack.cloud.event_sources.drain(5.0)
    finally:
        stack.cloud.faults.clear("function_crash")
    after = dict(runtime.stats(function))
    errors = after.get("errors", 0) - before.get("errors", 0)
    invocations = after.get("invocations", 0) - before.get("invocations", 0)
    failed_over = sync_failure_records(stack)
    replayed: dict[str, Any] = {}
    if failed_over or not state.exact:
        if failed_over:
            wait_for_alarm(stack, "SyncFailuresQueueMessagesAlarm")
        replayed = replay(stack)
        state = wait_converged(stack, timeout_s=60)
    result.lost, result.duplicated = state.lost, state.duplicated
    result.passed = state.exact and errors > 0 and sync_failure_records(stack) == 0
    result.observed = (
        f"{writer.writes} writes in {wrote_s:.0f} s; {invocations} sync invocations, {errors} "
        f"crashed; {failed_over} failure records"
        + (f" (replayed {replayed.get('keys', 0)} keys)" if replayed else "")
        + f"; {state.describe()}"
    )
    if errors == 0:
        result.observed += "; the fault never fired, so nothing was tested"
    result.details = {"invocations": invocations, "crashes": errors, "replay": replayed}
    result.alarms_named = {
        "SyncFunctionErrorsAlarm": "the sync crashed",
        "SyncFailuresQueueMessagesAlarm": "records exhausted the retries of a crashing sync",
    }
    result.alarms_possible[ITERATOR_AGE_ALARM] = (
        "a crashed batch is retried from its first record, so the stream's backlog ages: past "
        "the alarm's threshold for its periods only on a slow or busy machine"
    )
    return result


def scenario_recreate_lower(stack: Stack, profile: Profile) -> ScenarioResult:
    from compute.domain.attribute_values import to_attribute_values
    from compute.domain.keys import artist_key

    count = profile.recreated
    result = ScenarioResult(
        name="recreate_lower",
        injected=f"{count} indexed artists (version 3) deleted, then written again at version 1 "
        f"(below each delete's tombstone at 4), while other writes go on at "
        f"{profile.background_rate:g}/s",
        expected="each refused write is on the sync-failures queue as `refused`; after the "
        "reconcile job 0 artists are missing from search and the index equals the table; the "
        "replay command clears the resolved records",
    )
    ddb = stack.client("dynamodb")
    writer = ArtistWriter(stack, "art_chaosrc", seed=13)
    artists = [
        dataclasses.replace(writer.pool[i % len(writer.pool)], artist_id=f"art_chaosre{i:05d}")
        for i in range(count)
    ]

    def put_all(version: int) -> None:
        for artist in artists:
            item = dataclasses.replace(artist, version=version).to_item()
            ddb.put_item(TableName=stack.table, Item=to_attribute_values(item))

    put_all(3)
    wait_converged(stack, timeout_s=120)
    background = {"stop": False, "writes": 0, "conflicts": 0}

    def keep_writing() -> None:
        other = ArtistWriter(stack, "art_chaosbg", seed=14)
        while not background["stop"]:
            other.run(10, profile.background_rate)
            background["writes"], background["conflicts"] = other.writes, other.conflicts

    thread = threading.Thread(target=keep_writing, name="chaos-background-writes", daemon=True)
    thread.start()
    try:
        for artist in artists:
            key = {k: {"S": v} for k, v in artist_key(artist.artist_id).items()}
            ddb.delete_item(TableName=stack.table, Key=key)
        put_all(1)
        # The re-created writes are settled once each refusal is recorded; waiting instead for
        # the index to settle would never end while the background writes go on (it timed out).
        recorded = wait_recorded(stack, "refused", count, timeout_s=300)
        before = compare(stack)
        indexed = index_documents(stack)
        missing_before = sum(1 for a in artists if a.artist_id not in indexed)
        report = run_reconcile(stack)
    finally:
        background["stop"] = True
        thread.join(timeout=30)
    after = wait_converged(stack, timeout_s=120)
    indexed = index_documents(stack)
    missing_after = sum(1 for a in artists if a.artist_id not in indexed)
    replayed = replay(stack)
    left = sync_failure_records(stack)
    result.lost, result.duplicated = max(after.lost, missing_after), after.duplicated
    result.passed = (
        missing_after == 0
        and after.exact
        and recorded.get("refused", 0) >= missing_before > 0
        and left == 0
    )
    result.observed = (
        f"{count} re-created; before reconcile {missing_before} missing from the index and "
        f"{recorded.get('refused', 0)} refused writes recorded ({before.describe()}); "
        f"reconcile found {report.get('missing')} missing, {report.get('stale')} stale, "
        f"{report.get('ahead')} ahead, {report.get('extra')} extra, raised "
        f"{report.get('versionsRaised')} versions, wrote {report.get('written')} in "
        f"{report.get('seconds')} s; after: {missing_after} missing, {after.describe()}; "
        f"{background['writes']} background writes ({background['conflicts']} found a raised "
        f"version and wrote above it); replay cleared {replayed.get('deleted', 0)} "
        f"records, {left} left"
    )
    result.alarms_named["SyncFailuresQueueMessagesAlarm"] = "the refused writes were recorded"
    result.details = {
        "missingBeforeReconcile": missing_before,
        "missingAfterReconcile": missing_after,
        "recorded": recorded,
        "reconcile": report,
        "replay": replayed,
        "left": left,
        "backgroundWrites": background["writes"],
        "backgroundConflicts": background["conflicts"],
    }
    return result
