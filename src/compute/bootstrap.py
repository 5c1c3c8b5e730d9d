"""The composition root: the settings every entry point reads from the environment, read once
into one typed `Settings`, and the one factory for each adapter an entry point builds.

Handlers and the scraper's entry point import this module and services, never an adapter (the
lint session's import contracts enforce it, see docs/DESIGN.md "Layers"). Each entry point
calls `Settings.from_env()` once, at import (a Lambda container) or at start (the scraper
task), and builds its adapters with the factories below. Adapter modules that cost cold start
(the Places client, the browser, the egress network) are imported inside their factory, so a
Lambda pays only for the adapters it builds; the error classes a handler catches come from the
cheap modules imported here.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

from compute.adapters.clients import (
    aws_config,
    aws_session,
    dynamodb_batch_client,
    dynamodb_client,
    lazy_dynamodb_client,
    search_client,
)
from compute.adapters.dynamodb import ArtistNotFound, MainTable, TableRejected, TableUnavailable
from compute.adapters.mail import MailUnavailable
from compute.adapters.queue import (
    FailureQueue,
    JobQueue,
    QueueUnavailable,
    lazy_sqs_client,
    sqs_client,
)
from compute.adapters.search.errors import SearchUnavailable
from compute.adapters.search.index import ArtistSearchIndex
from compute.domain.breaker import Breaker

if TYPE_CHECKING:
    from datetime import date

    # Names with `as` are re-exported for the entry points' annotations.
    from aws_lambda_powertools import Logger, Metrics

    from compute.adapters.artists import ArtistWriter
    from compute.adapters.browser import BrowserPool
    from compute.adapters.browser import BrowserThread as BrowserThread
    from compute.adapters.places import PlacesClient as PlacesClient
    from compute.adapters.politeness import GatedFetcher as GatedFetcher
    from compute.adapters.politeness import SharedHostGate as SharedHostGate
    from compute.adapters.runs import RunStore
    from compute.adapters.studio_store import DynamoStudioStore as DynamoStudioStore
    from compute.adapters.web import WebFetcher
    from compute.services.request_removal import RemovalService
    from compute.services.rotate_egress_ip import EgressRotation

__all__ = [
    "UNAVAILABLE",
    "ArtistNotFound",
    "ArtistSearchIndex",
    "JobQueue",
    "MailUnavailable",
    "MainTable",
    "MissingSetting",
    "QueueUnavailable",
    "SearchUnavailable",
    "SettingError",
    "Settings",
    "TableRejected",
    "TableUnavailable",
]

# A reconcile bulk carries up to 500 documents; the API's 5 s is for one search.
RECONCILE_SEARCH_TIMEOUT_S = 60.0
# A dependency that did not answer: retrying the step (or the request) may succeed.
UNAVAILABLE: tuple[type[Exception], ...] = (TableUnavailable, QueueUnavailable)


class SettingError(RuntimeError):
    """An environment variable is missing or malformed; the message names it."""


class MissingSetting(SettingError):
    """A required environment variable is not set."""


def _flag(text: str) -> bool:
    return text.strip().lower() in {"1", "true", "yes"}


_EXPECTED: dict[Callable[[str], Any], str] = {int: "a whole number", float: "a number"}


def _setting(name: str, default: Any = None, parse: Callable[[str], Any] = str) -> Any:
    return field(default=default, metadata={"env": name, "parse": parse})


@dataclass(frozen=True, slots=True)
class Settings:
    """Every environment variable the compute code reads, by the name the CDK template (and the
    local cloud) sets; unset ones keep their default. Settings an entry point cannot run without
    are read through `required`, whose error names the variable."""

    service_name: str | None = _setting("POWERTOOLS_SERVICE_NAME")
    table_name: str | None = _setting("TABLE_NAME")
    idempotency_table_name: str | None = _setting("IDEMPOTENCY_TABLE_NAME")
    search_endpoint: str | None = _setting("SEARCH_ENDPOINT")
    search_index_alias: str = _setting("SEARCH_INDEX_ALIAS", "artists")
    search_breaker_failures: int = _setting("SEARCH_BREAKER_FAILURES", 5, int)
    search_breaker_cooldown_s: float = _setting("SEARCH_BREAKER_COOLDOWN_S", 10.0, float)
    # A refresh per batch makes a write searchable at once (freshness p95 <= 1.5 s).
    search_refresh_on_write: bool = _setting("SEARCH_REFRESH_ON_WRITE", True, _flag)
    styles_cache_ttl_s: float = _setting("STYLES_CACHE_TTL_S", 60.0, float)
    scrape_queue_url: str | None = _setting("SCRAPE_QUEUE_URL")
    pipeline_failures_queue_url: str | None = _setting("PIPELINE_FAILURES_QUEUE_URL")
    sync_failures_queue_url: str | None = _setting("SYNC_FAILURES_QUEUE_URL")
    places_api_url: str | None = _setting("PLACES_API_URL")
    egress_lock_table_name: str | None = _setting("EGRESS_LOCK_TABLE_NAME")
    alerts_topic_arn: str | None = _setting("ALERTS_TOPIC_ARN")
    run_id: str | None = _setting("RUN_ID")
    ecs_task_arn: str | None = _setting("ECS_TASK_ARN")
    http_proxy: str | None = _setting("HTTP_PROXY")
    scraper_browser: str = _setting("SCRAPER_BROWSER", "chromium")
    chromium_path: str = _setting("CHROMIUM_PATH", "/usr/bin/chromium")
    host_gate_delay_s: float | None = _setting("HOST_GATE_DELAY_S", None, float)
    crawl_politeness_delay_s: float | None = _setting("CRAWL_POLITENESS_DELAY_S", None, float)
    fetch_timeout_s: float = _setting("FETCH_TIMEOUT_S", 10.0, float)
    # Removal requests: the key that signs confirmation links, the SES sender, the limits.
    removal_link_secret_arn: str | None = _setting("REMOVAL_LINK_SECRET_ARN")
    removal_sender: str | None = _setting("REMOVAL_SENDER")
    removal_confirm_window_s: int = _setting("REMOVAL_CONFIRM_WINDOW_S", 24 * 3600, int)
    removal_limit_per_client: int = _setting("REMOVAL_LIMIT_PER_CLIENT", 5, int)
    removal_limit_client_window_s: int = _setting("REMOVAL_LIMIT_CLIENT_WINDOW_S", 3600, int)
    removal_limit_per_artist: int = _setting("REMOVAL_LIMIT_PER_ARTIST", 3, int)
    removal_limit_artist_window_s: int = _setting("REMOVAL_LIMIT_ARTIST_WINDOW_S", 24 * 3600, int)
    # The whole environment, for the setting groups that parse and check themselves
    # (RotationConfig's EGRESS_*, the scraper's WorkerSettings).
    environ: Mapping[str, str] = field(default_factory=dict, repr=False)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """The settings in `env` (default: this process's environment); SettingError names a
        value that does not parse."""
        env = dict(os.environ if env is None else env)
        if not env.get("HTTP_PROXY") and env.get("http_proxy"):
            env["HTTP_PROXY"] = env["http_proxy"]  # both spellings are in use
        values: dict[str, Any] = {"environ": env}
        for setting in fields(cls):
            if "env" not in setting.metadata:
                continue
            name = setting.metadata["env"]
            raw = env.get(name)
            if raw is None or raw == "":
                continue
            try:
                values[setting.name] = setting.metadata["parse"](raw)
            except ValueError:
                expected = _EXPECTED.get(setting.metadata["parse"], "valid")
                raise SettingError(
                    f"environment variable {name}={raw!r} must be {expected}"
                ) from None
        return cls(**values)

    def required(self, attribute: str) -> str:
        """The value of a setting this entry point cannot run without."""
        value = getattr(self, attribute)
        if not value:
            name = next(f.metadata["env"] for f in fields(self) if f.name == attribute)
            raise MissingSetting(
                f"environment variable {name} is not set (see the function's or the task "
                "definition's environment, docs/DESIGN.md)"
            )
        return str(value)


# --- the table, the queues and the search index --------------------------------------------


def main_table(settings: Settings) -> MainTable:
    return MainTable(lazy_dynamodb_client(), settings.required("table_name"))


def api_main_table(settings: Settings) -> MainTable:
    """The API's table: GetItem (an artist, the health probe) on the short path of
    `compute.adapters.direct_get`, with the botocore client behind it."""
    from compute.adapters.direct_get import DirectGetItem

    client = lazy_dynamodb_client()
    reads = DirectGetItem(dynamodb_client, lambda: aws_session().get_credentials())
    return MainTable(client, settings.required("table_name"), reads=reads)


def run_store(settings: Settings, table: MainTable | None = None) -> RunStore:
    """The pipeline run's items (imported here: the domain models stay out of sync's start).
    Without a table, the steps that page a whole run (queue-scraping, summarize: ~25,000
    candidates in one partition, minutes to do it) wait for long pages as the reconcile job does."""
    from compute.adapters.runs import RunStore

    return RunStore(table or batch_table(settings))


def scrape_queue(settings: Settings) -> JobQueue:
    return JobQueue(sqs_client(), settings.required("scrape_queue_url"))


def failures_queue(settings: Settings) -> JobQueue | None:
    """The pipeline's failures queue, when the environment names one."""
    url = settings.pipeline_failures_queue_url
    return JobQueue(sqs_client(), url) if url else None


