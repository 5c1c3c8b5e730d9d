"""The local console in real Chromium: every page loads with no console errors, the execution
graph shows the states of a finished aggregation, queues are looked at without receiving, and a
screenshot of each page is written under results/console/ for a person to look at.

The console is served on the session's local cloud; the aggregation it shows is the one
test_aggregation_end_to_end ran (or, when this module runs alone, one fired here).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from emulation.cloud import LocalCloud
from emulation.console import Console
from load.chaos import DAILY_RULE, Stack

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "results" / "console"
RUN_TIMEOUT_S = 420.0
PAGES = ("/", "/resources", "/functions", "/executions", "/queues", "/data", "/faults", "/results")


@pytest.fixture(scope="module")
def console(local_cloud: LocalCloud) -> Iterator[Console]:
    served = Console(local_cloud, results_dir=ROOT / "results", refresh_s=1.0).start()
    try:
        yield served
    finally:
        served.stop()


@pytest.fixture(scope="module")
def finished_aggregation(local_cloud: LocalCloud, world: Any) -> str:
    """The name of an aggregation execution that succeeded in this session."""
    sfn = local_cloud.client("stepfunctions")
    for arn in local_cloud.deployment.state_machines.values():  # type: ignore[union-attr]
        for execution in sfn.list_executions(stateMachineArn=arn)["executions"]:
            if execution["status"] == "SUCCEEDED":
                return str(execution["name"])
    stack = Stack(cloud=local_cloud, world=world)
    [fired] = local_cloud.fire_rule(stack.rule_name(DAILY_RULE))
    assert fired.error is None, fired.error
    described = local_cloud.wait_execution(str(fired.result), timeout_s=RUN_TIMEOUT_S)
    assert described["status"] == "SUCCEEDED", described
    return str(described["name"])


@pytest.fixture(scope="module")
def page() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    from compute.adapters.browser import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
        try:
            yield browser.new_page(viewport={"width": 1400, "height": 900})
        finally:
            browser.close()


def visit(page: Any, url: str, shot: str) -> list[str]:
    """Open `url`, wait for one live refresh, screenshot it; the console errors seen."""
    errors: list[str] = []
    on_console = lambda message: errors.append(message.text) if message.type == "error" else None  # noqa: E731
    on_error = lambda error: errors.append(str(error))  # noqa: E731
    page.on("console", on_console)
    page.on("pageerror", on_error)
    try:
        response = page.goto(url)
        assert response is not None and response.status == 200, (url, response)
        page.wait_for_function(
            "document.getElementById('refresh-status').textContent.startsWith('live ·')",
            timeout=15_000,
        )
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{shot}.png"), full_page=True)
    finally:
        page.remove_listener("console", on_console)
        page.remove_listener("pageerror", on_error)
    return errors


@pytest.mark.parametrize("path", PAGES)
def test_every_page_loads_and_refreshes_without_console_errors(
    console: Console, finished_aggregation: str, page: Any, path: str
) -> None:
    name = path.strip("/") or "overview"
    assert visit(page, console.url.rstrip("/") + path, name) == []
    assert page.locator("main .card, main .figures").count() > 0, f"{path} shows nothing"


def test_the_execution_graph_shows_the_states_of_a_finished_aggregation(
    console: Console, finished_aggregation: str, page: Any, local_cloud: LocalCloud
) -> None:
    url = f"{console.url}executions/{quote(finished_aggregation)}"
    assert visit(page, url, "execution") == []
    definition = json.loads(
        local_cloud.client("stepfunctions").describe_state_machine(
            stateMachineArn=next(iter(local_cloud.deployment.state_machines.values()))  # type: ignore[union-attr]
        )["definition"]
    )
    drawn = {
        node.get_attribute("data-state"): node.get_attribute("data-status")
        for node in page.locator("svg.graph g.state").all()
    }
    assert set(definition["States"]) <= set(drawn), set(definition["States"]) - set(drawn)
    # The success path of a finished run is green from StartAt to the end.
    for state in ("PrepareRun", "DiscoverStudios", "ForEachStudio", "QueueScraping", "Summarize"):
        assert drawn[state] == "succeeded", (state, drawn[state])
    assert drawn["DiscoverStudiosFailed"] == "not-run"
    # The distributed Map shows its Map Run's item counts.
    caption = page.locator('svg.graph g.map[data-state="ForEachStudio"] .caption').text_content()
    assert caption and "items" in caption and "succeeded" in caption, caption


def test_a_queue_is_looked_at_without_receiving_its_messages(
    console: Console, local_cloud: LocalCloud, page: Any
) -> None:
    sqs = local_cloud.client("sqs")
    url = sqs.create_queue(QueueName="console-peek")[
        "QueueUrl"
    ]  # the stack's queues stay as they are
    try:
        sqs.send_message(QueueUrl=url, MessageBody=json.dumps({"runId": "console-peek"}))
        assert visit(page, f"{console.url}queues/console-peek", "queue") == []
        assert "console-peek" in page.locator("main .message").inner_text()
        # Never received: a receive would hide it and count towards a dead-letter queue.
        received = sqs.receive_message(QueueUrl=url, AttributeNames=["All"])["Messages"]
        assert received[0]["Attributes"]["ApproximateReceiveCount"] == "1"
    finally:
        sqs.delete_queue(QueueUrl=url)


def test_a_function_page_shows_its_counters_and_log_tail(
    console: Console, finished_aggregation: str, page: Any
) -> None:
    assert visit(page, f"{console.url}functions/find-artists", "function") == []
    text = page.locator("main").inner_text()
    assert "Duration p50 / p95" in text
    assert "REPORT RequestId" in text, "the log tail shows no REPORT line"


def test_the_faults_page_shows_a_fault_switched_on(
    console: Console, local_cloud: LocalCloud, page: Any
) -> None:
    local_cloud.faults.set("slow_sites", delay_s=2.5)  # read by the world only: harmless here
    try:
        page.goto(f"{console.url}faults")
        row = page.locator("tr", has_text="slow_sites")
        assert "on" in row.inner_text() and "2.5" in row.inner_text()
    finally:
        local_cloud.faults.clear("slow_sites")


def test_an_unknown_page_is_a_404_not_an_error() -> None:
    # Served by a console with no cloud behind it: the route table alone answers.
    console = Console(None, results_dir=ROOT / "results").start()
    try:
        with pytest.raises(urllib.error.HTTPError) as raised:
            urllib.request.urlopen(f"{console.url}no-such-page", timeout=5)
        assert raised.value.code == 404
    finally:
        console.stop()
