"""Deploying a cloud assembly: stack order, intrinsic functions, conditions, parameters,
exports, nested stacks, resources in moto, and the report of what is not understood."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from emulation.aws import client
from emulation.deploy import (
    ACCEPTED,
    CREATED,
    SKIPPED,
    UNSUPPORTED,
    Deployer,
    Deployment,
    Targets,
)

pytestmark = pytest.mark.integration

BASE: dict[str, Any] = {
    "Parameters": {
        "Env": {"Type": "String", "Default": "dev"},
        "BootstrapVersion": {
            "Type": "AWS::SSM::Parameter::Value<String>",
            "Default": "/cdk-bootstrap/hnb659fds/version",
        },
    },
    "Conditions": {
        "IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]},
        "IsDev": {"Fn::Not": [{"Condition": "IsProd"}]},
    },
    "Resources": {
        "Jobs": {
            "Type": "AWS::SQS::Queue",
            "Properties": {
                "QueueName": {"Fn::Sub": "${AWS::StackName}-${Env}-jobs"},
                "VisibilityTimeout": 45,
            },
        },
        "ProdOnly": {"Type": "AWS::SQS::Queue", "Condition": "IsProd", "Properties": {}},
        "Table": {
            "Type": "AWS::DynamoDB::Table",
            "Properties": {
                "KeySchema": [
                    {"AttributeName": "PK", "KeyType": "HASH"},
                    {"AttributeName": "SK", "KeyType": "RANGE"},
                ],
                "AttributeDefinitions": [
                    {"AttributeName": "PK", "AttributeType": "S"},
                    {"AttributeName": "SK", "AttributeType": "S"},
                    {"AttributeName": "GSI1PK", "AttributeType": "S"},
                ],
                "BillingMode": "PAY_PER_REQUEST",
                "GlobalSecondaryIndexes": [
                    {
                        "IndexName": "GSI1",
                        "KeySchema": [{"AttributeName": "GSI1PK", "KeyType": "HASH"}],
                        "Projection": {"ProjectionType": "ALL"},
                    }
                ],
                "StreamSpecification": {"StreamViewType": "NEW_AND_OLD_IMAGES"},
                "TimeToLiveSpecification": {"AttributeName": "expiresAt", "Enabled": True},
            },
        },
        "ApiKey": {
            "Type": "AWS::SecretsManager::Secret",
            "Properties": {"Name": "base/api-key", "GenerateSecretString": {}},
        },
        "Generated": {"Type": "AWS::SecretsManager::Secret", "Properties": {}},
        "Key": {"Type": "AWS::KMS::Key", "Properties": {}},
        "Thing": {"Type": "Custom::Thing", "Properties": {"ServiceToken": "arn:x"}},
        "Mystery": {"Type": "AWS::Foo::Bar", "Properties": {}},
        "Nested": {
            "Type": "AWS::CloudFormation::Stack",
            "Metadata": {"aws:asset:path": "Base.Nested.nested.template.json"},
            "Properties": {
                "TemplateURL": "https://s3/bucket/nested.json",
                "Parameters": {"QueueArn": {"Fn::GetAtt": ["Jobs", "Arn"]}},
            },
        },
    },
    "Outputs": {
        "JobsArn": {"Value": {"Fn::GetAtt": ["Jobs", "Arn"]}, "Export": {"Name": "Base-JobsArn"}},
        "JobsUrl": {"Value": {"Ref": "Jobs"}},
        "Picked": {"Value": {"Fn::Select": [1, {"Fn::Split": [",", "a,b,c"]}]}},
        "Chosen": {"Value": {"Fn::If": ["IsProd", "prod-value", "dev-value"]}},
        "ProdOut": {"Condition": "IsProd", "Value": {"Ref": "ProdOnly"}},
        "TopicFromNested": {"Value": {"Fn::GetAtt": ["Nested", "Outputs.TopicArn"]}},
        "Literal": {"Value": {"Fn::Sub": "${!NotAVariable}-${AWS::Region}"}},
        "StreamArn": {"Value": {"Fn::GetAtt": ["Table", "StreamArn"]}},
    },
}

NESTED: dict[str, Any] = {
    "Parameters": {"QueueArn": {"Type": "String"}},
    "Resources": {
        "Topic": {"Type": "AWS::SNS::Topic", "Properties": {}},
        "ToQueue": {
            "Type": "AWS::SNS::Subscription",
            "Properties": {
                "TopicArn": {"Ref": "Topic"},
                "Protocol": "sqs",
                "Endpoint": {"Ref": "QueueArn"},
                "RawMessageDelivery": True,
            },
        },
    },
    "Outputs": {"TopicArn": {"Value": {"Ref": "Topic"}}},
}

APP: dict[str, Any] = {
    "Resources": {
        "Work": {
            "Type": "AWS::SQS::Queue",
            "Properties": {
                "RedrivePolicy": {
                    "deadLetterTargetArn": {"Fn::ImportValue": "Base-JobsArn"},
                    "maxReceiveCount": 3,
                }
            },
        },
        "Role": {
            "Type": "AWS::IAM::Role",
            "Properties": {"AssumeRolePolicyDocument": {"Version": "2012-10-17"}},
        },
        "Machine": {
            "Type": "AWS::StepFunctions::StateMachine",
            "Properties": {
                "RoleArn": {"Fn::GetAtt": ["Role", "Arn"]},
                "DefinitionString": json.dumps(
                    {
                        "StartAt": "Send",
                        "States": {
                            "Send": {
                                "Type": "Task",
                                "Resource": "arn:aws:states:::sqs:sendMessage",
                                "Parameters": {"QueueUrl": "${WorkUrl}", "MessageBody.$": "$"},
                                "End": True,
                            },
                            "Unused": {
                                "Type": "Map",
                                "ToleratedFailurePercentage": 10,
                                "ItemProcessor": {
                                    "StartAt": "P",
                                    "States": {"P": {"Type": "Pass", "End": True}},
                                },
                                "End": True,
                            },
                        },
                    }
                ),
                "DefinitionSubstitutions": {"WorkUrl": {"Ref": "Work"}},
            },
        },
        "Windowed": {
            "Type": "AWS::Lambda::EventSourceMapping",
            "Properties": {
                "FunctionName": "windowed-fn",
                "EventSourceArn": "arn:aws:dynamodb:eu-west-2:123456789012:table/t/stream/x",
                "StartingPosition": "LATEST",
                "ParallelizationFactor": 2,
                "TumblingWindowInSeconds": 60,
            },
        },
    },
    "Outputs": {"MachineArn": {"Value": {"Ref": "Machine"}}},
}


def write_assembly(directory: Path) -> Path:
    """A cloud assembly as CDK writes it: App depends on Base, Base has a nested stack."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "Base.template.json").write_text(json.dumps(BASE))
    (directory / "Base.Nested.nested.template.json").write_text(json.dumps(NESTED))
    (directory / "App.template.json").write_text(json.dumps(APP))
    manifest = {
        "version": "55.0.0",
        "artifacts": {
            "App": {
                "type": "aws:cloudformation:stack",
                "properties": {"templateFile": "App.template.json"},
                "dependencies": ["Base"],
            },
            "Base": {
                "type": "aws:cloudformation:stack",
                "properties": {"templateFile": "Base.template.json"},
            },
        },
    }
    (directory / "manifest.json").write_text(json.dumps(manifest))
    return directory


