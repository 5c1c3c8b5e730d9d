"""The local cloud's control endpoint (emulation.control): JSON in, JSON out, over real HTTP
on loopback; an unknown action is a 404 and a failing one a 500, never a dropped connection."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

import pytest

from emulation.control import ControlServer, plain


@dataclass
class Reply:
    payload: dict[str, Any]


def act(path: str, body: dict[str, Any]) -> Any:
    if path == "/echo":
        return plain(Reply(body))
    if path == "/boom":
        raise RuntimeError("broken")
    raise KeyError(f"no control action {path}")


def post(url: str, body: dict[str, Any]) -> tuple[int, Any]:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.fixture
def server() -> Any:
    control = ControlServer(act)
    control.start()
    yield control
    control.stop()


def test_an_action_answers_its_reply_as_json(server: ControlServer) -> None:
    assert post(f"{server.url}/echo", {"x": 1}) == (200, {"payload": {"x": 1}})


def test_an_unknown_action_is_a_404_and_a_failing_one_a_500(server: ControlServer) -> None:
    assert post(f"{server.url}/nope", {}) == (404, {"error": "'no control action /nope'"})
    status, reply = post(f"{server.url}/boom", {})
    assert status == 500 and "broken" in reply["error"]


def test_a_stopped_server_no_longer_listens(server: ControlServer) -> None:
    url = server.url
    server.stop()
    with pytest.raises(urllib.error.URLError):
        post(f"{url}/echo", {})
