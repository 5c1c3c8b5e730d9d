"""`nox -s coldstart`: how long a fresh process takes to import and initialise each handler
module (the Lambda init phase), with the environment the CDK template gives the function.

    python -m load.coldstart                      # api and sync, 10 samples each
    python -m load.coldstart --functions api --samples 20 --check

Each sample is the time from spawning `python -c "import compute.handlers.<module>"` to the
end of that import, minus the median time from spawning a bare interpreter to it being ready
(measured in the same loop, interleaved, so machine load affects both alike); interpreter exit
is not counted. The child's CPU time is reported beside it: on a shared, loaded machine wall
time mostly measures waiting for a core. Writes results/coldstart-<function>.json.

Values the template computes at deploy time (Ref, Fn::ImportValue, Fn::Join ...) become
placeholders of the same form (a queue URL, an ARN, an https search endpoint), so code that
parses them at import does the work it does in AWS. No request leaves the machine: handlers
build clients at import but call nothing until invoked.
"""

from __future__ import annotations

import argparse
import ast
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from emulation.credentials import FAKE_AWS_ENV
from load.common.cpu import load_average
from load.common.figures import write_result
from load.common.paths import DEFAULT_ASSEMBLY, RESULTS, ROOT

ACCOUNT = "123456789012"
REGION = FAKE_AWS_ENV["AWS_REGION"]
TARGETS_MS = {"api": 200.0, "sync": 200.0}  # issue 18: import and init median
DEFAULT_FUNCTIONS = ("api", "sync")
# What a fresh interpreter reports once it is ready (`pass`) or once the handler is imported:
# the system-wide monotonic clock (comparable with the parent's) and its own CPU time so far.
READY = (
    "import sys, time\nsys.stdout.write('\\n' + repr((time.monotonic(), time.process_time())))\n"
)
PROBE = (
    "import sys, time\n"
    "began = time.monotonic()\n"
    "import {module}\n"
    "done = time.monotonic()\n"
    "sys.stdout.write('\\n' + repr((done, time.process_time(), done - began)))\n"
)


class ColdStartError(RuntimeError):
    """A handler cannot be found in the template or fails to import."""


def placeholder(value: Any, resources: Mapping[str, Any]) -> str:
    """A deploy-time value of a template's environment, as a string of the same form."""
    if isinstance(value, str | int | float):
        return str(value)
    if not isinstance(value, Mapping) or len(value) != 1:
        return "placeholder"
    (kind, arg), *_ = value.items()
    if kind == "Ref":
        return _by_type(str(arg), str(resources.get(arg, {}).get("Type", "")))
    if kind == "Fn::ImportValue":
        name = str(arg if isinstance(arg, str) else placeholder(arg, resources))
        return _by_export(name)
    if kind == "Fn::Join" and isinstance(arg, list) and len(arg) == 2:
        separator, parts = arg
        return str(separator).join(placeholder(part, resources) for part in parts)
    if kind == "Fn::GetAtt":
        logical = arg[0] if isinstance(arg, list) else str(arg).split(".")[0]
        return f"arn:aws:placeholder:{REGION}:{ACCOUNT}:{logical}"
    if kind == "Fn::Sub" and isinstance(arg, str):
        return arg.replace("${AWS::Region}", REGION).replace("${AWS::AccountId}", ACCOUNT)
    return "placeholder"


def _by_type(logical_id: str, resource_type: str) -> str:
    if resource_type == "AWS::SQS::Queue":
        return f"https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/{logical_id}"
    if resource_type == "AWS::SNS::Topic":
        return f"arn:aws:sns:{REGION}:{ACCOUNT}:{logical_id}"
    if resource_type == "AWS::SecretsManager::Secret":
        return f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:{logical_id}-AbCdEf"
    return logical_id  # a table, a bucket, a state machine name ...


def _by_export(name: str) -> str:
    short = name.rsplit(":", 1)[-1].rsplit("-", 1)[-1]
    if "Secret" in name:
        return f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:{short}-AbCdEf"
    if "Endpoint" in name:
        return f"search-placeholder.{REGION}.es.amazonaws.com"
    if "Queue" in name:
        return f"https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/{short}"
    if "Topic" in name:
        return f"arn:aws:sns:{REGION}:{ACCOUNT}:{short}"
    return short


def handler_functions(assembly: Path) -> dict[str, dict[str, Any]]:
    """Short name -> {module, environment, memory} of every compute handler in the templates."""
    found: dict[str, dict[str, Any]] = {}
    for template_path in sorted(assembly.glob("*.template.json")):
        template = json.loads(template_path.read_text(encoding="utf-8"))
        resources = template.get("Resources", {})
        for definition in resources.values():
            if definition.get("Type") != "AWS::Lambda::Function":
                continue
            props = definition.get("Properties", {})
            handler = str(props.get("Handler", ""))
            if not handler.startswith("compute.handlers."):
                continue
            module = handler.rsplit(".", 1)[0]
            variables = props.get("Environment", {}).get("Variables", {})
            environment = {k: placeholder(v, resources) for k, v in variables.items()}
            short = environment.get("POWERTOOLS_SERVICE_NAME") or module.rsplit(".", 1)[-1]
            found[short] = {
                "module": module,
                "environment": environment,
                "memory_mb": props.get("MemorySize"),
                "runtime": props.get("Runtime"),
            }
    return found


