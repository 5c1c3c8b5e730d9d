"""The HTTP API: every route of contracts/openapi.yaml (the routes' one source) to the api
function's live alias, IAM authorization where the contract says awsSigv4, CORS derived from
the contract, a throttled `$default` stage with JSON access logs, and the moderators' policy.

Created in the stack's scope, so logical ids stay `HttpApi`, `ApiDefaultStage`, ...
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from aws_cdk import Acknowledgment, Duration, RemovalPolicy, Stack, Validations
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_apigatewayv2_authorizers as authorizers
from aws_cdk import aws_apigatewayv2_integrations as integrations
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs

from infra.components.functions import log_retention, override_logical_id
from infra.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
OPENAPI_FILE = ROOT / "contracts" / "openapi.yaml"
HTTP_METHODS = ("get", "post", "put", "patch", "delete", "head")
# The OpenAPI security scheme extension that means "IAM authorization" on API Gateway.
IAM_AUTH_TYPE = "awsSigv4"
# Headers SigV4 signs with: a browser would have to send them on an IAM-authorized route.
SIGV4_HEADERS = ("Authorization", "X-Amz-Date", "X-Amz-Security-Token", "X-Amz-Content-Sha256")
# Response headers a browser reads without being told (the Fetch standard's safelist).
CORS_SAFELISTED_RESPONSE_HEADERS = frozenset(
    {"cache-control", "content-language", "content-length", "content-type", "expires",
     "last-modified", "pragma"}
)  # fmt: skip
CORS_MAX_AGE = Duration.hours(1)


@dataclass(frozen=True)
class ApiRoute:
    method: str  # upper case
    path: str
    iam: bool  # the operation's security is the awsSigv4 scheme: IAM authorization


def _openapi() -> dict[str, Any]:
    return dict(yaml.safe_load(OPENAPI_FILE.read_text()))


def api_routes() -> list[ApiRoute]:
    """Every operation in contracts/openapi.yaml (the routes' one source), with its auth."""
    document = _openapi()
    schemes = document.get("components", {}).get("securitySchemes", {})
    iam_schemes = {
        name
        for name, scheme in schemes.items()
        if scheme.get("x-amazon-apigateway-authtype") == IAM_AUTH_TYPE
    }
    routes = []
    for path, operations in document.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in HTTP_METHODS:
                continue
            needs = {name for requirement in operation.get("security", []) for name in requirement}
            routes.append(ApiRoute(method.upper(), path, bool(needs & iam_schemes)))
    return routes


@dataclass(frozen=True)
class CorsRules:
    """What browsers may send and read, derived from the contract (never listed by hand)."""

    allow_methods: list[str]
    allow_headers: list[str]
    expose_headers: list[str]


def cors_from_contract() -> CorsRules:
    """Every request header an operation reads (header parameters, Content-Type of a body,
    the SigV4 headers of an IAM route) and every documented response header that is not
    safelisted, so a browser can send Idempotency-Key and read ETag or Retry-After."""
    document = _openapi()

    def resolve(node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            target: Any = document
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            node = target
        return node

    methods: set[str] = set()
    request: dict[str, str] = {}
    response: dict[str, str] = {}
    for route in api_routes():
        operation = document["paths"][route.path][route.method.lower()]
        methods.add(route.method)
        for parameter in map(resolve, operation.get("parameters", [])):
            if parameter.get("in") == "header":
                request.setdefault(parameter["name"].lower(), parameter["name"])
        if "requestBody" in operation:
            request.setdefault("content-type", "Content-Type")
        if route.iam:
            request.update({name.lower(): name for name in SIGV4_HEADERS})
        for reply in map(resolve, operation.get("responses", {}).values()):
            for name in reply.get("headers", {}):
                if name.lower() not in CORS_SAFELISTED_RESPONSE_HEADERS:
                    response.setdefault(name.lower(), name)
    return CorsRules(
        allow_methods=sorted(methods),
        allow_headers=sorted(request.values()),
        expose_headers=sorted(response.values()),
    )


# JSON access logs; no query strings (they can carry personal search terms).
ACCESS_LOG_FORMAT = json.dumps(
    {
        "requestId": "$context.requestId",
        "ip": "$context.identity.sourceIp",
        "requestTime": "$context.requestTime",
        "httpMethod": "$context.httpMethod",
        "routeKey": "$context.routeKey",
        "status": "$context.status",
        "protocol": "$context.protocol",
        "responseLength": "$context.responseLength",
        "responseLatency": "$context.responseLatency",
        "integrationLatency": "$context.integrationLatency",
        "integrationError": "$context.integrationErrorMessage",
    },
    separators=(",", ":"),
)


class HttpApi:
    """The API, its routes and stage, its access log group and the moderators' policy."""

    def __init__(
        self,
        scope: Stack,
        *,
        target: lambda_.IFunction,
        settings: Settings,
        removal: RemovalPolicy,
    ) -> None:
        self._scope = scope
        cors = cors_from_contract()
        self.http_api = apigwv2.HttpApi(
            scope,
            "HttpApi",
            description="Tattoo directory public API (contracts/openapi.yaml)",
            create_default_stage=False,
            cors_preflight=apigwv2.CorsPreflightOptions(
                allow_origins=settings.cors_allowed_origins,
                allow_methods=[apigwv2.CorsHttpMethod(m) for m in cors.allow_methods],
                allow_headers=cors.allow_headers,
                expose_headers=cors.expose_headers,
                max_age=CORS_MAX_AGE,
            ),
        )
        override_logical_id(self.http_api, "HttpApi")
        integration = integrations.HttpLambdaIntegration(
            "ApiIntegration",
            target,
            payload_format_version=apigwv2.PayloadFormatVersion.VERSION_2_0,
        )
        iam_authorizer = authorizers.HttpIamAuthorizer()
        self.iam_routes: list[apigwv2.HttpRoute] = []
        for route in api_routes():
            added = self.http_api.add_routes(
                path=route.path,
                methods=[apigwv2.HttpMethod(route.method)],
                integration=integration,
                authorizer=iam_authorizer if route.iam else None,
            )
            if route.iam:
                self.iam_routes.extend(added)
        self.moderator_policy = self._moderator_policy()
        self.access_log_group = logs.LogGroup(
            scope,
            "ApiAccessLogGroup",
            retention=log_retention(settings.log_retention_days),
            removal_policy=removal,
        )
        override_logical_id(self.access_log_group, "ApiAccessLogGroup")
        self.stage = apigwv2.HttpStage(
            scope,
            "ApiDefaultStage",
            http_api=self.http_api,
            stage_name="$default",
            auto_deploy=True,
            throttle=apigwv2.ThrottleSettings(
                rate_limit=settings.api_throttle_rate, burst_limit=settings.api_throttle_burst
            ),
        )
        cfn_stage: apigwv2.CfnStage = self.stage.node.default_child  # type: ignore[assignment]
        cfn_stage.override_logical_id("ApiDefaultStage")
        cfn_stage.access_log_settings = apigwv2.CfnStage.AccessLogSettingsProperty(
            destination_arn=self.access_log_group.log_group_arn, format=ACCESS_LOG_FORMAT
        )
        self.url = self.stage.url

    def _moderator_policy(self) -> iam.ManagedPolicy:
        """What a moderator's IAM principal needs: Invoke on the IAM-authorized routes only.
        Operators attach it to the moderators' group or role (docs/OPERATIONS.md)."""
        policy = iam.ManagedPolicy(
            self._scope,
            "RemovalModeratorPolicy",
            description="Decide removal requests: execute-api:Invoke on the IAM routes only",
            statements=[
                iam.PolicyStatement(
                    actions=["execute-api:Invoke"],
                    resources=[
                        self.http_api.arn_for_execute_api(
                            route.method, route.path.replace("{requestId}", "*"), "$default"
                        )
                        for route in api_routes()
                        if route.iam
                    ],
                )
            ],
        )
        override_logical_id(policy, "RemovalModeratorPolicy")
        return policy

    def acknowledge_findings(self) -> None:
        """cdk-nag findings that are deliberate, each with the reason it is acceptable."""
        scope = self._scope
        Validations.of(self.http_api).acknowledge(
            Acknowledgment(
                id="AwsSolutions-APIG4",
                reason="a public directory: searching and reading artists needs no identity; "
                "anyone may ask for a removal, which changes nothing until the e-mailed link is "
                "followed and a moderator approves it on the IAM-authorized decision route; "
                "new requests are limited per client and per artist, and the stage throttles",
            )
        )
        Validations.of(self.moderator_policy).acknowledge(
            Acknowledgment(
                id=f"AwsSolutions-IAM5[Resource::arn:aws:execute-api:{scope.region}:"
                f"{scope.account}:<HttpApi>/$default/POST/v1/removal-requests/*/decision]",
                reason="`*` is the request id path parameter: the policy allows POST on the "
                "decision route only, for any request",
            )
        )
