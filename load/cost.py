"""`nox -s cost`: what a month of the deployed stack costs, resource by resource.

    python -m load.cost                 # the reference's traffic, and 10x its API traffic
    python -m load.cost --scale 1 --scale 10 --scale 50

Three inputs, each in one place:
- what is deployed, read from the synthesized templates (infra/cdk.out): memory of each function,
  the API's provisioned concurrency, the scraper task's size, NAT gateways, interface endpoints,
  KMS keys, secrets, the search domain's instances and volume;
- the traffic model below (the reference: ~2,000 monthly users, 10-20 requests/s at peak, one
  aggregation a day), printed with every result;
- the dated price table `load/prices.json` (its source is named in the file).
Durations come from `results/sizing.json` when a sizing run wrote one, else from the figures the
model states. Writes results/cost.json and prints a table in USD and GBP.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from load.common.figures import write_result
from load.common.paths import DEFAULT_ASSEMBLY, RESULTS, ROOT

PRICES_FILE = ROOT / "load" / "prices.json"
HOURS_PER_MONTH = 730.0
DAYS_PER_MONTH = 30.4
BUDGET_GBP = 400.0
GB = 1024.0**3


@dataclass(frozen=True)
class TrafficModel:
    """What a month of use looks like; every figure is an assumption stated with the result."""

    api_requests_per_day: float = 100_000.0  # ~2,000 users; busy hours at 10-20 requests/s
    api_mean_duration_ms: float = 15.0  # warm; the local runtime measures ~8 ms on x86
    api_artist_read_share: float = 0.25  # GET /v1/artists/{id}: one GetItem each (load mix)
    api_log_bytes_per_request: float = 900.0  # one Powertools line + REPORT
    aggregation_runs_per_day: float = 1.0
    studios: float = 2_000.0
    artists: float = 10_000.0
    find_artists_seconds_per_studio: float = 9.0  # politeness waits dominate (200-studio run)
    validate_seconds_per_studio: float = 0.3
    run_level_lambda_seconds: float = 120.0  # discover-studios, queue-scraping, summarize
    transitions_per_studio: float = 6.0  # child execution: start, 2 tasks, choice, end...
    transitions_per_run: float = 60.0
    scrape_seconds_per_job: float = 3.0  # render + politeness, one Chromium page at a time
    scraper_bytes_per_job: float = 1.5e6  # a studio artist page with its images, via NAT
    find_artists_bytes_per_studio: float = 0.5e6
    pipeline_log_bytes_per_job: float = 2_000.0
    dynamodb_items_written_per_artist: float = 3.0  # candidate, job result, artist version
    stream_records_per_artist: float = 1.0
    item_bytes: float = 2_000.0
    log_retention_months: float = 1.0  # 30 days
    xray_reservoir_per_second: float = 1.0  # Lambda's default sampling: 1/s, then 5 %
    xray_rate_after_reservoir: float = 0.05
    api_scale: float = 1.0  # users x this; the aggregation does not grow with users

    def scaled(self, factor: float) -> TrafficModel:
        return replace(self, api_scale=factor)

    @property
    def api_requests_per_month(self) -> float:
        return self.api_requests_per_day * self.api_scale * DAYS_PER_MONTH

    @property
    def runs_per_month(self) -> float:
        return self.aggregation_runs_per_day * DAYS_PER_MONTH


@dataclass(frozen=True)
class Deployed:
    """The facts of the templates the bill depends on."""

    memory_mb: dict[str, int]
    api_provisioned_concurrency: int
    scraper_vcpu: float
    scraper_memory_gb: float
    scraper_spot: bool
    nat_gateways: int
    interface_endpoints: int
    availability_zones: int
    kms_keys: int
    secrets: int
    search_instance_type: str
    search_instances: int
    search_volume_gb: float


@dataclass
class LineItem:
    resource: str
    usd: float
    basis: str


@dataclass
class Estimate:
    scale: float
    items: list[LineItem] = field(default_factory=list)

    def add(self, resource: str, usd: float, basis: str) -> None:
        self.items.append(LineItem(resource, round(usd, 2), basis))

    @property
    def total_usd(self) -> float:
        return round(sum(item.usd for item in self.items), 2)


def _resources(templates: list[dict[str, Any]], type_name: str) -> list[dict[str, Any]]:
    return [
        resource.get("Properties", {})
        for template in templates
        for resource in template.get("Resources", {}).values()
        if resource.get("Type") == type_name
    ]


def read_deployed(assembly: Path = DEFAULT_ASSEMBLY) -> Deployed:
    """The bill's facts from the synthesized templates (no copy of sizes lives here)."""
    templates = [json.loads(path.read_text()) for path in sorted(assembly.glob("*.template.json"))]
    functions = {
        str(p["Environment"]["Variables"]["POWERTOOLS_SERVICE_NAME"]): int(p["MemorySize"])
        for p in _resources(templates, "AWS::Lambda::Function")
        if "POWERTOOLS_SERVICE_NAME" in p.get("Environment", {}).get("Variables", {})
    }
    aliases = _resources(templates, "AWS::Lambda::Alias")
    provisioned = sum(
        int(a.get("ProvisionedConcurrencyConfig", {}).get("ProvisionedConcurrentExecutions", 0))
        for a in aliases
    )
    (task,) = [
        t
        for t in _resources(templates, "AWS::ECS::TaskDefinition")
        if any(c.get("Name") == "scraper" for c in t.get("ContainerDefinitions", []))
    ]
    services = _resources(templates, "AWS::ECS::Service")
    spot = any(
        s.get("CapacityProviderStrategy", [{}])[0].get("CapacityProvider") == "FARGATE_SPOT"
        for s in services
    )
    endpoints = _resources(templates, "AWS::EC2::VPCEndpoint")
    (domain,) = _resources(templates, "AWS::OpenSearchService::Domain")
    cluster = domain.get("ClusterConfig", {})
    subnets = {
        json.dumps(s.get("AvailabilityZone")) for s in _resources(templates, "AWS::EC2::Subnet")
    }
    return Deployed(
        memory_mb=functions,
        api_provisioned_concurrency=provisioned,
        scraper_vcpu=int(task["Cpu"]) / 1024,
        scraper_memory_gb=int(task["Memory"]) / 1024,
        scraper_spot=spot,
        nat_gateways=len(_resources(templates, "AWS::EC2::NatGateway")),
        interface_endpoints=sum(1 for e in endpoints if e.get("VpcEndpointType") == "Interface"),
        availability_zones=max(1, len(subnets)),
        kms_keys=len(_resources(templates, "AWS::KMS::Key")),
        secrets=len(_resources(templates, "AWS::SecretsManager::Secret")),
        search_instance_type=str(cluster.get("InstanceType", "t3.small.search")),
        search_instances=int(cluster.get("InstanceCount", 1)),
        search_volume_gb=float(domain.get("EBSOptions", {}).get("VolumeSize", 10)),
    )


