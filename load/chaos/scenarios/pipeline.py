"""Faults on the aggregation pipeline: Places bursts, a stopped scraper task, a poison scrape
job, slow and failing studio sites. Each checks how every scrape job of the run ended."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from typing import Any

from load.chaos.probes import (
    function_log,
    job_endings,
    metric_total,
    peek_messages,
    places_circuit_state,
    running_scraper_tasks,
    scraper_log_text,
    take_run_records,
    wait_for_scraper_tasks_to_stop,
    wait_places_circuit_not_open,
)
from load.chaos.result import ScenarioResult
from load.chaos.stack import QUERIES, Profile, Stack


def settle_run(stack: Stack, result: ScenarioResult, run_id: str) -> None:
    """Take the run's failure records and dead letters (counted already) off their queues, as
    an operator would, naming the alarm each queue was to raise while it held them. Called
    again while the alarms are awaited (`result.details["settledRun"]`): a record can land after
    the execution ended (a job a stopped task held comes back after its visibility timeout)."""
    result.details["settledRun"] = run_id
    for output, alarm, what in (
        ("PipelineFailuresQueueUrl", "PipelineFailuresQueueMessagesAlarm", "failure records"),
        ("ScrapeDlqUrl", "ScrapeDlqMessagesAlarm", "dead letters"),
    ):
        taken = take_run_records(stack, output, run_id)
        if taken:
            counts = result.details.setdefault("taken", {})
            counts[what] = counts.get(what, 0) + taken
            result.alarms_named[alarm] = f"the run left {counts[what]} {what}"


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


def scenario_places_bursts(stack: Stack, profile: Profile) -> ScenarioResult:
    burst = profile.places_burst
    result = ScenarioResult(
        name="places_bursts",
        injected=f"Places API: {burst} x 429 (Retry-After 1) then {burst} x 500",
        expected="the run completes (SUCCEEDED, studios discovered); the Places circuit breaker "
        "opens and closes (it ends closed), and its EMF metrics show CircuitOpened and "
        "CircuitClosed",
    )
    offset = len(function_log(stack, "DiscoverStudiosFunctionName"))
    requests_before = stack.world.places_requests
    # The world answers the 429s first; once they are spent, the 500s.
    stack.world.set_fault("places_429", retry_after=1, count=burst)
    stack.world.set_fault("places_500", count=burst)
    try:
        described = run_pipeline(stack, profile, "places")
    finally:
        stack.world.clear_fault("places_429")
        stack.world.clear_fault("places_500")
    log = function_log(stack, "DiscoverStudiosFunctionName")
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
    settle_run(stack, result, described["runId"])
    return result


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
    settle_run(stack, result, described["runId"])
    return result


def scenario_poison_job(stack: Stack, profile: Profile) -> ScenarioResult:
    result = ScenarioResult(
        name="poison_job",
        injected="an unreadable scrape job (JSON that is not a scrape job) on the scrape queue",
        expected="dead-lettered after 3 receives; the scraper logs the reason (invalid_message)",
    )
    sqs, ecs = stack.client("sqs"), stack.client("ecs")
    marker = f"poison-{int(time.time() * 1000)}"
    # A task of an earlier scenario that is still stopping could receive the poison job inside
    # its last long poll and hand it back unread: a receive without a reason, towards the DLQ.
    # Start from a cluster with no task alive; any scraper that then receives it logs why.
    still_alive = wait_for_scraper_tasks_to_stop(stack)
    rejections_before = scraper_log_text(stack).count("invalid_message")
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
    # The log file may trail the task's STOPPED state (the local cloud ships it as it is read):
    # wait, bounded, for the reason to appear rather than read it once. The scraper logs the
    # message id with the reason, so the line found is this job's, whichever task received it.
    message_id = found["MessageId"] if found else None
    log_deadline = time.monotonic() + 60
    while True:
        logs = scraper_log_text(stack)
        reason_lines = [
            line
            for line in logs.splitlines()
            if "invalid scrape job" in line and (message_id is None or message_id in line)
        ]
        reason_logged = bool(reason_lines) and (
            message_id is not None or logs.count("invalid_message") > rejections_before
        )
        if reason_logged or time.monotonic() > log_deadline:
            break
        time.sleep(0.25)
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
    result.details = {
        "task": task_arn,
        "tasksAliveBefore": still_alive,
        "messageId": message_id,
        "receives": receives,
        "reasonLogged": reason_logged,
        # when the reason is missing, which task logs saw the message at all (a shutting-down
        # task hands a message back unread; a duplicate delivery is dropped unread)
        "logsMentioning": [
            p.name
            for p in sorted((stack.cloud.log_dir / "ecs").rglob("*.log"))
            if message_id and message_id in p.read_text(encoding="utf-8", errors="replace")
        ],
    }
    result.alarms_named["ScrapeDlqMessagesAlarm"] = "the poison job was dead-lettered"
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
    settle_run(stack, result, described["runId"])
    return result