def dead_letter_queue(queue: JobQueue) -> JobQueue | None:
    """The queue's DLQ, found from its redrive policy (one call)."""
    url = queue.dead_letter_queue_url()
    return JobQueue(sqs_client(), url) if url else None


def api_search_index(settings: Settings) -> ArtistSearchIndex:
    """The API's index: a breaker in front, and the client built on the first search so that
    opensearch-py stays out of the cold start."""
    endpoint = settings.required("search_endpoint")
    return ArtistSearchIndex(
        alias=settings.search_index_alias,
        breaker=Breaker(
            clock=time.monotonic,
            failure_threshold=settings.search_breaker_failures,
            cooldown_s=settings.search_breaker_cooldown_s,
        ),
        connect=lambda: search_client(endpoint),
    )


def sync_search_index(settings: Settings) -> ArtistSearchIndex:
    """The sync's index: the event-source mapping retries failed records, so the client
    itself does not retry. Built and ensured on the first batch, as the API's is on its first
    search: opensearch-py and the SigV4 credentials stay out of the cold start."""
    endpoint = settings.required("search_endpoint")
    return ArtistSearchIndex(
        alias=settings.search_index_alias, connect=lambda: search_client(endpoint, max_retries=0)
    )


def batch_table(settings: Settings) -> MainTable:
    """A batch job's table (reconcile's Scan, a run's whole partition): a client that waits for
    long pages."""
    return MainTable(dynamodb_batch_client(), settings.required("table_name"))


