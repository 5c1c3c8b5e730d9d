"""HTTP APIs: the API, integrations, routes and stages, handed to the local gateway at the end."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from emulation.deploy.engine import (
    CREATED,
    UNSUPPORTED,
    Deployed,
    Deployer,
    DeployError,
    Result,
    Stack,
    creates,
)
from emulation.deploy.lambda_ import function_name


@dataclass
class HttpApi:
    """One HTTP API as its resources arrive; published to the gateway once all are in."""

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
                    function=function_name(_lambda_from_uri(str(integration["IntegrationUri"]))),
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


def _apis(d: Deployer) -> dict[str, HttpApi]:
    """This deploy's HTTP APIs by id (integrations, routes and stages join theirs)."""
    apis: dict[str, HttpApi] = d.service_state.setdefault("apigatewayv2", {})
    return apis


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


@creates("AWS::ApiGatewayV2::Api")
def _api(s: Stack, logical_id: str, p: dict[str, Any]) -> Result:
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
    api = HttpApi(api_id, name, url, cors=p.get("CorsConfiguration"))
    _apis(d)[api_id] = api
    d.after_deploy.append(lambda: api.publish(d))
    if url:
        d.local_urls[f"https://{api_id}.execute-api.{d.region}.amazonaws.com"] = url
    d.result.api_urls[name] = url
    attrs = {"ApiEndpoint": url, "ApiId": api_id}
    return Deployed("AWS::ApiGatewayV2::Api", api_id, attrs), CREATED, f"served at {url}"


@creates("AWS::ApiGatewayV2::Integration")
def _integration(s: Stack, logical_id: str, p: dict[str, Any]) -> Result:
    api = _apis(s.deployer)[str(p["ApiId"])]
    integration_id = hashlib.sha256(f"{s.name}/{logical_id}".encode()).hexdigest()[:7]
    if p.get("IntegrationType") != "AWS_PROXY":
        return (
            Deployed("AWS::ApiGatewayV2::Integration", integration_id),
            UNSUPPORTED,
            (f"only Lambda proxy integrations are emulated, not {p.get('IntegrationType')}"),
        )
    api.integrations[integration_id] = p
    return Deployed("AWS::ApiGatewayV2::Integration", integration_id), CREATED, "Lambda proxy"


@creates("AWS::ApiGatewayV2::Route")
def _route(s: Stack, logical_id: str, p: dict[str, Any]) -> Result:
    api = _apis(s.deployer)[str(p["ApiId"])]
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


@creates("AWS::ApiGatewayV2::Stage")
def _stage(s: Stack, logical_id: str, p: dict[str, Any]) -> Result:
    api = _apis(s.deployer)[str(p["ApiId"])]
    api.stages.append(p)
    stage = str(p.get("StageName", "$default"))
    return Deployed("AWS::ApiGatewayV2::Stage", stage), CREATED, f"stage {stage}"
