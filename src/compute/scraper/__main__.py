"""Composition root of the scraper task: adapters from the environment, then the worker loop.

Environment (set by the task definition; the state machine overrides RUN_ID and MODE):
TABLE_NAME, SCRAPE_QUEUE_URL, PIPELINE_FAILURES_QUEUE_URL, MODE (batch | continuous),
RUN_ID, IDLE_EXIT_S, CRAWL_POLITENESS_DELAY_S, FETCH_TIMEOUT_S, SCRAPER_BROWSER (chromium |
off), CHROMIUM_PATH, HTTP_PROXY / NO_PROXY, POWERTOOLS_SERVICE_NAME, LOG_LEVEL.
"""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Mapping
from typing import Any

import boto3
from aws_lambda_powertools import Logger, Metrics

from compute import contracts
from compute.adapters.artists import ArtistWriter
from compute.adapters.browser import BrowserPool, BrowserSettings
from compute.adapters.clients import AWS_CONFIG, aws_region, dynamodb_client
from compute.adapters.dynamodb import MainTable
from compute.adapters.locks import DynamoDbLock
from compute.adapters.queue import JobQueue
from compute.adapters.runs import RunStore
from compute.adapters.web import DEFAULT_POLITENESS_DELAY_S, USER_AGENT
from compute.domain import keys
from compute.domain.models import ScrapeJob
from compute.scraper.pages import PageReader
from compute.scraper.politeness import GatedFetcher, SharedHostGate
from compute.scraper.worker import RunRecorder, Worker, WorkerSettings
from compute.services.scrape_artist import ScrapeOutcome, scrape_artist


def _env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise SystemExit(f"environment variable {name} is not set (see the task definition)")
    return value


def main() -> int:
    service = os.environ.get("POWERTOOLS_SERVICE_NAME", "scraper")
    logger = Logger(service=service)
    metrics = Metrics(service=service)
    run_id = os.environ.get("RUN_ID")
    if run_id:
        logger.set_correlation_id(run_id)
    settings = WorkerSettings.from_env()
    table = MainTable(dynamodb_client(), _env("TABLE_NAME"))
    sqs = boto3.client("sqs", region_name=aws_region(), config=AWS_CONFIG)
    queue = JobQueue(sqs, _env("SCRAPE_QUEUE_URL"))
    failures_url = os.environ.get("PIPELINE_FAILURES_QUEUE_URL")
    runs = RunStore(table)
    owner = os.environ.get("ECS_TASK_ARN") or f"scraper-{uuid.uuid4().hex[:12]}"
    gate = SharedHostGate(DynamoDbLock(table.client, table.table_name), owner)
    fetcher = GatedFetcher(
        gate,
        politeness_delay_s=float(
            os.environ.get("CRAWL_POLITENESS_DELAY_S", DEFAULT_POLITENESS_DELAY_S)
        ),
        timeout_s=float(os.environ.get("FETCH_TIMEOUT_S", "10")),
    )
    browser: BrowserPool | None = None
    if os.environ.get("SCRAPER_BROWSER", "chromium") != "off":
        browser = BrowserPool(
            BrowserSettings(
                executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
                user_agent=USER_AGENT,
            ),
            gate=fetcher,
        )
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
        RunRecorder(runs, JobQueue(sqs, failures_url) if failures_url else None),
        settings=settings,
        logger=logger,
        metrics=metrics,
    )
    worker.install_signal_handlers()
    logger.info("scraper started", extra={"mode": settings.mode})
    try:
        code = worker.run()
    finally:
        if browser is not None:
            browser.close()
    logger.info(
        "scraper stopped",
        extra={
            "counts": worker.counts,
            "pagesFetched": pages.fetched,
            "pagesRendered": pages.rendered,
            "cacheHits": pages.hits,
            "gateWaits": gate.waits,
        },
    )
    return code


if __name__ == "__main__":
    sys.exit(main())
