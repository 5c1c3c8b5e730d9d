"""Secrets Manager secrets: the secrets files' value, the template's, or a generated one."""

from __future__ import annotations

import json
import re
import secrets as token_source
import string
from typing import Any

from emulation.deploy.engine import (
    CREATED,
    Deployed,
    Result,
    Stack,
    creates,
)


@creates("AWS::SecretsManager::Secret")
def _secret(s: Stack, logical_id: str, p: dict[str, Any]) -> Result:
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
    arn = d.boto("secretsmanager").create_secret(Name=name, SecretString=value)["ARN"]
    return Deployed("AWS::SecretsManager::Secret", arn, {"Id": arn, "Name": name}), CREATED, detail


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