def reconcile_search_index(settings: Settings) -> ArtistSearchIndex:
    """The reconcile job's index: reads the whole index and writes what differs in large bulk
    requests, so a longer timeout; it retries them (external versions make a repeat harmless,
    and a scheduled job has no event-source mapping to retry it)."""
    client = search_client(
        settings.required("search_endpoint"),
        max_retries=3,
        timeout_s=RECONCILE_SEARCH_TIMEOUT_S,
        retry_on_timeout=True,
    )
    return ArtistSearchIndex(client, alias=settings.search_index_alias)


def sync_ledger_and_failures(
    settings: Settings,
) -> tuple[MainTable | None, FailureQueue | None]:
    """The table (version floors, listed artists) and the sync-failures queue, which the
    template wires to the sync together (SYNC_FAILURES_QUEUE_URL with its grants); without
    them the sync applies records as before and leaves unrecoverable ones to the mapping."""
    if not settings.table_name or not settings.sync_failures_queue_url:
        return None, None
    queue = JobQueue(lazy_sqs_client(), settings.sync_failures_queue_url)
    return main_table(settings), FailureQueue(queue)


# --- services with their adapters -----------------------------------------------------------


def removal_service(settings: Settings, table: MainTable) -> RemovalService:
    """The removal use cases on the table, SES and the link-signing secret (read on first
    use and cached by Powertools, so a rotated key reaches warm containers)."""
    from compute.adapters.clients import LazyClient, ses_client
    from compute.adapters.mail import SesMailer
    from compute.adapters.removals import RemovalStore
    from compute.services.request_removal import RemovalDeps, RemovalRules, RemovalService

    secret_arn = settings.required("removal_link_secret_arn")

    def signing_key() -> bytes:
        from compute.adapters.secrets import get_secret

        return get_secret(secret_arn).encode("utf-8")

    return RemovalService(
        RemovalDeps(
            table=table,
            store=RemovalStore(table.client, table.table_name),
            # Built on the first removal request: searches never pay for an SES client.
            mailer=SesMailer(LazyClient(ses_client), settings.required("removal_sender")),
            signing_key=signing_key,
            rules=RemovalRules(
                confirm_window_s=settings.removal_confirm_window_s,
                client_limit=settings.removal_limit_per_client,
                client_window_s=settings.removal_limit_client_window_s,
                artist_limit=settings.removal_limit_per_artist,
                artist_window_s=settings.removal_limit_artist_window_s,
            ),
        ),
        idempotency_table=settings.required("idempotency_table_name"),
        client=lazy_dynamodb_client(),
    )


def egress_rotation(
    settings: Settings,
    *,
    logger: Logger,
    validate_message: Callable[[Mapping[str, Any]], None],
) -> EgressRotation:
    """The egress rotation with its network, lock, notifier and probe; ConfigurationError
    names a missing or malformed EGRESS_* setting."""
    import boto3

    from compute.adapters.locks import DynamoDbLock
    from compute.adapters.network import Ec2Network, HttpEgressProbe
    from compute.adapters.notify import SnsNotifier
    from compute.services.egress_settings import ConfigurationError, RotationConfig
    from compute.services.rotate_egress_ip import EgressRotation

    config = RotationConfig.from_env(settings.environ)
    lock_table = settings.egress_lock_table_name or settings.table_name
    if not lock_table:
        raise ConfigurationError("neither EGRESS_LOCK_TABLE_NAME nor TABLE_NAME is set")
    if not settings.alerts_topic_arn:
        raise ConfigurationError("ALERTS_TOPIC_ARN is not set")
    probe = HttpEgressProbe(config.check_url) if config.check_url else None
    return EgressRotation(
        config,
        network=Ec2Network(boto3.client("ec2", config=aws_config())),
        lock=DynamoDbLock(dynamodb_client(), lock_table),
        notifier=SnsNotifier(boto3.client("sns", config=aws_config()), settings.alerts_topic_arn),
        logger=logger,
        probe=probe,
        validate_message=validate_message,
    )


