"""What one alarm-evaluation pass costs: CPU per pass of the local cloud's evaluator over the
stack's own alarms and a history of metrics like a busy local cloud's.

    python -m load.alarm_pass                          # 30 minutes of history, 20 passes
    python -m load.alarm_pass --minutes 60 --profile   # and the cProfile of the passes

The alarms are the synthesized template's AWS::CloudWatch::Alarm resources (every Ref and
Fn::GetAtt becomes the logical id, so each alarm reads a metric of the history). The history is
what the local cloud publishes while busy, one flush per second: AWS/Lambda for each function,
AWS/SQS gauges for each queue, the HTTP API's metrics at `--rate` requests a second, the sync
mapping's IteratorAge, and the custom metrics the alarms watch. The evaluator runs in this
process beside the in-process moto server, as in the local cloud; each pass follows one
tick of new datapoints (`--tick` seconds of simulated time, the evaluator's tick at the local
cloud's time scale 60). CPU is the whole process's (moto's threads answer the evaluator's
calls). Writes results/alarm-pass.json.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import random
import statistics
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from load.common.figures import write_result
from load.common.paths import DEFAULT_ASSEMBLY, RESULTS

STACK = "TattooDirectoryCompute"
ALARM_KEYS = (
    "MetricName",
    "Namespace",
    "Statistic",
    "ExtendedStatistic",
    "Dimensions",
    "Period",
    "EvaluationPeriods",
    "DatapointsToAlarm",
    "Threshold",
    "ComparisonOperator",
    "TreatMissingData",
    "Metrics",
)


def resolve(value: Any) -> Any:
    """Ref and Fn::GetAtt become the logical id: each alarm reads a metric named after it."""
    if isinstance(value, dict):
        if "Ref" in value:
            return str(value["Ref"])
        if "Fn::GetAtt" in value:
            return str(value["Fn::GetAtt"][0])
        return {k: resolve(v) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve(v) for v in value]
    return value


def template_alarms(assembly: Path) -> list[dict[str, Any]]:
    template = json.loads((assembly / f"{STACK}.template.json").read_text(encoding="utf-8"))
    alarms = []
    for logical_id, resource in template["Resources"].items():
        if resource["Type"] != "AWS::CloudWatch::Alarm":
            continue
        properties = resolve(resource["Properties"])
        alarm = {k: properties[k] for k in ALARM_KEYS if k in properties}
        for key in ("Period", "EvaluationPeriods", "DatapointsToAlarm"):
            if key in alarm:
                alarm[key] = int(alarm[key])
        if "Threshold" in alarm:
            alarm["Threshold"] = float(alarm["Threshold"])
        alarms.append({"AlarmName": logical_id, **alarm})
    return alarms


def watched(alarms: list[dict[str, Any]]) -> set[tuple[str, str, tuple[tuple[str, str], ...]]]:
    """(namespace, name, dimensions) of every metric the alarms read."""
    out = set()
    for alarm in alarms:
        metrics = [q["MetricStat"]["Metric"] for q in alarm.get("Metrics", []) if "MetricStat" in q]
        if "MetricName" in alarm:
            metrics.append(alarm)
        for m in metrics:
            dims = tuple(sorted((d["Name"], str(d["Value"])) for d in m.get("Dimensions", [])))
            out.add((m["Namespace"], m["MetricName"], dims))
    return out


def second_of_data(
    at: float, metrics: set[tuple[str, str, tuple[tuple[str, str], ...]]], rate: int, rng: Any
) -> Iterator[Any]:
    """One second of what a busy local cloud publishes."""
    from emulation.alarms.metrics import Datum

    functions = {dict(d).get("FunctionName") for ns, _, d in metrics if ns == "AWS/Lambda"}
    for function in sorted(f for f in functions if f):
        dims = {"FunctionName": function}
        for _ in range(rate // 4 + 1):
            yield Datum("AWS/Lambda", "Invocations", dims, 1.0, "Count", at)
            yield Datum("AWS/Lambda", "Errors", dims, 0.0, "Count", at)
            yield Datum(
                "AWS/Lambda", "Duration", dims, round(rng.uniform(2, 40), 2), "Milliseconds", at
            )
    api = {"ApiId": "HttpApi", "Stage": "$default"}
    for _ in range(rate):
        for dims in ({"ApiId": "HttpApi"}, api):
            yield Datum("AWS/ApiGateway", "Count", dims, 1.0, "Count", at)
            yield Datum("AWS/ApiGateway", "4xx", dims, 0.0, "Count", at)
            yield Datum("AWS/ApiGateway", "5xx", dims, 0.0, "Count", at)
            yield Datum(
                "AWS/ApiGateway", "Latency", dims, float(rng.randint(5, 60)), "Milliseconds", at
            )
            yield Datum(
                "AWS/ApiGateway",
                "IntegrationLatency",
                dims,
                float(rng.randint(4, 55)),
                "Milliseconds",
                at,
            )
    for namespace, name, dimensions in sorted(metrics):
        if namespace in ("AWS/Lambda", "AWS/ApiGateway") and name != "IteratorAge":
            continue
        yield Datum(namespace, name, dict(dimensions), 0.0, "Count", at)  # a steady state


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--assembly", type=Path, default=DEFAULT_ASSEMBLY)
    parser.add_argument("--minutes", type=int, default=30, help="history before the passes")
    parser.add_argument("--passes", type=int, default=20)
    parser.add_argument("--tick", type=float, default=1.0, help="simulated seconds per pass")
    parser.add_argument("--scale", type=float, default=60.0, help="the alarm time scale")
    parser.add_argument("--rate", type=int, default=20, help="API requests a second")
    parser.add_argument("--profile", action="store_true", help="print the passes' cProfile")
    parser.add_argument("--out", type=Path, default=RESULTS / "alarm-pass.json")
    args = parser.parse_args(argv)

    from emulation.alarms.evaluate import AlarmEvaluator
    from emulation.alarms.metrics import MetricPublisher
    from emulation.aws import MotoServer, client

    rng = random.Random(7)
    alarms = template_alarms(args.assembly)
    metrics = watched(alarms)
    moto = MotoServer()
    endpoint = moto.start()
    try:
        cloudwatch = client("cloudwatch", endpoint)
        for alarm in alarms:
            cloudwatch.put_metric_alarm(**alarm)
        publisher = MetricPublisher(endpoint, interval_s=3600.0)  # flushed here, not by its thread
        now = float(int(time.time()))
        history_start = now - args.minutes * 60
        for second in range(args.minutes * 60):
            publisher._publish(
                list(second_of_data(history_start + second, metrics, args.rate, rng))
            )
        datapoints = _datapoints()
        evaluator = AlarmEvaluator(endpoint, time_scale=args.scale)
        cpu_ms: list[float] = []
        evaluated: list[int] = []
        profiler = cProfile.Profile()
        for number in range(args.passes + 1):
            at = now + number * args.tick
            pending: list[Any] = []
            for step in range(max(1, int(args.tick))):
                pending += second_of_data(at - args.tick + step, metrics, args.rate, rng)
            publisher._publish(pending)
            if number and args.profile:
                profiler.enable()
            began = time.process_time()
            evaluator.evaluate_all(now=at)
            spent = (time.process_time() - began) * 1000.0
            if number and args.profile:
                profiler.disable()
            if number:  # the first pass reads the whole history once: reported apart
                cpu_ms.append(spent)
                evaluated.append(getattr(evaluator, "last_pass", {}).get("evaluated", len(alarms)))
            else:
                first_ms = spent
        publisher.close()
    finally:
        moto.stop()
    result = {
        "alarms": len(alarms),
        "history_minutes": args.minutes,
        "datapoints_in_moto": datapoints,
        "api_rate_per_s": args.rate,
        "time_scale": args.scale,
        "tick_s": args.tick,
        "passes": args.passes,
        "first_pass_cpu_ms": round(first_ms, 1),
        "cpu_ms_per_pass": {
            "median": round(statistics.median(cpu_ms), 2),
            "mean": round(statistics.fmean(cpu_ms), 2),
            "max": round(max(cpu_ms), 2),
        },
        "alarms_evaluated_per_pass": round(statistics.fmean(evaluated), 2),
        "note": "whole-process CPU (moto answers in this process); a shared machine is noisy",
    }
    write_result(args.out, result)
    print(json.dumps(result, indent=2))
    if args.profile:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
        print(out.getvalue())
    return 0


def _datapoints() -> int:
    from moto.cloudwatch.models import cloudwatch_backends

    from emulation.aws import ACCOUNT_ID, REGION

    return len(cloudwatch_backends[ACCOUNT_ID][REGION].metric_data)


if __name__ == "__main__":
    raise SystemExit(main())
