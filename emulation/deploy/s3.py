"""S3 buckets."""

from __future__ import annotations

from typing import Any

from emulation.deploy.engine import (
    CREATED,
    Deployed,
    Result,
    Stack,
    creates,
)


@creates("AWS::S3::Bucket")
def _bucket(s: Stack, logical_id: str, p: dict[str, Any]) -> Result:
    d = s.deployer
    name = p.get("BucketName") or d.physical_name(s.name, logical_id, 63).lower()
    d.boto("s3").create_bucket(
        Bucket=name, CreateBucketConfiguration={"LocationConstraint": d.region}
    )
    attrs = {
        "Arn": f"arn:aws:s3:::{name}",
        "DomainName": f"{name}.s3.amazonaws.com",
        "RegionalDomainName": f"{name}.s3.{d.region}.amazonaws.com",
    }
    return Deployed("AWS::S3::Bucket", name, attrs), CREATED, "created in moto"
