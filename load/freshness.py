"""`nox -s freshness`: how long after a write to the table an artist can be found through the
API (DynamoDB stream -> event-source mapping -> sync Lambda -> OpenSearch -> search).

    python -m load.freshness                          # 200 writes on a fresh local cloud
    python -m load.freshness --api-url URL --state-dir DIR    # a running `compute-local up`

Writes are what the scraper does: PutItem of a whole artist item, conditional on the version
it read (`attribute_not_exists(PK)` for a new artist, `version = :read` for an update, which
bumps `version` by 1). Half are new artists, half rename an indexed one. After each write the
API is polled with `GET /v1/artists?query=<exact new name>` until the reply lists that artist
with that name; the latency runs from PutItem's reply to that API reply. A few writers run at
once, so the stream sees a steady trickle rather than one record at a time. Before the first
write, each writer's thread sends two unmeasured searches, so the API's containers are warm.

Writes results/freshness.json, with the mapping's batching window and batch size from the
deployed template, since they bound what is achievable.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import dataclasses
import json
import random
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from emulation.credentials import use_fake_aws
from load.common.cloud import (
    Cloud,
    CloudError,
    attach_cloud,
    http_json,
    indexed_count,
    seed_and_wait,
    start_cloud,
)
from load.common.cpu import load_average
from load.common.figures import latency_summary, write_result
from load.common.paths import DEFAULT_ASSEMBLY, DEFAULT_STATE_DIR, RESULTS

TARGET_P95_S = 1.5
SYLLABLES = (
    "ka", "lo", "ve", "ri", "dan", "mor", "ti", "sel", "bra", "no", "quin", "ze", "ha", "lu",
    "fen", "dor", "wy", "pa", "rus", "el",
)  # fmt: skip


@dataclass(frozen=True)
class Write:
    """One planned write: the artist to put and the name to search for it by."""

    kind: str  # "new" (must not exist yet) | "update" (a rename, conditional on the version)
    artist_id: str
    name: str
    item: dict[str, Any]


@dataclass
class Outcome:
    kind: str
    latency_s: float | None  # None: not visible before the timeout
    polls: int


def surnames(rng: random.Random, count: int) -> list[str]:
    """Distinct made-up surnames (3 syllables), so an exact-name search finds one artist."""
    names: set[str] = set()
    while len(names) < count:
        names.add("".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize())
    return sorted(names)


def plan_writes(
    base_artists: list[Any], writes: int, *, run_seed: int, now: datetime
) -> list[Write]:
    """Alternate new artists and renames of `base_artists` (domain `Artist` objects)."""
    from compute.domain.identity import artist_id_for, identity_key
    from compute.domain.models import format_timestamp

    rng = random.Random(run_seed)
    stamp = format_timestamp(now)
    new_names = surnames(rng, writes)
    updates = rng.sample(base_artists, k=min(len(base_artists), writes // 2))
    planned: list[Write] = []
    for number in range(writes):
        surname = new_names[number]
        if number % 2 == 1 and updates:
            artist = updates.pop()
            first = artist.name.split(" ", 1)[0]
            renamed = dataclasses.replace(
                artist, name=f"{first} {surname}", updated_at=stamp, scraped_at=stamp
            )
            planned.append(Write("update", artist.artist_id, renamed.name, {"artist": renamed}))
            continue
        template = rng.choice(base_artists)
        handle = f"{surname.lower()}.fresh{run_seed % 100000}"
        artist_id = artist_id_for(identity_key(instagram_handle=handle))
        fresh = dataclasses.replace(
            template,
            artist_id=artist_id,
            name=f"{template.name.split(' ', 1)[0]} {surname}",
            instagram_handle=handle,
            created_at=stamp,
            updated_at=stamp,
            scraped_at=stamp,
            version=1,
        )
        planned.append(Write("new", artist_id, fresh.name, {"artist": fresh}))
    return planned


class Writer:
    """The scraper's write: read the version, put the item conditionally, return when done."""

    def __init__(self, cloud: Cloud) -> None:
        import boto3

        use_fake_aws()
        self.table = cloud.table_name
        self.client = boto3.client("dynamodb", endpoint_url=cloud.endpoint_url)

    def put(self, write: Write) -> None:
        from compute.domain.attribute_values import to_attribute_values
        from compute.domain.keys import artist_key

        artist = write.item["artist"]
        if write.kind == "new":
            self.client.put_item(
                TableName=self.table,
                Item=to_attribute_values(artist.to_item()),
                ConditionExpression="attribute_not_exists(PK)",
            )
            return
        key = {name: {"S": value} for name, value in artist_key(write.artist_id).items()}
        current = self.client.get_item(TableName=self.table, Key=key, ConsistentRead=True)
        read_version = int(current["Item"]["version"]["N"])
        updated = dataclasses.replace(artist, version=read_version + 1)
        self.client.put_item(
            TableName=self.table,
            Item=to_attribute_values(updated.to_item()),
            ConditionExpression="version = :read",
            ExpressionAttributeValues={":read": {"N": str(read_version)}},
        )


