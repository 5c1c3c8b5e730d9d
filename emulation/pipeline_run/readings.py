"""What a pipeline run reads from the cloud while and after it runs: peak memory, the table's
items, failure records, queue depths, the execution's phase and how long each took."""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Iterator
from typing import Any

from emulation.pipeline_run.breakdown import CpuByPart


class MemorySampler:
    """Peak memory of this process and all its descendants (Lambda workers, scraper processes,
    Chromium, OpenSearch): the sum of their resident sets once a second (`peak_mb`; pages two
    processes share count in both), and every `pss_every` samples their proportional set sizes
    (`peak_pss_mb`, what the machine holds for them, by part: shared pages split among their
    sharers; read from /proc, ~5 ms a process, so less often). Also their CPU by part (`cpu`)."""

    # Once a second, PSS every 5 s: at twice a second this meter's own thread took 5-8 CPU-s of
    # a 200-studio run (~60 processes walked per sample), CPU the system under test then lacked.
    def __init__(self, interval_s: float = 1.0, pss_every: int = 5) -> None:
        import psutil

        self._root = psutil.Process()
        self.cpu = CpuByPart()
        self.interval_s = interval_s
        self.pss_every = pss_every
        self.peak_bytes = 0
        self.peak_processes = 0
        self.peak_pss_bytes = 0
        self.peak_pss_by_part: Counter[str] = Counter()  # each part's share of the PSS peak
        self._samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)

    def sample(self) -> None:
        import psutil

        total = 0
        processes = [self._root, *self._root.children(recursive=True)]
        self.cpu.sample(processes)
        for process in processes:
            try:
                total += process.memory_info().rss
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
        self.peak_bytes = max(self.peak_bytes, total)
        self.peak_processes = max(self.peak_processes, len(processes))
        if self._samples % self.pss_every == 0:
            self._sample_pss(processes)
        self._samples += 1

    def _sample_pss(self, processes: list[Any]) -> None:
        by_part: Counter[str] = Counter()
        for process in processes:
            pss = proportional_set_size(process.pid)
            if pss is not None:
                by_part[self.cpu.part(process.pid)] += pss
        total = sum(by_part.values())
        if total > self.peak_pss_bytes:
            self.peak_pss_bytes, self.peak_pss_by_part = total, by_part

    def _run(self) -> None:
        while not self._stop.wait(self.interval_s):
            self.sample()

    def __enter__(self) -> MemorySampler:
        self.sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.sample()  # the last interval's CPU too

    @property
    def peak_mb(self) -> float:
        return round(self.peak_bytes / (1024 * 1024), 1)

    @property
    def peak_pss_mb(self) -> float:
        return round(self.peak_pss_bytes / (1024 * 1024), 1)

    def peak_pss_mb_by_part(self) -> dict[str, float]:
        """Each part's proportional set size when the whole tree's was at its peak."""
        return {p: round(b / (1024 * 1024), 1) for p, b in self.peak_pss_by_part.most_common()}


