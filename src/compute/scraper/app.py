"""Composition root of the scraper task: every adapter built from the environment, once.

Environment (set by the task definition; the state machine overrides RUN_ID and MODE):
TABLE_NAME, SCRAPE_QUEUE_URL, PIPELINE_FAILURES_QUEUE_URL, MODE (batch | continuous), RUN_ID,
IDLE_EXIT_S, SCRAPE_VISIBILITY_S, CRAWL_POLITENESS_DELAY_S, HOST_GATE_DELAY_S, FETCH_TIMEOUT_S,
SCRAPER_BROWSER (chromium | off), CHROMIUM_PATH, HTTP_PROXY / NO_PROXY,
POWERTOOLS_SERVICE_NAME, LOG_LEVEL.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from aws_lambda_powertools import Logger, Metrics

from compute import contracts
from compute.adapters.artists import ArtistWriter
from compute.adapters.browser import BrowserPool, BrowserSettings, BrowserThread
from compute.adapters.clients import dynamodb_client
from compute.adapters.dynamodb import MainTable
from compute.adapters.politeness import SharedHostGate, gated_fetcher
from compute.adapters.queue import JobQueue, sqs_client
from compute.adapters.runs import RunStore
from compute.adapters.web import USER_AGENT
from compute.domain import keys
from compute.domain.models import ScrapeJob
from compute.scraper.pages import PageReader
from compute.scraper.worker import RunRecorder, Worker, WorkerSettings
from compute.services.scrape_artist import ScrapeOutcome, scrape_artist


class MissingSetting(RuntimeError):
    """A required environment variable is not set."""


@dataclass
class Scraper:
    worker: Worker
    pages: PageReader
    gate: SharedHostGate
    browser: BrowserThread | None
    logger: Logger

    def close(self) -> None:
        if self.browser is not None:
            self.browser.close()


def build(
    env: Mapping[str, str] | None = None, *, settings: WorkerSettings | None = None
) -> Scraper:
    env = dict(os.environ if env is None else env)

    def need(name: str) -> str:
        value = env.get(name)
        if not value:
            raise MissingSetting(
                f"environment variable {name} is not set (see the task definition)"
            )
        return value

    service = env.get("POWERTOOLS_SERVICE_NAME", "scraper")
    logger = Logger(service=service)
    metrics = Metrics(service=service)
    if env.get("RUN_ID"):
        logger.set_correlation_id(env["RUN_ID"])
    table = MainTable(dynamodb_client(), need("TABLE_NAME"))
    sqs = sqs_client()
    queue = JobQueue(sqs, need("SCRAPE_QUEUE_URL"))
    failures_url = env.get("PIPELINE_FAILURES_QUEUE_URL")
    owner = env.get("ECS_TASK_ARN") or f"scraper-{uuid.uuid4().hex[:12]}"
    fetcher = gated_fetcher(
        env,
        table.client,
        table.table_name,
        owner,
        proxy_url=env.get("HTTP_PROXY") or env.get("http_proxy") or None,
    )
    gate = fetcher.gate
    browser: BrowserThread | None = None
    if env.get("SCRAPER_BROWSER", "chromium") != "off":
        # One Chromium per task, on its own thread; it starts on the first JavaScript page.
        pool = BrowserPool(
            BrowserSettings(
                executable_path=env.get("CHROMIUM_PATH", "/usr/bin/chromium"),
                user_agent=USER_AGENT,
                proxy=env.get("HTTP_PROXY") or env.get("http_proxy") or None,
            ),
            gate=fetcher,
        )
        browser = BrowserThread(pool)
    pages = PageReader(fetcher, browser)
    writer = ArtistWriter(table, validate_item=lambda item: contracts.validate("artist-item", item))
    studios: dict[str, Mapping[str, Any] | None] = {}

    def studio(studio_id: str) -> Mapping[str, Any] | None:
        if studio_id not in studios:
            studios[studio_id] = table.get_item(keys.studio_key(studio_id))
        return studios[studio_id]

    def handle(job: ScrapeJob) -> ScrapeOutcome:
        return scrape_artist(job, table=table, pages=pages, writer=writer, studios=studio)

    worker = Worker(
        queue,
        handle,
        RunRecorder(RunStore(table), JobQueue(sqs, failures_url) if failures_url else None),
        settings=settings or WorkerSettings.from_env(env),
        logger=logger,
        metrics=metrics,
    )
    return Scraper(worker=worker, pages=pages, gate=gate, browser=browser, logger=logger)
