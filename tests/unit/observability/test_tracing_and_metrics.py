"""Every Lambda handler is traced (Powertools Tracer: a `## handler` subsegment with the
function's Service annotation, the main service call in its own subsegment, no response
recorded) and the business metrics leave as embedded metric format.

A recording provider (Powertools' `BaseProvider`, our own port for the X-Ray recorder) stands in
for the X-Ray SDK; `test_the_real_xray_sdk_emits_the_handler_subsegment` runs the real SDK in a
fresh Lambda-like process and reads what it sends to a UDP socket, as the X-Ray daemon would.
Events are chosen so that no handler reaches a server."""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import os
import socket
import subprocess
import sys
import textwrap
from collections.abc import Generator, Iterator, Mapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from aws_lambda_powertools import Tracer
from aws_lambda_powertools.tracing.base import BaseProvider, BaseSegment

from tests.unit.search import events

ROOT = Path(__file__).resolve().parents[3]
# The same values as the other unit tests that import handlers (a module is imported once).
HANDLER_ENV = {
    "TABLE_NAME": "unit-main",
    "IDEMPOTENCY_TABLE_NAME": "unit-idempotency",
    "SEARCH_ENDPOINT": "http://127.0.0.1:9",  # nothing listens: never answers
    "SEARCH_INDEX_ALIAS": "unit-artists",
    "SCRAPE_QUEUE_URL": "https://sqs.eu-west-2.amazonaws.com/123456789012/unit-scrape",
    "PIPELINE_FAILURES_QUEUE_URL": "https://sqs.eu-west-2.amazonaws.com/123456789012/unit-fail",
    "REMOVAL_LINK_SECRET_ARN": "arn:aws:secretsmanager:eu-west-2:123456789012:secret:unit",
    "REMOVAL_SENDER": "no-reply@unit.example",
}
# module -> (service name the handler falls back to, an event it rejects before any I/O)
REJECTED_EVENTS: dict[str, tuple[str, Any]] = {
    "discover_studios": ("discover-studios", {"cities": "not a list"}),
    "find_artists": ("find-artists", {"runId": "run_1"}),
    "validate_artists": ("validate-artists", {"runId": "run_1"}),
    "queue_scraping": ("queue-scraping", {}),
    "summarize": ("summarize", {"runId": "not a run id!"}),
    "rotate_egress_ip": ("rotate-egress-ip", {"trigger": "lunch"}),
}
RUN_ID = "run_2026_11_28"


class RecordedSegment(BaseSegment):
    def __init__(self, name: str) -> None:
        self.name = name
        self.annotations: dict[str, Any] = {}
        self.metadata: dict[str, Any] = {}
        self.exceptions: list[BaseException] = []

    def close(self, end_time: int | None = None) -> None:
        pass

    def add_subsegment(self, subsegment: Any) -> None:
        pass

    def remove_subsegment(self, subsegment: Any) -> None:
        pass

    def put_annotation(self, key: str, value: Any) -> None:
        self.annotations[key] = value

    def put_metadata(self, key: str, value: Any, namespace: str = "default") -> None:
        self.metadata[key] = value

    def add_exception(self, exception: BaseException, stack: Any, remote: bool = False) -> None:
        self.exceptions.append(exception)


class RecordingProvider(BaseProvider):
    """Keeps every subsegment and annotation instead of sending them to X-Ray."""

    def __init__(self) -> None:
        self.subsegments: list[RecordedSegment] = []
        self.annotations: dict[str, Any] = {}

    @contextlib.contextmanager
    def in_subsegment(self, name: str | None = None, **kwargs: Any) -> Generator[BaseSegment]:
        segment = RecordedSegment(str(name))
        self.subsegments.append(segment)
        yield segment

    @contextlib.asynccontextmanager
    async def in_subsegment_async(self, name: str | None = None, **kwargs: Any) -> Any:
        segment = RecordedSegment(str(name))
        self.subsegments.append(segment)
        yield segment

    def put_annotation(self, key: str, value: Any) -> None:
        self.annotations[key] = value

    def put_metadata(self, key: str, value: Any, namespace: str = "default") -> None:
        pass

    def patch(self, modules: Sequence[str]) -> None:
        pass

    def patch_all(self) -> None:
        pass

    def named(self, name: str) -> RecordedSegment:
        found = [s for s in self.subsegments if s.name == name]
        assert found, f"no subsegment {name!r}; recorded {[s.name for s in self.subsegments]}"
        return found[-1]


@pytest.fixture(scope="module")
def handlers() -> Iterator[dict[str, ModuleType]]:
    saved = {k: os.environ.get(k) for k in HANDLER_ENV}
    os.environ.update(HANDLER_ENV)
    try:
        names = [*REJECTED_EVENTS, "api", "sync"]
        yield {name: importlib.import_module(f"compute.handlers.{name}") for name in names}
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@pytest.fixture
def provider(handlers: dict[str, ModuleType], monkeypatch: pytest.MonkeyPatch) -> RecordingProvider:
    """Every handler's tracer records into one provider, as if tracing were on."""
    recording = RecordingProvider()
    for module in handlers.values():
        tracer = Tracer(service=module.tracer.service, auto_patch=False)
        tracer.provider = recording
        tracer.disabled = False
        monkeypatch.setattr(module.tracer, "_tracer", tracer)  # built on first use otherwise
        monkeypatch.setattr(module.tracer, "_built", True)
    return recording


