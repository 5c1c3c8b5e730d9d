"""Session fixtures shared by every tier: AWS credentials for the local world, the moto server,
and a real OpenSearch node. Servers bind to 127.0.0.1 only.

`nox -s tests` runs on pytest-xdist workers (`-- -n 0`: serially). Each worker is its own
session, with its own moto server and node; `pytest_xdist_make_scheduler` hands whole groups of
tests to a worker so that what a group shares (a local cloud, one synth, the search tier's node)
starts once, and the longest kinds of group start first."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

REGION = "eu-west-2"
# Test paths whose tests share package- or session-scoped state (and run in file order): each
# goes to one worker whole, the first that matches; every other test file is a group of its own.
# The chaos module starts a local cloud of its own there: it is the longest module (~270 s) and
# judges only what its own faults do, so it runs beside the rest of e2e instead of after it.
WHOLE_TREES = (
    "tests/e2e/test_chaos_ci.py",
    "tests/e2e/",
    "tests/infra/",
    "tests/integration/search/",
)
# Under xdist, groups start in this order of their tiers (longest groups first, so that no long
# group starts last while the other workers idle); serial runs keep the collection order.
TIER_ORDER = ("tests/e2e/", "tests/integration/", "tests/infra/", "tests/unit/")


def xdist_group(nodeid: str) -> str:
    """The group a test is scheduled with: its tree in WHOLE_TREES, else its file."""
    path = nodeid.split("::", 1)[0]
    return next((tree for tree in WHOLE_TREES if path.startswith(tree)), path)


def tier_rank(nodeid: str) -> int:
    """Where a test's tier comes in TIER_ORDER (anything else last)."""
    return next(
        (rank for rank, tier in enumerate(TIER_ORDER) if nodeid.startswith(tier)), len(TIER_ORDER)
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Give each schemathesis operation test its own id. pytest 9.2 builds an item's id from its
    original name and parametrize ids only; schemathesis names its per-operation items
    `test[GET /v1/artists]` without parametrize, so all of them share one id, and pytest-xdist,
    which sends tests to workers by id, ran the first operation alone (7 cases, not 500+); the
    ids are also what --lf, --durations and JUnit reports name.

    On an xdist worker, order the tiers as TIER_ORDER says (a stable sort: files keep their
    order within a tier); every worker sorts alike, so their collections stay identical."""
    for item in items:
        bracket = item.name.partition("[")[2]
        node_id = getattr(item, "_id", None)
        if bracket and "[" not in item.nodeid and hasattr(node_id, "with_params"):
            item._id = node_id.with_params(bracket.removesuffix("]"))
    if hasattr(config, "workerinput"):
        items.sort(key=lambda item: tier_rank(item.nodeid))


# Threads of a local cloud's parts (event-source pollers are named `esm-<function>-<n>`) that
# must be gone when the session ends: each cloud stops with the fixture that started it.
CLOUD_THREAD_PREFIXES = ("esm-",)
THREADS_STOP_WITHIN_S = 10.0


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the session when a local cloud's poller outlived its fixture: one left running
    reads a queue moto has since forgotten (a unit test's `mock_aws()` resets moto's
    process-wide backends) and prints a traceback per retry while pytest finishes, which on
    Python 3.11 can race pytest's own `ast.parse` (tests/integration/conftest.py)."""
    deadline = time.monotonic() + THREADS_STOP_WITHIN_S
    left = _cloud_threads()
    while left and time.monotonic() < deadline:
        time.sleep(0.2)
        left = _cloud_threads()
    if left:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.ensure_newline()
            reporter.write_line(
                "local cloud threads still running at the end of the session (a cloud "
                f"outlived its fixture): {', '.join(sorted(left))}",
                red=True,
            )
        if session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED


def _cloud_threads() -> list[str]:
    return [
        t.name
        for t in threading.enumerate()
        if t.is_alive() and t.name.startswith(CLOUD_THREAD_PREFIXES)
    ]


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """Whole groups (see `xdist_group`) in collection order (tiers as TIER_ORDER says), so the
    longest ones start at once and the short unit files fill the workers' last minutes.
    (`--dist loadgroup` would do the grouping, but it rewrites node ids, which pytest 9.2 no
    longer reads back.)"""
    from xdist.scheduler import LoadScopeScheduling

    class TreeScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return xdist_group(nodeid)

    config.option.loadscopereorder = False  # collection order, not largest group first
    return TreeScheduling(config, log)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session", autouse=True)
def aws_env() -> Iterator[None]:
    """Fake credentials, so nothing here can ever reach a real AWS account."""
    saved = dict(os.environ)
    os.environ.update(
        {
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_SESSION_TOKEN": "testing",
            "AWS_DEFAULT_REGION": REGION,
            "AWS_REGION": REGION,
            "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
            "POWERTOOLS_METRICS_NAMESPACE": "TattooDirectory",
            "POWERTOOLS_TRACE_DISABLED": "true",
        }
    )
    yield
    os.environ.clear()
    os.environ.update(saved)


@pytest.fixture(scope="session")
def moto_endpoint(aws_env: None) -> Iterator[str]:
    """An embedded moto server (Step Functions execution on); AWS_ENDPOINT_URL points at it."""
    from moto.server import ThreadedMotoServer

    from emulation.moto_patches import (
        install_atomic_moto_sqs_receive,
        install_fast_moto_transactions,
    )

    # DynamoDB applies one item's write atomically; moto's threaded server does not (two
    # scrapers' `ADD artistsWritten :one` could lose one). The local cloud's lock, here too;
    # and its SQS receives, which give a message in flight to one consumer at a time.
    install_fast_moto_transactions()
    install_atomic_moto_sqs_receive()
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    os.environ["AWS_ENDPOINT_URL"] = endpoint
    os.environ["MOTO_PORT"] = str(port)
    yield endpoint
    server.stop()
    os.environ.pop("AWS_ENDPOINT_URL", None)


@pytest.fixture(scope="session")
def opensearch_url() -> Iterator[str]:
    """A real OpenSearch node: OPENSEARCH_URL if set, else the local cloud's provider chain.
    A node started here is stopped with the session (its process group is killed)."""
    from emulation.opensearch import provide

    node = provide()
    yield node.url
    node.stop()
