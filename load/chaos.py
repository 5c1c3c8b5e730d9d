"""Fault scenarios against the whole local cloud, with lost/duplicated counts:
results/chaos.json, a table at the end and results/chaos.html beside the JSON.

    python -m load.chaos                  # the full profile (nox -s chaos)
    python -m load.chaos --profile ci     # fewer writes, shorter outages (tests/e2e runs it)
    python -m load.chaos --only search_down sync_crash

Every scenario drives the deployed stack through its public edges (the table, the state
machine, SQS, ECS StopTask) while a named fault from `emulation.faults` is on, then compares
what the system holds with what it should hold:

- `search_down`: OpenSearch unreachable (the fault proxy resets connections) for N s during M
  writes; after recovery the index must equal the table (document count and a checksum of
  id+version). Records that exhausted the mapping's retries went to the sync-failures queue;
  the replay command (`python -m load.replay`, see docs/OPERATIONS.md) re-drives them to the
  same convergence.
- `sync_crash`: the sync function crashes on 5 % of invocations during M writes.
- `places_bursts`: the Places API answers 429 and 500 in bursts; the run completes and the
  Places circuit breaker opens and closes (CircuitOpened/CircuitClosed in its EMF metrics).
- `scraper_sigterm`: a scraper task is stopped (SIGTERM, as a Spot interruption) mid-run;
  every scrape job of the run ends as an artist or a dead letter / failure record.
- `poison_job`: an unreadable scrape job is dead-lettered after 3 receives, with the reason in
  the scraper's log.
- `slow_failing_sites`: some studio sites stall or fail; the run succeeds and the failures are
  recorded.
- `recreate_lower`: N indexed artists are deleted and written again at a lower version (a
  restore, a re-seed, a manual put) while other writes go on. The index keeps each delete's
  tombstone above the new version, so the sync's writes are refused: each must be on the
  sync-failures queue as `refused` (none silently counted as success), and after the reconcile
  job (`compute-local reconcile`, the deployed function) every one is searchable again and the
  index equals the table; the replay command then clears the resolved records.

`lost` counts records (or jobs) the system should hold and does not; `duplicated` counts
documents or artists it holds twice or should not hold. A scenario passes only with both 0.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import hashlib
import json
import os
import random
import re
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from emulation.credentials import use_fake_aws
from load.report import chaos_report, write_html

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "results"
DEFAULT_ASSEMBLY = ROOT / "infra" / "cdk.out"
INDEX_ALIAS = "artists"
DAILY_RULE = "DailyAggregationSchedule"
NO_PROXY = "127.0.0.1,localhost,::1"
QUERIES = ("tattoo studio", "tattoo parlour")


@dataclass(frozen=True)
class Profile:
    """How hard each scenario pushes."""

    name: str
    outage_writes: int
    outage_s: float
    write_rate: float  # writes per second while a fault is on
    crash_writes: int
    crash_fraction: float
    world_studios: int
    max_studios: int  # studios per chaos pipeline run
    places_burst: int  # 429s, then as many 500s
    site_fault_fraction: float
    site_stall_s: float
    run_timeout_s: float
    scraper_idle_exit_s: float
    recreated: int = 500  # artists deleted and re-created below their delete's version
    background_rate: float = 10.0  # other writes per second meanwhile


PROFILES = {
    "full": Profile(
        name="full",
        outage_writes=2000,
        outage_s=20.0,
        write_rate=50.0,
        crash_writes=1000,
        crash_fraction=0.05,
        world_studios=12,
        max_studios=8,
        places_burst=6,
        site_fault_fraction=0.3,
        site_stall_s=2.0,
        run_timeout_s=900.0,
        scraper_idle_exit_s=5.0,
    ),
    "ci": Profile(
        name="ci",
        outage_writes=300,
        outage_s=5.0,
        write_rate=60.0,
        crash_writes=200,
        crash_fraction=0.05,
        world_studios=8,
        max_studios=2,
        places_burst=6,
        site_fault_fraction=0.3,
        site_stall_s=1.0,
        run_timeout_s=420.0,
        scraper_idle_exit_s=3.0,
        recreated=100,
        background_rate=5.0,
    ),
}


@dataclass
class ScenarioResult:
    name: str
    injected: str
    expected: str
    observed: str = ""
    lost: int = 0
    duplicated: int = 0
    passed: bool = False
    seconds: float = 0.0
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


# --- the stack under test --------------------------------------------------------------------


@dataclass
class Stack:
    """The deployed local cloud (and the synthetic world it crawls), named by its outputs."""

    cloud: Any
    world: Any

    def out(self, name: str) -> str:
        return str(self.cloud.outputs[name])

    @property
    def table(self) -> str:
        return self.out("TableName")

    def client(self, service: str) -> Any:
        return self.cloud.client(service)

    def search(self) -> Any:
        """A client on the real node (not through the fault proxy): what the index holds."""
        from opensearchpy import OpenSearch

        node = getattr(self.cloud, "opensearch", None)
        url = node.url if node is not None else self.cloud.opensearch_url
        return OpenSearch(hosts=[url], timeout=30)

    def rule_name(self, logical_id: str) -> str:
        [name] = [r for r in self.cloud.schedules.rules() if f"-{logical_id}-" in r]
        return str(name)

    def rule_input(self, logical_id: str) -> dict[str, Any]:
        """The constant input the rule's (first) target sends, as deployed."""
        name = self.rule_name(logical_id)
        targets = self.client("events").list_targets_by_rule(Rule=name)["Targets"]
        return dict(json.loads(targets[0]["Input"]))


