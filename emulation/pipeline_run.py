"""`compute-local pipeline`: the aggregation state machine end to end on the synthetic world,
measured and scored into results/pipeline.json.

Starts the world (Places API + studio sites behind a proxy) and the local cloud from the
synthesized template, points the functions and the scraper tasks at the world (PLACES_API_URL,
HTTP_PROXY, the Places key secret), starts one execution with the world's city and the usual
queries, waits for it, then scores what landed in the table against the world's ground truth:
precision and recall by Instagram handle, duplicates, robots.txt and politeness violations from
the world's request log, throughput, failures by reason, and the peak memory of every process.

`compute-local find-artists URL` reads one studio site with the find-artists service and prints
the candidates (through the world's proxy with --world N).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import signal
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

# Re-exported: load.chaos imports it from here (the local cloud installs it on start anyway).
from emulation.moto_patches import install_fast_moto_transactions as install_fast_moto_transactions

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ASSEMBLY = ROOT / "infra" / "cdk.out"
DEFAULT_RESULTS = ROOT / "results" / "pipeline.json"
QUERIES = ("tattoo studio", "tattoo shop", "tattoo parlour", "tattoo artist")
# Site conditions under which the studio's website answers a polite crawler entering at the
# home page Places gives (a "timeout" home page hangs 40 s, a "huge" one is 6 MB).
READABLE_CONDITIONS = frozenset({"ok", "slow", "flaky", "malformed"})
UNRESPONSIVE_CONDITIONS = frozenset({"timeout", "huge"})
NO_PROXY = "127.0.0.1,localhost,::1"


# --- measuring ---------------------------------------------------------------------------------


class MemorySampler:
    """Peak resident memory of this process and all its descendants (Lambda workers, scraper
    processes, Chromium), sampled twice a second."""

    def __init__(self, interval_s: float = 0.5) -> None:
        import psutil

        self._root = psutil.Process()
        self.interval_s = interval_s
        self.peak_bytes = 0
        self.peak_processes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)

    def _sample(self) -> None:
        import psutil

        total = 0
        processes = [self._root, *self._root.children(recursive=True)]
        for process in processes:
            try:
                total += process.memory_info().rss
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
        if total > self.peak_bytes:
            self.peak_bytes = total
        self.peak_processes = max(self.peak_processes, len(processes))

    def _run(self) -> None:
        while not self._stop.wait(self.interval_s):
            self._sample()

    def __enter__(self) -> MemorySampler:
        self._sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    @property
    def peak_mb(self) -> float:
        return round(self.peak_bytes / (1024 * 1024), 1)


def _scan(client: Any, table: str, item_type: str) -> Iterator[dict[str, Any]]:
    from compute.domain.attribute_values import from_attribute_values

    start: dict[str, Any] | None = None
    while True:
        request: dict[str, Any] = {
            "TableName": table,
            "FilterExpression": "#t = :t",
            "ExpressionAttributeNames": {"#t": "type"},
            "ExpressionAttributeValues": {":t": {"S": item_type}},
        }
        if start:
            request["ExclusiveStartKey"] = start
        reply = client.scan(**request)
        for raw in reply.get("Items", []):
            yield from_attribute_values(raw)
        start = reply.get("LastEvaluatedKey")
        if not start:
            return


def expected_handles(
    truth: Mapping[str, Any], conditions: frozenset[str] = READABLE_CONDITIONS
) -> tuple[set[str], set[str]]:
    """(every artist handle in the world, the handles of artists at studios the pipeline can
    reach: operational, with a website in one of `conditions`)."""
    everyone: set[str] = set()
    reachable: set[str] = set()
    for studio in truth["studios"]:
        handles = {str(a["instagramHandle"]) for a in studio["artists"]}
        everyone |= handles
        if (
            studio["businessStatus"] == "OPERATIONAL"
            and studio["website"]
            and studio["condition"] in conditions
        ):
            reachable |= handles
    return everyone, reachable


@dataclasses.dataclass(frozen=True)
class Scores:
    artists_found: int
    precision: float
    recall: float
    recall_all: float
    recall_with_unresponsive: float
    duplicates: int
    false_positives: list[str]


def score_artists(artists: Sequence[Mapping[str, Any]], truth: Mapping[str, Any]) -> Scores:
    """Precision over every artist written; recall over the reachable studios' artists (and,
    for reference, over every artist in the world); duplicates: artist items beyond the first
    for one handle, or for one name at one studio when there is no handle."""
    everyone, reachable = expected_handles(truth)
    listed = [a for a in artists if a.get("opted_out") is not True]
    handles = Counter(str(a.get("instagramHandle") or "") for a in listed)
    unhandled = Counter(
        (str(a.get("nameKey")), str((a.get("studioInfo") or {}).get("studioId")))
        for a in listed
        if not a.get("instagramHandle")
    )
    duplicates = sum(n - 1 for h, n in handles.items() if h) + sum(
        n - 1 for n in unhandled.values()
    )
    found = {h for h in handles if h}
    true_positives = found & everyone
    false = sorted(found - everyone) + [f"name:{k[0]}" for k in unhandled]
    precision = len(true_positives) / len(listed) if listed else 1.0
    recall = len(found & reachable) / len(reachable) if reachable else 1.0
    recall_all = len(true_positives) / len(everyone) if everyone else 1.0
    _, wider = expected_handles(truth, READABLE_CONDITIONS | UNRESPONSIVE_CONDITIONS)
    recall_wider = len(found & wider) / len(wider) if wider else 1.0
    return Scores(
        artists_found=len(listed),
        precision=round(precision, 4),
        recall=round(recall, 4),
        recall_all=round(recall_all, 4),
        recall_with_unresponsive=round(recall_wider, 4),
        duplicates=duplicates,
        false_positives=false[:20],
    )


def _drain_failures(sqs: Any, queue_url: str) -> Counter[str]:
    """Failure records on the pipeline-failures queue, counted by state and error."""
    counts: Counter[str] = Counter()
    while True:
        reply = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=0)
        messages = reply.get("Messages", [])
        if not messages:
            return counts
        for message in messages:
            try:
                record = json.loads(message["Body"])
                counts[f"{record.get('state')}:{record.get('error')}"] += 1
            except ValueError:
                counts["unreadable_record"] += 1
        sqs.delete_message_batch(
            QueueUrl=queue_url,
            Entries=[
                {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(messages)
            ],
        )


def queue_depth(sqs: Any, queue_url: str) -> int:
    """Messages on the queue, visible or in flight."""
    attributes = sqs.get_queue_attributes(
        QueueUrl=queue_url,
        AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    )["Attributes"]
    return int(attributes["ApproximateNumberOfMessages"]) + int(
        attributes["ApproximateNumberOfMessagesNotVisible"]
    )


class WorldProcess:
    """The world served by its own process (`python -m emulation.world`), so its proxy does not
    compete with moto and Step Functions for this process's GIL; every site request it receives
    is appended to a JSONL log that politeness is measured from."""

    def __init__(
        self, seed: int, studios: int, state_dir: Path, *, browser_only: bool = False
    ) -> None:
        from emulation.world import World

        # the same city, not served: truth, robots
        self.model = World(seed=seed, studios=studios, browser_only=browser_only)
        self.browser_only = browser_only
        self.seed = seed
        self.studios = studios
        self.log_path = state_dir / "world-requests.jsonl"
        self.truth_path = state_dir / "world-truth.json"
        self.process: Any = None
        self.endpoints: Any = None

    def start(self) -> Any:
        import subprocess
        from urllib.parse import urlsplit

        from emulation.lifetime import ProcessRecord, spawn
        from emulation.world import WorldEndpoints

        self.log_path.unlink(missing_ok=True)
        record = ProcessRecord(self.log_path.parent)
        self.process = spawn(  # our own interpreter and module; dies with this process
            [
                sys.executable,
                "-m",
                "emulation.world",
                f"--seed={self.seed}",
                f"--studios={self.studios}",
                f"--request-log={self.log_path}",
                f"--ground-truth={self.truth_path}",
                *(["--browser-only-sites"] if self.browser_only else []),
            ],
            what="world",
            record=record,
            stdout=subprocess.PIPE,
            text=True,
        )
        line = self.process.stdout.readline() if self.process.stdout else ""
        if not line:
            raise RuntimeError("the world process exited before serving")
        served = json.loads(line)
        self.endpoints = WorldEndpoints(
            places_url=served["places_url"],
            proxy_url=served["proxy_url"],
            api_key=served["api_key"],
        )
        ports = [urlsplit(served[key]).port for key in ("places_url", "proxy_url")]
        record.add(self.process.pid, "world", [port for port in ports if port])
        return self.endpoints

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except Exception:
                self.process.kill()

    def records(self) -> list[Any]:
        from emulation.world import RequestRecord

        if not self.log_path.is_file():
            return []
        with self.log_path.open(encoding="utf-8") as log:
            return [RequestRecord(**json.loads(line)) for line in log if line.strip()]


# --- wiring the cloud to the world -------------------------------------------------------------


def synthesize(assembly: Path, *, fresh: bool = False) -> Path:
    """The cloud assembly to deploy: an existing one, else (or with `fresh`) a new synth of
    infra/ (function code is copied into the assembly, so code changes need a fresh one)."""
    from emulation.assembly import ensure_assembly

    return ensure_assembly(assembly, fresh=fresh, if_stale=False)[0]


# What moto 5.2.5's ASL parser rejects although AWS accepts it: dropped from the local copy only.
UNSUPPORTED_ASL_FIELDS = ("ToleratedFailurePercentage",)


def _strip_fields(node: Any, names: Sequence[str], dropped: list[str]) -> Any:
    if isinstance(node, dict):
        for name in names:
            if name in node:
                dropped.append(f"{name}={node.pop(name)}")
        return {k: _strip_fields(v, names, dropped) for k, v in node.items()}
    if isinstance(node, list):
        return [_strip_fields(v, names, dropped) for v in node]
    return node


def local_assembly(assembly: Path, work_dir: Path) -> tuple[Path, list[str]]:
    """A copy of the assembly whose state machines moto can parse (assets are linked, not
    copied), and what was dropped, so the report says how the local run differs from AWS."""
    target = work_dir / "assembly"
    if target.exists():
        import shutil

        shutil.rmtree(target)
    target.mkdir(parents=True)
    dropped: list[str] = []
    for entry in assembly.iterdir():
        if not entry.name.endswith(".template.json"):
            (target / entry.name).symlink_to(entry.resolve())
            continue
        template = json.loads(entry.read_text(encoding="utf-8"))
        for resource in template.get("Resources", {}).values():
            if resource.get("Type") != "AWS::StepFunctions::StateMachine":
                continue
            props = resource.get("Properties", {})
            if isinstance(props.get("DefinitionString"), str):
                definition = json.loads(props["DefinitionString"])
                props["DefinitionString"] = json.dumps(
                    _strip_fields(definition, UNSUPPORTED_ASL_FIELDS, dropped), indent=1
                )
        (target / entry.name).write_text(json.dumps(template), encoding="utf-8")
    return target, dropped


def point_functions_at_world(cloud: Any, endpoints: Any) -> dict[str, str]:
    """Re-register every function with the world's Places URL and proxy (their template
    environment otherwise names Google's real API), and store the world's key as the secret."""
    overrides = {
        "PLACES_API_URL": endpoints.places_url,
        "HTTP_PROXY": endpoints.proxy_url,
        "http_proxy": endpoints.proxy_url,
        "NO_PROXY": NO_PROXY,
        "no_proxy": NO_PROXY,
    }
    secret_arns: set[str] = set()
    for name in cloud.runtime.functions():
        spec = cloud.runtime.spec(name)
        arn = spec.environment.get("PLACES_API_KEY_SECRET_ARN")
        if arn:
            secret_arns.add(arn)
        cloud.runtime.register(
            dataclasses.replace(spec, environment={**spec.environment, **overrides})
        )
    secrets = cloud.client("secretsmanager")
    for arn in secret_arns:
        secrets.put_secret_value(SecretId=arn, SecretString=endpoints.api_key)
    return overrides


def _function_env(cloud: Any, short_name: str) -> dict[str, str]:
    for name in cloud.runtime.functions():
        spec = cloud.runtime.spec(name)
        if spec.environment.get("POWERTOOLS_SERVICE_NAME") == short_name:
            return dict(spec.environment)
    raise LookupError(f"no deployed function is {short_name!r}")


# --- the run -----------------------------------------------------------------------------------


def run_pipeline(args: argparse.Namespace) -> dict[str, Any]:
    from emulation.cloud import LocalCloud

    state_dir = Path(args.state_dir)
    state_dir.mkdir(parents=True, exist_ok=True)
    assembly, dropped = local_assembly(synthesize(Path(args.assembly), fresh=args.synth), state_dir)
    deviations = [f"ASL field dropped for moto: {d}" for d in dropped]
    world = WorldProcess(args.seed, args.studios, state_dir, browser_only=args.browser_only_sites)
    endpoints = world.start()
    truth = world.model.ground_truth()
    scraper_env = {
        "HTTP_PROXY": endpoints.proxy_url,
        "http_proxy": endpoints.proxy_url,
        "NO_PROXY": NO_PROXY,
        "no_proxy": NO_PROXY,
        "IDLE_EXIT_S": str(args.idle_exit_s),
    }
    if args.no_browser:
        scraper_env["SCRAPER_BROWSER"] = "off"
    if not args.search:
        os.environ.setdefault("OPENSEARCH_URL", "")
    cloud = LocalCloud(
        state_dir=state_dir,
        opensearch=args.search,
        extra_env=scraper_env,
        scheduler=False,
    )
    result: dict[str, Any] = {}
    # The local cloud's moto server patches TransactWriteItems (emulation.aws) on start.
    deviations.append("moto TransactWriteItems: conditions checked first, no table copy")
    try:
        with MemorySampler() as memory:
            cloud.start(assembly)
            point_functions_at_world(cloud, endpoints)
            table = _function_env(cloud, "queue-scraping")["TABLE_NAME"]
            env = _function_env(cloud, "queue-scraping")
            run_id = f"pipeline-{int(time.time())}"
            execution_input: dict[str, Any] = {
                "runId": run_id,
                "cities": [world.model.city.name],
                "queries": list(args.queries),
            }
            if args.max_studios:
                execution_input["maxStudios"] = args.max_studios
            began = time.perf_counter()
            arn = cloud.start_execution("Aggregation", execution_input, name=run_id)
            print(f"Aggregation {run_id} started ({args.studios} studios in the world)", flush=True)
            described = cloud.wait_execution(
                arn,
                timeout_s=args.timeout_s,
                progress=lambda elapsed: print(
                    progress_line(cloud, arn, env["SCRAPE_QUEUE_URL"], elapsed), flush=True
                ),
            )
            wall_s = time.perf_counter() - began
        result = _measure(
            cloud, world, truth, table, env, described, run_id, wall_s, memory.peak_mb, args
        )
        result["local_deviations"] = deviations
    finally:
        cloud.stop()
        world.stop()
    return result


def _measure(
    cloud: Any,
    world: Any,
    truth: Mapping[str, Any],
    table: str,
    env: Mapping[str, str],
    described: Mapping[str, Any],
    run_id: str,
    wall_s: float,
    max_rss_mb: float,
    args: argparse.Namespace,
) -> dict[str, Any]:
    dynamodb = cloud.client("dynamodb")
    sqs = cloud.client("sqs")
    artists = list(_scan(dynamodb, table, "artist"))
    studios = [s for s in _scan(dynamodb, table, "studio") if s.get("runId") == run_id]
    scores = score_artists(artists, truth)
    found_path = Path(args.state_dir) / "artists-found.json"
    found_path.write_text(
        json.dumps(sorted(str(a.get("instagramHandle") or "") for a in artists)), encoding="utf-8"
    )
    from emulation.world import politeness_report

    polite = politeness_report(world.model, world.records(), min_delay_s=1.0)
    failures: Counter[str] = Counter()
    output = described.get("output")
    summary = json.loads(output) if isinstance(output, str) else {}
    for reason, count in dict(summary.get("failures") or {}).items():
        failures[f"scrape:{reason}"] += int(count)
    failures.update(_drain_failures(sqs, env["PIPELINE_FAILURES_QUEUE_URL"]))
    dlq_url = _dead_letter_url(sqs, env["SCRAPE_QUEUE_URL"])
    if dlq_url:
        dead = queue_depth(sqs, dlq_url)
        if dead:
            failures["scrape:dead_lettered"] = dead
    left = queue_depth(sqs, env["SCRAPE_QUEUE_URL"])
    if left:
        failures["scrape:left_on_queue"] = left
    studio_count = len(studios)
    return {
        "studios": studio_count,
        "artists_found": scores.artists_found,
        "precision": scores.precision,
        "recall": scores.recall,
        "duplicates": scores.duplicates,
        "studios_per_hour": round(studio_count / wall_s * 3600, 1) if wall_s else 0.0,
        "pages_per_s": round(polite.requests / wall_s, 2) if wall_s else 0.0,
        "robots_violations": polite.robots_violations,
        "politeness_violations": polite.politeness_violations,
        "failures": dict(sorted(failures.items())),
        "browser": browser_figures(summary, studio_count),
        "wall_s": round(wall_s, 1),
        "max_rss_mb": max_rss_mb,
        # Context for a person reading the figures.
        "status": described.get("status"),
        "run_id": run_id,
        "world": {"seed": args.seed, "studios": args.studios, "city": world.model.city.name},
        "recall_definition": (
            "by Instagram handle, over artists of operational studios whose website answers "
            "(conditions ok, slow, flaky, malformed)"
        ),
        "recall_with_unresponsive_sites": scores.recall_with_unresponsive,
        "recall_all_artists": scores.recall_all,
        "requests": polite.requests,
        "hosts": polite.hosts,
        "violation_examples": polite.examples,
        "false_positive_examples": scores.false_positives,
        "summary": summary,
        "scraper_tasks": 10,
        "phases_s": phase_seconds(cloud.client("stepfunctions"), str(described["executionArn"])),
    }


def browser_figures(summary: Mapping[str, Any], studios: int) -> dict[str, Any]:
    """Where a browser was needed: studios read by roster jobs, the artists they added, and
    the share of the run's studios with a page drawn in Chromium."""
    rendered = int(summary.get("studiosRendered") or 0)
    return {
        "rosterStudios": int(summary.get("rosterStudios") or 0),
        "rosterArtists": int(summary.get("rosterArtists") or 0),
        "studiosRendered": rendered,
        "renderedShare": round(rendered / studios, 4) if studios else 0.0,
    }


