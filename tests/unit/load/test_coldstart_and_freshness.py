"""Pure parts of the cold-start and freshness benchmarks: the template's environment turned
into values of the same form, the handlers found in a template, the stream mapping's settings,
and the plan of writes (new artists and renames). No servers, no subprocesses."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from compute.domain.identity import artist_id_for, identity_key
from emulation.seed import synthetic_world
from load.coldstart import handler_functions, lambda_env, placeholder
from load.freshness import plan_writes, stream_mapping_settings, surnames

RESOURCES = {
    "ScrapeQueue": {"Type": "AWS::SQS::Queue"},
    "AlertsTopic": {"Type": "AWS::SNS::Topic"},
    "IdempotencyTable": {"Type": "AWS::DynamoDB::Table"},
}


def test_placeholders_keep_the_form_of_deploy_time_values() -> None:
    assert placeholder("INFO", RESOURCES) == "INFO"
    assert placeholder({"Ref": "ScrapeQueue"}, RESOURCES) == (
        "https://sqs.eu-west-2.amazonaws.com/123456789012/ScrapeQueue"
    )
    assert placeholder({"Ref": "AlertsTopic"}, RESOURCES).startswith("arn:aws:sns:eu-west-2:")
    assert placeholder({"Ref": "IdempotencyTable"}, RESOURCES) == "IdempotencyTable"
    endpoint = {
        "Fn::Join": ["", ["https://", {"Fn::ImportValue": "Foundation-SearchDomainEndpoint"}]]
    }
    assert placeholder(endpoint, RESOURCES) == (
        "https://search-placeholder.eu-west-2.es.amazonaws.com"
    )
    secret = {"Fn::ImportValue": "Foundation:ExportsOutputRefPlacesApiKeySecret9B46"}
    assert placeholder(secret, RESOURCES).startswith("arn:aws:secretsmanager:eu-west-2:")


def _template(tmp_path: Path) -> Path:
    template = {
        "Resources": {
            **RESOURCES,
            "ApiFunction": {
                "Type": "AWS::Lambda::Function",
                "Properties": {
                    "Handler": "compute.handlers.api.handler",
                    "MemorySize": 512,
                    "Runtime": "python3.12",
                    "Environment": {
                        "Variables": {
                            "POWERTOOLS_SERVICE_NAME": "api",
                            "SCRAPE_QUEUE_URL": {"Ref": "ScrapeQueue"},
                        }
                    },
                },
            },
            "SyncFunction": {
                "Type": "AWS::Lambda::Function",
                "Properties": {"Handler": "compute.handlers.sync.handler"},
            },
            "OtherFunction": {
                "Type": "AWS::Lambda::Function",
                "Properties": {"Handler": "index.handler"},
            },
            "SyncStreamMapping": {
                "Type": "AWS::Lambda::EventSourceMapping",
                "Properties": {
                    "FunctionName": {"Ref": "SyncFunction"},
                    "BatchSize": 10,
                    "MaximumBatchingWindowInSeconds": 2,
                },
            },
        }
    }
    (tmp_path / "Stack.template.json").write_text(json.dumps(template))
    return tmp_path


def test_handler_functions_are_found_with_their_environment(tmp_path: Path) -> None:
    functions = handler_functions(_template(tmp_path))
    assert set(functions) == {"api", "sync"}  # only compute handlers; sync named by module
    api = functions["api"]
    assert api["module"] == "compute.handlers.api"
    assert api["environment"]["SCRAPE_QUEUE_URL"].endswith("/123456789012/ScrapeQueue")
    env = lambda_env("api", api)
    assert env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] == "512"
    assert env["POWERTOOLS_SERVICE_NAME"] == "api"
    assert env["AWS_ACCESS_KEY_ID"] == "testing"  # never real credentials


def test_stream_mapping_settings_come_from_the_sync_mapping(tmp_path: Path) -> None:
    settings = stream_mapping_settings(_template(tmp_path))
    assert settings["batch_size"] == 10
    assert settings["maximum_batching_window_s"] == 2
    assert stream_mapping_settings(tmp_path / "missing") == {}


def test_surnames_are_distinct() -> None:
    import random

    names = surnames(random.Random(1), 300)
    assert len(set(names)) == 300


def test_plan_alternates_new_artists_and_renames_of_seeded_ones() -> None:
    base, _, _ = synthetic_world(40, seed=0)
    base_ids = {a.artist_id for a in base}
    writes = plan_writes(base, 20, run_seed=7, now=datetime(2026, 11, 28, tzinfo=UTC))

    assert [w.kind for w in writes[:4]] == ["new", "update", "new", "update"]
    assert len({w.name for w in writes}) == 20  # each exact-name search finds one write
    assert len({w.artist_id for w in writes}) == 20
    for write in writes:
        artist = write.item["artist"]
        assert artist.name == write.name and artist.artist_id == write.artist_id
        if write.kind == "new":
            assert write.artist_id not in base_ids
            assert artist.version == 1
            assert write.artist_id == artist_id_for(
                identity_key(instagram_handle=artist.instagram_handle)
            )
            assert artist.to_api()["contactInfo"]["instagram"] == f"@{artist.instagram_handle}"
        else:
            assert write.artist_id in base_ids
            original = next(a for a in base if a.artist_id == write.artist_id)
            assert artist.name != original.name
            assert artist.name.split()[0] == original.name.split()[0]
