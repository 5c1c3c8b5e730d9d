"""The whole module end to end, driven only through the deployed stack's public edges: the
EventBridge rules (fired on demand), the Step Functions API, the HTTP API and SQS.

The tests run in file order and build on each other (one session cloud, one world): the daily
aggregation run, search by name, style and radius, get-by-id and the studio route, the styles
counts, a removal request and a second run, the egress rotation, the correlation id of the run
in every step's logs, and finally a grep of every log for secrets and personal data.
"""

from __future__ import annotations

import dataclasses
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from emulation.cloud import LocalCloud
from emulation.pipeline_run import PHASES, current_phase
from load.chaos import Stack, index_documents, table_artists
from tests.e2e.removal import remove
from tests.integration.security.leaks import find_leaks, personal_values, secret_values

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
RUN_TIMEOUT_S = 420.0
REMOVAL_DEADLINE_S = 5.0
REMOVAL_CONTACT = "removal-test@example.co.uk"
# What this module learnt so far (the tests depend on each other's results, in file order).
STATE: dict[str, Any] = {}


# --- edges --------------------------------------------------------------------------------


def api(cloud: LocalCloud, path: str, **params: Any) -> tuple[int, Any]:
    query = urllib.parse.urlencode({k: v for k, v in params.items() if v is not None})
    url = f"{cloud.api_url}{path}" + (f"?{query}" if query else "")
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def search_ids(cloud: LocalCloud, **params: Any) -> set[str]:
    """Every artist id the search returns for these criteria, over all pages."""
    found: set[str] = set()
    cursor: str | None = None
    for page in range(1, 400):
        request = {**params, "limit": 50, **({"cursor": cursor} if cursor else {"page": page})}
        status, body = api(cloud, "/v1/artists", **request)
        assert status == 200, body
        found |= {item["artistId"] for item in body["items"]}
        if not body["hasMore"]:
            return found
        cursor = body.get("nextCursor") if page >= 200 else None
    return found


@pytest.fixture(scope="module")
def stack(local_cloud: LocalCloud, world: Any) -> Stack:
    return Stack(cloud=local_cloud, world=world)


def rule(stack: Stack, logical_id: str) -> str:
    return stack.rule_name(logical_id)


def wait_run(
    stack: Stack, execution_arn: str, phases_seen: list[str] | None = None
) -> dict[str, Any]:
    sfn = stack.client("stepfunctions")
    seen = phases_seen if phases_seen is not None else []
    described = dict(
        stack.cloud.wait_execution(
            execution_arn,
            timeout_s=RUN_TIMEOUT_S,
            progress=lambda _: seen.append(current_phase(sfn, execution_arn)),
            progress_every_s=1.0,
        )
    )
    output = described.get("output")
    described["summary"] = json.loads(output) if isinstance(output, str) else {}
    return described