# --- reading studio sites -------------------------------------------------------------------


def owner_id(prefix: str) -> str:
    """This process's name on the shared host gate's leases."""
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def gated_fetcher(
    settings: Settings, table: MainTable, owner: str, *, proxy_url: str | None = None
) -> GatedFetcher:
    """The fetcher every reader of studio sites uses: its own spacing plus the shared host
    gate (lease items in the main table)."""
    from compute.adapters.politeness import DEFAULT_HOST_DELAY_S, gated_fetcher
    from compute.adapters.web import DEFAULT_POLITENESS_DELAY_S

    return gated_fetcher(
        table.client,
        table.table_name,
        owner,
        host_delay_s=_or(settings.host_gate_delay_s, DEFAULT_HOST_DELAY_S),
        politeness_delay_s=_or(settings.crawl_politeness_delay_s, DEFAULT_POLITENESS_DELAY_S),
        timeout_s=settings.fetch_timeout_s,
        proxy_url=proxy_url,
    )


def _or(value: float | None, default: float) -> float:
    return default if value is None else value


def browser(settings: Settings, fetcher: GatedFetcher) -> BrowserThread | None:
    """One Chromium per scraper task on its own thread (it starts on the first JavaScript
    page), or None when SCRAPER_BROWSER=off."""
    if settings.scraper_browser == "off":
        return None
    from compute.adapters.browser import BrowserPool, BrowserSettings, BrowserThread
    from compute.adapters.web import USER_AGENT

    pool = BrowserPool(
        BrowserSettings(
            executable_path=settings.chromium_path,
            user_agent=USER_AGENT,
            proxy=settings.http_proxy,
        ),
        fetcher=fetcher,
    )
    return BrowserThread(pool)


def site_reader(
    *, proxy_url: str | None, browser: bool, today: date | None = None
) -> tuple[WebFetcher, BrowserPool | None]:
    """A fetcher and, when `browser`, a Chromium pool, without the shared host gate: one-off
    reads from the command line (`compute-local find-artists`), where no table holds leases.
    `today`: the day the site is read as on, for this process: the dates its words give are
    judged against it and its scripts see it as their clock (None: the machine's)."""
    from compute.adapters.browser import BrowserPool, BrowserSettings
    from compute.adapters.web import USER_AGENT, WebFetcher
    from compute.extraction import dates

    dates.pin_today(today)

    fetcher = WebFetcher(proxy_url=proxy_url)
    if not browser:
        return fetcher, None
    settings = BrowserSettings(user_agent=USER_AGENT, proxy=proxy_url, today=today)
    return fetcher, BrowserPool(settings, fetcher=fetcher)


def artist_writer(
    table: MainTable, validate_item: Callable[[Mapping[str, Any]], None]
) -> ArtistWriter:
    from compute.adapters.artists import ArtistWriter

    return ArtistWriter(table, validate_item=validate_item)


# --- studio discovery -----------------------------------------------------------------------


def discovery_retryable() -> tuple[type[Exception], ...]:
    """What makes discovering studios worth retrying after the state machine's backoff: the
    Places quota or an outage, an open breaker, a write race."""
    from compute.adapters.circuit import CircuitOpen
    from compute.adapters.places import PlacesQuotaExceeded, PlacesUnavailable
    from compute.adapters.studio_store import StudioWriteConflict

    return (PlacesQuotaExceeded, PlacesUnavailable, CircuitOpen, StudioWriteConflict)


def studio_discovery(
    settings: Settings, metrics: Metrics
) -> tuple[PlacesClient, DynamoStudioStore]:
    """The Places client behind its shared circuit breaker, and the studio store."""
    from urllib.parse import urlsplit

    from compute.adapters.circuit import CircuitBreaker
    from compute.adapters.places import DEFAULT_PLACES_URL, PlacesClient
    from compute.adapters.secrets import places_api_key
    from compute.adapters.studio_store import DynamoStudioStore

    table = settings.required("table_name")
    base_url = settings.places_api_url or DEFAULT_PLACES_URL
    client = dynamodb_client()
    breaker = CircuitBreaker(client, table, urlsplit(base_url).netloc.lower(), metrics=metrics)
    places = PlacesClient(places_api_key, base_url, breaker=breaker)
    return places, DynamoStudioStore(client, table)