PHASES = ("DiscoverStudios", "ForEachStudio", "QueueScraping", "RunScrapers", "Summarize")


def current_phase(sfn: Any, execution_arn: str) -> str:
    """The top-level state the execution entered last: the newest such event by id (moto
    answers with the whole history, oldest first, whatever reverseOrder and maxResults say)."""
    reply = sfn.get_execution_history(
        executionArn=execution_arn, reverseOrder=True, maxResults=1000
    )
    entered = [
        (event["id"], name)
        for event in reply.get("events", [])
        if (name := (event.get("stateEnteredEventDetails") or {}).get("name")) in PHASES
    ]
    return str(max(entered)[1]) if entered else "starting"


def progress_line(cloud: Any, execution_arn: str, queue_url: str, elapsed_s: float) -> str:
    """One line of progress for a long run: time, phase, scrape jobs waiting."""
    try:
        phase = current_phase(cloud.client("stepfunctions"), execution_arn)
        waiting = queue_depth(cloud.client("sqs"), queue_url)
    except Exception as error:  # progress must never end the run it reports on
        return f"  {elapsed_s / 60:5.1f} min  (progress unavailable: {type(error).__name__})"
    return f"  {elapsed_s / 60:5.1f} min  {phase:<15} scrape jobs waiting: {waiting}"


