"""The functions' X-Ray tracer (the stack turns on active tracing for every function).

One Powertools `Tracer` per handler module, built at import like the logger and metrics. It
patches only what the functions call out through: botocore (DynamoDB, SQS, SNS, EC2, Secrets
Manager) and http.client (OpenSearch, Places, studio websites, all through urllib3). Powertools'
default patches every library the X-Ray SDK knows, importing the ones that are installed.

Handlers record no response as trace metadata: replies carry artists' names and handles.
Tracing is off outside Lambda and when POWERTOOLS_TRACE_DISABLED is true (the local cloud sets
it: there is no X-Ray daemon there).
"""

from __future__ import annotations

from aws_lambda_powertools import Tracer

# X-Ray SDK patch names: botocore for AWS calls, httplib for every other HTTP request.
TRACED_LIBRARIES = ("botocore", "httplib")


def tracer_for(service: str) -> Tracer:
    """The function's tracer; its segments carry `service` as the Service annotation."""
    return Tracer(service=service, patch_modules=TRACED_LIBRARIES)
