"""Lambda functions (run by the local runtime), versions, aliases, event-source mappings."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path
from typing import Any

from emulation.deploy.engine import (
    ACCEPTED,
    CREATED,
    Deployed,
    Deployer,
    DeployError,
    Result,
    Stack,
    attribute_text,
    creates,
)

_STUB_ZIP: bytes | None = None


def _stub_zip() -> bytes:
    """moto stores a function's code; the local runtime runs the asset directory instead."""
    global _STUB_ZIP
    if _STUB_ZIP is None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("README.txt", "code runs from the cloud assembly's asset directory\n")
        _STUB_ZIP = buffer.getvalue()
    return _STUB_ZIP


@creates("AWS::Lambda::Function")
def _function(s: Stack, logical_id: str, p: dict[str, Any]) -> Result:
    d = s.deployer
    name = p.get("FunctionName") or d.physical_name(s.name, logical_id, 64)
    arn = d.arn("lambda", f"function:{name}")
    runtime_name = str(p.get("Runtime", ""))
    environment = {
        k: attribute_text(v)
        for k, v in (p.get("Environment", {}).get("Variables", {}) or {}).items()
    }
    code = p.get("Code", {})
    role = p.get("Role") or d.arn("iam", "role/local")
    d.boto("lambda").create_function(
        FunctionName=name,
        Runtime=runtime_name or "python3.12",
        Role=role,
        Handler=p.get("Handler", "index.handler"),
        Code={"ZipFile": _stub_zip()},
        Timeout=int(p.get("Timeout", 3)),
        MemorySize=int(p.get("MemorySize", 128)),
        Environment={"Variables": environment},
    )
    attrs = {"Arn": arn}
    d.result.functions[name] = arn
    if not runtime_name.startswith("python"):
        return (
            Deployed("AWS::Lambda::Function", name, attrs),
            ACCEPTED,
            (f"created in moto; runtime {runtime_name or 'image'} is not run locally"),
        )
    if "ZipFile" in code:
        code_dir = _inline_code(d, name, str(code["ZipFile"]))
    elif "S3Key" in code:
        code_dir = d.assembly.asset(str(code["S3Key"]))
    else:
        raise DeployError(f"function {name}: Code has neither S3Key nor ZipFile: {code!r}")
    if d.targets.runtime is not None:
        from emulation.lambda_runtime import FunctionSpec

        log_group = (p.get("LoggingConfig") or {}).get("LogGroup") or f"/aws/lambda/{name}"
        d.targets.runtime.register(
            FunctionSpec(
                name=name,
                arn=arn,
                handler=str(p.get("Handler")),
                code_dir=Path(code_dir),
                environment=environment,
                memory_mb=int(p.get("MemorySize", 128)),
                timeout_s=float(p.get("Timeout", 3)),
                reserved_concurrency=(
                    int(p["ReservedConcurrentExecutions"])
                    if "ReservedConcurrentExecutions" in p
                    else None
                ),
                log_group=log_group,
                runtime=runtime_name,
            )
        )
        python = d.targets.runtime.interpreter(name)
        if python.fallback:
            d.report_property(s.name, logical_id, "AWS::Lambda::Function.Runtime", python.fallback)
        detail = (
            f"created in moto; runs locally from {Path(code_dir).name} on Python {python.version}"
        )
        return Deployed("AWS::Lambda::Function", name, attrs), CREATED, detail
    detail = f"created in moto; runs locally from {Path(code_dir).name}"
    return Deployed("AWS::Lambda::Function", name, attrs), CREATED, detail


def _inline_code(d: Deployer, name: str, source: str) -> Path:
    directory = d.assembly.directory / ".local-inline" / name
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "index.py").write_text(source, encoding="utf-8")
    return directory


@creates("AWS::Lambda::Version")
def _version(s: Stack, logical_id: str, p: dict[str, Any]) -> Result:
    arn = f"{s.deployer.arn('lambda', 'function:' + function_name(p['FunctionName']))}:1"
    return (
        Deployed("AWS::Lambda::Version", arn, {"Version": "1"}),
        ACCEPTED,
        ("versions resolve to $LATEST locally"),
    )


@creates("AWS::Lambda::Alias")
def _alias(s: Stack, logical_id: str, p: dict[str, Any]) -> Result:
    arn = s.deployer.arn("lambda", f"function:{function_name(p['FunctionName'])}:{p['Name']}")
    return Deployed("AWS::Lambda::Alias", arn, {}), ACCEPTED, "aliases resolve to $LATEST locally"


def function_name(name_or_arn: str) -> str:
    if name_or_arn.startswith("arn:"):
        return name_or_arn.split(":")[6]
    return name_or_arn


@creates("AWS::Lambda::EventSourceMapping")
def _event_source_mapping(s: Stack, logical_id: str, p: dict[str, Any]) -> Result:
    d = s.deployer
    function = function_name(str(p["FunctionName"]))
    uuid = hashlib.sha256(f"{s.name}/{logical_id}".encode()).hexdigest()[:32]
    deployed = Deployed("AWS::Lambda::EventSourceMapping", uuid, {"Id": uuid})
    from emulation.event_sources.semantics import not_emulated

    for name, why in not_emulated(p):
        d.report_property(s.name, logical_id, f"AWS::Lambda::EventSourceMapping.{name}", why)
    if d.targets.event_sources is None:
        return deployed, ACCEPTED, "event-source pollers are not running"
    from emulation.event_sources import EventSourceMapping

    mapping = EventSourceMapping.from_properties(p, function, lambda value: value)
    d.targets.event_sources.add(mapping)
    return deployed, CREATED, f"polled by the local event-source manager for {function}"