def rule_city(assembly: Path) -> str:
    """The first city of the daily aggregation rule's input, from the synthesized template."""
    for template in assembly.glob("*.template.json"):
        resources = json.loads(template.read_text(encoding="utf-8")).get("Resources", {})
        rule = resources.get(DAILY_RULE)
        if rule:
            return str(json.loads(rule["Properties"]["Targets"][0]["Input"])["cities"][0])
    raise LookupError(f"no {DAILY_RULE} rule in {assembly}")


def start_world(
    cloud: Any, *, city: str, studios: int, seed: int = 7, idle_exit_s: float = 3.0
) -> Any:
    """A synthetic world for `city`, sharing the cloud's fault registry, and the cloud's
    functions and scraper tasks pointed at it (Places URL, proxy, the world's API key)."""
    from emulation.pipeline_run import install_fast_moto_transactions, point_functions_at_world
    from emulation.world import World

    # moto 5.2.5 copies the whole table per transaction item: with thousands of chaos artists
    # in the table, discovery's writes time out (the pipeline's documented local deviation).
    install_fast_moto_transactions()

    world = World(
        seed=seed,
        studios=studios,
        city_name=city,
        faults=cloud.faults,
        log_path=cloud.state_dir / "world-requests.jsonl",
    )
    endpoints = world.start()
    point_functions_at_world(cloud, endpoints)
    proxy_env = {
        "HTTP_PROXY": endpoints.proxy_url,
        "http_proxy": endpoints.proxy_url,
        "NO_PROXY": NO_PROXY,
        "no_proxy": NO_PROXY,
        "IDLE_EXIT_S": f"{idle_exit_s:g}",
    }
    if cloud.ecs is not None:
        cloud.ecs.extra_env.update(proxy_env)
    return world


# --- what the table and the index hold --------------------------------------------------------


def table_artists(stack: Stack) -> dict[str, int]:
    """Listed artists (not opted out) by id -> version, from a consistent scan of the table."""
    ddb = stack.client("dynamodb")
    found: dict[str, int] = {}
    request: dict[str, Any] = {
        "TableName": stack.table,
        "FilterExpression": "#t = :t",
        "ExpressionAttributeNames": {"#t": "type"},
        "ExpressionAttributeValues": {":t": {"S": "artist"}},
        "ConsistentRead": True,
    }
    while True:
        reply = ddb.scan(**request)
        for item in reply.get("Items", []):
            if item.get("opted_out", {}).get("BOOL") is True:
                continue
            found[item["artistId"]["S"]] = int(item["version"]["N"])
        if not reply.get("LastEvaluatedKey"):
            return found
        request["ExclusiveStartKey"] = reply["LastEvaluatedKey"]


def index_documents(stack: Stack) -> dict[str, int]:
    """Every document in the index by id -> external version."""
    from opensearchpy import NotFoundError, helpers

    client = stack.search()
    try:
        client.indices.refresh(index=INDEX_ALIAS)
    except NotFoundError:
        return {}  # a fresh cloud: the sync creates the index with its first batch
    return {
        str(hit["_id"]): int(hit["_version"])
        for hit in helpers.scan(client, index=INDEX_ALIAS, version=True, _source=False)
    }


