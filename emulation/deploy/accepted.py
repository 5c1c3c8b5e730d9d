"""Resource types the deploy understands but does not emulate, and why: the report says so.

A type listed here has no creator; when a service module starts creating one (`@creates`),
remove it from this table (the engine prefers the creator, but the table should not lie).
"""

from __future__ import annotations

# Understood, but with no local meaning: why each is not emulated.
ACCEPTED_TYPES: dict[str, str] = {
    "AWS::CDK::Metadata": "CDK bookkeeping",
    "AWS::IAM::Policy": "IAM is not enforced locally",
    "AWS::IAM::ManagedPolicy": "IAM is not enforced locally",
    "AWS::IAM::InstanceProfile": "IAM is not enforced locally",
    "AWS::IAM::ServiceLinkedRole": "IAM is not enforced locally",
    "AWS::Lambda::Permission": "resource policies are not enforced locally",
    "AWS::Lambda::LayerVersion": (
        "the layer's binaries are arm64; locally third-party packages come from the virtualenv"
    ),
    "AWS::Lambda::LayerVersionPermission": "resource policies are not enforced locally",
    "AWS::Lambda::EventInvokeConfig": "async invoke destinations are not emulated",
    "AWS::Lambda::Url": "function URLs are not emulated; use the HTTP API",
    "AWS::SQS::QueuePolicy": "resource policies are not enforced locally",
    "AWS::SNS::TopicPolicy": "resource policies are not enforced locally",
    "AWS::KMS::Key": "encryption at rest has no local meaning",
    "AWS::KMS::Alias": "encryption at rest has no local meaning",
    "AWS::CloudWatch::CompositeAlarm": "composite alarms are not evaluated locally",
    "AWS::CloudWatch::Dashboard": "dashboards have no local meaning",
    "AWS::Logs::SubscriptionFilter": "log subscriptions are not emulated",
    "AWS::Logs::ResourcePolicy": "resource policies are not enforced locally",
    "AWS::ApiGatewayV2::Deployment": "the local gateway serves routes as deployed",
    "AWS::ApiGatewayV2::Authorizer": (
        "JWT and Lambda authorizers are not emulated (AWS_IAM routes are, with SigV4)"
    ),
    "AWS::Events::Archive": "event archives are not emulated",
    "AWS::Scheduler::ScheduleGroup": "schedule groups have no local meaning",
    "AWS::ECS::ClusterCapacityProviderAssociations": "every local task runs as a process",
    "AWS::ECS::CapacityProvider": "every local task runs as a process",
    "AWS::EC2::VPCEndpoint": "networking has no local meaning",
    "AWS::EC2::FlowLog": "networking has no local meaning",
    "AWS::EC2::SecurityGroupIngress": "security groups are not enforced locally",
    "AWS::EC2::SecurityGroupEgress": "security groups are not enforced locally",
    "AWS::EC2::NetworkAcl": "networking has no local meaning",
    "AWS::EC2::NetworkAclEntry": "networking has no local meaning",
    "AWS::EC2::SubnetNetworkAclAssociation": "networking has no local meaning",
    "AWS::EC2::VPCGatewayAttachment": "networking has no local meaning",
    "AWS::EC2::SubnetRouteTableAssociation": "networking has no local meaning",
    "AWS::EC2::EgressOnlyInternetGateway": "networking has no local meaning",
    "AWS::OpenSearchService::DomainPolicy": "resource policies are not enforced locally",
    "AWS::StepFunctions::Activity": "activities are not emulated",
    "AWS::SSM::Association": "SSM associations are not emulated",
    "AWS::XRay::Group": "tracing is disabled locally",
    "AWS::XRay::SamplingRule": "tracing is disabled locally",
}
