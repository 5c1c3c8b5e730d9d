"""IAM roles, so that Lambda and Step Functions accept their ARNs; policies are not enforced."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from emulation.deploy.engine import (
    CREATED,
    Deployed,
    Result,
    Stack,
    creates,
)


@creates("AWS::IAM::Role")
def _role(s: Stack, logical_id: str, p: dict[str, Any]) -> Result:
    d = s.deployer
    name = p.get("RoleName") or d.physical_name(s.name, logical_id, 64)
    iam = d.boto("iam")
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