def checksum(versions: Mapping[str, int]) -> str:
    digest = hashlib.sha256()
    for artist_id in sorted(versions):
        digest.update(f"{artist_id}:{versions[artist_id]}\n".encode())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Convergence:
    table: int
    index: int
    lost: int  # in the table, missing from the index or at an older version
    duplicated: int  # in the index although not (or no longer) in the table, or newer
    table_checksum: str
    index_checksum: str

    @property
    def exact(self) -> bool:
        return (
            self.lost == 0 and self.duplicated == 0 and self.table_checksum == self.index_checksum
        )

    def describe(self) -> str:
        return (
            f"table {self.table} artists, index {self.index} documents, checksum "
            f"{self.table_checksum} vs {self.index_checksum}, lost {self.lost}, "
            f"duplicated {self.duplicated}"
        )


def compare(stack: Stack) -> Convergence:
    table, index = table_artists(stack), index_documents(stack)
    lost = sum(1 for a, v in table.items() if index.get(a, 0) < v)
    duplicated = sum(1 for a, v in index.items() if a not in table or v > table[a])
    return Convergence(len(table), len(index), lost, duplicated, checksum(table), checksum(index))


def wait_converged(stack: Stack, timeout_s: float) -> Convergence:
    """Drain the event sources, then compare until exact or `timeout_s` passed."""
    deadline = time.monotonic() + timeout_s
    state = compare(stack)
    settled = 0
    while not state.exact and time.monotonic() < deadline:
        idle = stack.cloud.event_sources.drain(min(10.0, max(0.5, deadline - time.monotonic())))
        previous, state = state, compare(stack)
        settled = settled + 1 if idle and state == previous else 0
        if settled >= 3:
            return state  # settled: what is still missing waits for the replay
        if not state.exact:
            time.sleep(1.0)
    return state


def sync_failure_records(stack: Stack) -> int:
    attributes = stack.client("sqs").get_queue_attributes(
        QueueUrl=stack.out("SyncFailuresQueueUrl"),
        AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    )["Attributes"]
    return int(attributes["ApproximateNumberOfMessages"]) + int(
        attributes["ApproximateNumberOfMessagesNotVisible"]
    )


def replay(stack: Stack) -> dict[str, Any]:
    """The documented replay command's work (load.replay), against this stack."""
    from load.replay import replay_from_outputs

    return replay_from_outputs(stack.client, stack.cloud.outputs).to_dict()


# --- writes -----------------------------------------------------------------------------------


class ArtistWriter:
    """Paced puts, updates and deletes of chaos artists through the table (so they travel the
    stream -> sync path), remembering what each artist should look like at the end."""

    def __init__(self, stack: Stack, prefix: str, seed: int) -> None:
        from emulation.seed import synthetic_world

        self.stack = stack
        self.ddb = stack.client("dynamodb")
        self.rng = random.Random(seed)
        artists, _, _ = synthetic_world(400, seed=seed)
        self.pool = [
            dataclasses.replace(a, artist_id=f"{prefix}{i:05d}") for i, a in enumerate(artists)
        ]
        self.live: dict[str, Any] = {}
        self.next_new = 0
        self.writes = 0

    def one(self) -> None:
        from compute.domain.attribute_values import to_attribute_values
        from compute.domain.keys import artist_key

        roll = self.rng.random()
        if self.live and roll < 0.25:
            artist_id = self.rng.choice(sorted(self.live))
            current = self.live[artist_id]
            bumped = dataclasses.replace(
                current, version=current.version + 1, rating=round(self.rng.uniform(3, 5), 1)
            )
            self.ddb.put_item(
                TableName=self.stack.table, Item=to_attribute_values(bumped.to_item())
            )
            self.live[artist_id] = bumped
        elif self.live and roll < 0.32:
            artist_id = self.rng.choice(sorted(self.live))
            key = {k: {"S": v} for k, v in artist_key(artist_id).items()}
            self.ddb.delete_item(TableName=self.stack.table, Key=key)
            del self.live[artist_id]
        else:
            base = self.pool[self.next_new % len(self.pool)]
            artist = dataclasses.replace(
                base, artist_id=f"{base.artist_id}n{self.next_new // len(self.pool)}"
            )
            self.next_new += 1
            self.ddb.put_item(
                TableName=self.stack.table, Item=to_attribute_values(artist.to_item())
            )
            self.live[artist.artist_id] = artist
        self.writes += 1

    def run(self, writes: int, rate: float, during: Callable[[float], None] | None = None) -> float:
        """`writes` writes at `rate` per second; `during(elapsed)` is called between writes."""
        began = time.monotonic()
        for n in range(writes):
            due = began + n / rate
            pause = due - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            self.one()
            if during is not None:
                during(time.monotonic() - began)
        return time.monotonic() - began


