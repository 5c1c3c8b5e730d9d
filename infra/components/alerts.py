"""The alerts topic, when the stack is not given one: SNS under a customer managed key that
CloudWatch and EventBridge may use, with an optional e-mail subscription.

Created in the stack's scope, so logical ids stay `AlertsTopic`, `AlertsKey`, ...
"""

from __future__ import annotations

from aws_cdk import RemovalPolicy, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sns as sns

from infra.components.functions import override_logical_id


def alerts_topic(
    scope: Stack, *, alert_email: str | None, removal: RemovalPolicy
) -> tuple[sns.Topic, kms.Key]:
    """The topic every alarm and the egress rotation publish to, and its key."""
    # A customer managed key: CloudWatch alarms cannot publish to a topic under aws/sns.
    key = kms.Key(
        scope,
        "AlertsKey",
        description="Encrypts the alerts topic; CloudWatch and EventBridge may use it",
        enable_key_rotation=True,
        removal_policy=removal,
    )
    for service in ("cloudwatch.amazonaws.com", "events.amazonaws.com"):
        key.add_to_resource_policy(
            iam.PolicyStatement(
                principals=[iam.ServicePrincipal(service)],
                actions=["kms:Decrypt", "kms:GenerateDataKey*"],
                resources=["*"],
                conditions={"StringEquals": {"aws:SourceAccount": scope.account}},
            )
        )
    topic = sns.Topic(
        scope,
        "AlertsTopic",
        display_name="Tattoo directory alerts",
        master_key=key,
        enforce_ssl=True,
    )
    override_logical_id(topic, "AlertsTopic")
    if alert_email:
        sns.Subscription(
            scope,
            "AlertsEmail",
            topic=topic,
            protocol=sns.SubscriptionProtocol.EMAIL,
            endpoint=alert_email,
        )
    return topic, key
