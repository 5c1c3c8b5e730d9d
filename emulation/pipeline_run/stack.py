"""The local stack a pipeline run deploys: the assembly (moto-parsable copy) and its functions
pointed at the world's Places API and proxy."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

NO_PROXY = "127.0.0.1,localhost,::1"


def synthesize(assembly: Path, *, fresh: bool = False) -> Path:
    """The cloud assembly to deploy: an existing one that is newer than every file it is built
    from, else (or with `fresh`) a new synth of infra/. Function code is copied into the
    assembly: reusing a stale one ran the functions' old code after an edit or a pull.

    A synth runs in a child process: jsii's node kernel (~500 MB) lives as long as the process
    that synthesized, and in this one it counted in the run's peak memory (part `other`)."""
    from emulation.assembly import ensure_assembly

    script = (
        "import sys; from pathlib import Path; from emulation.assembly import ensure_assembly; "
        "ensure_assembly(Path(sys.argv[1]), fresh=sys.argv[2] == 'fresh')"
    )
    subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", script, str(assembly), "fresh" if fresh else "reuse"],
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    return ensure_assembly(assembly, fresh=False)[0]


# What moto 5.2.5's ASL parser rejects although AWS accepts it: dropped from the local copy only.
UNSUPPORTED_ASL_FIELDS = ("ToleratedFailurePercentage",)


def _strip_fields(node: Any, names: Sequence[str], dropped: list[str]) -> Any:
    if isinstance(node, dict):
        for name in names:
            if name in node:
                dropped.append(f"{name}={node.pop(name)}")
        return {k: _strip_fields(v, names, dropped) for k, v in node.items()}
    if isinstance(node, list):
        return [_strip_fields(v, names, dropped) for v in node]
    return node


def local_assembly(assembly: Path, work_dir: Path) -> tuple[Path, list[str]]:
    """A copy of the assembly whose state machines moto can parse (assets are linked, not
    copied), and what was dropped, so the report says how the local run differs from AWS."""
    target = work_dir / "assembly"
    if target.exists():
        import shutil

        shutil.rmtree(target)
    target.mkdir(parents=True)
    dropped: list[str] = []
    for entry in assembly.iterdir():
        if not entry.name.endswith(".template.json"):
            (target / entry.name).symlink_to(entry.resolve())
            continue
        template = json.loads(entry.read_text(encoding="utf-8"))
        for resource in template.get("Resources", {}).values():
            if resource.get("Type") != "AWS::StepFunctions::StateMachine":
                continue
            props = resource.get("Properties", {})
            if isinstance(props.get("DefinitionString"), str):
                definition = json.loads(props["DefinitionString"])
                props["DefinitionString"] = json.dumps(
                    _strip_fields(definition, UNSUPPORTED_ASL_FIELDS, dropped), indent=1
                )
        (target / entry.name).write_text(json.dumps(template), encoding="utf-8")
    return target, dropped


def point_functions_at_world(cloud: Any, endpoints: Any) -> dict[str, str]:
    """Re-register every function with the world's Places URL and proxy (their template
    environment otherwise names Google's real API), and store the world's key as the secret."""
    overrides = {
        "PLACES_API_URL": endpoints.places_url,
        "HTTP_PROXY": endpoints.proxy_url,
        "http_proxy": endpoints.proxy_url,
        "NO_PROXY": NO_PROXY,
        "no_proxy": NO_PROXY,
    }
    secret_arns: set[str] = set()
    for name in cloud.runtime.functions():
        spec = cloud.runtime.spec(name)
        arn = spec.environment.get("PLACES_API_KEY_SECRET_ARN")
        if arn:
            secret_arns.add(arn)
        cloud.runtime.register(
            dataclasses.replace(spec, environment={**spec.environment, **overrides})
        )
    secrets = cloud.client("secretsmanager")
    for arn in secret_arns:
        secrets.put_secret_value(SecretId=arn, SecretString=endpoints.api_key)
    return overrides


def function_env(cloud: Any, short_name: str) -> dict[str, str]:
    for name in cloud.runtime.functions():
        spec = cloud.runtime.spec(name)
        if spec.environment.get("POWERTOOLS_SERVICE_NAME") == short_name:
            return dict(spec.environment)
    raise LookupError(f"no deployed function is {short_name!r}")
