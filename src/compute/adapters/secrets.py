"""Secrets from AWS Secrets Manager, cached in the warm container (Powertools parameters)."""

from __future__ import annotations

import json
import os

from aws_lambda_powertools.utilities import parameters

SECRET_MAX_AGE_S = 300  # a rotated key reaches warm containers within five minutes
PLACES_API_KEY_SECRET_ENV = "PLACES_API_KEY_SECRET_ARN"  # noqa: S105 (a variable name)


class SecretMissing(RuntimeError):
    """A secret the function needs is not configured or holds no usable value."""


def get_secret(
    secret_id: str, *, field: str | None = None, max_age_s: int = SECRET_MAX_AGE_S
) -> str:
    """The secret's string value, or one field of it when the secret holds a JSON object."""
    value = parameters.get_secret(secret_id, max_age=max_age_s)
    if isinstance(value, bytes):
        value = value.decode("utf-8")
    text = str(value).strip()
    if field is not None and text.startswith("{"):
        try:
            loaded = json.loads(text)
        except ValueError as error:
            raise SecretMissing(f"secret {secret_id} is not valid JSON") from error
        if not isinstance(loaded, dict) or not isinstance(loaded.get(field), str):
            raise SecretMissing(f"secret {secret_id} has no string field {field!r}")
        text = loaded[field].strip()
    if not text:
        raise SecretMissing(f"secret {secret_id} is empty")
    return text


def places_api_key() -> str:
    """The Google Places API key (`PLACES_API_KEY_SECRET_ARN`: a plain string, or JSON with
    an `apiKey` field)."""
    secret_id = os.environ.get(PLACES_API_KEY_SECRET_ENV)
    if not secret_id:
        raise SecretMissing(f"{PLACES_API_KEY_SECRET_ENV} is not set")
    return get_secret(secret_id, field="apiKey")
