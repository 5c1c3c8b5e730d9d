"""SNS topics and subscriptions (email is recorded, not delivered)."""

from __future__ import annotations

import json
from typing import Any

from emulation.deploy.engine import (
    CREATED,
    Deployed,
    Result,
    Stack,
    attribute_text,
    creates,
)


@creates("AWS::SNS::Topic")
def _topic(s: Stack, logical_id: str, p: dict[str, Any]) -> Result:
    d = s.deployer
    name = p.get("TopicName") or d.physical_name(s.name, logical_id, 256)
    attributes = {}
    if p.get("FifoTopic"):
        attributes["FifoTopic"] = "true"
    sns = d.boto("sns")
    arn = sns.create_topic(Name=name, Attributes=attributes)["TopicArn"]
    for subscription in p.get("Subscription", []):
        sns.subscribe(
            TopicArn=arn, Protocol=subscription["Protocol"], Endpoint=subscription["Endpoint"]
        )
    attrs = {"TopicArn": arn, "TopicName": name}
    return Deployed("AWS::SNS::Topic", arn, attrs), CREATED, "created in moto"


@creates("AWS::SNS::Subscription")
def _subscription(s: Stack, logical_id: str, p: dict[str, Any]) -> Result:
    attributes: dict[str, str] = {}
    for key in ("RawMessageDelivery", "FilterPolicyScope"):
        if key in p:
            attributes[key] = attribute_text(p[key])
    for key in ("FilterPolicy", "RedrivePolicy"):
        if key in p:
            attributes[key] = json.dumps(p[key])
    response = s.deployer.boto("sns").subscribe(
        TopicArn=p["TopicArn"],
        Protocol=p["Protocol"],
        Endpoint=p.get("Endpoint", ""),
        Attributes=attributes,
        ReturnSubscriptionArn=True,
    )
    arn = response["SubscriptionArn"]
    detail = "created in moto"
    if p["Protocol"] == "email":
        detail += " (email is not delivered locally)"
    return Deployed("AWS::SNS::Subscription", arn, {"Arn": arn}), CREATED, detail