# --- scenarios: the sync path ----------------------------------------------------------------


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
        f"invocations, during {profile.crash_writes} table writes",
        expected="nothing lost: the mapping retries crashed batches; the index equals the table",
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
    finally:
        stack.cloud.faults.clear("function_crash")
    after = dict(runtime.stats(function))
    errors = after.get("errors", 0) - before.get("errors", 0)
    invocations = after.get("invocations", 0) - before.get("invocations", 0)
    failed_over = sync_failure_records(stack)
    replayed: dict[str, Any] = {}
    if failed_over or not state.exact:
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
    return result


def sync_failure_kinds(stack: Stack) -> dict[str, int]:
    """The sync's own records on the sync-failures queue by kind (`refused`, `invalid`), read
    without consuming them (AWS's on-failure records are counted as `aws`)."""
    kinds: dict[str, int] = {}
    for body in peek_messages(stack.client("sqs"), stack.out("SyncFailuresQueueUrl")):
        kind = str(body.get("kind")) if body.get("source") == "sync" else "aws"
        kinds[kind] = kinds.get(kind, 0) + 1
    return kinds


def wait_recorded(stack: Stack, kind: str, count: int, timeout_s: float) -> dict[str, int]:
    """The sync's records by kind, once `count` of `kind` are on the queue or `timeout_s`
    passed (a loaded machine's sync lags the writes by minutes)."""
    deadline = time.monotonic() + timeout_s
    kinds = sync_failure_kinds(stack)
    while kinds.get(kind, 0) < count and time.monotonic() < deadline:
        stack.cloud.event_sources.drain(min(10.0, max(0.5, deadline - time.monotonic())))
        kinds = sync_failure_kinds(stack)
    return kinds


def run_reconcile(stack: Stack) -> dict[str, Any]:
    """The deployed reconcile function, invoked as its schedule (or `compute-local reconcile`)
    does; its report."""
    invoked = stack.cloud.invoke(stack.out("ReconcileFunctionName"), {"trigger": "chaos"})
    if invoked.function_error:
        raise RuntimeError(f"reconcile failed: {invoked.payload}")
    return dict(invoked.payload)


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
    background = {"stop": False, "writes": 0}

    def keep_writing() -> None:
        other = ArtistWriter(stack, "art_chaosbg", seed=14)
        while not background["stop"]:
            other.run(10, profile.background_rate)
            background["writes"] = other.writes

    thread = threading.Thread(target=keep_writing, name="chaos-background-writes", daemon=True)
    thread.start()
    try:
        for artist in artists:
            key = {k: {"S": v} for k, v in artist_key(artist.artist_id).items()}
            ddb.delete_item(TableName=stack.table, Key=key)
        put_all(1)
        before = wait_converged(stack, timeout_s=120)
        recorded = wait_recorded(stack, "refused", count, timeout_s=300)
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
        f"{background['writes']} background writes; replay cleared {replayed.get('deleted', 0)} "
        f"records, {left} left"
    )
    result.details = {
        "missingBeforeReconcile": missing_before,
        "missingAfterReconcile": missing_after,
        "recorded": recorded,
        "reconcile": report,
        "replay": replayed,
        "left": left,
        "backgroundWrites": background["writes"],
    }
    return result


# --- scenarios: the pipeline ------------------------------------------------------------------


def run_pipeline(
    stack: Stack, profile: Profile, label: str, on_running: Callable[[str, str], None] | None = None
) -> dict[str, Any]:
    """One aggregation run on the world (StartExecution with the rule's queries): its
    description and output."""
    wait_places_circuit_not_open(stack)
    run_id = f"chaos-{label}-{int(time.time())}"
    machine = stack.out("StateMachineArn")
    execution_input = {
        "runId": run_id,
        "cities": [stack.world.city.name],
        "queries": list(QUERIES),
        "maxStudios": profile.max_studios,
    }
    arn = stack.cloud.start_execution(machine, execution_input, name=run_id)
    if on_running is not None:
        on_running(run_id, arn)
    described = dict(stack.cloud.wait_execution(arn, timeout_s=profile.run_timeout_s))
    output = described.get("output")
    described["summary"] = json.loads(output) if isinstance(output, str) else {}
    described["runId"] = run_id
    return described