def visible(api_url: str, write: Write) -> bool:
    """Does the API's search for the exact name return this artist under that name?"""
    query = urllib.parse.urlencode({"query": write.name, "limit": 10})
    try:
        page = http_json(f"{api_url}/v1/artists?{query}", timeout_s=10)
    except (urllib.error.URLError, TimeoutError, ValueError):
        return False
    return any(
        item.get("artistId") == write.artist_id and item.get("name") == write.name
        for item in page.get("items", [])
    )


def probe(
    writer: Writer, api_url: str, write: Write, *, poll_interval_s: float, timeout_s: float
) -> Outcome:
    writer.put(write)
    written = time.monotonic()
    polls = 0
    while time.monotonic() - written < timeout_s:
        polls += 1
        if visible(api_url, write):
            return Outcome(write.kind, time.monotonic() - written, polls)
        time.sleep(poll_interval_s)
    return Outcome(write.kind, None, polls)


def stream_mapping_settings(assembly: Path) -> dict[str, Any]:
    """BatchSize and MaximumBatchingWindowInSeconds of the sync function's stream mapping."""
    for path in sorted(assembly.glob("*.template.json")):
        resources = json.loads(path.read_text(encoding="utf-8")).get("Resources", {})
        for resource in resources.values():
            if resource.get("Type") != "AWS::Lambda::EventSourceMapping":
                continue
            props = resource.get("Properties", {})
            target = resources.get(props.get("FunctionName", {}).get("Ref", ""), {})
            if ".sync." in str(target.get("Properties", {}).get("Handler", "")):
                return {
                    "template": path.name,
                    "batch_size": props.get("BatchSize"),
                    "maximum_batching_window_s": props.get("MaximumBatchingWindowInSeconds", 0),
                    "parallelization_factor": props.get("ParallelizationFactor", 1),
                }
    return {}


