"""The deploy engine: stacks and resources in dependency order, refs, the report.

The engine knows no AWS service. It reads the assembly's `manifest.json`, deploys each stack (and
nested stacks) in dependency order, resolves intrinsic functions (`emulation.intrinsics`) and
hands each resource's resolved properties to the creator registered for its type with
`@creates(...)` (one module per service beside this one). A type with no creator is reported as
accepted (`accepted.py` says why it has no local meaning) or unsupported.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from emulation.deploy.accepted import ACCEPTED_TYPES
from emulation.intrinsics import Resolver, TemplateError, references

EMULATION = Path(__file__).parents[1]
SECRETS_DEFAULTS = EMULATION / "secrets.defaults.json"
SECRETS_LOCAL = EMULATION / "secrets.local.json"

CREATED = "created"
ACCEPTED = "accepted"
UNSUPPORTED = "unsupported"
SKIPPED = "skipped"


class DeployError(RuntimeError):
    """A resource could not be created; the message names the stack, resource and cause."""


@dataclass
class ReportEntry:
    stack: str
    logical_id: str
    type: str
    status: str
    detail: str = ""
    seconds: float = 0.0


@dataclass
class Deployed:
    """What the deploy recorded for one resource: its Ref value and its attributes."""

    type: str
    physical_id: Any
    attributes: dict[str, Any] = field(default_factory=dict)


@dataclass
class Deployment:
    """The result of a deploy: outputs, resources by stack, and the report."""

    outputs: dict[str, str] = field(default_factory=dict)
    resources: dict[str, dict[str, Deployed]] = field(default_factory=dict)
    report: list[ReportEntry] = field(default_factory=list)
    functions: dict[str, str] = field(default_factory=dict)  # name -> ARN
    state_machines: dict[str, str] = field(default_factory=dict)  # name -> ARN
    rules: list[str] = field(default_factory=list)
    api_urls: dict[str, str] = field(default_factory=dict)  # API name -> URL
    container_commands: dict[str, list[str]] = field(default_factory=dict)
    # Properties of created resources that have no local effect (type is "Type.Property").
    properties_not_emulated: list[ReportEntry] = field(default_factory=list)

    def entries(self, status: str) -> list[ReportEntry]:
        return [e for e in self.report if e.status == status]

    def format_report(self) -> str:
        """A printable summary: counts per status, then every accepted/unsupported resource."""
        lines = ["Local deploy report:"]
        for status in (CREATED, ACCEPTED, SKIPPED, UNSUPPORTED):
            lines.append(f"  {status}: {len(self.entries(status))}")
        by_reason: dict[tuple[str, str], int] = {}
        for entry in self.entries(ACCEPTED):
            key = (entry.type, entry.detail)
            by_reason[key] = by_reason.get(key, 0) + 1
        if by_reason:
            lines.append("  accepted, not emulated:")
            for (type_, reason), count in sorted(by_reason.items()):
                lines.append(f"    {type_} x{count}: {reason}")
        if self.properties_not_emulated:
            lines.append("  properties accepted, not emulated:")
            for entry in self.properties_not_emulated:
                lines.append(f"    {entry.stack}/{entry.logical_id} {entry.type}: {entry.detail}")
        unsupported = self.entries(UNSUPPORTED)
        if unsupported:
            lines.append("  NOT UNDERSTOOD (not deployed):")
            for entry in unsupported:
                lines.append(f"    {entry.stack}/{entry.logical_id} {entry.type}: {entry.detail}")
        if self.container_commands:
            lines.append("  ECS containers run locally as:")
            for name, command in sorted(self.container_commands.items()):
                lines.append(f"    {name}: {' '.join(command)}")
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        return {
            "outputs": self.outputs,
            "functions": self.functions,
            "state_machines": self.state_machines,
            "rules": self.rules,
            "api_urls": self.api_urls,
            "container_commands": self.container_commands,
            "report": [vars(e) for e in self.report],
            "properties_not_emulated": [vars(e) for e in self.properties_not_emulated],
        }


def load_secret_values() -> dict[str, Any]:
    """Secret values by secret name: secrets.local.json (git-ignored) over secrets.defaults.json."""
    values: dict[str, Any] = {}
    for path in (SECRETS_DEFAULTS, SECRETS_LOCAL):
        if path.exists():
            document = json.loads(path.read_text(encoding="utf-8"))
            values.update(document.get("secrets", {}))
    return values


@dataclass
class Targets:
    """The local parts resources are handed to (None: that part is not running)."""

    runtime: Any = None  # emulation.lambda_runtime.LambdaRuntime
    event_sources: Any = None  # emulation.event_sources.EventSourceManager
    api: Any = None  # emulation.apigw.ApiGateway
    schedules: Any = None  # emulation.schedules.Schedules
    ecs: Any = None  # emulation.ecs.EcsEmulator
    autoscaling: Any = None  # emulation.autoscaling.service.ApplicationAutoScaling
    metric_filters: Any = None  # emulation.alarms.log_filters.MetricFilters
    opensearch_url: str | None = None


class Assembly:
    """A CDK cloud assembly directory: stacks in dependency order, asset paths by object key."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        manifest_path = directory / "manifest.json"
        if not manifest_path.exists():
            raise DeployError(f"{manifest_path} does not exist: synthesize the CDK app first")
        self.manifest: dict[str, Any] = json.loads(manifest_path.read_text(encoding="utf-8"))
        self.assets: dict[str, Path] = {}
        for artifact in self.manifest.get("artifacts", {}).values():
            if artifact.get("type") == "cdk:asset-manifest":
                assets_file = directory / artifact["properties"]["file"]
                document = json.loads(assets_file.read_text(encoding="utf-8"))
                for asset in document.get("files", {}).values():
                    source = directory / asset["source"]["path"]
                    for destination in asset.get("destinations", {}).values():
                        self.assets[destination["objectKey"]] = source

    def stacks(self) -> list[tuple[str, dict[str, Any]]]:
        """(stack name, artifact) for every stack, dependencies first."""
        artifacts = self.manifest.get("artifacts", {})
        stacks = {
            name: a for name, a in artifacts.items() if a.get("type") == "aws:cloudformation:stack"
        }
        ordered: list[str] = []

        def visit(name: str, seen: frozenset[str]) -> None:
            if name in ordered or name not in stacks:
                return
            if name in seen:
                raise DeployError(f"stack dependency cycle through {name}")
            for dependency in stacks[name].get("dependencies", []):
                visit(dependency, seen | {name})
            ordered.append(name)

        for name in sorted(stacks):
            visit(name, frozenset())
        return [(name, stacks[name]) for name in ordered]

    def template(self, artifact: dict[str, Any]) -> dict[str, Any]:
        path = self.directory / artifact["properties"]["templateFile"]
        return dict(json.loads(path.read_text(encoding="utf-8")))

    def asset(self, object_key: str) -> Path:
        """The staged asset for an S3 object key (Code.S3Key, a nested template's key)."""
        if object_key in self.assets:
            return self.assets[object_key]
        stem = object_key.rsplit("/", 1)[-1].split(".", 1)[0]
        for candidate in (self.directory / f"asset.{stem}", self.directory / object_key):
            if candidate.exists():
                return candidate
        raise DeployError(f"asset {object_key!r} is not in the cloud assembly {self.directory}")


