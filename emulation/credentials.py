"""The only AWS credentials the local cloud and the benchmarks use: fake ones, so that no real
account can ever be reached from a local run."""

from __future__ import annotations

import os

REGION = "eu-west-2"
# moto's default account; ARNs the local cloud builds use it.
ACCOUNT_ID = "123456789012"
# Credentials that can never reach a real account.
FAKE_CREDENTIALS = {
    "aws_access_key_id": "testing",
    "aws_secret_access_key": "testing",
    "aws_session_token": "testing",
}
FAKE_AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "eu-west-2",
    "AWS_REGION": "eu-west-2",
    "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
}


def use_fake_aws() -> None:
    """Put the fake credentials in this process's environment (and silence jsii's warning
    about the machine's Node version, which every synth would print)."""
    os.environ.update(FAKE_AWS_ENV)
    os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