def phase_seconds(sfn: Any, execution_arn: str) -> dict[str, float]:
    """Seconds each top-level state took, from the execution's history."""
    entered: dict[str, Any] = {}
    took: dict[str, float] = {}
    token: str | None = None
    while True:
        request: dict[str, Any] = {"executionArn": execution_arn, "maxResults": 1000}
        if token:
            request["nextToken"] = token
        reply = sfn.get_execution_history(**request)
        for event in reply.get("events", []):
            details = event.get("stateEnteredEventDetails") or event.get("stateExitedEventDetails")
            name = (details or {}).get("name")
            if name not in PHASES:
                continue
            if event["type"].endswith("Entered"):
                entered.setdefault(name, event["timestamp"])
            elif name in entered:
                took[name] = round((event["timestamp"] - entered[name]).total_seconds(), 1)
        token = reply.get("nextToken")
        if not token:
            return took


def _dead_letter_url(sqs: Any, queue_url: str) -> str | None:
    policy = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["RedrivePolicy"])[
        "Attributes"
    ].get("RedrivePolicy")
    if not policy:
        return None
    name = str(json.loads(policy)["deadLetterTargetArn"]).rsplit(":", 1)[-1]
    return str(sqs.get_queue_url(QueueName=name)["QueueUrl"])