def proportional_set_size(pid: int) -> int | None:
    """A process's PSS in bytes (Linux /proc/<pid>/smaps_rollup), None when it is gone or the
    kernel does not say."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as rollup:
            for line in rollup:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        return None
    return None


def scan_items(client: Any, table: str, item_type: str) -> Iterator[dict[str, Any]]:
    from compute.domain.attribute_values import from_attribute_values

    start: dict[str, Any] | None = None
    while True:
        request: dict[str, Any] = {
            "TableName": table,
            "FilterExpression": "#t = :t",
            "ExpressionAttributeNames": {"#t": "type"},
            "ExpressionAttributeValues": {":t": {"S": item_type}},
        }
        if start:
            request["ExclusiveStartKey"] = start
        reply = client.scan(**request)
        for raw in reply.get("Items", []):
            yield from_attribute_values(raw)
        start = reply.get("LastEvaluatedKey")
        if not start:
            return


def drain_failures(sqs: Any, queue_url: str) -> Counter[str]:
    """Failure records on the pipeline-failures queue, counted by state and error."""
    counts: Counter[str] = Counter()
    while True:
        reply = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=0)
        messages = reply.get("Messages", [])
        if not messages:
            return counts
        for message in messages:
            try:
                record = json.loads(message["Body"])
                counts[f"{record.get('state')}:{record.get('error')}"] += 1
            except ValueError:
                counts["unreadable_record"] += 1
        sqs.delete_message_batch(
            QueueUrl=queue_url,
            Entries=[
                {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(messages)
            ],
        )


def queue_depth(sqs: Any, queue_url: str) -> int:
    """Messages on the queue, visible or in flight."""
    attributes = sqs.get_queue_attributes(
        QueueUrl=queue_url,
        AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    )["Attributes"]
    return int(attributes["ApproximateNumberOfMessages"]) + int(
        attributes["ApproximateNumberOfMessagesNotVisible"]
    )


PHASES = ("DiscoverStudios", "ForEachStudio", "QueueScraping", "RunScrapers", "Summarize")


def current_phase(sfn: Any, execution_arn: str) -> str:
    """The top-level state the execution entered last: the newest such event by id (moto
    answers with the whole history, oldest first, whatever reverseOrder and maxResults say)."""
    reply = sfn.get_execution_history(
        executionArn=execution_arn, reverseOrder=True, maxResults=1000
    )
    entered = [
        (event["id"], name)
        for event in reply.get("events", [])
        if (name := (event.get("stateEnteredEventDetails") or {}).get("name")) in PHASES
    ]
    return str(max(entered)[1]) if entered else "starting"


def progress_line(cloud: Any, execution_arn: str, queue_url: str, elapsed_s: float) -> str:
    """One line of progress for a long run: time, phase, scrape jobs waiting."""
    try:
        phase = current_phase(cloud.client("stepfunctions"), execution_arn)
        waiting = queue_depth(cloud.client("sqs"), queue_url)
    except Exception as error:  # progress must never end the run it reports on
        return f"  {elapsed_s / 60:5.1f} min  (progress unavailable: {type(error).__name__})"
    return f"  {elapsed_s / 60:5.1f} min  {phase:<15} scrape jobs waiting: {waiting}"


def phase_spans(sfn: Any, execution_arn: str) -> dict[str, tuple[Any, Any]]:
    """When each top-level state was entered and left (datetimes), from the history."""
    entered: dict[str, Any] = {}
    spans: dict[str, tuple[Any, Any]] = {}
    token: str | None = None
    while True:
        request: dict[str, Any] = {"executionArn": execution_arn, "maxResults": 1000}
        if token:
            request["nextToken"] = token
        reply = sfn.get_execution_history(**request)
        for event in reply.get("events", []):
            details = event.get("stateEnteredEventDetails") or event.get("stateExitedEventDetails")
            name = (details or {}).get("name")
            if name not in PHASES:
                continue
            if event["type"].endswith("Entered"):
                entered.setdefault(name, event["timestamp"])
            elif name in entered:
                spans[name] = (entered[name], event["timestamp"])
        token = reply.get("nextToken")
        if not token:
            return spans


def phase_seconds(sfn: Any, execution_arn: str) -> dict[str, float]:
    """Seconds each top-level state took, from the execution's history."""
    return {
        name: round((left - entered).total_seconds(), 1)
        for name, (entered, left) in phase_spans(sfn, execution_arn).items()
    }


def dead_letter_url(sqs: Any, queue_url: str) -> str | None:
    policy = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["RedrivePolicy"])[
        "Attributes"
    ].get("RedrivePolicy")
    if not policy:
        return None
    name = str(json.loads(policy)["deadLetterTargetArn"]).rsplit(":", 1)[-1]
    return str(sqs.get_queue_url(QueueName=name)["QueueUrl"])


def map_concurrency(sfn: Any, described: Any) -> dict[str, int]:
    """Each top-level Map state's MaxConcurrency, read from the definition the execution ran
    (the studio Map: studios crawled at once; RunScrapers: scraper tasks at once)."""
    definition = json.loads(
        sfn.describe_state_machine(stateMachineArn=described["stateMachineArn"])["definition"]
    )
    return {
        name: int(state["MaxConcurrency"])
        for name, state in definition.get("States", {}).items()
        if state.get("Type") == "Map" and state.get("MaxConcurrency")
    }


def studio_concurrency(sfn: Any, described: Any) -> int:
    """How many studios the deployed state machine crawls at once (its studio Map's
    MaxConcurrency, read from the definition the execution ran), 1 if it has none."""
    return max(map_concurrency(sfn, described).values(), default=1)