def wait_places_circuit_not_open(stack: Stack, limit_s: float = 90.0) -> None:
    """Wait out an open Places circuit left by an earlier scenario, so one scenario's fault
    does not fail the next one's run (the breaker's state lives in the table)."""
    from urllib.parse import urlsplit

    from compute.domain.keys import circuit_key
    from compute.domain.models import format_timestamp

    spec = stack.cloud.runtime.spec(stack.out("DiscoverStudiosFunctionName"))
    host = urlsplit(spec.environment.get("PLACES_API_URL", "")).netloc.lower()
    if not host:
        return
    key = {k: {"S": v} for k, v in circuit_key(host).items()}
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        item = (
            stack.client("dynamodb")
            .get_item(TableName=stack.table, Key=key, ConsistentRead=True)
            .get("Item")
        )
        if not item or item["state"]["S"] != "open":
            return
        retry_at = item.get("retryAt", {}).get("S", "")
        if retry_at <= format_timestamp(datetime.now(UTC)):
            return
        time.sleep(0.5)


def _function_log(stack: Stack, output_name: str) -> str:
    name = stack.out(output_name)
    path = stack.cloud.log_dir / f"{name}.log"
    return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""


def metric_total(log: str, metric: str, since: int = 0) -> float:
    """The sum of one EMF metric in a function's log (JSON lines), after byte offset `since`."""
    total = 0.0
    for line in log[since:].splitlines():
        if '"_aws"' not in line or metric not in line:
            continue
        with contextlib.suppress(ValueError):
            document = json.loads(line)
            value = document.get(metric)
            values = value if isinstance(value, list) else [value]
            total += sum(float(v) for v in values if isinstance(v, int | float))
    return total


def places_circuit_state(stack: Stack) -> str:
    """The Places breaker's stored state ("closed" when it has no item)."""
    from urllib.parse import urlsplit

    from compute.domain.keys import circuit_key

    spec = stack.cloud.runtime.spec(stack.out("DiscoverStudiosFunctionName"))
    host = urlsplit(spec.environment.get("PLACES_API_URL", "")).netloc.lower()
    key = {k: {"S": v} for k, v in circuit_key(host).items()}
    item = (
        stack.client("dynamodb")
        .get_item(TableName=stack.table, Key=key, ConsistentRead=True)
        .get("Item")
    )
    return str(item["state"]["S"]) if item else "closed"


def scenario_places_bursts(stack: Stack, profile: Profile) -> ScenarioResult:
    burst = profile.places_burst
    result = ScenarioResult(
        name="places_bursts",
        injected=f"Places API: {burst} x 429 (Retry-After 1) then {burst} x 500",
        expected="the run completes (SUCCEEDED, studios discovered); the Places circuit breaker "
        "opens and closes (it ends closed), and its EMF metrics show CircuitOpened and "
        "CircuitClosed",
    )
    offset = len(_function_log(stack, "DiscoverStudiosFunctionName"))
    requests_before = stack.world.places_requests
    # The world answers the 429s first; once they are spent, the 500s.
    stack.world.set_fault("places_429", retry_after=1, count=burst)
    stack.world.set_fault("places_500", count=burst)
    try:
        described = run_pipeline(stack, profile, "places")
    finally:
        stack.world.clear_fault("places_429")
        stack.world.clear_fault("places_500")
    log = _function_log(stack, "DiscoverStudiosFunctionName")
    opened = metric_total(log, "CircuitOpened", offset)
    closed = metric_total(log, "CircuitClosed", offset)
    breaker = places_circuit_state(stack)
    requests = stack.world.places_requests - requests_before
    summary = described["summary"]
    result.passed = (
        described["status"] == "SUCCEEDED"
        and bool(summary.get("studios"))
        and opened >= 1
        and closed >= 1
        and breaker == "closed"
    )
    result.observed = (
        f"execution {described['status']}; studios {summary.get('studios')}; EMF "
        f"CircuitOpened={opened:g}, CircuitClosed={closed:g}; breaker ends {breaker}; "
        f"{requests} Places requests ({2 * burst} answered with an error)"
    )
    result.details = {
        "summary": summary,
        "circuitOpened": opened,
        "circuitClosed": closed,
        "breakerState": breaker,
        "placesRequests": requests,
    }
    return result