class Deployer:
    """Deploys an assembly into moto and the local parts; see the module docstring."""

    def __init__(
        self,
        assembly_dir: Path,
        client: Callable[[str], Any],
        targets: Targets,
        *,
        region: str = "eu-west-2",
        account: str = "123456789012",
        secret_values: dict[str, Any] | None = None,
    ) -> None:
        self.assembly = Assembly(Path(assembly_dir))
        self.client = client
        self.targets = targets
        self.region = region
        self.account = account
        self.secret_values = load_secret_values() if secret_values is None else secret_values
        self.result = Deployment()
        self.exports: dict[str, Any] = {}
        self._clients: dict[str, Any] = {}
        # What a service's creators keep between its resources (an API's routes...), by service.
        self.service_state: dict[str, Any] = {}
        # Run once every stack is deployed, in order (the gateway gets an API's whole route table).
        self.after_deploy: list[Callable[[], None]] = []
        # AWS URL prefix -> local URL, for values built from parts (an API's execute-api host).
        self.local_urls: dict[str, str] = {}
        self._search_host = ""
        if targets.opensearch_url:
            self._search_host = urlsplit(targets.opensearch_url).netloc

    # -- driving -----------------------------------------------------------------------------

    def deploy(self) -> Deployment:
        """Deploy every stack of the assembly; returns outputs and the report."""
        for name, artifact in self.assembly.stacks():
            template = self.assembly.template(artifact)
            self.deploy_stack(name, template, parameters={})
        for finish in self.after_deploy:
            finish()
        return self.result

    def boto(self, service: str) -> Any:
        """One botocore client per service for the whole deploy."""
        if service not in self._clients:
            self._clients[service] = self.client(service)
        return self._clients[service]

    def deploy_stack(
        self, stack: str, template: dict[str, Any], parameters: dict[str, Any]
    ) -> Stack:
        """Deploy one template (a top-level stack, or a nested one with its parameters)."""
        state = Stack(self, stack, template, parameters)
        self.result.resources[stack] = state.deployed
        for logical_id in state.order():
            state.create(logical_id)
        for key, output in template.get("Outputs", {}).items():
            if "Condition" in output and not state.resolver.condition(output["Condition"]):
                continue
            value = self._localise(state.resolver.resolve(output["Value"]))
            state.outputs[key] = value
            self.result.outputs.setdefault(key, _text(value))
            self.result.outputs[f"{stack}.{key}"] = _text(value)
            export = output.get("Export", {}).get("Name")
            if export is not None:
                self.exports[str(state.resolver.resolve(export))] = value
        return state

    def _localise(self, value: Any) -> Any:
        """URLs built from parts point at the local servers: https://<domain endpoint> at the
        local OpenSearch node (http), https://<api id>.execute-api.<region>.amazonaws.com at
        the local API gateway."""
        if isinstance(value, str):
            if self._search_host:
                value = value.replace(f"https://{self._search_host}", f"http://{self._search_host}")
            for remote, local in self.local_urls.items():
                value = value.replace(f"{remote}/", f"{local}/")
                value = value.replace(remote, local)
            return value
        if isinstance(value, dict):
            return {k: self._localise(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self._localise(v) for v in value]
        return value

    def physical_name(self, stack: str, logical_id: str, limit: int = 64) -> str:
        """A CloudFormation-style generated name: Stack-LogicalId-SUFFIX (stable across runs)."""
        suffix = hashlib.sha256(f"{stack}/{logical_id}".encode()).hexdigest()[:12].upper()
        head = f"{stack}-{logical_id}"[: limit - 13]
        return f"{head}-{suffix}"

    def arn(self, service: str, resource: str) -> str:
        return f"arn:aws:{service}:{self.region}:{self.account}:{resource}"

    def report(self, stack: str, logical_id: str, type_: str, status: str, detail: str) -> None:
        self.result.report.append(ReportEntry(stack, logical_id, type_, status, detail))

    def report_property(self, stack: str, logical_id: str, where: str, why: str) -> None:
        """A property the resource keeps in moto but that changes nothing locally."""
        entry = ReportEntry(stack, logical_id, where, ACCEPTED, why)
        self.result.properties_not_emulated.append(entry)


class Stack:
    """One stack being deployed: its resolver and what it created so far."""

    def __init__(
        self, deployer: Deployer, name: str, template: dict[str, Any], parameters: dict[str, Any]
    ) -> None:
        self.deployer = deployer
        self.name = name
        self.template = template
        self.resources: dict[str, Any] = template.get("Resources", {})
        self.deployed: dict[str, Deployed] = {}
        self.outputs: dict[str, Any] = {}
        values: dict[str, Any] = {}
        for key, spec in template.get("Parameters", {}).items():
            if key in parameters:
                values[key] = parameters[key]
            elif str(spec.get("Type", "")).startswith("AWS::SSM::Parameter::Value"):
                # Bootstrap version and similar SSM lookups: nothing to look up locally.
                values[key] = spec.get("Default", "")
            elif "Default" in spec:
                values[key] = spec["Default"]
            else:
                raise DeployError(f"{name}: parameter {key} has no value and no Default")
        self.resolver = Resolver(
            ref=self._ref,
            get_att=self._get_att,
            pseudo={
                "AWS::Region": deployer.region,
                "AWS::AccountId": deployer.account,
                "AWS::Partition": "aws",
                "AWS::URLSuffix": "amazonaws.com",
                "AWS::StackName": name,
                "AWS::StackId": deployer.arn("cloudformation", f"stack/{name}/local"),
                "AWS::NotificationARNs": [],
            },
            parameters=values,
            conditions=template.get("Conditions", {}),
            mappings=template.get("Mappings", {}),
            exports=deployer.exports,
        )

    def order(self) -> list[str]:
        return deploy_order(self.name, self.resources)

    def _ref(self, logical_id: str) -> Any:
        if logical_id not in self.deployed:
            raise TemplateError(f"{self.name}: Ref {logical_id} before it was deployed")
        return self.deployed[logical_id].physical_id

    def _get_att(self, logical_id: str, attribute: str) -> Any:
        if logical_id not in self.deployed:
            raise TemplateError(f"{self.name}: Fn::GetAtt {logical_id}.{attribute} before deploy")
        deployed = self.deployed[logical_id]
        if attribute in deployed.attributes:
            return deployed.attributes[attribute]
        if attribute.startswith("Outputs.") and "outputs" in deployed.attributes:
            return deployed.attributes["outputs"][attribute.removeprefix("Outputs.")]
        # Accepted resources have no real attributes: a stable placeholder keeps wiring intact.
        return f"{deployed.physical_id}.{attribute}"

    def _placeholder(self, logical_id: str, type_: str, resource: dict[str, Any]) -> Any:
        """The Ref value of a resource that is not created: its name property when it has one,
        so that names wired elsewhere (alarm names in event patterns...) stay consistent."""
        kind = type_.rsplit("::", 1)[-1]
        props = resource.get("Properties", {})
        for key in (f"{kind}Name", "Name"):
            if key in props:
                try:
                    return self.resolver.resolve(props[key])
                except TemplateError:
                    break
        return f"{logical_id.lower()}-local"

    def create(self, logical_id: str) -> None:
        resource = self.resources[logical_id]
        type_ = str(resource.get("Type"))
        d = self.deployer
        if "Condition" in resource and not self.resolver.condition(resource["Condition"]):
            d.report(self.name, logical_id, type_, SKIPPED, f"condition {resource['Condition']}")
            return
        creator = CREATORS.get(type_)
        if creator is None:
            placeholder = self._placeholder(logical_id, type_, resource)
            self.deployed[logical_id] = Deployed(type_, placeholder)
            if type_ in ACCEPTED_TYPES:
                d.report(self.name, logical_id, type_, ACCEPTED, ACCEPTED_TYPES[type_])
            elif type_.startswith("Custom::") or type_ == "AWS::CloudFormation::CustomResource":
                d.report(
                    self.name,
                    logical_id,
                    type_,
                    UNSUPPORTED,
                    "custom resource providers are not run locally",
                )
            else:
                d.report(self.name, logical_id, type_, UNSUPPORTED, "no local emulation")
            return
        started = time.perf_counter()
        try:
            props = d._localise(self.resolver.resolve(resource.get("Properties", {})))
            deployed, status, detail = creator(self, logical_id, props)
        except (TemplateError, DeployError) as exc:
            raise DeployError(f"{self.name}/{logical_id} ({type_}): {exc}") from exc
        except Exception as exc:
            raise DeployError(f"{self.name}/{logical_id} ({type_}) failed: {exc!r}") from exc
        self.deployed[logical_id] = deployed
        d.report(self.name, logical_id, type_, status, detail)
        d.result.report[-1].seconds = round(time.perf_counter() - started, 4)


# A creator gets the stack, the logical id and the resolved properties; it returns what it
# created, its status (CREATED, ACCEPTED, UNSUPPORTED) and a detail for the report.
Result = tuple[Deployed, str, str]
Creator = Callable[[Stack, str, dict[str, Any]], Result]
CREATORS: dict[str, Creator] = {}


def deploy_order(stack: str, resources: Mapping[str, Any]) -> list[str]:
    """Logical ids with every resource after the ones it references or DependsOn (Kahn's
    algorithm; resources ready together come in name order, so a deploy is repeatable)."""
    deps: dict[str, set[str]] = {}
    for logical_id, resource in resources.items():
        found = set(references(resource.get("Properties", {})))
        depends = resource.get("DependsOn", [])
        found.update([depends] if isinstance(depends, str) else depends)
        deps[logical_id] = {d for d in found if d in resources and d != logical_id}
    ordered: list[str] = []
    remaining = dict(deps)
    while remaining:
        ready = sorted(r for r, d in remaining.items() if not d - set(ordered))
        if not ready:
            raise DeployError(f"{stack}: dependency cycle among {sorted(remaining)}")
        ordered.extend(ready)
        for r in ready:
            del remaining[r]
    return ordered


def creates(*types: str) -> Callable[[Creator], Creator]:
    """Register the decorated function as the creator of these resource types."""

    def register(fn: Creator) -> Creator:
        for type_ in types:
            if type_ in CREATORS:
                raise ValueError(f"{type_} already has a creator: {CREATORS[type_].__module__}")
            CREATORS[type_] = fn
        return fn

    return register


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def attribute_text(value: Any) -> str:
    """A template value as an AWS string attribute: booleans as "true"/"false"."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def deploy(
    assembly_dir: Path,
    client: Callable[[str], Any],
    targets: Targets,
    **kwargs: Any,
) -> Deployment:
    """Deploy `assembly_dir` (a cdk.out) into moto and the local parts in `targets`."""
    return Deployer(assembly_dir, client, targets, **kwargs).deploy()


def all_handled_types() -> Iterable[str]:
    """Resource types the deployer creates (for documentation and tests)."""
    return sorted(CREATORS)
