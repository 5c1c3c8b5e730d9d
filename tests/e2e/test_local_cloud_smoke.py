"""The deployed local stack answers at its edges: the API, the outputs, the deploy report."""

from __future__ import annotations

import json
import urllib.request

import pytest

from emulation.cloud import LocalCloud
from emulation.deploy import UNSUPPORTED

pytestmark = pytest.mark.e2e


def test_the_template_deploys_with_nothing_left_unexplained(local_cloud: LocalCloud) -> None:
    assert local_cloud.deployment is not None
    assert local_cloud.deployment.entries(UNSUPPORTED) == []
    assert local_cloud.outputs["ApiUrl"].startswith(local_cloud.api_url)
    assert local_cloud.outputs["SearchEndpoint"] == local_cloud.opensearch_url


def test_the_api_answers_health(local_cloud: LocalCloud) -> None:
    with urllib.request.urlopen(f"{local_cloud.api_url}/health", timeout=30) as response:
        assert response.status == 200
        json.loads(response.read())