def job_endings(stack: Stack, run_id: str) -> dict[str, Any]:
    """Every queued scrape job of a run, and how it ended: an artist item, a failure record
    (pipeline-failures queue) or a dead letter; `lost` are jobs with no ending."""
    from compute.domain.identity import artist_id_for, job_id_for
    from emulation.pipeline_run import queue_depth

    ddb, sqs = stack.client("dynamodb"), stack.client("sqs")
    jobs: dict[str, str] = {}  # job id -> artist id
    request: dict[str, Any] = {
        "TableName": stack.table,
        "KeyConditionExpression": "PK = :pk AND begins_with(SK, :sk)",
        "ExpressionAttributeValues": {":pk": {"S": f"RUN#{run_id}"}, ":sk": {"S": "CANDIDATE#"}},
    }
    while True:
        reply = ddb.query(**request)
        for item in reply.get("Items", []):
            if item.get("status", {}).get("S") != "queued":
                continue
            identity = item["identityKey"]["S"]
            jobs[job_id_for(run_id, identity)] = artist_id_for(identity)
        if not reply.get("LastEvaluatedKey"):
            break
        request["ExclusiveStartKey"] = reply["LastEvaluatedKey"]
    failed = {
        str((record.get("item") or {}).get("jobId"))
        for record in peek_messages(sqs, stack.out("PipelineFailuresQueueUrl"))
        if record.get("runId") == run_id
    }
    dead = {
        str(record.get("jobId"))
        for record in peek_messages(sqs, stack.out("ScrapeDlqUrl"))
        if record.get("runId") == run_id
    }
    written: set[str] = set()
    artist_counts: dict[str, int] = {}
    for job_id, artist_id in jobs.items():
        got = ddb.get_item(
            TableName=stack.table,
            Key={"PK": {"S": f"ARTIST#{artist_id}"}, "SK": {"S": "METADATA"}},
            ConsistentRead=True,
        ).get("Item")
        if got is not None:
            written.add(job_id)
            artist_counts[artist_id] = artist_counts.get(artist_id, 0) + 1
    ended = written | failed | dead
    lost = sorted(set(jobs) - ended)
    return {
        "jobs": len(jobs),
        "artists": len(written),
        "failureRecords": len(failed & set(jobs)),
        "deadLetters": len(dead & set(jobs)),
        "lost": len(lost),
        "duplicated": sum(n - 1 for n in artist_counts.values()),
        "leftOnQueue": queue_depth(sqs, stack.out("ScrapeQueueUrl")),
    }


def peek_messages(sqs: Any, queue_url: str) -> list[dict[str, Any]]:
    """The bodies on a queue, read without consuming them (made visible again at once)."""
    bodies: list[dict[str, Any]] = []
    handles: list[str] = []
    for _ in range(100):
        reply = sqs.receive_message(
            QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=0, VisibilityTimeout=20
        )
        messages = reply.get("Messages", [])
        if not messages:
            break
        for message in messages:
            handles.append(message["ReceiptHandle"])
            with contextlib.suppress(ValueError):
                body = json.loads(message["Body"])
                if isinstance(body, dict):
                    bodies.append(body)
    for handle in handles:
        with contextlib.suppress(Exception):
            sqs.change_message_visibility(
                QueueUrl=queue_url, ReceiptHandle=handle, VisibilityTimeout=0
            )
    return bodies


def running_scraper_tasks(stack: Stack) -> list[str]:
    ecs = stack.client("ecs")
    cluster = stack.out("ClusterArn")
    return list(ecs.list_tasks(cluster=cluster, desiredStatus="RUNNING").get("taskArns", []))


def scenario_scraper_sigterm(stack: Stack, profile: Profile) -> ScenarioResult:
    result = ScenarioResult(
        name="scraper_sigterm",
        injected="ecs:StopTask (SIGTERM, as a Spot interruption) on a scraper task mid-run",
        expected="every scrape job of the run ends as an artist, a failure record or a dead "
        "letter; none lost, none written twice",
    )
    from emulation.pipeline_run import queue_depth

    stopped: list[str] = []
    run_over = threading.Event()

    def stop_one(run_id: str, arn: str) -> None:
        def watch() -> None:
            # Only this run's tasks: the watch ends with the run.
            while not run_over.wait(0.2):
                tasks = running_scraper_tasks(stack)
                sent = queue_depth(stack.client("sqs"), stack.out("ScrapeQueueUrl"))
                if tasks and sent:
                    time.sleep(1.5)  # let it take jobs first
                    stack.client("ecs").stop_task(
                        cluster=stack.out("ClusterArn"), task=tasks[0], reason="Spot interruption"
                    )
                    stopped.append(tasks[0])
                    return

        threading.Thread(target=watch, daemon=True).start()

    try:
        described = run_pipeline(stack, profile, "sigterm", stop_one)
    finally:
        run_over.set()
    endings = job_endings(stack, described["runId"])
    result.lost, result.duplicated = endings["lost"] + endings["leftOnQueue"], endings["duplicated"]
    result.passed = (
        described["status"] == "SUCCEEDED"
        and bool(stopped)
        and result.lost == 0
        and result.duplicated == 0
    )
    result.observed = (
        f"execution {described['status']}; {len(stopped)} task stopped; {endings['jobs']} jobs: "
        f"{endings['artists']} artists, {endings['failureRecords']} failure records, "
        f"{endings['deadLetters']} dead letters, {endings['lost']} without an ending, "
        f"{endings['leftOnQueue']} left on the queue"
    )
    if not stopped:
        result.observed += "; no task was running with jobs queued, so nothing was tested"
    result.details = {"endings": endings, "stopped": stopped}
    return result