def xray_traces(requests_per_month: float, reservoir: float, rate: float) -> float:
    """Traces Lambda's default sampling records: `reservoir` a second, then `rate` of the rest
    (at the month's mean rate; bursts sample a little less)."""
    per_second = requests_per_month / (HOURS_PER_MONTH * 3600)
    sampled = min(per_second, reservoir) + rate * max(0.0, per_second - reservoir)
    return sampled * HOURS_PER_MONTH * 3600


def estimate(deployed: Deployed, traffic: TrafficModel, prices: dict[str, Any]) -> Estimate:
    """One month, line by line. Pure: the same inputs give the same bill."""
    p = prices
    out = Estimate(scale=traffic.api_scale)
    runs = traffic.runs_per_month
    api_calls = traffic.api_requests_per_month
    mem = {name: mb / 1024 for name, mb in deployed.memory_mb.items()}

    # Lambda: the API, then the pipeline's functions, then the sync.
    api_gb_s = api_calls * traffic.api_mean_duration_ms / 1000 * mem.get("api", 0.5)
    out.add(
        "Lambda api (requests + GB-s)",
        api_calls / 1e6 * p["lambda_requests_per_million"] + api_gb_s * p["lambda_arm_gb_second"],
        f"{api_calls:,.0f} calls x {traffic.api_mean_duration_ms} ms x {mem.get('api', 0.5)} GB",
    )
    pc_gb_s = deployed.api_provisioned_concurrency * mem.get("api", 0.5) * HOURS_PER_MONTH * 3600
    out.add(
        "Lambda api provisioned concurrency",
        pc_gb_s * p["lambda_arm_provisioned_gb_second"],
        f"{deployed.api_provisioned_concurrency} warm x {mem.get('api', 0.5)} GB, all month",
    )
    studio_gb_s = traffic.studios * (
        traffic.find_artists_seconds_per_studio * mem.get("find-artists", 1)
        + traffic.validate_seconds_per_studio * mem.get("validate-artists", 1)
    )
    run_gb_s = traffic.run_level_lambda_seconds * 1.0
    pipeline_calls = traffic.studios * 2 + 4
    out.add(
        "Lambda pipeline steps",
        runs * (studio_gb_s + run_gb_s) * p["lambda_arm_gb_second"]
        + runs * pipeline_calls / 1e6 * p["lambda_requests_per_million"],
        f"{runs:.0f} runs x {traffic.studios:,.0f} studios x "
        f"{traffic.find_artists_seconds_per_studio} s find-artists",
    )
    sync_batches = runs * traffic.artists * traffic.stream_records_per_artist / 10
    out.add(
        "Lambda sync",
        sync_batches * (0.2 * mem.get("sync", 0.25) * p["lambda_arm_gb_second"])
        + sync_batches / 1e6 * p["lambda_requests_per_million"],
        f"{sync_batches:,.0f} batches of 10 records x 0.2 s",
    )
    out.add(
        "API Gateway HTTP API",
        api_calls / 1e6 * p["http_api_requests_per_million"],
        f"{api_calls:,.0f} requests",
    )
    transitions = runs * (
        traffic.transitions_per_run + traffic.studios * traffic.transitions_per_studio
    )
    out.add(
        "Step Functions (standard, Distributed Map children)",
        transitions / 1000 * p["step_functions_standard_per_1000_transitions"],
        f"{transitions:,.0f} state transitions",
    )
    task_hours = runs * traffic.artists * traffic.scrape_seconds_per_job / 3600
    hourly = (
        deployed.scraper_vcpu * p["fargate_arm_vcpu_hour"]
        + deployed.scraper_memory_gb * p["fargate_arm_gb_hour"]
    )
    discount = p["fargate_spot_discount"] if deployed.scraper_spot else 0.0
    out.add(
        "Fargate scraper (Spot)" if deployed.scraper_spot else "Fargate scraper",
        task_hours * hourly * (1 - discount),
        f"{task_hours:,.0f} task-hours of {deployed.scraper_vcpu:g} vCPU / "
        f"{deployed.scraper_memory_gb:g} GB",
    )
    jobs = runs * traffic.artists
    out.add(
        "SQS",
        jobs * 3 / 1e6 * p["sqs_requests_per_million"],
        f"{jobs:,.0f} scrape jobs x send/receive/delete",
    )
    writes = runs * traffic.artists * traffic.dynamodb_items_written_per_artist * 2  # <= 2 KB
    reads = api_calls * traffic.api_artist_read_share * 0.5 + runs * traffic.studios * 10
    storage_gb = traffic.artists * traffic.item_bytes * 3 / GB
    out.add(
        "DynamoDB on-demand",
        writes / 1e6 * p["dynamodb_write_request_units_per_million"]
        + reads / 1e6 * p["dynamodb_read_request_units_per_million"]
        + storage_gb * p["dynamodb_storage_gb_month"],
        f"{writes:,.0f} WRU, {reads:,.0f} RRU, {storage_gb:.2f} GB",
    )
    nat_gb = (
        runs
        * (
            traffic.artists * traffic.scraper_bytes_per_job
            + traffic.studios * traffic.find_artists_bytes_per_studio
        )
        / GB
    )
    out.add(
        "NAT gateway (hours + GB processed)",
        deployed.nat_gateways * HOURS_PER_MONTH * p["nat_gateway_hour"]
        + nat_gb * p["nat_gateway_gb"],
        f"{deployed.nat_gateways} gateway(s); {nat_gb:,.0f} GB of studio pages (DynamoDB and S3 "
        "take the gateway endpoints)",
    )
    if deployed.interface_endpoints:
        out.add(
            "VPC interface endpoints",
            deployed.interface_endpoints
            * deployed.availability_zones
            * HOURS_PER_MONTH
            * p["interface_endpoint_az_hour"],
            f"{deployed.interface_endpoints} endpoints x {deployed.availability_zones} AZs",
        )
    log_gb = (
        api_calls * traffic.api_log_bytes_per_request + jobs * traffic.pipeline_log_bytes_per_job
    ) / GB
    out.add(
        "CloudWatch Logs (ingestion + retention)",
        log_gb * p["logs_ingestion_gb"]
        + log_gb * traffic.log_retention_months * p["logs_storage_gb_month"],
        f"{log_gb:,.1f} GB a month kept {traffic.log_retention_months:g} month(s)",
    )
    traces = xray_traces(
        api_calls, traffic.xray_reservoir_per_second, traffic.xray_rate_after_reservoir
    )
    out.add(
        "X-Ray",
        traces / 1e6 * p["xray_traces_recorded_per_million"],
        f"{traces:,.0f} traces (1/s reservoir + 5 %)",
    )
    out.add(
        "Secrets Manager",
        deployed.secrets * p["secrets_manager_secret_month"]
        + runs * 30 / 10_000 * p["secrets_manager_api_calls_per_10000"],
        f"{deployed.secrets} secret(s)",
    )
    out.add("KMS keys", deployed.kms_keys * p["kms_key_month"], f"{deployed.kms_keys} key(s)")
    instance_hour = p["opensearch_instance_hour"].get(deployed.search_instance_type)
    if instance_hour is None:
        raise ValueError(
            f"load/prices.json has no price for {deployed.search_instance_type}: add it"
        )
    out.add(
        "OpenSearch domain",
        deployed.search_instances * HOURS_PER_MONTH * instance_hour
        + deployed.search_volume_gb * p["opensearch_gp3_gb_month"],
        f"{deployed.search_instances} x {deployed.search_instance_type}, "
        f"{deployed.search_volume_gb:g} GB gp3",
    )
    return out