def wait_index_equals_table(stack: Stack, timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        stack.cloud.event_sources.drain(10.0)
        table, index = table_artists(stack), index_documents(stack)
        if table == index:
            return
        if time.monotonic() > deadline:
            missing = len(set(table) - set(index))
            extra = len(set(index) - set(table))
            raise AssertionError(f"index != table: {missing} missing, {extra} extra")
        time.sleep(0.5)


def table_items(stack: Stack, item_type: str) -> list[dict[str, Any]]:
    from compute.domain.attribute_values import from_attribute_values

    ddb = stack.client("dynamodb")
    request: dict[str, Any] = {
        "TableName": stack.table,
        "FilterExpression": "#t = :t",
        "ExpressionAttributeNames": {"#t": "type"},
        "ExpressionAttributeValues": {":t": {"S": item_type}},
        "ConsistentRead": True,
    }
    items: list[dict[str, Any]] = []
    while True:
        reply = ddb.scan(**request)
        items += [from_attribute_values(i) for i in reply.get("Items", [])]
        if not reply.get("LastEvaluatedKey"):
            return items
        request["ExclusiveStartKey"] = reply["LastEvaluatedKey"]


# --- the daily run -------------------------------------------------------------------------


def test_the_daily_aggregation_rule_runs_the_pipeline_to_success(stack: Stack) -> None:
    [fired] = stack.cloud.fire_rule(rule(stack, "DailyAggregationSchedule"))
    assert fired.error is None, fired.error
    assert fired.input["cities"] == [stack.world.city.name]
    execution_arn = str(fired.result)
    assert execution_arn.startswith("arn:aws:states:")
    phases_seen: list[str] = []
    described = wait_run(stack, execution_arn, phases_seen)
    assert described["status"] == "SUCCEEDED", (described.get("error"), described.get("cause"))
    summary = described["summary"]
    assert summary["artistsWritten"] > 0, summary
    # The progress a long run prints follows the state machine's phases, in order.
    assert len(set(phases_seen)) >= 2, phases_seen
    order = [PHASES.index(p) for p in phases_seen if p in PHASES]
    assert order == sorted(order), phases_seen
    STATE["run"] = summary
    STATE["execution"] = execution_arn


def found_truth_artists(stack: Stack) -> list[dict[str, Any]]:
    """Artist items the pipeline wrote whose handle is a ground-truth artist of the world."""
    truth = stack.world.ground_truth()
    handles = {
        str(a["instagramHandle"]).lstrip("@").lower()
        for s in truth["studios"]
        for a in s["artists"]
    }
    return [
        a
        for a in table_items(stack, "artist")
        if str(a.get("instagramHandle") or "").lstrip("@").lower() in handles
        and not a.get("opted_out")
    ]


def test_every_found_artist_is_searchable_by_name_style_and_radius(stack: Stack) -> None:
    assert "run" in STATE, "the daily run did not succeed"
    wait_index_equals_table(stack)
    artists = found_truth_artists(stack)
    assert artists, "the run found no ground-truth artist"
    STATE["artists"] = artists
    by_style: dict[str, set[str]] = {}
    misses: list[str] = []
    for artist in artists:
        artist_id = artist["artistId"]
        if artist_id not in search_ids(stack.cloud, query=artist["artistName"]):
            misses.append(f"{artist_id}: not found by name")
        for style in artist.get("styles") or []:
            if style not in by_style:
                by_style[style] = search_ids(stack.cloud, style=style)
            if artist_id not in by_style[style]:
                misses.append(f"{artist_id}: not found by style {style}")
        if artist.get("latitude") is not None:
            near = f"{float(artist['latitude']):.5f},{float(artist['longitude']):.5f}"
            if artist_id not in search_ids(stack.cloud, near=near, radius_km=1):
                misses.append(f"{artist_id}: not found within 1 km of its own location")
        else:
            misses.append(f"{artist_id}: written without a location")
    assert misses == [], misses


def test_get_by_id_and_the_studio_route_answer_for_every_found_artist(stack: Stack) -> None:
    artists = STATE.get("artists") or pytest.fail("no artists from the previous test")
    for artist in artists:
        status, body = api(stack.cloud, f"/v1/artists/{artist['artistId']}")
        assert status == 200, body
        assert body["artistId"] == artist["artistId"]
        assert body["name"] == artist["artistName"]
        studio_id = (artist.get("studioInfo") or {}).get("studioId")
        assert studio_id, f"{artist['artistId']} has no studio"
        status, studio = api(stack.cloud, f"/v1/studios/{studio_id}")
        assert status == 200, studio
        assert artist["artistId"] in {a["artistId"] for a in studio["artists"]}
    status, problem = api(stack.cloud, "/v1/artists/art_00000000000000ff")
    assert status == 404 and problem["status"] == 404


def test_styles_counts_equal_the_table(stack: Stack) -> None:
    expected: Counter[str] = Counter()
    for artist in table_items(stack, "artist"):
        if not artist.get("opted_out"):
            expected.update(set(artist.get("styles") or []))
    status, body = api(stack.cloud, "/v1/styles")
    assert status == 200, body
    assert {item["name"]: item["count"] for item in body["items"]} == dict(expected)
    counts = [item["count"] for item in body["items"]]
    assert counts == sorted(counts, reverse=True)


# --- removal and a second run ----------------------------------------------------------------


def test_an_approved_removal_purges_the_artist_within_5_s_and_a_second_run_keeps_them_out(
    stack: Stack,
) -> None:
    artists = STATE.get("artists") or pytest.fail("no artists from an earlier test")
    chosen = next(a for a in artists if a.get("instagramHandle"))
    artist_id = chosen["artistId"]
    # Asked, confirmed from the e-mailed link, approved by a moderator (SigV4).
    remove(
        stack.cloud,
        stack.cloud.api_url.rstrip("/"),
        {
            "instagramHandle": f"@{chosen['instagramHandle']}",
            "reason": "opt-out",
            "contactEmail": REMOVAL_CONTACT,
        },
    )
    began = time.monotonic()
    while True:
        gone = api(stack.cloud, f"/v1/artists/{artist_id}")[0] == 404
        unsearchable = artist_id not in search_ids(stack.cloud, query=chosen["artistName"])
        if gone and unsearchable:
            break
        assert time.monotonic() - began < REMOVAL_DEADLINE_S, (
            f"still served after {REMOVAL_DEADLINE_S} s (get 404: {gone}, search: "
            f"{not unsearchable})"
        )
        time.sleep(0.2)

    # The same rule again: a second run crawls the same studios.
    [fired] = stack.cloud.fire_rule(rule(stack, "DailyAggregationSchedule"))
    assert fired.error is None, fired.error
    described = wait_run(stack, str(fired.result))
    assert described["status"] == "SUCCEEDED", (described.get("error"), described.get("cause"))
    wait_index_equals_table(stack)
    assert api(stack.cloud, f"/v1/artists/{artist_id}")[0] == 404
    assert artist_id not in search_ids(stack.cloud, query=chosen["artistName"])
    handle = str(chosen["instagramHandle"]).lower()
    listed = [
        a
        for a in table_items(stack, "artist")
        if str(a.get("instagramHandle") or "").lower() == handle and not a.get("opted_out")
    ]
    assert listed == [], "the second run listed the removed artist again"


# --- egress rotation ---------------------------------------------------------------------------


def default_targets(ec2: Any, route_table_ids: list[str]) -> dict[str, str | None]:
    targets: dict[str, str | None] = {}
    for table in ec2.describe_route_tables(RouteTableIds=route_table_ids)["RouteTables"]:
        default = [r for r in table["Routes"] if r.get("DestinationCidrBlock") == "0.0.0.0/0"]
        targets[table["RouteTableId"]] = default[0].get("NatGatewayId") if default else None
    return targets


def test_the_weekly_rotation_rule_moves_every_route_to_a_new_gateway_and_leaks_nothing(
    stack: Stack,
) -> None:
    runtime = stack.cloud.runtime
    name = stack.out("RotateEgressIpFunctionName")
    spec = runtime.spec(name)
    env = spec.environment
    ec2 = stack.client("ec2")
    tables = env["EGRESS_PRIVATE_ROUTE_TABLE_IDS"].split(",")
    [old_gateway] = set(default_targets(ec2, tables).values())
    assert old_gateway and old_gateway.startswith("nat-")
    gateway = ec2.describe_nat_gateways(NatGatewayIds=[old_gateway])["NatGateways"][0]
    tags = {t["Key"]: t["Value"] for t in gateway.get("Tags", [])}
    if tags.get(env["EGRESS_TAG_KEY"]) != env["EGRESS_TAG_VALUE"]:
        # The local deployer does not apply resource Tags yet: put them where CloudFormation
        # would have (the template tags the stack's NAT gateway and its address).
        allocation = gateway["NatGatewayAddresses"][0]["AllocationId"]
        ec2.create_tags(
            Resources=[old_gateway, allocation],
            Tags=[{"Key": env["EGRESS_TAG_KEY"], "Value": env["EGRESS_TAG_VALUE"]}],
        )
    addresses_before = {a["AllocationId"] for a in ec2.describe_addresses()["Addresses"]}
    # No five-minute grace period for the old gateway's connections in a test.
    runtime.register(
        dataclasses.replace(
            spec,
            environment={
                **env,
                "EGRESS_GRACE_PERIOD_SECONDS": "0",
                "EGRESS_POLL_INTERVAL_SECONDS": "0.1",
            },
        )
    )
    try:
        [fired] = stack.cloud.fire_rule(rule(stack, "WeeklyEgressRotationSchedule"))
    finally:
        runtime.register(spec)
    assert fired.error is None, fired.error
    invoked = fired.result
    assert invoked.function_error is None, invoked.logs[-2000:]
    summary = invoked.payload
    assert summary["outcome"] == "success", summary
    new_gateway = summary["newGatewayId"]
    assert new_gateway != old_gateway
    assert default_targets(ec2, tables) == dict.fromkeys(tables, new_gateway)
    # Nothing leaked: the old gateway is gone, no other gateway is left running, exactly one
    # address was added, and at most EGRESS_KEEP_LAST addresses stay allocated (the newest
    # are kept on purpose: partners allow-list them), so no unbounded growth.
    live = {
        g["NatGatewayId"]: g["State"]
        for g in ec2.describe_nat_gateways()["NatGateways"]
        if g["State"] not in {"deleted", "deleting"}
    }
    assert live == {new_gateway: "available"}
    addresses_after = {a["AllocationId"] for a in ec2.describe_addresses()["Addresses"]}
    assert len(addresses_after - addresses_before) == 1
    assert len(addresses_after) <= max(int(env.get("EGRESS_KEEP_LAST", "2")), 1)
    assert not summary.get("left"), summary["left"]


# --- observability -------------------------------------------------------------------------


def log_text(stack: Stack, output: str) -> str:
    path = stack.cloud.log_dir / f"{stack.out(output)}.log"
    return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""


def correlation_ids(text: str) -> set[str]:
    found: set[str] = set()
    for line in text.splitlines():
        if line.startswith("{") and "correlation_id" in line:
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if record.get("correlation_id"):
                found.add(str(record["correlation_id"]))
    return found


def scraper_logs(stack: Stack) -> str:
    ecs_dir = stack.cloud.log_dir / "ecs"
    return "".join(
        p.read_text(encoding="utf-8", errors="replace") for p in sorted(ecs_dir.rglob("*.log"))
    )


STEPS = [
    pytest.param("DiscoverStudiosFunctionName", id="discover-studios"),
    pytest.param("FindArtistsFunctionName", id="find-artists"),
    pytest.param("ValidateArtistsFunctionName", id="validate-artists"),
    pytest.param("QueueScrapingFunctionName", id="queue-scraping"),
    pytest.param("scraper", id="scraper"),
    pytest.param("SummarizeFunctionName", id="summarize"),
]


@pytest.mark.parametrize("step", STEPS)
def test_the_run_correlation_id_is_in_the_logs_of_every_step(stack: Stack, step: str) -> None:
    run = STATE.get("run") or pytest.fail("the daily run did not succeed")
    text = scraper_logs(stack) if step == "scraper" else log_text(stack, step)
    assert text, f"{step}: no log written"
    assert run["runId"] in correlation_ids(text), f"{step}: run {run['runId']} not correlated"


def emf_metrics(text: str) -> dict[str, float]:
    """Sum of every metric in the embedded-metric-format records of a log."""
    totals: dict[str, float] = {}
    for line in text.splitlines():
        if not line.startswith("{") or '"_aws"' not in line:
            continue
        try:
            record = json.loads(line)
        except ValueError:
            continue
        for directive in record["_aws"].get("CloudWatchMetrics", []):
            for metric in directive.get("Metrics", []):
                value = record.get(metric["Name"])
                values = value if isinstance(value, list) else [value]
                totals[metric["Name"]] = totals.get(metric["Name"], 0.0) + sum(
                    float(v) for v in values if isinstance(v, int | float)
                )
    return totals


def test_business_metrics_leave_as_embedded_metric_format(stack: Stack) -> None:
    assert "run" in STATE, "the daily run did not succeed"
    sync = emf_metrics(log_text(stack, "SyncFunctionName"))
    assert sync.get("ArtistsIndexed", 0) > 0, sorted(sync)  # artists indexed
    assert "SyncLagMs" in sync, sorted(sync)  # sync lag
    scraper = emf_metrics(scraper_logs(stack))
    outcomes = {k: v for k, v in scraper.items() if k.startswith("Scrape_")}
    assert sum(outcomes.values()) > 0, sorted(scraper)  # per-job scrape outcomes
    summarize = emf_metrics(log_text(stack, "SummarizeFunctionName"))
    assert summarize.get("ArtistsWritten", 0) > 0, sorted(summarize)
    # One value per run: the percent of its queued jobs that ended without a failure.
    assert summarize.get("ScrapeSuccessRate", 0) > 0, sorted(summarize)


def test_no_log_holds_a_secret_or_an_artist_name_or_handle(stack: Stack) -> None:
    forbidden = {
        **personal_values(stack.world.ground_truth()),
        # The removal requester's address (the removal test above sent one through SES).
        "e-mail address": {REMOVAL_CONTACT},
        "secret": secret_values(ROOT / "emulation" / "secrets.defaults.json")
        | {stack.world.api_key},
    }
    files = [p for p in stack.cloud.log_dir.rglob("*") if p.is_file()]
    assert len(files) >= 6, "the cloud wrote fewer logs than it has steps"
    leaks = find_leaks(stack.cloud.log_dir, forbidden)
    assert leaks == [], "\n".join(str(leak) for leak in leaks[:50])