def _scraper_log_text(stack: Stack) -> str:
    """Every scraper task's log so far (the local cloud writes one file per task)."""
    return "".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in sorted((stack.cloud.log_dir / "ecs").rglob("*.log"))
    )


def scenario_poison_job(stack: Stack, profile: Profile) -> ScenarioResult:
    result = ScenarioResult(
        name="poison_job",
        injected="an unreadable scrape job (JSON that is not a scrape job) on the scrape queue",
        expected="dead-lettered after 3 receives; the scraper logs the reason (invalid_message)",
    )
    sqs, ecs = stack.client("sqs"), stack.client("ecs")
    marker = f"poison-{int(time.time() * 1000)}"
    # Any scraper still polling (a batch task of an earlier run) may be the one that receives
    # the poison job, so the reason is looked for in every task's log, counted from now.
    rejections_before = _scraper_log_text(stack).count("invalid_message")
    sqs.send_message(
        QueueUrl=stack.out("ScrapeQueueUrl"), MessageBody=json.dumps({"poison": marker})
    )
    run = ecs.run_task(
        cluster=stack.out("ClusterArn"),
        taskDefinition=stack.out("ScraperTaskDefinitionArn"),
        count=1,
        launchType="FARGATE",
        overrides={
            "containerOverrides": [
                {
                    "name": "scraper",
                    "environment": [
                        {"name": "RUN_ID", "value": marker},
                        {"name": "MODE", "value": "batch"},
                    ],
                }
            ]
        },
    )
    task_arn = run["tasks"][0]["taskArn"]
    deadline = time.monotonic() + 180
    status = ""
    while time.monotonic() < deadline:
        status = ecs.describe_tasks(cluster=stack.out("ClusterArn"), tasks=[task_arn])["tasks"][0][
            "lastStatus"
        ]
        if status == "STOPPED":
            break
        time.sleep(0.5)
    dlq = stack.out("ScrapeDlqUrl")
    found: dict[str, Any] | None = None
    for _ in range(100):
        reply = sqs.receive_message(
            QueueUrl=dlq,
            MaxNumberOfMessages=10,
            WaitTimeSeconds=0,
            VisibilityTimeout=20,
            AttributeNames=["ApproximateReceiveCount"],
        )
        messages = reply.get("Messages", [])
        if not messages:
            break
        for message in messages:
            if marker in message["Body"]:
                found = message
                sqs.delete_message(QueueUrl=dlq, ReceiptHandle=message["ReceiptHandle"])
            else:
                sqs.change_message_visibility(
                    QueueUrl=dlq, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=0
                )
        if found:
            break
    logs = _scraper_log_text(stack)
    reason_logged = "invalid scrape job" in logs and (
        logs.count("invalid_message") > rejections_before
    )
    receives = re.findall(r'"receiveCount":\s*(\d+)', logs)
    result.lost = 0 if found else 1
    result.passed = found is not None and reason_logged and status == "STOPPED"
    result.observed = (
        f"task {status or 'unknown'}; "
        + (
            f"on the DLQ (receive count recorded in the log: {max(receives, default='?')})"
            if found
            else "NOT on the DLQ"
        )
        + ("; reason logged: invalid_message" if reason_logged else "; no reason in the task log")
    )
    result.details = {"task": task_arn, "receives": receives, "reasonLogged": reason_logged}
    return result


