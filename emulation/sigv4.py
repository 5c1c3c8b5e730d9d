"""AWS IAM authorization of an HTTP API route, locally: Signature Version 4 checked for real.

API Gateway refuses a request to an `AWS_IAM` route with 403 before the integration runs when
it carries no signature, a key it does not know, a signature that does not match, or a date
more than 5 minutes off. Here the one known principal is the local cloud's credentials
(`emulation.aws.FAKE_CREDENTIALS`): the signature is recomputed with botocore's own signer from
the request as received (method, raw path and query, the headers it names as signed, the body)
and compared. IAM policies are not evaluated locally: a valid signature is allowed.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

SERVICE = "execute-api"
ALGORITHM = "AWS4-HMAC-SHA256"
MAX_SKEW_S = 300
UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"

# API Gateway's own 403 bodies, by cause.
FORBIDDEN = "Forbidden"
UNKNOWN_KEY = "The security token included in the request is invalid."
MISMATCH = (
    "The request signature we calculated does not match the signature you provided. Check your "
    "AWS Secret Access Key and signing method. Consult the service documentation for details."
)
EXPIRED = "Signature expired: the request date is more than 5 minutes from the server's time."

_AUTHORIZATION = re.compile(
    ALGORITHM + r"\s+Credential=([^/,\s]+)/([0-9]{8})/([^/,\s]+)/([^/,\s]+)/aws4_request\s*,"
    r"\s*SignedHeaders=([a-z0-9;-]+)\s*,\s*Signature=([0-9a-f]{64})"
)


@dataclass(frozen=True)
class Principal:
    """Who signed: what API Gateway puts in `requestContext.authorizer.iam`."""

    access_key: str
    account_id: str
    user_arn: str


@dataclass(frozen=True)
class Verdict:
    principal: Principal | None  # None: refused
    message: str = ""


def verify(
    *,
    method: str,
    host: str,
    raw_path: str,
    raw_query: str,
    headers: Sequence[tuple[str, str]],
    body: bytes,
    credentials: Credentials,
    region: str,
    account_id: str,
    now: datetime | None = None,
) -> Verdict:
    """Whether the request is signed for `execute-api` in `region` with `credentials`."""
    by_name: dict[str, str] = {}
    for name, value in headers:
        key = name.lower()
        by_name[key] = f"{by_name[key]},{value}" if key in by_name else value
    found = _AUTHORIZATION.fullmatch(by_name.get("authorization", "").strip())
    amz_date = by_name.get("x-amz-date", "")
    if found is None or not amz_date:
        return Verdict(None, FORBIDDEN)
    access_key, day, scope_region, scope_service, signed, signature = found.groups()
    if access_key != credentials.access_key:
        return Verdict(None, UNKNOWN_KEY)
    if scope_region != region or scope_service != SERVICE or not amz_date.startswith(day):
        return Verdict(None, MISMATCH)
    try:
        moment = datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    except ValueError:
        return Verdict(None, FORBIDDEN)
    if abs(((now or datetime.now(UTC)) - moment).total_seconds()) > MAX_SKEW_S:
        return Verdict(None, EXPIRED)
    signed_names = signed.split(";")
    if "host" not in signed_names or any(
        name not in by_name and name != "host" for name in signed_names
    ):
        return Verdict(None, MISMATCH)
    if credentials.token and by_name.get("x-amz-security-token") != credentials.token:
        return Verdict(None, UNKNOWN_KEY)
    declared = by_name.get("x-amz-content-sha256")
    if declared not in (None, UNSIGNED_PAYLOAD, hashlib.sha256(body).hexdigest()):
        return Verdict(None, MISMATCH)
    # The request as the client signed it: only its signed headers, its raw path and query.
    query = f"?{raw_query}" if raw_query else ""
    request = AWSRequest(
        method=method,
        url=f"http://{by_name.get('host', host)}{raw_path}{query}",
        headers={name: by_name.get(name, host) for name in signed_names},
        data=body,
    )
    request.context["timestamp"] = amz_date
    signer = SigV4Auth(credentials, SERVICE, region)
    expected = signer.signature(
        signer.string_to_sign(request, signer.canonical_request(request)), request
    )
    if not hmac.compare_digest(expected, signature):
        return Verdict(None, MISMATCH)
    user = f"arn:aws:iam::{account_id}:user/local-moderator"
    return Verdict(Principal(access_key=access_key, account_id=account_id, user_arn=user))


def sign(
    method: str,
    url: str,
    body: bytes,
    headers: dict[str, str],
    *,
    credentials: Credentials,
    region: str,
) -> dict[str, str]:
    """`headers` plus the SigV4 headers for `execute-api` (what awscurl or an SDK adds)."""
    request = AWSRequest(method=method, url=url, headers=dict(headers), data=body)
    SigV4Auth(credentials, SERVICE, region).add_auth(request)
    return dict(request.headers.items())