def _durations_from_sizing(traffic: TrafficModel) -> TrafficModel:
    """Use measured mean durations when `nox -s sizing` left some (else the stated ones)."""
    path = RESULTS / "sizing.json"
    if not path.is_file():
        return traffic
    functions = json.loads(path.read_text()).get("functions", {})
    api = functions.get("api", {}).get("duration_ms", {}).get("mean")
    return replace(traffic, api_mean_duration_ms=float(api)) if api else traffic


def render(estimates: list[Estimate], usd_to_gbp: float) -> str:
    lines = []
    for est in estimates:
        lines.append(f"\nAPI traffic x{est.scale:g}")
        lines.append(f"  {'resource':<52} {'USD':>9} {'GBP':>9}  basis")
        for item in sorted(est.items, key=lambda i: -i.usd):
            gbp = item.usd * usd_to_gbp
            lines.append(f"  {item.resource:<52} {item.usd:>9.2f} {gbp:>9.2f}  {item.basis}")
        total_gbp = est.total_usd * usd_to_gbp
        lines.append(
            f"  {'total':<52} {est.total_usd:>9.2f} {total_gbp:>9.2f}  "
            f"{total_gbp / BUDGET_GBP:.0%} of the GBP {BUDGET_GBP:.0f} budget"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m load.cost", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--scale", type=float, action="append", help="API traffic multiple (repeatable; 1 and 10)"
    )
    parser.add_argument("--assembly", type=Path, default=DEFAULT_ASSEMBLY)
    args = parser.parse_args(argv)
    from emulation.assembly import ensure_assembly

    assembly, _ = ensure_assembly(args.assembly)
    table = json.loads(PRICES_FILE.read_text())
    deployed = read_deployed(assembly)
    traffic = _durations_from_sizing(TrafficModel())
    estimates = [
        estimate(deployed, traffic.scaled(s), table["prices"]) for s in args.scale or [1, 10]
    ]
    print("Traffic model (assumptions):")
    for key, value in asdict(traffic).items():
        print(f"  {key} = {value}")
    print(f"Prices: {table['region']}, {table['date']}; {table['source'][:100]}...")
    print(render(estimates, table["usd_to_gbp"]))
    write_result(
        RESULTS / "cost.json",
        {
            "prices": {k: table[k] for k in ("date", "region", "currency", "usd_to_gbp")},
            "traffic_model": asdict(traffic),
            "deployed": asdict(deployed),
            "budget_gbp": BUDGET_GBP,
            "estimates": [
                {
                    "api_scale": est.scale,
                    "total_usd": est.total_usd,
                    "total_gbp": round(est.total_usd * table["usd_to_gbp"], 2),
                    "items": [asdict(item) for item in est.items],
                }
                for est in estimates
            ],
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
