"""Composition root of the scraper task: every adapter built from the environment, once.

Environment (set by the task definition; the state machine overrides RUN_ID and MODE):
TABLE_NAME, SCRAPE_QUEUE_URL, PIPELINE_FAILURES_QUEUE_URL, MODE (batch | continuous), RUN_ID,
IDLE_EXIT_S, SCRAPE_VISIBILITY_S, CRAWL_POLITENESS_DELAY_S, HOST_GATE_DELAY_S, FETCH_TIMEOUT_S,
SCRAPER_BROWSER (chromium | off), CHROMIUM_PATH, HTTP_PROXY / NO_PROXY,
POWERTOOLS_SERVICE_NAME, LOG_LEVEL.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from aws_lambda_powertools import Logger, Metrics

from compute import bootstrap, contracts
from compute.bootstrap import MissingSetting
from compute.domain import keys
from compute.domain.models import RosterJob, ScrapeJob
from compute.scraper.pages import PageReader
from compute.scraper.worker import RunRecorder, Worker, WorkerSettings
from compute.services.roster_job import RosterOutcome, read_roster_job
from compute.services.scrape_artist import ScrapeOutcome, read_guards, scrape_artist

__all__ = ["MissingSetting", "Scraper", "build"]


@dataclass
class Scraper:
    worker: Worker
    pages: PageReader
    gate: bootstrap.SharedHostGate
    browser: bootstrap.BrowserThread | None
    logger: Logger

    def close(self) -> None:
        if self.browser is not None:
            self.browser.close()


def build(
    env: Mapping[str, str] | None = None, *, settings: WorkerSettings | None = None
) -> Scraper:
    """The scraper from `env` (default: the environment); MissingSetting names what is unset."""
    config = bootstrap.Settings.from_env(env)
    service = config.service_name or "scraper"
    logger = Logger(service=service)
    metrics = Metrics(service=service)
    if config.run_id:
        logger.set_correlation_id(config.run_id)
    table = bootstrap.main_table(config)
    queue = bootstrap.scrape_queue(config)
    owner = config.ecs_task_arn or bootstrap.owner_id("scraper")
    fetcher = bootstrap.gated_fetcher(config, table, owner, proxy_url=config.http_proxy)
    browser = bootstrap.browser(config, fetcher)
    pages = PageReader(fetcher, browser)
    writer = bootstrap.artist_writer(
        table, validate_item=lambda item: contracts.validate("artist-item", item)
    )
    studios: dict[str, Mapping[str, Any] | None] = {}

    def studio(studio_id: str) -> Mapping[str, Any] | None:
        if studio_id not in studios:
            studios[studio_id] = table.get_item(keys.studio_key(studio_id))
        return studios[studio_id]

    runs = bootstrap.run_store(config, table)
    # Each consumer's batch: the guard reads of its jobs that fetch nothing, made at once.
    guards = threading.local()

    def prepare(jobs: list[ScrapeJob | RosterJob]) -> None:
        guards.read = {}  # a failed read below leaves each job to read its own
        guards.read = read_guards(table, [j for j in jobs if isinstance(j, ScrapeJob)])

    def handle(job: ScrapeJob | RosterJob) -> ScrapeOutcome | RosterOutcome:
        if isinstance(job, RosterJob):
            # Its artists' profile jobs go on the queue this job came from.
            return read_roster_job(
                job, fetcher=fetcher, renderer=browser, table=table, runs=runs, sink=queue
            )
        guard = getattr(guards, "read", {}).pop(job.job_id, None)
        return scrape_artist(
            job, table=table, pages=pages, writer=writer, studios=studio, guard=guard
        )

    worker = Worker(
        queue,
        handle,
        RunRecorder(runs, bootstrap.failures_queue(config)),
        settings=settings or WorkerSettings.from_env(dict(config.environ)),
        logger=logger,
        metrics=metrics,
        prepare=prepare,
    )
    return Scraper(worker=worker, pages=pages, gate=fetcher.gate, browser=browser, logger=logger)
