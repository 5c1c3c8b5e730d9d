"""OpenSearch domains: the local node started for the cloud."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from emulation.deploy.engine import (
    CREATED,
    Deployed,
    DeployError,
    Result,
    Stack,
    creates,
)


@creates("AWS::OpenSearchService::Domain", "AWS::Elasticsearch::Domain")
def _domain(s: Stack, logical_id: str, p: dict[str, Any]) -> Result:
    d = s.deployer
    name = p.get("DomainName") or d.physical_name(s.name, logical_id, 28).lower()
    arn = d.arn("es", f"domain/{name}")
    if not d.targets.opensearch_url:
        raise DeployError(f"domain {name}: no local OpenSearch node was started")
    host = urlsplit(d.targets.opensearch_url).netloc
    attrs = {"Arn": arn, "DomainArn": arn, "DomainEndpoint": host, "Id": name}
    return (
        Deployed(str(p.get("Type", "AWS::OpenSearchService::Domain")), name, attrs),
        CREATED,
        (f"the local node at {d.targets.opensearch_url}"),
    )