@dataclass
class Backend:
    """The AWS API the deploy runs against: moto here, LocalStack in test_localstack.py."""

    endpoint: str
    account: str

    def client(self, service: str) -> Any:
        return client(service, self.endpoint)


@pytest.fixture(scope="module")
def backend(moto_endpoint: str) -> Backend:
    return Backend(moto_endpoint, "123456789012")


@pytest.fixture(scope="module")
def deployment(backend: Backend, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    assembly = write_assembly(tmp_path_factory.mktemp("assembly"))
    deployer = Deployer(
        assembly,
        backend.client,
        Targets(),
        account=backend.account,
        secret_values={"base/api-key": "configured-value"},
    )
    yield deployer.deploy()


def entry(deployment: Deployment, logical_id: str) -> Any:
    return next(e for e in deployment.report if e.logical_id == logical_id)


def test_outputs_resolve_intrinsics_conditions_and_nested_stacks(
    deployment: Deployment, backend: Backend
) -> None:
    outputs = deployment.outputs
    assert outputs["JobsUrl"].endswith("/Base-dev-jobs")
    assert outputs["JobsArn"] == f"arn:aws:sqs:eu-west-2:{backend.account}:Base-dev-jobs"
    assert outputs["Picked"] == "b"
    assert outputs["Chosen"] == "dev-value"
    assert "ProdOut" not in outputs
    assert outputs["Literal"] == "${NotAVariable}-eu-west-2"
    assert outputs["TopicFromNested"].startswith(f"arn:aws:sns:eu-west-2:{backend.account}:")
    assert "/stream/" in outputs["StreamArn"]
    assert outputs["App.MachineArn"].startswith("arn:aws:states:")


def test_resources_exist_with_their_settings(deployment: Deployment, backend: Backend) -> None:
    sqs = backend.client("sqs")
    attributes = sqs.get_queue_attributes(
        QueueUrl=deployment.outputs["JobsUrl"], AttributeNames=["VisibilityTimeout"]
    )["Attributes"]
    assert attributes["VisibilityTimeout"] == "45"
    work_url = next(u for u in sqs.list_queues()["QueueUrls"] if "App-Work" in u)
    redrive = json.loads(
        sqs.get_queue_attributes(QueueUrl=work_url, AttributeNames=["RedrivePolicy"])["Attributes"][
            "RedrivePolicy"
        ]
    )
    assert redrive["deadLetterTargetArn"] == deployment.outputs["JobsArn"]  # Fn::ImportValue
    assert int(redrive["maxReceiveCount"]) == 3

    ddb = backend.client("dynamodb")
    table_name = next(n for n in ddb.list_tables()["TableNames"] if "Base-Table" in n)
    table = ddb.describe_table(TableName=table_name)["Table"]
    assert table["GlobalSecondaryIndexes"][0]["IndexName"] == "GSI1"
    assert table["StreamSpecification"]["StreamViewType"] == "NEW_AND_OLD_IMAGES"
    ttl = ddb.describe_time_to_live(TableName=table_name)["TimeToLiveDescription"]
    assert ttl["AttributeName"] == "expiresAt"

    secrets = backend.client("secretsmanager")
    assert secrets.get_secret_value(SecretId="base/api-key")["SecretString"] == "configured-value"
    generated = next(
        s["Name"] for s in secrets.list_secrets()["SecretList"] if "Generated" in s["Name"]
    )
    assert len(secrets.get_secret_value(SecretId=generated)["SecretString"]) == 32

    sns = backend.client("sns")
    # The moto server is shared with other tests: look at this stack's topic only.
    [subscription] = sns.list_subscriptions_by_topic(
        TopicArn=deployment.outputs["TopicFromNested"]
    )["Subscriptions"]
    assert subscription["Endpoint"] == deployment.outputs["JobsArn"]  # a nested parameter


def test_state_machine_definition_has_substituted_values(
    deployment: Deployment, backend: Backend
) -> None:
    sfn = backend.client("stepfunctions")
    definition = json.loads(
        sfn.describe_state_machine(stateMachineArn=deployment.outputs["App.MachineArn"])[
            "definition"
        ]
    )
    queue_url = definition["States"]["Send"]["Parameters"]["QueueUrl"]
    assert queue_url.endswith("App-Work-" + queue_url.rsplit("-", 1)[-1])
    assert "${" not in json.dumps(definition)


def test_report_says_what_was_created_accepted_skipped_and_not_understood(
    deployment: Deployment,
) -> None:
    assert entry(deployment, "Jobs").status == CREATED
    assert entry(deployment, "ProdOnly").status == SKIPPED
    assert entry(deployment, "Key").status == ACCEPTED
    assert "encryption" in entry(deployment, "Key").detail
    assert entry(deployment, "Thing").status == UNSUPPORTED
    assert entry(deployment, "Mystery").status == UNSUPPORTED
    text = deployment.format_report()
    # Properties with no local effect are named, each with its resource; emulated ones are not.
    not_emulated = {(e.logical_id, e.type) for e in deployment.properties_not_emulated}
    assert not_emulated == {
        ("Windowed", "AWS::Lambda::EventSourceMapping.TumblingWindowInSeconds"),
        (
            "Machine",
            "AWS::StepFunctions::StateMachine.States.Unused.ToleratedFailurePercentage",
        ),
    }
    assert "properties accepted, not emulated:" in text
    assert "App/Windowed AWS::Lambda::EventSourceMapping.TumblingWindowInSeconds" in text
    assert "NOT UNDERSTOOD" in text
    assert "Base/Thing Custom::Thing" in text
    assert "Base/Mystery AWS::Foo::Bar" in text
    # Stacks deploy in dependency order: every Base resource before any App resource.
    stacks = [e.stack for e in deployment.report]
    assert stacks.index("App") > max(i for i, s in enumerate(stacks) if s.startswith("Base"))


def test_a_missing_assembly_names_the_fix(tmp_path: Path) -> None:
    from emulation.deploy import DeployError

    with pytest.raises(DeployError, match="synthesize"):
        Deployer(tmp_path, lambda s: None, Targets())
