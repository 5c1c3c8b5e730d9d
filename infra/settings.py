"""Deployment settings read from CDK context (cdk.json, cdk.context.json, `-c key=value`).

One place turns context strings into typed values, so a typo in cdk.json fails synth with the key
name and the expected type instead of surfacing as a wrong template.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from constructs import Node

PREFIX = "tattoo:"


def _get(node: Node, key: str, default: Any) -> Any:
    value = node.try_get_context(PREFIX + key)
    return default if value is None else value


def _int(node: Node, key: str, default: int) -> int:
    value = _get(node, key, default)
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"context {PREFIX}{key}={value!r}: expected an integer") from exc


def _list(node: Node, key: str, default: list[str]) -> list[str]:
    value = _get(node, key, default)
    if isinstance(value, str):  # `-c key='["a","b"]'` arrives as a string
        value = json.loads(value) if value.startswith("[") else value.split(",")
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError(f"context {PREFIX}{key}={value!r}: expected a list of strings")
    return value


def _ports(node: Node, key: str) -> list[int]:
    value = _get(node, key, [])
    if isinstance(value, str):  # `-c key=8080,3128` or `-c key='[8080]'`
        value = json.loads(value) if value.startswith("[") else value.split(",")
    ports = value if isinstance(value, list) else [value]
    if not all(str(port).strip().isdigit() and 0 < int(port) < 65536 for port in ports):
        raise ValueError(f"context {PREFIX}{key}={value!r}: expected a list of TCP ports")
    return [int(port) for port in ports]


def _email(node: Node, key: str, default: str) -> str:
    value = str(_get(node, key, default))
    local, at, domain = value.partition("@")
    if not (local and at and "." in domain):
        raise ValueError(f"context {PREFIX}{key}={value!r}: expected an e-mail address")
    return value


@dataclass(frozen=True)
class Settings:
    """Everything a deployment may change without a code change."""

    account: str
    region: str
    stage: str
    api_provisioned_concurrency: int
    api_reserved_concurrency: int
    api_throttle_rate: int
    api_throttle_burst: int
    cors_allowed_origins: list[str]
    signer_profile_arn: str
    log_retention_days: int
    log_level: str
    places_api_url: str
    aggregation_cities: list[str]
    aggregation_queries: list[str]
    scraper_blocked_requests_threshold: int
    egress_grace_period_seconds: int
    egress_keep_last: int
    alert_email: str
    destroy_on_removal: bool
    vpc_endpoints: list[str]
    egress_proxy_ports: list[int]
    removal_sender: str
    removal_limit_per_client: int
    removal_limit_per_artist: int

    @classmethod
    def from_node(cls, node: Node) -> Settings:
        return cls(
            account=str(_get(node, "account", "123456789012")),
            region=str(_get(node, "region", "eu-west-2")),
            stage=str(_get(node, "stage", "dev")),
            api_provisioned_concurrency=_int(node, "apiProvisionedConcurrency", 2),
            api_reserved_concurrency=_int(node, "apiReservedConcurrency", 100),
            api_throttle_rate=_int(node, "apiThrottleRate", 200),
            api_throttle_burst=_int(node, "apiThrottleBurst", 400),
            cors_allowed_origins=_list(node, "corsAllowedOrigins", ["*"]),
            signer_profile_arn=str(_get(node, "signerProfileArn", "")),
            log_retention_days=_int(node, "logRetentionDays", 30),
            log_level=str(_get(node, "logLevel", "INFO")),
            places_api_url=str(_get(node, "placesApiUrl", "https://places.googleapis.com")),
            aggregation_cities=_list(node, "aggregationCities", ["London"]),
            aggregation_queries=_list(node, "aggregationQueries", ["tattoo studio"]),
            scraper_blocked_requests_threshold=_int(node, "scraperBlockedRequestsThreshold", 25),
            egress_grace_period_seconds=_int(node, "egressGracePeriodSeconds", 300),
            egress_keep_last=_int(node, "egressKeepLast", 2),
            alert_email=str(_get(node, "alertEmail", "")),
            destroy_on_removal=str(_get(node, "destroyOnRemoval", "true")).lower() == "true",
            vpc_endpoints=_list(node, "vpcEndpoints", ["dynamodb", "s3"]),
            egress_proxy_ports=_ports(node, "egressProxyPorts"),
            removal_sender=_email(node, "removalSender", "no-reply@tattoo-directory.example"),
            removal_limit_per_client=_int(node, "removalLimitPerClient", 5),
            removal_limit_per_artist=_int(node, "removalLimitPerArtist", 3),
        )