def _base_world(cloud: Cloud, artists: int, seed: int) -> list[Any]:
    """The seeded artists (seeding them, and waiting for the index, unless already there)."""
    from emulation.seed import synthetic_world

    base, _, _ = synthetic_world(artists, seed=seed)
    ids = [a.artist_id for a in base]
    try:
        present = indexed_count(cloud.opensearch_url, ids)
    except (urllib.error.URLError, KeyError):
        present = 0
    if present == len(ids):
        print(f"The index already holds the {len(ids)} base artists")
    else:
        seed_and_wait(cloud, artists, seed=seed)
    return base


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m load.freshness", description=__doc__)
    parser.add_argument("--writes", type=int, default=200)
    parser.add_argument("--base-artists", type=int, default=1000, help="seeded before writing")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--writers", type=int, default=4, help="writes in flight at once")
    parser.add_argument("--poll-interval-s", type=float, default=0.05)
    parser.add_argument("--timeout-s", type=float, default=60.0, help="per write")
    parser.add_argument("--api-url", help="target a running `compute-local up` at this URL")
    parser.add_argument("--state-dir", type=Path)
    parser.add_argument("--assembly", type=Path, default=DEFAULT_ASSEMBLY)
    parser.add_argument("--results", type=Path, default=RESULTS / "freshness.json")
    parser.add_argument("--check", action="store_true", help="exit 1 when p95 > 1.5 s")
    args = parser.parse_args(argv)
    if args.writes < 1 or args.base_artists < 1:
        print("load.freshness: --writes and --base-artists must be >= 1", file=sys.stderr)
        return 2
    mapping = stream_mapping_settings(args.assembly)
    load_before = load_average()
    try:
        if args.api_url:
            cloud = attach_cloud(args.api_url, args.state_dir or DEFAULT_STATE_DIR)
        else:
            state_dir = args.state_dir or Path(tempfile.mkdtemp(prefix="freshness-cloud-"))
            print(f"Starting the local cloud ({state_dir}) ...", flush=True)
            cloud = start_cloud(state_dir, assembly=args.assembly)
        with cloud:
            base = _base_world(cloud, args.base_artists, args.seed)
            run_seed = int(time.time())
            writes = plan_writes(base, args.writes, run_seed=run_seed, now=datetime.now(UTC))
            writer_of = threading.local()

            def one(write: Write) -> Outcome:
                if not hasattr(writer_of, "writer"):
                    writer_of.writer = Writer(cloud)
                return probe(
                    writer_of.writer,
                    cloud.api_url,
                    write,
                    poll_interval_s=args.poll_interval_s,
                    timeout_s=args.timeout_s,
                )

            with concurrent.futures.ThreadPoolExecutor(args.writers) as pool:
                # Unmeasured: the API's first searches are its containers' cold starts, which
                # the first probes' single poll took whole (0.78-0.85 s) and which are not
                # the write's way to the index.
                list(pool.map(lambda _: visible(cloud.api_url, writes[0]), range(args.writers * 2)))
                began = time.monotonic()
                outcomes = list(pool.map(one, writes))
            elapsed = time.monotonic() - began
    except CloudError as exc:
        print(f"load.freshness: {exc}", file=sys.stderr)
        return 2
    seen = [o.latency_s for o in outcomes if o.latency_s is not None]
    document: dict[str, Any] = {
        "writes": len(outcomes),
        **latency_summary(seen),
        "visible": len(seen),
        "not_visible_within_timeout": len(outcomes) - len(seen),
        "by_kind": {
            kind: {
                "writes": sum(1 for o in outcomes if o.kind == kind),
                **latency_summary(
                    [o.latency_s for o in outcomes if o.kind == kind and o.latency_s is not None]
                ),
            }
            for kind in ("new", "update")
        },
        "write_rate_per_s": round(len(outcomes) / elapsed, 2),
        "writers": args.writers,
        "poll_interval_s": args.poll_interval_s,
        "mean_polls": round(sum(o.polls for o in outcomes) / len(outcomes), 1),
        # Where the tail sits: the slowest writes by their order in the run (0 = first).
        "slowest": [
            {"seq": seq, "kind": kind, "latency_s": round(latency, 3), "polls": polls}
            for latency, seq, kind, polls in sorted(
                (
                    (o.latency_s, n, o.kind, o.polls)
                    for n, o in enumerate(outcomes)
                    if o.latency_s is not None
                ),
                reverse=True,
            )[:5]
        ],
        "stream_mapping": mapping,
        "target_p95_s": TARGET_P95_S,
        "load_average": {"before": load_before, "after": load_average()},
    }
    write_result(args.results, document)
    print(json.dumps(document, indent=2))
    print(f"Wrote {args.results}")
    missed = document["p95_s"] > TARGET_P95_S or document["not_visible_within_timeout"]
    if missed and mapping.get("maximum_batching_window_s", 0) >= TARGET_P95_S:
        print(
            f"p95 {document['p95_s']} s > {TARGET_P95_S} s: the sync mapping's "
            f"MaximumBatchingWindowInSeconds is {mapping['maximum_batching_window_s']} "
            f"(BatchSize {mapping['batch_size']}), so a batch that does not fill waits that long "
            "before the sync function even runs"
        )
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