def scenario_slow_failing_sites(stack: Stack, profile: Profile) -> ScenarioResult:
    fraction = profile.site_fault_fraction
    result = ScenarioResult(
        name="slow_failing_sites",
        injected=f"slow_sites ({profile.site_stall_s:g} s stalls) and failing_sites (HTTP 503) "
        f"on {fraction:.0%} of "
        "studio-site requests each",
        expected="the run succeeds within its tolerated failure percentage; failures are "
        "recorded (run summary or failure records); no job lost",
    )
    faults = stack.cloud.faults
    faults.set("slow_sites", delay_s=profile.site_stall_s, fraction=fraction)
    faults.set("failing_sites", status=503, fraction=fraction)
    try:
        described = run_pipeline(stack, profile, "sites")
    finally:
        faults.clear("slow_sites")
        faults.clear("failing_sites")
    summary = described["summary"]
    endings = job_endings(stack, described["runId"])
    recorded = sum(int(v) for v in (summary.get("failures") or {}).values())
    failure_records = [
        r
        for r in peek_messages(stack.client("sqs"), stack.out("PipelineFailuresQueueUrl"))
        if r.get("runId") == described["runId"]
    ]
    result.lost = endings["lost"] + endings["leftOnQueue"]
    result.duplicated = endings["duplicated"]
    result.passed = (
        described["status"] == "SUCCEEDED"
        and result.lost == 0
        and result.duplicated == 0
        and (recorded + len(failure_records)) > 0
    )
    result.observed = (
        f"execution {described['status']}; summary failures {summary.get('failures')}; "
        f"{len(failure_records)} failure records; {endings['jobs']} jobs, "
        f"{endings['artists']} artists, {endings['lost']} lost"
    )
    result.details = {"summary": summary, "endings": endings}
    return result


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
    result.seconds = round(time.perf_counter() - began, 1)
    return result


# --- standalone -------------------------------------------------------------------------------


@contextlib.contextmanager
def standalone_stack(profile: Profile, assembly: Path) -> Iterator[Stack]:
    """A fresh local cloud from `assembly` with a synthetic world; stopped afterwards."""
    from emulation.cli import ensure_assembly
    from emulation.cloud import LocalCloud

    use_fake_aws()
    assembly, _ = ensure_assembly(assembly)
    state_dir = Path(tempfile.mkdtemp(prefix="chaos-local-cloud-"))
    cloud = LocalCloud(state_dir=state_dir, scheduler=False)
    world = None
    try:
        cloud.start(assembly)
        world = start_world(
            cloud,
            city=rule_city(assembly),
            studios=profile.world_studios,
            idle_exit_s=profile.scraper_idle_exit_s,
        )
        yield Stack(cloud=cloud, world=world)
    finally:
        cloud.stop()
        if world is not None:
            world.stop()


def write_results(results: Sequence[ScenarioResult], output: Path, profile: Profile) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "profile": profile.name,
        "scenarios": [r.to_dict() for r in results],
        "lostTotal": sum(max(r.lost, 0) for r in results),
        "passed": all(r.passed for r in results),
    }
    output.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m load.chaos", description=__doc__.split("\n\n")[0] if __doc__ else None
    )
    parser.add_argument("--profile", choices=sorted(PROFILES), default="full")
    parser.add_argument("--only", nargs="+", choices=sorted(SCENARIOS), default=list(SCENARIOS))
    parser.add_argument("--assembly", default=str(DEFAULT_ASSEMBLY))
    parser.add_argument("--output", default=str(RESULTS / "chaos.json"))
    args = parser.parse_args(argv)
    profile = PROFILES[args.profile]
    results: list[ScenarioResult] = []
    with standalone_stack(profile, Path(args.assembly)) as stack:
        for name in args.only:
            print(f"chaos: {name} ...", flush=True)
            result = run_scenario(name, stack, profile)
            results.append(result)
            print(
                f"chaos: {name}: {'PASS' if result.passed else 'FAIL'} in {result.seconds:g} s, "
                f"lost {result.lost}, duplicated {result.duplicated}: {result.observed}",
                flush=True,
            )
            write_results(results, Path(args.output), profile)
    output = Path(args.output)
    write_results(results, output, profile)
    text, page = chaos_report(json.loads(output.read_text(encoding="utf-8")), source=str(output))
    summary_page = write_html(output.with_suffix(".html"), page)
    print(f"\n{text}\n")
    print(f"chaos: wrote {output} and {summary_page}")
    return 0 if all(r.passed for r in results) else 1


if __name__ == "__main__":
    os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
    sys.exit(main())
