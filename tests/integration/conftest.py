"""What the integration tier's whole-template tests share: deploying infra/'s synthesized
template into the local cloud in this process."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest

from tests import moto_state

# The variables a local cloud in this process sets and the other tests' fixtures rely on.
CLOUD_ENV = ("AWS_ENDPOINT_URL", "MOTO_PORT", "OPENSEARCH_URL")
# deploy_whole_template(state_dir_prefix, **LocalCloud options): a context giving the cloud.
DeployWholeTemplate = Callable[..., AbstractContextManager[Any]]


@pytest.fixture(scope="package", autouse=True)
def _edges_cloud_stops_with_the_tier() -> Iterator[None]:
    """The edges app's process-wide cloud (tests/integration/emulation/apps/fixtures.py) stops
    when the integration tests are done. Left to process exit, it ran through the unit tier,
    whose `mock_aws()` resets moto's process-wide backends on start: its queue was gone, and
    its pollers printed a traceback on every retry until pytest finished. On Python 3.11 a
    traceback's caret line parses source with `ast`; a concurrent `ast.parse` in the main
    thread (pytest rewriting a plugin's module on import) then failed with "SystemError: AST
    constructor recursion depth mismatch" (CPython gh-106905), and CI failed after every test
    had passed."""
    yield
    from tests.integration.emulation.apps.fixtures import stop_edges_cloud

    stop_edges_cloud()


@pytest.fixture(scope="session")
def deploy_whole_template(opensearch_url: str) -> DeployWholeTemplate:
    """`with deploy_whole_template("prefix-", **LocalCloud options) as cloud:` infra/cdk.out
    (synthesized when older than its sources, so the assets carry today's handler code)
    deployed, searching the shared node; stopped afterwards, what it added to moto removed
    (tests/moto_state.py) and the environment restored.

    moto's backends belong to the process: the stack's resources go with the cloud, so the next
    module deploys the same template onto free names while every other cloud of the process
    (the edges app's) and every fixture keeps its own. One cloud per module, not one per
    session: each module starts it with its own options, and two at once would deploy the same
    names.
    """

    @contextlib.contextmanager
    def deploy(prefix: str, **options: Any) -> Iterator[Any]:
        pytest.importorskip("aws_cdk")
        from emulation.assembly import ensure_assembly
        from emulation.cloud import LocalCloud

        saved = {key: os.environ.get(key) for key in CLOUD_ENV}
        os.environ["OPENSEARCH_URL"] = opensearch_url
        assembly, _ = ensure_assembly()
        before = moto_state.mark()
        cloud = LocalCloud(state_dir=Path(tempfile.mkdtemp(prefix=prefix)), **options)
        try:
            cloud.start(assembly)
            yield cloud
        finally:
            cloud.stop()
            before.remove_added_since()
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value

    return deploy