def emf_records(text: str) -> list[dict[str, Any]]:
    records = []
    for line in text.splitlines():
        if line.startswith("{") and '"_aws"' in line:
            records.append(json.loads(line))
    return records


def metric_values(text: str) -> dict[str, list[float]]:
    """Every value of every metric in the EMF records of `text`."""
    values: dict[str, list[float]] = {}
    for record in emf_records(text):
        for directive in record["_aws"]["CloudWatchMetrics"]:
            for metric in directive["Metrics"]:
                value = record[metric["Name"]]
                values.setdefault(metric["Name"], []).extend(
                    value if isinstance(value, list) else [value]
                )
    return values


@pytest.mark.parametrize("module", sorted(REJECTED_EVENTS))
def test_a_rejected_invocation_is_traced_with_its_error(
    handlers: dict[str, ModuleType], provider: RecordingProvider, module: str
) -> None:
    service, event = REJECTED_EVENTS[module]
    with pytest.raises(Exception) as raised:  # each handler raises its own error
        handlers[module].handler(event, events.LambdaContext(function_name=service))
    segment = provider.named("## handler")
    assert segment.annotations["Service"] == handlers[module].tracer.service
    assert segment.annotations["ColdStart"] in {True, False}
    # The error is kept with the trace (capture_error), the reply never is (capture_response).
    assert segment.metadata == {"handler error": raised.value}


def test_the_api_traces_a_request_without_recording_the_reply(
    handlers: dict[str, ModuleType], provider: RecordingProvider
) -> None:
    reply = handlers["api"].handler(events.http_event("/v1/no-such-route"), events.LambdaContext())
    assert reply["statusCode"] == 404
    segment = provider.named("## handler")
    assert segment.annotations["Service"] == "api"
    assert segment.metadata == {}  # a reply may hold artists' names: not in the trace


def test_the_api_logs_carry_the_gateway_request_id_as_correlation_id(
    handlers: dict[str, ModuleType],
) -> None:
    event = events.http_event("/v1/no-such-route")
    request_id = event["requestContext"]["requestId"]
    log_handler = handlers["api"].logger.registered_handler
    written = io.StringIO()
    stdout = log_handler.setStream(written)  # the logger's stream was fixed at import
    try:
        reply = handlers["api"].handler(event, events.LambdaContext())
    finally:
        log_handler.setStream(stdout)
    assert json.loads(reply["body"])["instance"] == request_id
    lines = [json.loads(line) for line in written.getvalue().splitlines()]
    (logged,) = [line for line in lines if line["message"] == "no such route"]
    assert logged["correlation_id"] == request_id
    assert logged["service"] == "api"


