"""The stack under test: the deployed local cloud and the synthetic world it crawls, how hard
each profile pushes, and a standalone stack for `python -m load.chaos`."""

from __future__ import annotations

import contextlib
import json
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from emulation.credentials import use_fake_aws

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "results"
DEFAULT_ASSEMBLY = ROOT / "infra" / "cdk.out"
INDEX_ALIAS = "artists"
DAILY_RULE = "DailyAggregationSchedule"
NO_PROXY = "127.0.0.1,localhost,::1"
QUERIES = ("tattoo studio", "tattoo parlour")


@dataclass(frozen=True)
class Profile:
    """How hard each scenario pushes."""

    name: str
    outage_writes: int
    outage_s: float
    write_rate: float  # writes per second while a fault is on
    crash_writes: int
    crash_fraction: float
    world_studios: int
    max_studios: int  # studios per chaos pipeline run
    places_burst: int  # 429s, then as many 500s
    site_fault_fraction: float
    site_stall_s: float
    run_timeout_s: float
    scraper_idle_exit_s: float
    recreated: int = 500  # artists deleted and re-created below their delete's version
    hard_crash_writes: int = 20  # writes while the sync crashes on every call
    background_rate: float = 10.0  # other writes per second meanwhile


PROFILES = {
    "full": Profile(
        name="full",
        outage_writes=2000,
        outage_s=20.0,
        write_rate=50.0,
        crash_writes=1000,
        crash_fraction=0.05,
        world_studios=12,
        max_studios=8,
        places_burst=6,
        site_fault_fraction=0.3,
        site_stall_s=2.0,
        run_timeout_s=900.0,
        scraper_idle_exit_s=5.0,
    ),
    "ci": Profile(
        name="ci",
        outage_writes=300,
        outage_s=5.0,
        write_rate=60.0,
        crash_writes=200,
        crash_fraction=0.05,
        world_studios=8,
        max_studios=2,
        # As many 500s as the breaker's threshold (5): it opens once and its probe succeeds; one
        # more fails the probe too and re-opens it for a second 30 s cool-down (the full profile).
        places_burst=5,
        site_fault_fraction=0.3,
        site_stall_s=1.0,
        run_timeout_s=420.0,
        scraper_idle_exit_s=3.0,
        recreated=100,
        background_rate=5.0,
    ),
}


@dataclass
class Stack:
    """The deployed local cloud (and the synthetic world it crawls), named by its outputs."""

    cloud: Any
    world: Any

    def out(self, name: str) -> str:
        return str(self.cloud.outputs[name])

    @property
    def table(self) -> str:
        return self.out("TableName")

    def client(self, service: str) -> Any:
        return self.cloud.client(service)

    def search(self) -> Any:
        """A client on the real node (not through the fault proxy): what the index holds."""
        from opensearchpy import OpenSearch

        node = getattr(self.cloud, "opensearch", None)
        url = node.url if node is not None else self.cloud.opensearch_url
        return OpenSearch(hosts=[url], timeout=30)

    def rule_name(self, logical_id: str) -> str:
        [name] = [r for r in self.cloud.schedules.rules() if f"-{logical_id}-" in r]
        return str(name)

    def rule_input(self, logical_id: str) -> dict[str, Any]:
        """The constant input the rule's (first) target sends, as deployed."""
        name = self.rule_name(logical_id)
        targets = self.client("events").list_targets_by_rule(Rule=name)["Targets"]
        return dict(json.loads(targets[0]["Input"]))


def rule_city(assembly: Path) -> str:
    """The first city of the daily aggregation rule's input, from the synthesized template."""
    for template in assembly.glob("*.template.json"):
        resources = json.loads(template.read_text(encoding="utf-8")).get("Resources", {})
        rule = resources.get(DAILY_RULE)
        if rule:
            return str(json.loads(rule["Properties"]["Targets"][0]["Input"])["cities"][0])
    raise LookupError(f"no {DAILY_RULE} rule in {assembly}")


def start_world(
    cloud: Any, *, city: str, studios: int, seed: int = 7, idle_exit_s: float = 3.0
) -> Any:
    """A synthetic world for `city`, sharing the cloud's fault registry, and the cloud's
    functions and scraper tasks pointed at it (Places URL, proxy, the world's API key)."""
    from emulation.pipeline_run import install_fast_moto_transactions, point_functions_at_world
    from emulation.world import World

    # moto 5.2.5 copies the whole table per transaction item: with thousands of chaos artists
    # in the table, discovery's writes time out (the pipeline's documented local deviation).
    install_fast_moto_transactions()

    world = World(
        seed=seed,
        studios=studios,
        city_name=city,
        faults=cloud.faults,
        log_path=cloud.state_dir / "world-requests.jsonl",
    )
    endpoints = world.start()
    point_functions_at_world(cloud, endpoints)
    proxy_env = {
        "HTTP_PROXY": endpoints.proxy_url,
        "http_proxy": endpoints.proxy_url,
        "NO_PROXY": NO_PROXY,
        "no_proxy": NO_PROXY,
        "IDLE_EXIT_S": f"{idle_exit_s:g}",
    }
    if cloud.ecs is not None:
        cloud.ecs.extra_env.update(proxy_env)
    return world


@contextlib.contextmanager
def standalone_stack(profile: Profile, assembly: Path) -> Iterator[Stack]:
    """A fresh local cloud from `assembly` with a synthetic world; stopped afterwards."""
    from emulation.cli.common import ensure_assembly
    from emulation.cloud import LocalCloud

    use_fake_aws()
    assembly, _ = ensure_assembly(assembly)
    state_dir = Path(tempfile.mkdtemp(prefix="chaos-local-cloud-"))
    cloud = LocalCloud(state_dir=state_dir, scheduler=False)
    world = None
    try:
        cloud.start(assembly)
        world = start_world(
            cloud,
            city=rule_city(assembly),
            studios=profile.world_studios,
            idle_exit_s=profile.scraper_idle_exit_s,
        )
        yield Stack(cloud=cloud, world=world)
    finally:
        cloud.stop()
        if world is not None:
            world.stop()