# --- command line ------------------------------------------------------------------------------


def add_pipeline_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--studios", type=int, default=200, help="studios in the world")
    parser.add_argument("--seed", type=int, default=7, help="the world's seed")
    parser.add_argument("--queries", nargs="+", default=list(QUERIES))
    parser.add_argument("--max-studios", type=int, default=None)
    parser.add_argument("--assembly", default=str(DEFAULT_ASSEMBLY), help="cloud assembly dir")
    parser.add_argument("--state-dir", default=str(ROOT / ".local-cloud" / "pipeline"))
    parser.add_argument("--output", default=str(DEFAULT_RESULTS))
    parser.add_argument("--synth", action="store_true", help="synthesize the assembly first")
    parser.add_argument("--timeout-s", type=float, default=3 * 3600)
    # Every job is queued before the scrapers start: a short idle exit only trims the tail.
    parser.add_argument("--idle-exit-s", type=float, default=5.0)
    parser.add_argument("--no-browser", action="store_true", help="scrapers never run Chromium")
    parser.add_argument(
        "--browser-only-sites",
        action="store_true",
        help="add studios whose roster only a browser sees (the world's js_delayed family): "
        "find-artists hands them to the scrapers as roster jobs",
    )
    parser.add_argument(
        "--search",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="run OpenSearch and the sync function (default: on)",
    )