def test_sync_traces_the_batch_and_counts_artists_indexed(
    handlers: dict[str, ModuleType],
    provider: RecordingProvider,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    sync = handlers["sync"]
    monkeypatch.setattr(sync.sync, "index_ready", True)  # no cluster: nothing to ensure
    # A studio record is ignored by the index, so the batch needs no search call.
    studio = {"PK": "STUDIO#stu_1", "SK": "METADATA", "type": "studio", "name": "x"}
    reply = sync.handler(
        events.stream_event([events.insert(studio)]), events.LambdaContext(function_name="sync")
    )
    assert reply == {"batchItemFailures": []}
    assert provider.named("## handler").annotations["Service"] == "sync"
    provider.named("## compute.services.sync_batch.sync_batch")
    metrics = metric_values(capsys.readouterr().out)
    assert metrics["ArtistsIndexed"] == [0]
    assert metrics["RecordsIgnored"] == [1]
    assert len(metrics["SyncLagMs"]) == 1


class FakeRuns:
    """The run's items as the RunStore port returns them."""

    def __init__(self, candidates: list[Mapping[str, Any]], run: dict[str, Any]) -> None:
        self._candidates = candidates
        self.run = run
        self.written: list[Mapping[str, Any]] = []

    def candidates(self, run_id: str) -> list[Mapping[str, Any]]:
        return self._candidates

    def get_run(self, run_id: str) -> dict[str, Any] | None:
        return self.run

    def put_run(self, item: Mapping[str, Any]) -> None:
        self.written.append(item)


@pytest.mark.parametrize(
    ("candidates", "run", "success_rate", "artists_written"),
    [
        pytest.param(
            [{"studioId": f"stu_{i % 2}", "status": "queued"} for i in range(8)],
            {
                "studios": 2,
                "artistsWritten": 5,
                "failures": {"not_found": 1, "dead_letter_timeout": 1},
            },
            [75.0],  # 6 of 8 queued jobs ended without a failure
            [5],
            id="two-of-eight-jobs-failed",
        ),
        # A run that queued nothing has no success rate (not 0 %, not 100 %).
        pytest.param([], {}, None, [0], id="nothing-queued"),
    ],
)
def test_summarize_traces_the_run_and_reports_the_scrape_success_rate(
    handlers: dict[str, ModuleType],
    provider: RecordingProvider,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    candidates: list[Mapping[str, Any]],
    run: dict[str, Any],
    success_rate: list[float] | None,
    artists_written: list[float],
) -> None:
    summarize = handlers["summarize"]
    runs = FakeRuns(candidates, run)
    monkeypatch.setattr(summarize, "runs", runs)
    monkeypatch.setattr(summarize, "dead_letters", lambda: None)

    output = summarize.handler({"runId": RUN_ID}, events.LambdaContext(function_name="summarize"))

    assert output["queued"] == len(candidates)
    assert provider.annotations["runId"] == RUN_ID  # findable in X-Ray by run
    provider.named("## compute.services.summarize.summarize")
    out = capsys.readouterr().out
    metrics = metric_values(out)
    assert metrics.get("ScrapeSuccessRate") == success_rate
    assert metrics["ArtistsWritten"] == artists_written
    declared = [
        m for r in emf_records(out) for d in r["_aws"]["CloudWatchMetrics"] for m in d["Metrics"]
    ]
    rate_declared = {"Name": "ScrapeSuccessRate", "Unit": "Percent"} in declared
    assert rate_declared == (success_rate is not None)
    assert runs.written, "the run's summary was not written"


CHILD = textwrap.dedent(
    """
    import json, sys
    sys.path.insert(0, {root!r})
    from tests.unit.search import events
    import compute.handlers.api as api
    reply = api.handler(events.http_event("/v1/no-such-route"), events.LambdaContext())
    print(json.dumps({{"status": reply["statusCode"], "tracing_off": api.tracer.disabled}}))
    """
)


def _run_api_in_lambda(extra_env: Mapping[str, str], port: int) -> dict[str, Any]:
    env = {
        **os.environ,
        **HANDLER_ENV,
        "LAMBDA_TASK_ROOT": str(ROOT),  # what makes the X-Ray SDK take its Lambda path
        "AWS_LAMBDA_FUNCTION_NAME": "api",
        "POWERTOOLS_SERVICE_NAME": "api",
        "AWS_XRAY_DAEMON_ADDRESS": f"127.0.0.1:{port}",
        **extra_env,
    }
    env.pop("POWERTOOLS_TRACE_DISABLED", None)
    env.update({k: v for k, v in extra_env.items()})
    done = subprocess.run(
        [sys.executable, "-c", CHILD.format(root=str(ROOT))],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _received(sock: socket.socket) -> list[dict[str, Any]]:
    """The segment documents the X-Ray SDK sent: a JSON header line, then the document."""
    documents = []
    with contextlib.suppress(BlockingIOError):
        while True:
            datagram = sock.recv(65536).decode("utf-8")
            documents.append(json.loads(datagram.split("\n", 1)[1]))
    return documents


@pytest.fixture
def daemon() -> Iterator[socket.socket]:
    """A UDP socket where the X-Ray daemon would listen."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.setblocking(False)
        yield sock


def test_the_real_xray_sdk_emits_the_handler_subsegment(daemon: socket.socket) -> None:
    trace = "Root=1-67890abc-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1"
    result = _run_api_in_lambda({"_X_AMZN_TRACE_ID": trace}, daemon.getsockname()[1])
    assert result == {"status": 404, "tracing_off": False}
    documents = _received(daemon)
    handler = [d for d in documents if d.get("name") == "## handler"]
    assert handler, f"no handler subsegment among {[d.get('name') for d in documents]}"
    assert handler[0]["trace_id"] == "1-67890abc-0123456789abcdef01234567"
    assert handler[0]["annotations"]["Service"] == "api"
    assert handler[0]["annotations"]["ColdStart"] is True
    assert "metadata" not in handler[0]  # no reply in the trace


@pytest.mark.parametrize(
    ("extra_env", "why"),
    [
        ({"_X_AMZN_TRACE_ID": "Root=1-67890abc-0123456789abcdef01234567;Sampled=0"}, "unsampled"),
        (
            {
                "_X_AMZN_TRACE_ID": "Root=1-67890abc-0123456789abcdef01234567;Sampled=1",
                "POWERTOOLS_TRACE_DISABLED": "true",
            },
            "disabled, as the local cloud runs it",
        ),
    ],
)
def test_nothing_is_sent_when_the_invocation_is_not_traced(
    daemon: socket.socket, extra_env: dict[str, str], why: str
) -> None:
    result = _run_api_in_lambda(extra_env, daemon.getsockname()[1])
    assert result["status"] == 404, why
    assert result["tracing_off"] is ("POWERTOOLS_TRACE_DISABLED" in extra_env)
    assert _received(daemon) == [], why
