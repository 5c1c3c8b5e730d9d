"""Deploy a synthesized CDK cloud assembly onto the local cloud.

The template is the single source of truth: names, wiring, environment, the state machine. The
deployer reads `manifest.json`, deploys each stack (and nested stacks) in dependency order,
resolves intrinsic functions (`emulation.intrinsics`), and creates each resource in moto or hands
it to the local part that emulates it (Lambda runtime, event-source pollers, API gateway,
schedules, ECS). Every resource ends up in the report as created, accepted (understood, with no
local meaning) or unsupported (not understood): nothing is dropped silently.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import re
import secrets as token_source
import string
import time
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from emulation.intrinsics import NO_VALUE, Resolver, TemplateError, references

ROOT = Path(__file__).parent
SECRETS_DEFAULTS = ROOT / "secrets.defaults.json"
SECRETS_LOCAL = ROOT / "secrets.local.json"

CREATED = "created"
ACCEPTED = "accepted"
UNSUPPORTED = "unsupported"
SKIPPED = "skipped"

# Understood, but with no local meaning: why each is not emulated.
ACCEPTED_TYPES: dict[str, str] = {
    "AWS::CDK::Metadata": "CDK bookkeeping",
    "AWS::IAM::Policy": "IAM is not enforced locally",
    "AWS::IAM::ManagedPolicy": "IAM is not enforced locally",
    "AWS::IAM::InstanceProfile": "IAM is not enforced locally",
    "AWS::IAM::ServiceLinkedRole": "IAM is not enforced locally",
    "AWS::Lambda::Permission": "resource policies are not enforced locally",
    "AWS::Lambda::LayerVersion": (
        "the layer's binaries are arm64; locally third-party packages come from the virtualenv"
    ),
    "AWS::Lambda::LayerVersionPermission": "resource policies are not enforced locally",
    "AWS::Lambda::EventInvokeConfig": "async invoke destinations are not emulated",
    "AWS::Lambda::Url": "function URLs are not emulated; use the HTTP API",
    "AWS::SQS::QueuePolicy": "resource policies are not enforced locally",
    "AWS::SNS::TopicPolicy": "resource policies are not enforced locally",
    "AWS::KMS::Key": "encryption at rest has no local meaning",
    "AWS::KMS::Alias": "encryption at rest has no local meaning",
    "AWS::CloudWatch::CompositeAlarm": "composite alarms are not evaluated locally",
    "AWS::CloudWatch::Dashboard": "dashboards have no local meaning",
    "AWS::Logs::MetricFilter": "metric filters are not evaluated locally",
    "AWS::Logs::SubscriptionFilter": "log subscriptions are not emulated",
    "AWS::Logs::ResourcePolicy": "resource policies are not enforced locally",
    "AWS::ApiGatewayV2::Deployment": "the local gateway serves routes as deployed",
    "AWS::ApiGatewayV2::Authorizer": (
        "JWT and Lambda authorizers are not emulated (AWS_IAM routes are, with SigV4)"
    ),
    "AWS::Events::Archive": "event archives are not emulated",
    "AWS::Scheduler::ScheduleGroup": "schedule groups have no local meaning",
    "AWS::ECS::ClusterCapacityProviderAssociations": "every local task runs as a process",
    "AWS::ECS::CapacityProvider": "every local task runs as a process",
    "AWS::ApplicationAutoScaling::ScalableTarget": "autoscaling is not emulated",
    "AWS::ApplicationAutoScaling::ScalingPolicy": "autoscaling is not emulated",
    "AWS::EC2::VPCEndpoint": "networking has no local meaning",
    "AWS::EC2::FlowLog": "networking has no local meaning",
    "AWS::EC2::SecurityGroupIngress": "security groups are not enforced locally",
    "AWS::EC2::SecurityGroupEgress": "security groups are not enforced locally",
    "AWS::EC2::NetworkAcl": "networking has no local meaning",
    "AWS::EC2::NetworkAclEntry": "networking has no local meaning",
    "AWS::EC2::SubnetNetworkAclAssociation": "networking has no local meaning",
    "AWS::EC2::VPCGatewayAttachment": "networking has no local meaning",
    "AWS::EC2::SubnetRouteTableAssociation": "networking has no local meaning",
    "AWS::EC2::EgressOnlyInternetGateway": "networking has no local meaning",
    "AWS::OpenSearchService::DomainPolicy": "resource policies are not enforced locally",
    "AWS::StepFunctions::Activity": "activities are not emulated",
    "AWS::SSM::Association": "SSM associations are not emulated",
    "AWS::XRay::Group": "tracing is disabled locally",
    "AWS::XRay::SamplingRule": "tracing is disabled locally",
}


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
        self._apis: dict[str, _Api] = {}
        self._search_host = ""
        if targets.opensearch_url:
            self._search_host = urlsplit(targets.opensearch_url).netloc

    # -- driving -----------------------------------------------------------------------------

    def deploy(self) -> Deployment:
        """Deploy every stack of the assembly; returns outputs and the report."""
        for name, artifact in self.assembly.stacks():
            template = self.assembly.template(artifact)
            self._deploy_stack(name, template, parameters={})
        for api in self._apis.values():
            api.publish(self)
        return self.result

    def _boto(self, service: str) -> Any:
        if service not in self._clients:
            self._clients[service] = self.client(service)
        return self._clients[service]

    def _deploy_stack(
        self, stack: str, template: dict[str, Any], parameters: dict[str, Any]
    ) -> _Stack:
        state = _Stack(self, stack, template, parameters)
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
            for api in self._apis.values():
                if api.url:
                    host = f"{api.api_id}.execute-api.{self.region}.amazonaws.com"
                    value = value.replace(f"https://{host}/", f"{api.url}/")
                    value = value.replace(f"https://{host}", api.url)
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


class _Stack:
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
        handler = _HANDLERS.get(type_)
        if handler is None:
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
            deployed, status, detail = handler(self, logical_id, props)
        except (TemplateError, DeployError) as exc:
            raise DeployError(f"{self.name}/{logical_id} ({type_}): {exc}") from exc
        except Exception as exc:
            raise DeployError(f"{self.name}/{logical_id} ({type_}) failed: {exc!r}") from exc
        self.deployed[logical_id] = deployed
        d.report(self.name, logical_id, type_, status, detail)
        d.result.report[-1].seconds = round(time.perf_counter() - started, 4)


_Result = tuple[Deployed, str, str]
_Handler = Callable[[_Stack, str, dict[str, Any]], _Result]
_HANDLERS: dict[str, _Handler] = {}


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


def handles(*types: str) -> Callable[[_Handler], _Handler]:
    def register(fn: _Handler) -> _Handler:
        for type_ in types:
            _HANDLERS[type_] = fn
        return fn

    return register


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


# -- DynamoDB ---------------------------------------------------------------------------------


def create_table(ddb: Any, name: str, p: dict[str, Any]) -> dict[str, Any]:
    """Create `name` in moto as a template's table properties `p` say (keys, indexes, billing,
    stream, TTL) and return its TableDescription; tests build the main table with it too."""
    request: dict[str, Any] = {
        "TableName": name,
        "KeySchema": p["KeySchema"],
        "AttributeDefinitions": p["AttributeDefinitions"],
    }
    provisioned = p.get("BillingMode") == "PROVISIONED" or "ProvisionedThroughput" in p
    throughput = {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}
    if provisioned:
        request["ProvisionedThroughput"] = p.get("ProvisionedThroughput", throughput)
    else:
        request["BillingMode"] = "PAY_PER_REQUEST"
    for key in ("GlobalSecondaryIndexes", "LocalSecondaryIndexes"):
        if p.get(key):
            indexes = []
            for index in p[key]:
                item = {k: index[k] for k in ("IndexName", "KeySchema", "Projection")}
                if provisioned and key == "GlobalSecondaryIndexes":
                    item["ProvisionedThroughput"] = index.get("ProvisionedThroughput", throughput)
                indexes.append(item)
            request[key] = indexes
    stream = p.get("StreamSpecification") or {}
    if stream.get("StreamViewType"):
        request["StreamSpecification"] = {
            "StreamEnabled": True,
            "StreamViewType": stream["StreamViewType"],
        }
    description: dict[str, Any] = ddb.create_table(**request)["TableDescription"]
    ttl = p.get("TimeToLiveSpecification")
    if ttl and ttl.get("Enabled", True) and ttl.get("AttributeName"):
        ddb.update_time_to_live(
            TableName=name,
            TimeToLiveSpecification={"Enabled": True, "AttributeName": ttl["AttributeName"]},
        )
    return description


@handles("AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable")
def _table(s: _Stack, logical_id: str, p: dict[str, Any]) -> _Result:
    d = s.deployer
    name = p.get("TableName") or d.physical_name(s.name, logical_id, 255)
    description = create_table(d._boto("dynamodb"), name, p)
    ttl = p.get("TimeToLiveSpecification")
    attributes = {"Arn": description["TableArn"]}
    if "LatestStreamArn" in description:
        attributes["StreamArn"] = description["LatestStreamArn"]
    detail = "created in moto" + (" (TTL is recorded, moto never expires items)" if ttl else "")
    return Deployed("AWS::DynamoDB::Table", name, attributes), CREATED, detail


# -- SQS, SNS, Secrets Manager, Logs, SSM, S3, EventBridge buses -------------------------------

_QUEUE_ATTRIBUTES = (
    "DelaySeconds",
    "MaximumMessageSize",
    "MessageRetentionPeriod",
    "ReceiveMessageWaitTimeSeconds",
    "VisibilityTimeout",
    "FifoQueue",
    "ContentBasedDeduplication",
    "DeduplicationScope",
    "FifoThroughputLimit",
)


@handles("AWS::SQS::Queue")
def _queue(s: _Stack, logical_id: str, p: dict[str, Any]) -> _Result:
    d = s.deployer
    fifo = bool(p.get("FifoQueue"))
    name = p.get("QueueName") or d.physical_name(s.name, logical_id, 75 if fifo else 80)
    if fifo and not name.endswith(".fifo"):
        name += ".fifo"
    attributes = {k: _text_attr(p[k]) for k in _QUEUE_ATTRIBUTES if k in p}
    if "RedrivePolicy" in p:
        attributes["RedrivePolicy"] = json.dumps(p["RedrivePolicy"])
    if "RedriveAllowPolicy" in p:
        attributes["RedriveAllowPolicy"] = json.dumps(p["RedriveAllowPolicy"])
    sqs = d._boto("sqs")
    url = sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
    arn = d.arn("sqs", name)
    return (
        Deployed("AWS::SQS::Queue", url, {"Arn": arn, "QueueName": name, "QueueUrl": url}),
        (CREATED),
        "created in moto",
    )


def _text_attr(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@handles("AWS::SNS::Topic")
def _topic(s: _Stack, logical_id: str, p: dict[str, Any]) -> _Result:
    d = s.deployer
    name = p.get("TopicName") or d.physical_name(s.name, logical_id, 256)
    attributes = {}
    if p.get("FifoTopic"):
        attributes["FifoTopic"] = "true"
    sns = d._boto("sns")
    arn = sns.create_topic(Name=name, Attributes=attributes)["TopicArn"]
    for subscription in p.get("Subscription", []):
        sns.subscribe(
            TopicArn=arn, Protocol=subscription["Protocol"], Endpoint=subscription["Endpoint"]
        )
    attrs = {"TopicArn": arn, "TopicName": name}
    return Deployed("AWS::SNS::Topic", arn, attrs), CREATED, "created in moto"


@handles("AWS::SNS::Subscription")
def _subscription(s: _Stack, logical_id: str, p: dict[str, Any]) -> _Result:
    attributes: dict[str, str] = {}
    for key in ("RawMessageDelivery", "FilterPolicyScope"):
        if key in p:
            attributes[key] = _text_attr(p[key])
    for key in ("FilterPolicy", "RedrivePolicy"):
        if key in p:
            attributes[key] = json.dumps(p[key])
    response = s.deployer._boto("sns").subscribe(
        TopicArn=p["TopicArn"],
        Protocol=p["Protocol"],
        Endpoint=p.get("Endpoint", ""),
        Attributes=attributes,
        ReturnSubscriptionArn=True,
    )
    arn = response["SubscriptionArn"]
    detail = "created in moto"
    if p["Protocol"] == "email":
        detail += " (email is not delivered locally)"
    return Deployed("AWS::SNS::Subscription", arn, {"Arn": arn}), CREATED, detail


@handles("AWS::SecretsManager::Secret")
def _secret(s: _Stack, logical_id: str, p: dict[str, Any]) -> _Result:
    d = s.deployer
    name = p.get("Name") or d.physical_name(s.name, logical_id, 512)
    configured = None
    for key in (name, logical_id, _CDK_HASH_SUFFIX.sub("", logical_id)):
        if key in d.secret_values:
            configured = d.secret_values[key]
            break
    if configured is not None:
        value = configured if isinstance(configured, str) else json.dumps(configured)
        detail = "created in moto with the configured value"
    elif "SecretString" in p:
        value, detail = str(p["SecretString"]), "created in moto with the template's value"
    else:
        value = _generate_secret(p.get("GenerateSecretString") or {})
        detail = "created in moto with a generated value (no entry in the secrets files)"
    arn = d._boto("secretsmanager").create_secret(Name=name, SecretString=value)["ARN"]
    return Deployed("AWS::SecretsManager::Secret", arn, {"Id": arn, "Name": name}), CREATED, detail


@handles("AWS::SES::EmailIdentity")
def _email_identity(s: _Stack, logical_id: str, p: dict[str, Any]) -> _Result:
    identity = str(p["EmailIdentity"])
    ses = s.deployer._boto("ses")
    if "@" in identity:
        ses.verify_email_identity(EmailAddress=identity)
    else:
        ses.verify_domain_identity(Domain=identity)
    detail = "verified in moto at once (mail lands in the outbox, see emulation.outbox)"
    return Deployed("AWS::SES::EmailIdentity", identity), CREATED, detail


_CDK_HASH_SUFFIX = re.compile(r"[0-9A-F]{8}$")


def _generate_secret(spec: dict[str, Any]) -> str:
    excluded = set(spec.get("ExcludeCharacters", ""))
    alphabet = [c for c in string.ascii_letters + string.digits if c not in excluded]
    generated = "".join(
        token_source.choice(alphabet) for _ in range(int(spec.get("PasswordLength", 32)))
    )
    if "SecretStringTemplate" in spec and "GenerateStringKey" in spec:
        document = json.loads(spec["SecretStringTemplate"])
        document[spec["GenerateStringKey"]] = generated
        return json.dumps(document)
    return generated


@handles("AWS::Logs::LogGroup")
def _log_group(s: _Stack, logical_id: str, p: dict[str, Any]) -> _Result:
    d = s.deployer
    name = p.get("LogGroupName") or d.physical_name(s.name, logical_id, 512)
    logs = d._boto("logs")
    # The Lambda runtime may have created the function's group first.
    with contextlib.suppress(logs.exceptions.ResourceAlreadyExistsException):
        logs.create_log_group(logGroupName=name)
    if "RetentionInDays" in p:
        logs.put_retention_policy(logGroupName=name, retentionInDays=int(p["RetentionInDays"]))
    arn = d.arn("logs", f"log-group:{name}:*")
    return Deployed("AWS::Logs::LogGroup", name, {"Arn": arn}), CREATED, "created in moto"


@handles("AWS::SSM::Parameter")
def _parameter(s: _Stack, logical_id: str, p: dict[str, Any]) -> _Result:
    d = s.deployer
    name = p.get("Name") or d.physical_name(s.name, logical_id, 1011)
    d._boto("ssm").put_parameter(
        Name=name, Value=str(p["Value"]), Type=p.get("Type", "String"), Overwrite=True
    )
    return (
        Deployed(
            "AWS::SSM::Parameter", name, {"Type": p.get("Type", "String"), "Value": p["Value"]}
        ),
        (CREATED),
        "created in moto",
    )


@handles("AWS::S3::Bucket")
def _bucket(s: _Stack, logical_id: str, p: dict[str, Any]) -> _Result:
    d = s.deployer
    name = p.get("BucketName") or d.physical_name(s.name, logical_id, 63).lower()
    d._boto("s3").create_bucket(
        Bucket=name, CreateBucketConfiguration={"LocationConstraint": d.region}
    )
    attrs = {
        "Arn": f"arn:aws:s3:::{name}",
        "DomainName": f"{name}.s3.amazonaws.com",
        "RegionalDomainName": f"{name}.s3.{d.region}.amazonaws.com",
    }
    return Deployed("AWS::S3::Bucket", name, attrs), CREATED, "created in moto"


@handles("AWS::Events::EventBus")
def _event_bus(s: _Stack, logical_id: str, p: dict[str, Any]) -> _Result:
    arn = s.deployer._boto("events").create_event_bus(Name=p["Name"])["EventBusArn"]
    return (
        Deployed("AWS::Events::EventBus", p["Name"], {"Arn": arn, "Name": p["Name"]}),
        (CREATED),
        "created in moto",
    )


@handles("AWS::CloudWatch::Alarm")
def _alarm(s: _Stack, logical_id: str, p: dict[str, Any]) -> _Result:
    d = s.deployer
    name = p.get("AlarmName") or d.physical_name(s.name, logical_id, 255)
    keys = (
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
        "AlarmDescription",
        "AlarmActions",
        "OKActions",
        "Unit",
    )
    kwargs = {k: p[k] for k in keys if k in p}
    for key in ("Period", "EvaluationPeriods", "DatapointsToAlarm"):
        if key in kwargs:
            kwargs[key] = int(kwargs[key])
    if "Threshold" in kwargs:
        kwargs["Threshold"] = float(kwargs["Threshold"])
    d._boto("cloudwatch").put_metric_alarm(AlarmName=name, **kwargs)
    arn = d.arn("cloudwatch", f"alarm:{name}")
    return (
        Deployed("AWS::CloudWatch::Alarm", name, {"Arn": arn}),
        CREATED,
        (
            "created in moto; static thresholds evaluated on the local metrics "
            "(`compute-local alarms` says which can fire)"
        ),
    )


# -- IAM (roles exist so Lambda and Step Functions accept their ARNs; policies not enforced) --


@handles("AWS::IAM::Role")
def _role(s: _Stack, logical_id: str, p: dict[str, Any]) -> _Result:
    d = s.deployer
    name = p.get("RoleName") or d.physical_name(s.name, logical_id, 64)
    iam = d._boto("iam")
    trust = p.get("AssumeRolePolicyDocument", {})
    try:
        arn = iam.create_role(
            RoleName=name, Path=p.get("Path", "/"), AssumeRolePolicyDocument=json.dumps(trust)
        )["Role"]["Arn"]
    except iam.exceptions.EntityAlreadyExistsException:
        arn = iam.get_role(RoleName=name)["Role"]["Arn"]
    role_id = hashlib.sha1(arn.encode(), usedforsecurity=False).hexdigest()[:21].upper()
    attrs = {"Arn": arn, "RoleId": role_id}
    return (
        Deployed("AWS::IAM::Role", name, attrs),
        CREATED,
        "created in moto; policies not enforced",
    )


# -- Lambda ----------------------------------------------------------------------------------

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


@handles("AWS::Lambda::Function")
def _function(s: _Stack, logical_id: str, p: dict[str, Any]) -> _Result:
    d = s.deployer
    name = p.get("FunctionName") or d.physical_name(s.name, logical_id, 64)
    arn = d.arn("lambda", f"function:{name}")
    runtime_name = str(p.get("Runtime", ""))
    environment = {
        k: _text_attr(v) for k, v in (p.get("Environment", {}).get("Variables", {}) or {}).items()
    }
    code = p.get("Code", {})
    role = p.get("Role") or d.arn("iam", "role/local")
    d._boto("lambda").create_function(
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
            )
        )
    detail = f"created in moto; runs locally from {Path(code_dir).name}"
    return Deployed("AWS::Lambda::Function", name, attrs), CREATED, detail


def _inline_code(d: Deployer, name: str, source: str) -> Path:
    directory = d.assembly.directory / ".local-inline" / name
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "index.py").write_text(source, encoding="utf-8")
    return directory


@handles("AWS::Lambda::Version")
def _version(s: _Stack, logical_id: str, p: dict[str, Any]) -> _Result:
    arn = f"{s.deployer.arn('lambda', 'function:' + _function_name(p['FunctionName']))}:1"
    return (
        Deployed("AWS::Lambda::Version", arn, {"Version": "1"}),
        ACCEPTED,
        ("versions resolve to $LATEST locally"),
    )


@handles("AWS::Lambda::Alias")
def _alias(s: _Stack, logical_id: str, p: dict[str, Any]) -> _Result:
    arn = s.deployer.arn("lambda", f"function:{_function_name(p['FunctionName'])}:{p['Name']}")
    return Deployed("AWS::Lambda::Alias", arn, {}), ACCEPTED, "aliases resolve to $LATEST locally"


def _function_name(name_or_arn: str) -> str:
    if name_or_arn.startswith("arn:"):
        return name_or_arn.split(":")[6]
    return name_or_arn


@handles("AWS::Lambda::EventSourceMapping")
def _event_source_mapping(s: _Stack, logical_id: str, p: dict[str, Any]) -> _Result:
    d = s.deployer
    function = _function_name(str(p["FunctionName"]))
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


# -- Step Functions ---------------------------------------------------------------------------


@handles("AWS::StepFunctions::StateMachine")
def _state_machine(s: _Stack, logical_id: str, p: dict[str, Any]) -> _Result:
    d = s.deployer
    name = p.get("StateMachineName") or d.physical_name(s.name, logical_id, 80)
    if "DefinitionString" in p:
        definition = str(p["DefinitionString"])
    elif "Definition" in p:
        definition = json.dumps(p["Definition"])
    elif "DefinitionS3Location" in p:
        location = p["DefinitionS3Location"]
        definition = d.assembly.asset(str(location["Key"])).read_text(encoding="utf-8")
    else:
        raise DeployError(f"state machine {name} has no definition")
    for key, value in (p.get("DefinitionSubstitutions") or {}).items():
        definition = definition.replace("${" + key + "}", _text_attr(value))
    parsed = json.loads(definition)  # fail here, naming the machine, not at StartExecution
    for where, why in _asl_not_emulated(parsed):
        d.report_property(s.name, logical_id, f"AWS::StepFunctions::StateMachine.{where}", why)
    definition = _moto_asl_compatible(definition)
    kwargs: dict[str, Any] = {
        "name": name,
        "definition": definition,
        "roleArn": p.get("RoleArn") or d.arn("iam", "role/local"),
    }
    if p.get("StateMachineType"):
        kwargs["type"] = p["StateMachineType"]
    arn = d._boto("stepfunctions").create_state_machine(**kwargs)["stateMachineArn"]
    d.result.state_machines[name] = arn
    attrs = {"Arn": arn, "Name": name, "StateMachineRevisionId": "1"}
    return Deployed("AWS::StepFunctions::StateMachine", arn, attrs), CREATED, "created in moto"


_INTEGER_PERCENTAGE = re.compile(r'("ToleratedFailurePercentage"\s*:\s*)(\d+)(?=\s*[,}])')


_TOLERANCE_FIELDS = (
    "ToleratedFailurePercentage",
    "ToleratedFailurePercentagePath",
    "ToleratedFailureCount",
    "ToleratedFailureCountPath",
)


def _asl_not_emulated(definition: Any, path: str = "States") -> list[tuple[str, str]]:
    """(state path, why) for ASL fields the local Step Functions does not honour.

    A Distributed Map's failure tolerance is honoured (`emulation.sfn_map`); on an inline Map,
    where AWS does not take it, moto fails the Map at the first failed item.
    """
    found: list[tuple[str, str]] = []
    states = definition.get("States", {}) if isinstance(definition, dict) else {}
    for name, state in states.items():
        if not isinstance(state, dict):
            continue
        where = f"{path}.{name}"
        if state.get("Type") == "Map":
            processor = state.get("ItemProcessor") or state.get("Iterator") or {}
            mode = (processor.get("ProcessorConfig") or {}).get("Mode", "INLINE")
            for key in _TOLERANCE_FIELDS:
                if key in state and mode != "DISTRIBUTED":
                    found.append(
                        (
                            f"{where}.{key}",
                            "failure tolerance applies to Distributed Maps only; this inline "
                            "Map fails at its first failed item",
                        )
                    )
            found += _asl_not_emulated(processor, f"{where}.ItemProcessor.States")
        for index, branch in enumerate(state.get("Branches") or []):
            found += _asl_not_emulated(branch, f"{where}.Branches[{index}].States")
    return found


def _moto_asl_compatible(definition: str) -> str:
    """moto 5.2.5's ASL grammar takes ToleratedFailurePercentage only as a decimal (10.0), while
    CDK serialises 10.0 as 10 and AWS accepts both: write it as a decimal."""
    return _INTEGER_PERCENTAGE.sub(r"\1\2.0", definition)


# -- API Gateway (HTTP API) --------------------------------------------------------------------


@dataclass
class _Api:
    api_id: str
    name: str
    url: str
    integrations: dict[str, dict[str, Any]] = field(default_factory=dict)
    # (route key, integration id, authorization type)
    routes: list[tuple[str, str, str]] = field(default_factory=list)
    stages: list[dict[str, Any]] = field(default_factory=list)
    cors: dict[str, Any] | None = None

    def publish(self, d: Deployer) -> None:
        """Hand routes and stages to the local gateway once the whole stack is resolved."""
        gateway = d.targets.api
        if gateway is None:
            return
        from emulation.apigw import RouteSpec, StageSpec
        from emulation.cors import CorsConfiguration

        gateway.set_cors(self.api_id, CorsConfiguration.from_template(self.cors))
        for route_key, integration_id, authorization in self.routes:
            integration = self.integrations.get(integration_id)
            if integration is None:
                raise DeployError(f"API {self.name}: route {route_key} targets {integration_id}")
            gateway.add_route(
                self.api_id,
                RouteSpec(
                    route_key=route_key,
                    function=_function_name(_lambda_from_uri(str(integration["IntegrationUri"]))),
                    payload_format=str(integration.get("PayloadFormatVersion", "2.0")),
                    timeout_ms=int(integration.get("TimeoutInMillis", 30000)),
                    authorization=authorization,
                ),
            )
        for stage in self.stages:
            settings = stage.get("DefaultRouteSettings") or {}
            gateway.add_stage(
                self.api_id,
                StageSpec(
                    name=str(stage.get("StageName", "$default")),
                    rate_limit=_float_or_none(settings.get("ThrottlingRateLimit")),
                    burst_limit=_int_or_none(settings.get("ThrottlingBurstLimit")),
                ),
            )


def _float_or_none(value: Any) -> float | None:
    return None if value is None else float(value)


def _int_or_none(value: Any) -> int | None:
    return None if value is None else int(value)


def _lambda_from_uri(uri: str) -> str:
    """IntegrationUri is the function ARN or the apigateway invocation ARN wrapping it."""
    marker = "/functions/"
    if marker in uri:
        return uri.split(marker, 1)[1].removesuffix("/invocations")
    return uri


@handles("AWS::ApiGatewayV2::Api")
def _api(s: _Stack, logical_id: str, p: dict[str, Any]) -> _Result:
    d = s.deployer
    if p.get("ProtocolType", "HTTP") != "HTTP":
        return (
            Deployed("AWS::ApiGatewayV2::Api", logical_id.lower()),
            UNSUPPORTED,
            (f"only HTTP APIs are emulated, not {p.get('ProtocolType')}"),
        )
    api_id = hashlib.sha256(f"{s.name}/{logical_id}".encode()).hexdigest()[:10]
    name = str(p.get("Name", logical_id))
    url = d.targets.api.add_api(api_id, name) if d.targets.api is not None else ""
    d._apis[api_id] = _Api(api_id, name, url, cors=p.get("CorsConfiguration"))
    d.result.api_urls[name] = url
    attrs = {"ApiEndpoint": url, "ApiId": api_id}
    return Deployed("AWS::ApiGatewayV2::Api", api_id, attrs), CREATED, f"served at {url}"


@handles("AWS::ApiGatewayV2::Integration")
def _integration(s: _Stack, logical_id: str, p: dict[str, Any]) -> _Result:
    api = s.deployer._apis[str(p["ApiId"])]
    integration_id = hashlib.sha256(f"{s.name}/{logical_id}".encode()).hexdigest()[:7]
    if p.get("IntegrationType") != "AWS_PROXY":
        return (
            Deployed("AWS::ApiGatewayV2::Integration", integration_id),
            UNSUPPORTED,
            (f"only Lambda proxy integrations are emulated, not {p.get('IntegrationType')}"),
        )
    api.integrations[integration_id] = p
    return Deployed("AWS::ApiGatewayV2::Integration", integration_id), CREATED, "Lambda proxy"


@handles("AWS::ApiGatewayV2::Route")
def _route(s: _Stack, logical_id: str, p: dict[str, Any]) -> _Result:
    api = s.deployer._apis[str(p["ApiId"])]
    target = str(p.get("Target", ""))
    route_id = hashlib.sha256(f"{s.name}/{logical_id}".encode()).hexdigest()[:7]
    if not target.startswith("integrations/"):
        return (
            Deployed("AWS::ApiGatewayV2::Route", route_id),
            UNSUPPORTED,
            (f"route {p['RouteKey']} has no integration target"),
        )
    authorization = str(p.get("AuthorizationType", "NONE"))
    if authorization not in ("NONE", "AWS_IAM"):
        return (
            Deployed("AWS::ApiGatewayV2::Route", route_id),
            UNSUPPORTED,
            f"route {p['RouteKey']}: authorization {authorization} is not emulated",
        )
    api.routes.append((str(p["RouteKey"]), target.removeprefix("integrations/"), authorization))
    detail = f"{p['RouteKey']}"
    if authorization == "AWS_IAM":
        detail += " (AWS_IAM: SigV4 with the local credentials)"
    return Deployed("AWS::ApiGatewayV2::Route", route_id), CREATED, detail


@handles("AWS::ApiGatewayV2::Stage")
def _stage(s: _Stack, logical_id: str, p: dict[str, Any]) -> _Result:
    api = s.deployer._apis[str(p["ApiId"])]
    api.stages.append(p)
    stage = str(p.get("StageName", "$default"))
    return Deployed("AWS::ApiGatewayV2::Stage", stage), CREATED, f"stage {stage}"


# -- EventBridge rules and EventBridge Scheduler -----------------------------------------------


@handles("AWS::Events::Rule")
def _rule(s: _Stack, logical_id: str, p: dict[str, Any]) -> _Result:
    d = s.deployer
    name = p.get("Name") or d.physical_name(s.name, logical_id, 64)
    bus = p.get("EventBusName", "default")
    arn = d.arn("events", f"rule/{name}" if bus == "default" else f"rule/{bus}/{name}")
    kwargs: dict[str, Any] = {"Name": name, "State": p.get("State", "ENABLED")}
    if "ScheduleExpression" in p:
        kwargs["ScheduleExpression"] = p["ScheduleExpression"]
    if "EventPattern" in p:
        kwargs["EventPattern"] = json.dumps(p["EventPattern"])
    if bus != "default":
        kwargs["EventBusName"] = bus
    # The rule exists in moto (describe works); its targets stay local: moto cannot deliver them.
    d._boto("events").put_rule(**kwargs)
    d.result.rules.append(name)
    deployed = Deployed("AWS::Events::Rule", name, {"Arn": arn})
    if d.targets.schedules is None:
        return deployed, ACCEPTED, "the scheduler is not running"
    from emulation.schedules import RuleSpec, TargetSpec

    d.targets.schedules.add_rule(
        RuleSpec(
            name=name,
            arn=arn,
            schedule_expression=p.get("ScheduleExpression"),
            event_pattern=p.get("EventPattern"),
            enabled=p.get("State", "ENABLED") == "ENABLED",
            targets=[TargetSpec.from_properties(t) for t in p.get("Targets", [])],
        )
    )
    kind = p.get("ScheduleExpression") or "event pattern (fire on demand)"
    return deployed, CREATED, f"{kind}; targets run locally"


@handles("AWS::Scheduler::Schedule")
def _schedule(s: _Stack, logical_id: str, p: dict[str, Any]) -> _Result:
    d = s.deployer
    name = p.get("Name") or d.physical_name(s.name, logical_id, 64)
    group = p.get("GroupName", "default")
    arn = d.arn("scheduler", f"schedule/{group}/{name}")
    deployed = Deployed("AWS::Scheduler::Schedule", name, {"Arn": arn})
    if d.targets.schedules is None:
        return deployed, ACCEPTED, "the scheduler is not running"
    from emulation.schedules import RuleSpec, TargetSpec

    target = p["Target"]
    d.targets.schedules.add_rule(
        RuleSpec(
            name=name,
            arn=arn,
            schedule_expression=p["ScheduleExpression"],
            event_pattern=None,
            enabled=p.get("State", "ENABLED") == "ENABLED",
            targets=[TargetSpec(id="Target", arn=target["Arn"], input=target.get("Input"))],
            timezone=p.get("ScheduleExpressionTimezone", "UTC"),
        )
    )
    d.result.rules.append(name)
    return deployed, CREATED, f"{p['ScheduleExpression']}; target runs locally"


# -- ECS -------------------------------------------------------------------------------------


@handles("AWS::ECS::Cluster")
def _cluster(s: _Stack, logical_id: str, p: dict[str, Any]) -> _Result:
    d = s.deployer
    name = p.get("ClusterName") or d.physical_name(s.name, logical_id, 255)
    arn = d.arn("ecs", f"cluster/{name}")
    if d.targets.ecs is not None:
        arn = d.targets.ecs.create_cluster(name)
    return Deployed("AWS::ECS::Cluster", name, {"Arn": arn}), CREATED, "local task processes"


@handles("AWS::ECS::TaskDefinition")
def _task_definition(s: _Stack, logical_id: str, p: dict[str, Any]) -> _Result:
    d = s.deployer
    family = p.get("Family") or d.physical_name(s.name, logical_id, 255)
    arn = d.arn("ecs", f"task-definition/{family}:1")
    if d.targets.ecs is None:
        return (
            Deployed("AWS::ECS::TaskDefinition", arn, {"TaskDefinitionArn": arn}),
            ACCEPTED,
            ("ECS is not running"),
        )
    arn = d.targets.ecs.register_task_definition(family, p.get("ContainerDefinitions", []))
    for container in p.get("ContainerDefinitions", []):
        cname = str(container.get("Name"))
        d.result.container_commands[cname] = d.targets.ecs.local_command(cname)
    attrs = {"TaskDefinitionArn": arn}
    return (
        Deployed("AWS::ECS::TaskDefinition", arn, attrs),
        CREATED,
        ("containers run as local processes (see the container mapping)"),
    )


@handles("AWS::ECS::Service")
def _service(s: _Stack, logical_id: str, p: dict[str, Any]) -> _Result:
    d = s.deployer
    name = p.get("ServiceName") or d.physical_name(s.name, logical_id, 255)
    cluster = str(p.get("Cluster", "default"))
    arn = d.arn("ecs", f"service/{cluster.rsplit('/', 1)[-1]}/{name}")
    if d.targets.ecs is None:
        return (
            Deployed("AWS::ECS::Service", arn, {"Name": name, "ServiceArn": arn}),
            ACCEPTED,
            ("ECS is not running"),
        )
    arn = d.targets.ecs.create_service(
        cluster, name, str(p["TaskDefinition"]), int(p.get("DesiredCount", 1))
    )
    return (
        Deployed("AWS::ECS::Service", arn, {"Name": name, "ServiceArn": arn}),
        CREATED,
        (f"desired count {p.get('DesiredCount', 1)} kept as local processes"),
    )


# -- OpenSearch -------------------------------------------------------------------------------


@handles("AWS::OpenSearchService::Domain", "AWS::Elasticsearch::Domain")
def _domain(s: _Stack, logical_id: str, p: dict[str, Any]) -> _Result:
    d = s.deployer
    name = p.get("DomainName") or d.physical_name(s.name, logical_id, 28).lower()
    arn = d.arn("es", f"domain/{name}")
    if not d.targets.opensearch_url:
        raise DeployError(f"domain {name}: no local OpenSearch node was started")
    host = urlsplit(d.targets.opensearch_url).netloc
    attrs = {"Arn": arn, "DomainArn": arn, "DomainEndpoint": host, "Id": name}
    return (
        Deployed(str(p.get("Type", "AWS::OpenSearchService::Domain")), name, attrs),
        CREATED,
        (f"the local node at {d.targets.opensearch_url}"),
    )


# -- EC2 (created in moto so the egress-rotation function finds real ids) ----------------------


@handles("AWS::EC2::VPC")
def _vpc(s: _Stack, logical_id: str, p: dict[str, Any]) -> _Result:
    ec2 = s.deployer._boto("ec2")
    vpc_id = ec2.create_vpc(CidrBlock=p.get("CidrBlock", "10.0.0.0/16"))["Vpc"]["VpcId"]
    for key in ("EnableDnsHostnames", "EnableDnsSupport"):
        if key in p:
            ec2.modify_vpc_attribute(VpcId=vpc_id, **{key: {"Value": bool(p[key])}})
    default_sg = ec2.describe_security_groups(
        Filters=[
            {"Name": "vpc-id", "Values": [vpc_id]},
            {"Name": "group-name", "Values": ["default"]},
        ]
    )["SecurityGroups"]
    attrs = {
        "VpcId": vpc_id,
        "CidrBlock": p.get("CidrBlock", "10.0.0.0/16"),
        "DefaultSecurityGroup": default_sg[0]["GroupId"] if default_sg else "",
    }
    return Deployed("AWS::EC2::VPC", vpc_id, attrs), CREATED, "created in moto (not enforced)"


@handles("AWS::EC2::Subnet")
def _subnet(s: _Stack, logical_id: str, p: dict[str, Any]) -> _Result:
    ec2 = s.deployer._boto("ec2")
    kwargs = {"VpcId": p["VpcId"], "CidrBlock": p["CidrBlock"]}
    zone = str(p.get("AvailabilityZone") or "")
    if zone:
        # Environment-agnostic synths use placeholder zones ("dummy1a"): map to this region's.
        region = s.deployer.region
        kwargs["AvailabilityZone"] = zone if zone.startswith(region) else f"{region}{zone[-1]}"
    subnet = ec2.create_subnet(**kwargs)["Subnet"]
    attrs = {"SubnetId": subnet["SubnetId"], "AvailabilityZone": subnet["AvailabilityZone"]}
    return Deployed("AWS::EC2::Subnet", subnet["SubnetId"], attrs), CREATED, "created in moto"


@handles("AWS::EC2::RouteTable")
def _route_table(s: _Stack, logical_id: str, p: dict[str, Any]) -> _Result:
    table_id = s.deployer._boto("ec2").create_route_table(VpcId=p["VpcId"])["RouteTable"][
        "RouteTableId"
    ]
    return (
        Deployed("AWS::EC2::RouteTable", table_id, {"RouteTableId": table_id}),
        CREATED,
        ("created in moto"),
    )


@handles("AWS::EC2::InternetGateway")
def _internet_gateway(s: _Stack, logical_id: str, p: dict[str, Any]) -> _Result:
    gateway = s.deployer._boto("ec2").create_internet_gateway()["InternetGateway"]
    gateway_id = gateway["InternetGatewayId"]
    return (
        Deployed("AWS::EC2::InternetGateway", gateway_id, {"InternetGatewayId": gateway_id}),
        (CREATED),
        "created in moto",
    )


@handles("AWS::EC2::EIP")
def _eip(s: _Stack, logical_id: str, p: dict[str, Any]) -> _Result:
    address = s.deployer._boto("ec2").allocate_address(Domain="vpc")
    attrs = {"AllocationId": address["AllocationId"], "PublicIp": address["PublicIp"]}
    return Deployed("AWS::EC2::EIP", address["PublicIp"], attrs), CREATED, "created in moto"


@handles("AWS::EC2::NatGateway")
def _nat_gateway(s: _Stack, logical_id: str, p: dict[str, Any]) -> _Result:
    kwargs = {"SubnetId": p["SubnetId"]}
    if p.get("AllocationId"):
        kwargs["AllocationId"] = p["AllocationId"]
    nat = s.deployer._boto("ec2").create_nat_gateway(**kwargs)["NatGateway"]
    return (
        Deployed(
            "AWS::EC2::NatGateway", nat["NatGatewayId"], {"NatGatewayId": nat["NatGatewayId"]}
        ),
        (CREATED),
        "created in moto (no traffic flows through it)",
    )


@handles("AWS::EC2::Route")
def _route_entry(s: _Stack, logical_id: str, p: dict[str, Any]) -> _Result:
    kwargs = {
        k: p[k]
        for k in (
            "RouteTableId",
            "DestinationCidrBlock",
            "GatewayId",
            "NatGatewayId",
            "DestinationIpv6CidrBlock",
        )
        if k in p
    }
    s.deployer._boto("ec2").create_route(**kwargs)
    route_id = f"{p['RouteTableId']}|{p.get('DestinationCidrBlock', '')}"
    return Deployed("AWS::EC2::Route", route_id), CREATED, "created in moto"


@handles("AWS::EC2::SecurityGroup")
def _security_group(s: _Stack, logical_id: str, p: dict[str, Any]) -> _Result:
    d = s.deployer
    kwargs = {
        "GroupName": p.get("GroupName") or d.physical_name(s.name, logical_id, 255),
        "Description": p.get("GroupDescription", logical_id),
    }
    if p.get("VpcId"):
        kwargs["VpcId"] = p["VpcId"]
    group_id = d._boto("ec2").create_security_group(**kwargs)["GroupId"]
    attrs = {"GroupId": group_id, "VpcId": p.get("VpcId", "")}
    return (
        Deployed("AWS::EC2::SecurityGroup", group_id, attrs),
        CREATED,
        ("created in moto (not enforced)"),
    )


# -- Nested stacks ----------------------------------------------------------------------------


@handles("AWS::CloudFormation::Stack")
def _nested_stack(s: _Stack, logical_id: str, p: dict[str, Any]) -> _Result:
    d = s.deployer
    metadata = s.resources[logical_id].get("Metadata", {})
    path = metadata.get("aws:asset:path")
    if path:
        template_path = d.assembly.directory / path
    else:
        template_path = d.assembly.asset(str(p["TemplateURL"]).rsplit("/", 1)[-1])
    template = json.loads(template_path.read_text(encoding="utf-8"))
    nested_name = f"{s.name}-{logical_id}"
    nested = d._deploy_stack(nested_name, template, dict(p.get("Parameters", {})))
    arn = d.arn("cloudformation", f"stack/{nested_name}/local")
    attrs = {"outputs": nested.outputs}
    return Deployed("AWS::CloudFormation::Stack", arn, attrs), CREATED, f"nested {nested_name}"


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
    return sorted(_HANDLERS)


__all__ = [
    "ACCEPTED",
    "CREATED",
    "NO_VALUE",
    "SKIPPED",
    "UNSUPPORTED",
    "DeployError",
    "Deployer",
    "Deployment",
    "Targets",
    "deploy",
    "load_secret_values",
]
