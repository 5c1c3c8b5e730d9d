"""SES identities, verified at once (mail lands in the outbox, `emulation.outbox`)."""

from __future__ import annotations

from typing import Any

from emulation.deploy.engine import (
    CREATED,
    Deployed,
    Result,
    Stack,
    creates,
)


@creates("AWS::SES::EmailIdentity")
def _email_identity(s: Stack, logical_id: str, p: dict[str, Any]) -> Result:
    identity = str(p["EmailIdentity"])
    ses = s.deployer.boto("ses")
    if "@" in identity:
        ses.verify_email_identity(EmailAddress=identity)
    else:
        ses.verify_domain_identity(Domain=identity)
    detail = "verified in moto at once (mail lands in the outbox, see emulation.outbox)"
    return Deployed("AWS::SES::EmailIdentity", identity), CREATED, detail
