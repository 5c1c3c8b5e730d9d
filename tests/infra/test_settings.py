"""Context values become typed settings; a wrong value names its key and what was expected."""

from __future__ import annotations

import aws_cdk as cdk
import pytest

from infra.app import load_context
from infra.settings import Settings

pytestmark = pytest.mark.infra


def settings_for(**context: object) -> Settings:
    return Settings.from_node(cdk.App(context={f"tattoo:{k}": v for k, v in context.items()}).node)


def test_committed_context_gives_the_dev_settings() -> None:
    settings = Settings.from_node(cdk.App(context=load_context()).node)
    assert (settings.account, settings.region, settings.stage) == (
        "123456789012",
        "eu-west-2",
        "dev",
    )
    assert settings.signer_profile_arn == ""
    assert settings.api_reserved_concurrency >= settings.api_provisioned_concurrency > 0


def test_cli_strings_are_parsed() -> None:
    settings = settings_for(apiProvisionedConcurrency="5", aggregationCities="Leeds,York")
    assert settings.api_provisioned_concurrency == 5
    assert settings.aggregation_cities == ["Leeds", "York"]
    assert settings_for(corsAllowedOrigins='["https://a.example"]').cors_allowed_origins == [
        "https://a.example"
    ]


def test_a_wrong_value_names_the_key_and_the_expected_type() -> None:
    with pytest.raises(
        ValueError, match=r"tattoo:apiReservedConcurrency='lots': expected an integer"
    ):
        settings_for(apiReservedConcurrency="lots")
    with pytest.raises(ValueError, match=r"tattoo:aggregationQueries.*expected a list of strings"):
        settings_for(aggregationQueries=[1, 2])


def test_proxy_ports_and_endpoints_are_checked_at_synth() -> None:
    assert settings_for(egressProxyPorts="8080,3128").egress_proxy_ports == [8080, 3128]
    assert settings_for(egressProxyPorts=[8080]).egress_proxy_ports == [8080]
    with pytest.raises(ValueError, match=r"tattoo:egressProxyPorts.*expected a list of TCP ports"):
        settings_for(egressProxyPorts="http")
    assert settings_for().vpc_endpoints == ["dynamodb", "s3"]

    from infra.components.reach import validate_endpoint_names

    with pytest.raises(ValueError, match=r"tattoo:vpcEndpoints: unknown \['dynamo'\]"):
        validate_endpoint_names(["dynamo", "sqs"])
