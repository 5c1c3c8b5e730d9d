"""The whole local cloud in one object: start it, deploy a cloud assembly, use it, stop it.

    with LocalCloud().start(Path("infra/cdk.out")) as cloud:
        cloud.api_url, cloud.outputs["ApiUrl"], cloud.fire_rule("..."), ...

Start order (each step timed into `steps`): moto, OpenSearch (behind the fault proxy), the Lambda
runtime, event-source pollers, API gateway, schedules, ECS, then the deploy of the template. A
state file (`.local-cloud/state.json`) tells the CLI where a running cloud is; a small control
server on 127.0.0.1 lets it fire rules and invoke functions inside that process.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from emulation import outbox, thread_cpu
from emulation.alarms.log_events import install_into_moto as install_log_filters
from emulation.alarms.log_events import uninstall as uninstall_log_filters
from emulation.alarms.log_filters import MetricFilters
from emulation.alarms.metrics import Datum
from emulation.apigw import ApiGateway
from emulation.autoscaling.service import ApplicationAutoScaling
from emulation.aws import REGION, MotoServer
from emulation.control import ControlServer, plain
from emulation.deploy import Deployer, Deployment, Targets
from emulation.ecs import EcsEmulator, task_state_change_event
from emulation.lifetime import ProcessRecord
from emulation.schedules import Clock, Schedules, TargetResult, utc_now
from emulation.ttl import TtlSweeper

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_STATE_DIR = ROOT / ".local-cloud"


class LocalCloud:
    """moto + OpenSearch + Lambda runtime + event sources + API gateway + schedules + ECS."""

    def __init__(
        self,
        *,
        state_dir: Path = DEFAULT_STATE_DIR,
        opensearch: bool = True,
        container_commands: Mapping[str, list[str]] | None = None,
        extra_env: Mapping[str, str] | None = None,
        clock: Clock = utc_now,
        scheduler: bool = True,
        ecs_stop_timeout_s: float = 30.0,
        api_ports: dict[str, int] | None = None,
        control_server: bool = False,
        alarm_time_scale: float = 1.0,
        evaluate_alarms: bool = True,
    ) -> None:
        self.state_dir = state_dir
        # Off for API benchmarks: an evaluation pass holds the GIL of the process that also
        # runs the gateway (100/s p95 26 ms without it, 118 ms with it).
        self.evaluate_alarms = evaluate_alarms
        self.log_dir = state_dir / "logs"
        self.record = ProcessRecord(state_dir)  # every child process, for `status` and `stop`
        self.outbox_dir = state_dir / "outbox"  # every e-mail SES sent (emulation.outbox)
        self.want_opensearch = opensearch
        self.container_commands = dict(container_commands or {})
        self.extra_env = dict(extra_env or {})
        self.clock = clock
        self.run_scheduler = scheduler
        self.ecs_stop_timeout_s = ecs_stop_timeout_s
        self.api_ports = api_ports
        self.want_control = control_server
        self.alarm_time_scale = alarm_time_scale  # 60: a 5-minute alarm period lasts 5 s
        self.metrics: Any = None
        self.alarms: Any = None
        self.steps: dict[str, float] = {}
        self.moto: MotoServer | None = None
        self.opensearch: Any = None
        self.faults: Any = None
        self.runtime: Any = None
        self.event_sources: Any = None
        self.api: ApiGateway | None = None
        self.schedules: Schedules | None = None
        self.ecs: EcsEmulator | None = None
        self.autoscaling: ApplicationAutoScaling | None = None
        self.metric_filters: MetricFilters | None = None
        self.ttl: TtlSweeper | None = None  # DynamoDB TTL deletions (moto never expires)
        self.deployment: Deployment | None = None
        self.opensearch_url: str | None = None
        self._control: ControlServer | None = None
        self.control_url: str | None = None
        self.gc_pauses: Any = None  # `compute-local up`'s GcPauses (emulation.gc_pauses)
        self.ready_s = 0.0
        self._opensearch_thread: threading.Thread | None = None
        self._opensearch_outcome: dict[str, Any] = {}

    # -- lifecycle -----------------------------------------------------------------------------

    @contextlib.contextmanager
    def _step(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.steps[name] = round(time.perf_counter() - start, 3)

    def start(self, assembly_dir: Path) -> LocalCloud:
        """Start every part and deploy `assembly_dir`; on any failure, stop what started."""
        began = time.perf_counter()
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.record.start_run()
        try:
            self._start_parts()
            with self._step("deploy"):
                self.deployment = Deployer(
                    Path(assembly_dir),
                    self.client,
                    Targets(
                        runtime=self.runtime,
                        event_sources=self.event_sources,
                        api=self.api,
                        schedules=self.schedules,
                        ecs=self.ecs,
                        autoscaling=self.autoscaling,
                        metric_filters=self.metric_filters,
                        opensearch_url=self.opensearch_url,
                    ),
                ).deploy()
            self._join_opensearch()
            with self._step("pollers"):
                if self.event_sources is not None:
                    self.event_sources.start()
                if self.schedules is not None and self.run_scheduler:
                    self.schedules.start()
                self.ttl = TtlSweeper().start()
                if self.evaluate_alarms:
                    self._start_alarms()
            if self.want_control:
                self._start_control()
            self.ready_s = round(time.perf_counter() - began, 3)
            self._write_state()
        except BaseException:
            self.stop()
            raise
        return self

    def _start_parts(self) -> None:
        from emulation.alarms.metrics import (
            MetricPublisher,
            concurrency_sampler,
            container_insights_sampler,
            sqs_sampler,
            states_sampler,
        )
        from emulation.event_sources import EventSourceManager
        from emulation.faults import Faults
        from emulation.lambda_runtime import LambdaRuntime

        with self._step("moto"):
            self.moto = MotoServer()
            endpoint = self.moto.start()
            outbox.install(self.outbox_dir)
        with self._step("faults"):
            self.faults = Faults(self.state_dir / "faults.json")
        if self.want_opensearch:
            self._start_opensearch()
        with self._step("runtime"):
            # Queue gauges sampled at least twice per (scaled) 1-minute period.
            self.metrics = MetricPublisher(
                endpoint, interval_s=min(2.0, 30.0 / self.alarm_time_scale)
            )
            self.metrics.add_sampler(sqs_sampler(endpoint))
            self.metrics.add_sampler(states_sampler(endpoint))
            self.runtime = LambdaRuntime(
                self.log_dir, endpoint, faults=self.faults, record=self.record, metrics=self.metrics
            )
            self.runtime.install_into_moto()
            self.metrics.add_sampler(concurrency_sampler(self.runtime.in_flight.peaks))
            self.event_sources = EventSourceManager(self.runtime, endpoint, metrics=self.metrics)
        with self._step("edges"):
            runtime = self.runtime
            self.api = ApiGateway(
                runtime.invoke,
                timeout_of=lambda name: float(runtime.spec(name).timeout_s),
                faults=self.faults,
                ports=self.api_ports,
                metrics=self.metrics,
            )
            self.ecs = EcsEmulator(
                endpoint_url=endpoint,
                log_dir=self.log_dir,
                container_commands=self.container_commands,
                extra_env={**self._faults_env(), **self.extra_env},
                cwd=ROOT,
                stop_timeout_s=self.ecs_stop_timeout_s,
                record=self.record,
                metrics=self.metrics,
            )
            self.ecs.install_into_moto()
            self.metrics.add_sampler(container_insights_sampler(self.ecs.service_task_counts))
            self.ecs.on_stopped = self._task_stopped
            self.metric_filters = MetricFilters(self._filter_datum)
            install_log_filters(self.metric_filters)
            self.autoscaling = ApplicationAutoScaling(
                set_capacity=self._set_capacity,
                get_capacity=self._capacity,
                time_scale=lambda: self.alarm_time_scale,
            )
            self.schedules = Schedules(
                invoke=self.runtime.invoke,
                client=self.client,
                run_task=self._run_task_for_rule,
                clock=self.clock,
            )

    def _start_alarms(self) -> None:
        from emulation.alarms.evaluate import AlarmEvaluator

        # Only this deployment's alarms: other clouds of the process share moto's CloudWatch.
        resources = self.deployment.resources.values() if self.deployment else []
        self.alarms = AlarmEvaluator(
            self.endpoint_url,
            time_scale=self.alarm_time_scale,
            before_tick=self.metrics.flush if self.metrics is not None else None,
            publish_event=self.schedules.publish if self.schedules is not None else None,
            scale=self.autoscaling.apply if self.autoscaling is not None else None,
            alarms=[
                str(deployed.physical_id)
                for stack in resources
                for deployed in stack.values()
                if deployed.type == "AWS::CloudWatch::Alarm"
            ],
        ).start()

    def _filter_datum(
        self, namespace: str, name: str, dimensions: Mapping[str, str], value: float
    ) -> None:
        if self.metrics is not None:
            self.metrics.put(Datum(namespace, name, dimensions, value))

    def _task_stopped(self, task: Any) -> None:
        """ECS puts an "ECS Task State Change" event on the default bus when a task stops."""
        if self.schedules is not None:
            self.schedules.publish(task_state_change_event(task.describe()))

    def _set_capacity(self, namespace: str, resource_id: str, desired: int) -> None:
        """What a scaling activity changes: an ECS service's desired count (service/C/S)."""
        if namespace != "ecs" or self.ecs is None:
            raise ValueError(f"no local scalable resource {namespace}:{resource_id}")
        self.ecs.update_service(resource_id.rsplit("/", 1)[-1], desired)

    def _capacity(self, namespace: str, resource_id: str) -> int | None:
        if namespace != "ecs" or self.ecs is None:
            return None
        service = self.ecs.services.get(resource_id.rsplit("/", 1)[-1])
        return None if service is None else int(service.desired_count)

    def set_alarm_time_scale(self, scale: float) -> float:
        """Change how fast alarm periods pass (60: a 5-minute period lasts 5 s) while running;
        returns the scale before. The queue gauges are sampled twice per shortest period."""
        if self.alarms is None:
            raise RuntimeError("the alarm evaluator is off (LocalCloud(evaluate_alarms=False))")
        previous = float(self.alarms.time_scale)
        self.alarms.set_time_scale(scale)
        self.alarm_time_scale = scale
        if self.metrics is not None:
            self.metrics.interval_s = min(2.0, 30.0 / scale)
        return previous

    def _start_opensearch(self) -> None:
        """OPENSEARCH_URL as is; otherwise start a node on a chosen port in the background, so
        the rest starts and deploys while the JVM boots (it is joined before `ready`). Either
        way the cloud talks to it through the fault proxy, so `search_down` can break it."""
        from emulation.aws import free_port
        from emulation.opensearch import provide

        if os.environ.get("OPENSEARCH_URL"):
            with self._step("opensearch"):
                self.opensearch = provide()
                self.opensearch_url = self.faults.search_proxy(self.opensearch.url)
            return
        port = free_port()
        outcome: dict[str, Any] = {}

        def boot() -> None:
            started = time.perf_counter()
            try:
                outcome["node"] = provide(port=port, record=self.record)
            except BaseException as exc:  # re-raised in the starting thread
                outcome["error"] = exc
            self.steps["opensearch"] = round(time.perf_counter() - started, 3)

        self._opensearch_thread = threading.Thread(target=boot, name="opensearch", daemon=True)
        self._opensearch_thread.start()
        self._opensearch_outcome = outcome
        self.opensearch_url = self.faults.search_proxy(f"http://127.0.0.1:{port}")

    def _join_opensearch(self) -> None:
        thread = getattr(self, "_opensearch_thread", None)
        if thread is None:
            return
        with self._step("opensearch_wait"):
            thread.join()
        self._opensearch_thread = None
        if "error" in self._opensearch_outcome:
            raise self._opensearch_outcome["error"]
        self.opensearch = self._opensearch_outcome["node"]

    def _faults_env(self) -> dict[str, str]:
        path = getattr(self.faults, "state_file", None)
        return {"LOCAL_FAULTS_FILE": str(path)} if path else {}

    def _run_task_for_rule(self, **kwargs: Any) -> list[str]:
        assert self.ecs is not None
        tasks = self.ecs.run_task(
            kwargs["cluster"],
            kwargs["task_definition"],
            count=kwargs.get("count", 1),
            started_by=kwargs.get("started_by"),
        )
        return [t.arn for t in tasks]

    def stop(self) -> None:
        """Stop everything this object started (ECS processes, workers, OpenSearch if ours)."""
        with contextlib.suppress(BaseException):
            self._join_opensearch()  # a node still booting is stopped, not orphaned
        actions: list[tuple[str, Callable[[], object]]] = [
            ("control", self._stop_control),
            ("alarms", lambda: self.alarms.stop() if self.alarms else None),
            # Before the schedules and queues: a task stopping now still hands its jobs back and
            # its "ECS Task State Change" event still reaches the rules.
            ("ecs", lambda: self.ecs.shutdown() if self.ecs else None),
            ("metrics", lambda: self.metrics.close() if self.metrics else None),
            ("metric filters", self._stop_filters),
            ("schedules", lambda: self.schedules.stop() if self.schedules else None),
            ("ttl", lambda: self.ttl.stop() if self.ttl else None),
            ("event sources", lambda: self.event_sources.stop() if self.event_sources else None),
            ("api", lambda: self.api.stop() if self.api else None),
            ("runtime", lambda: self.runtime.shutdown() if self.runtime else None),
            ("faults", lambda: self.faults.close() if self.faults else None),
            ("opensearch", lambda: self.opensearch.stop() if self.opensearch else None),
            ("moto", lambda: self.moto.stop() if self.moto else None),
        ]
        for name, action in actions:
            try:
                action()
            except Exception:
                logger.exception("stopping %s failed", name)
        self.schedules = self.api = self.ecs = self.runtime = self.event_sources = None
        self.autoscaling = self.ttl = None
        self.moto = self.opensearch = self.faults = None
        self.alarms = self.metrics = None
        state = self.state_dir / "state.json"
        with contextlib.suppress(FileNotFoundError, json.JSONDecodeError):
            if json.loads(state.read_text()).get("pid") == os.getpid():
                state.unlink()
        with contextlib.suppress(OSError):
            self.record.prune()

    def _stop_filters(self) -> None:
        if self.metric_filters is not None:
            uninstall_log_filters(self.metric_filters)
        self.metric_filters = None

    def __enter__(self) -> LocalCloud:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- what tests and people use --------------------------------------------------------------

    @property
    def endpoint_url(self) -> str:
        if self.moto is None:
            raise RuntimeError("the local cloud is not started")
        return self.moto.endpoint

    @property
    def outputs(self) -> dict[str, str]:
        return self.deployment.outputs if self.deployment else {}

    @property
    def api_url(self) -> str:
        urls = list(self.deployment.api_urls.values()) if self.deployment else []
        return urls[0] if urls else ""

    def outbox(self) -> list[outbox.Mail]:
        """Every e-mail the deployment sent through SES, oldest first."""
        return list(outbox.read(self.outbox_dir))

    def client(self, service: str) -> Any:
        if self.moto is None:
            raise RuntimeError("the local cloud is not started")
        return self.moto.client(service)

    def function_services(self) -> dict[str, str]:
        """Deployed function name -> its short name (POWERTOOLS_SERVICE_NAME), where set."""
        services: dict[str, str] = {}
        functions = self.deployment.functions if self.deployment else {}
        for name in functions:
            with contextlib.suppress(Exception):
                service = self.runtime.spec(name).environment.get("POWERTOOLS_SERVICE_NAME")
                if service:
                    services[name] = str(service)
        return services

    def metric_sources(self) -> dict[str, list[Any]]:
        """What publishes service metrics beyond functions, queues and state machines: the
        APIs' stages, the functions of stream mappings, the Container Insights services
        (`compute-local alarms` counts their metrics as emitted)."""
        apis = self.api.apis.values() if self.api is not None else []
        from emulation.event_sources.semantics import STREAM

        mappings = self.event_sources.mappings() if self.event_sources is not None else []
        services = self.ecs.service_task_counts() if self.ecs is not None else []
        return {
            "apis": [
                [api.api_id, stage] for api in apis for stage in (list(api.stages) or ["$default"])
            ],
            "stream_functions": sorted({m.function_name for m in mappings if m.kind == STREAM}),
            "services": [[s.cluster, s.service] for s in services],
        }

    def invoke(self, function: str, event: Any) -> Any:
        return self.runtime.invoke(function, event)

    def fire_rule(self, name: str, event: Mapping[str, Any] | None = None) -> list[TargetResult]:
        if self.schedules is None:
            raise RuntimeError("the local cloud is not started")
        return self.schedules.fire(name, event)

    def state_machine_arn(self, name_or_arn: str) -> str:
        if name_or_arn.startswith("arn:"):
            return name_or_arn
        machines = self.deployment.state_machines if self.deployment else {}
        if name_or_arn in machines:
            return machines[name_or_arn]
        matches = [arn for name, arn in machines.items() if name_or_arn.lower() in name.lower()]
        if len(matches) == 1:
            return matches[0]
        raise KeyError(f"no single state machine matches {name_or_arn!r}: {sorted(machines)}")

    def start_execution(
        self, state_machine: str, input: Any = None, name: str | None = None
    ) -> str:
        """StartExecution with a name (moto names unnamed executions `None`); returns its ARN."""
        response = self.client("stepfunctions").start_execution(
            stateMachineArn=self.state_machine_arn(state_machine),
            name=name or f"local-{uuid.uuid4().hex[:20]}",
            input=json.dumps({} if input is None else input),
        )
        return str(response["executionArn"])

    def wait_execution(
        self,
        execution_arn: str,
        timeout_s: float = 60.0,
        *,
        progress: Callable[[float], None] | None = None,
        progress_every_s: float = 30.0,
    ) -> dict[str, Any]:
        """Poll DescribeExecution until the execution leaves RUNNING; `progress(elapsed_s)` is
        called every `progress_every_s` while it runs (long runs say how far they are)."""
        sfn = self.client("stepfunctions")
        began = time.monotonic()
        deadline = began + timeout_s
        next_progress = began + progress_every_s
        while True:
            described: dict[str, Any] = sfn.describe_execution(executionArn=execution_arn)
            if described["status"] != "RUNNING":
                return described
            now = time.monotonic()
            if now > deadline:
                raise TimeoutError(f"execution {execution_arn} still RUNNING after {timeout_s} s")
            if progress is not None and now >= next_progress:
                next_progress = now + progress_every_s
                progress(now - began)
            time.sleep(0.2)

    # -- state file and control server -----------------------------------------------------------

    def state(self) -> dict[str, Any]:
        d = self.deployment
        return {
            "pid": os.getpid(),
            "started_at": datetime.now().astimezone().isoformat(),
            "region": REGION,
            "endpoint_url": self.endpoint_url,
            "api_url": self.api_url,
            "opensearch_url": self.opensearch_url,
            "control_url": self.control_url,
            "log_dir": str(self.log_dir),
            "outbox_dir": str(self.outbox_dir),
            "outputs": self.outputs,
            "functions": d.functions if d else {},
            "function_services": self.function_services(),
            "metric_sources": self.metric_sources(),
            "state_machines": d.state_machines if d else {},
            "rules": d.rules if d else [],
            "container_commands": d.container_commands if d else {},
            "steps": self.steps,
        }

    def own_ports(self) -> list[int]:
        """The ports this process serves (moto, the APIs, the control server)."""
        urls = [self.endpoint_url, self.control_url or ""]
        urls += list(self.deployment.api_urls.values()) if self.deployment else []
        return [port for port in (urlsplit(url).port for url in urls if url) if port]

    def _write_state(self) -> None:
        self.record.add(os.getpid(), "owner", self.own_ports())
        path = self.state_dir / "state.json"
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.state(), indent=2), encoding="utf-8")
        tmp.replace(path)

    def _start_control(self) -> None:
        self._control = ControlServer(self._control_action)
        self.control_url = self._control.start()

    def _control_action(self, path: str, body: dict[str, Any]) -> Any:
        actions: dict[str, Callable[[], Any]] = {
            "/fire-rule": lambda: [
                asdict(r) | {"result": plain(r.result)}
                for r in self.fire_rule(body["name"], body.get("event"))
            ],
            "/invoke": lambda: plain(self.invoke(body["function"], body.get("event", {}))),
            "/gc": lambda: self.gc_pauses.snapshot() if self.gc_pauses is not None else {},
            "/pools": self._pool_stats,
            "/threads": thread_cpu.reading,  # the cloud's own CPU by thread group
        }
        if path not in actions:
            raise KeyError(f"no control action {path}")
        return actions[path]()

    def _pool_stats(self) -> dict[str, Any]:
        """Each function's invocation counters and its containers now (for benchmarks)."""
        if self.runtime is None:
            return {}
        return {
            name: {**self.runtime.stats(name), "containers": len(self.runtime.worker_pids(name))}
            for name in self.runtime.functions()
        }

    def _stop_control(self) -> None:
        if self._control is not None:
            self._control.stop()
            self._control = None


def read_state(state_dir: Path = DEFAULT_STATE_DIR) -> dict[str, Any] | None:
    """The state of a running `compute-local up`, or None when none is running."""
    path = state_dir / "state.json"
    try:
        state: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None
    try:
        os.kill(int(state["pid"]), 0)
    except (ProcessLookupError, KeyError, ValueError):
        return None  # a stale file from a cloud that did not stop cleanly
    except PermissionError:
        pass
    return state