def _stop_on_sigterm(signum: int, frame: object) -> None:
    # As Ctrl-C does: run_pipeline's cleanup stops the cloud, its OpenSearch node and its tasks.
    raise KeyboardInterrupt(f"signal {signum}")


def pipeline_command(args: argparse.Namespace) -> int:
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    result = run_pipeline(args)
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "summary"}, indent=2))
    from load.report import pipeline_report, write_html  # the benchmarks' report builders

    text, page = pipeline_report(result, source=str(output))
    summary_page = write_html(output.with_suffix(".html"), page)
    print(f"\n{text}\n\nWrote {output} and {summary_page}", flush=True)
    return 0 if result.get("status") == "SUCCEEDED" else 1


def add_find_artists_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("url", help="a studio website")
    parser.add_argument("--studio-id", default="stu_cli", help="studio id for the candidates")
    parser.add_argument(
        "--world", type=int, default=None, metavar="N", help="serve a world of N studios first"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--no-browser",
        action="store_true",
        help="read as the find-artists Lambda does (no Chromium): pages only a browser can "
        "read are listed in stats.unreadWithoutBrowser",
    )


def find_artists_command(args: argparse.Namespace) -> int:
    """Print one JSON document: candidates (every artist found, those only a browser shows
    included: Chromium renders them here, as the scraper's roster reading does), rejected
    handles with reasons, pages, failures and stats. Exit 2 when the site could not be read."""
    from compute import bootstrap
    from compute.services.find_artists import find_artists_for_url

    world = None
    proxy: str | None = None
    if args.world:
        from emulation.world import World

        world = World(seed=args.seed, studios=args.world)
        proxy = world.start().proxy_url
    fetcher, browser = bootstrap.site_reader(proxy_url=proxy, browser=not args.no_browser)
    try:
        reading = find_artists_for_url(args.url, fetcher, browser, studio_id=args.studio_id)
    finally:
        if browser is not None:
            browser.close()
        if world is not None:
            world.stop()
    print(json.dumps(reading.to_dict(), indent=2, ensure_ascii=False))
    if not reading.pages:
        reasons = ", ".join(f"{r} x{n}" for r, n in sorted(reading.failures.items()))
        print(
            f"find-artists: could not read {args.url} ({reasons or 'nothing fetched'})",
            file=sys.stderr,
        )
        return 2
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m emulation.pipeline_run")
    commands = parser.add_subparsers(dest="command", required=True)
    add_pipeline_arguments(commands.add_parser("pipeline", help="run and score the pipeline"))
    add_find_artists_arguments(commands.add_parser("find-artists", help="read one studio site"))
    args = parser.parse_args(argv)
    if args.command == "pipeline":
        return pipeline_command(args)
    return find_artists_command(args)


if __name__ == "__main__":
    sys.exit(main())