def lambda_env(name: str, function: Mapping[str, Any]) -> dict[str, str]:
    """What a Lambda process sees: the template's variables and the runtime's own."""
    return {
        **FAKE_AWS_ENV,
        "AWS_LAMBDA_FUNCTION_NAME": name,
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(function.get("memory_mb") or 128),
        "AWS_EXECUTION_ENV": f"AWS_Lambda_{function.get('runtime') or 'python3.12'}",
        # Set by Lambda; the X-Ray SDK (Powertools Tracer) takes its Lambda path only with it.
        "LAMBDA_TASK_ROOT": str(ROOT),
        "LANG": "en_US.UTF-8",
        "TZ": ":UTC",
        **function["environment"],
    }


def _run(code: str, env: Mapping[str, str]) -> tuple[float, ...]:
    """Run `code` in a fresh interpreter; (ms from spawn to its report, *its report)."""
    spawned = time.monotonic()
    done = subprocess.run(  # noqa: S603 - our own interpreter and a fixed probe
        [sys.executable, "-c", code], env=dict(env), capture_output=True, text=True, cwd=ROOT
    )
    if done.returncode != 0:
        raise ColdStartError(f"`python -c {code!r}` failed:\n{done.stderr[-2000:]}")
    # The last line: the handler's own logs may come first.
    reported = ast.literal_eval(done.stdout.strip().splitlines()[-1])
    return ((reported[0] - spawned) * 1000.0, *reported[1:])


def measure(name: str, function: Mapping[str, Any], samples: int) -> dict[str, Any]:
    """`samples` fresh-process imports of the handler, each paired with a bare interpreter.

    A sample is the time from spawning the process to the end of the import, minus the
    median time from spawning to a bare interpreter being ready; interpreter exit is not
    counted. CPU likewise (the child's own CPU time at that point), which machine load barely
    moves, unlike wall time.
    """
    env = lambda_env(name, function)
    probe = PROBE.format(module=function["module"])
    ready_ms: list[float] = []
    ready_cpu_ms: list[float] = []
    imported_ms: list[float] = []
    imported_cpu_ms: list[float] = []
    inside_ms: list[float] = []
    _run(probe, env)  # once unmeasured: bytecode caches are written, as a deployed asset has
    for _ in range(samples):
        wall, cpu = _run(READY, env)
        ready_ms.append(wall)
        ready_cpu_ms.append(cpu * 1000.0)
        wall, cpu, import_s = _run(probe, env)
        imported_ms.append(wall)
        imported_cpu_ms.append(cpu * 1000.0)
        inside_ms.append(import_s * 1000.0)
    interpreter_ms = statistics.median(ready_ms)
    interpreter_cpu_ms = statistics.median(ready_cpu_ms)
    measured = [round(ms - interpreter_ms, 1) for ms in imported_ms]
    cpu_measured = [round(ms - interpreter_cpu_ms, 1) for ms in imported_cpu_ms]
    return {
        "function": name,
        "module": function["module"],
        "median_ms": round(statistics.median(measured), 1),
        "samples": measured,
        "interpreter_start_ms": round(interpreter_ms, 1),
        "in_process_import_median_ms": round(statistics.median(inside_ms), 1),
        "cpu_median_ms": round(statistics.median(cpu_measured), 1),
        "cpu_samples": cpu_measured,
        "target_ms": TARGETS_MS.get(name),
        "python": sys.version.split()[0],
        "load_average": load_average(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m load.coldstart", description=__doc__)
    parser.add_argument("--functions", default=",".join(DEFAULT_FUNCTIONS), help="or 'all'")
    parser.add_argument("--samples", type=int, default=10)
    parser.add_argument("--assembly", type=Path, default=DEFAULT_ASSEMBLY)
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    functions = handler_functions(args.assembly)
    wanted = sorted(functions) if args.functions == "all" else args.functions.split(",")
    missing = [name for name in wanted if name not in functions]
    if missing:
        print(
            f"load.coldstart: no handler {missing} in {args.assembly} (have {sorted(functions)}); "
            "synthesize first: `nox -s synth`",
            file=sys.stderr,
        )
        return 2
    misses = []
    for name in wanted:
        try:
            result = measure(name, functions[name], args.samples)
        except ColdStartError as exc:
            print(f"load.coldstart: {name}: {exc}", file=sys.stderr)
            return 2
        write_result(args.results / f"coldstart-{name}.json", result)
        target = result["target_ms"]
        verdict = "" if target is None else f" (target <= {target:.0f} ms)"
        print(
            f"{name:<18} median {result['median_ms']:>7.1f} ms{verdict}; interpreter "
            f"{result['interpreter_start_ms']:.1f} ms, in-process import "
            f"{result['in_process_import_median_ms']:.1f} ms, CPU {result['cpu_median_ms']:.1f} ms;"
            f" samples {result['samples']}"
        )
        if target is not None and result["median_ms"] > target:
            misses.append(f"{name}: median {result['median_ms']} ms > {target} ms")
    for miss in misses:
        print(f"--check: {miss}", file=sys.stderr)
    return 1 if args.check and misses else 0


if __name__ == "__main__":
    sys.exit(main())
