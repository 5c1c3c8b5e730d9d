"""Removal requests from the outside, as a requester and a moderator do them: POST from a client
address, the confirmation link read from the local cloud's SES outbox, the moderator's
decision signed with SigV4 (the local credentials).

Each caller gets its own loopback address (127.0.0.0/8 all reaches the gateway), so the
per-client limit of one test, or of the schemathesis run from 127.0.0.1, never spills over.
"""

from __future__ import annotations

import ipaddress
import itertools
import json
import re
import threading
import time
from typing import Any

import requests
from requests.adapters import HTTPAdapter

from emulation import sigv4
from emulation.apigw import LOCAL_CREDENTIALS
from emulation.aws import REGION
from emulation.cloud import LocalCloud

HTTP_TIMEOUT_S = 35.0
OUTBOX_TIMEOUT_S = 10.0
LINK = re.compile(r"(https?://\S+/v1/removal-requests/([A-Za-z0-9_-]+)/confirmation\?token=\S+)")

_addresses = (str(ipaddress.ip_address("127.1.0.1") + n) for n in itertools.count())
_address_lock = threading.Lock()


def fresh_address() -> str:
    """A loopback address no earlier caller in this process used."""
    with _address_lock:
        return next(_addresses)


class _SourceAddressAdapter(HTTPAdapter):
    def __init__(self, address: str) -> None:
        self._address = address
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["source_address"] = (self._address, 0)
        super().init_poolmanager(*args, **kwargs)


def client_session(address: str | None = None) -> requests.Session:
    """A session whose connections come from `address` (a fresh one by default)."""
    session = requests.Session()
    adapter = _SourceAddressAdapter(address or fresh_address())
    session.mount("http://", adapter)
    return session


def ask(api_url: str, body: Any, *, session: requests.Session | None = None) -> requests.Response:
    http = session or client_session()
    return http.post(f"{api_url}/v1/removal-requests", json=body, timeout=HTTP_TIMEOUT_S)


def confirmation_link(cloud: LocalCloud, request_id: str) -> str:
    """The link of the e-mail SES sent for `request_id` (waits for it briefly)."""
    deadline = time.monotonic() + OUTBOX_TIMEOUT_S
    while time.monotonic() < deadline:
        for mail in reversed(cloud.outbox()):
            for link, linked_id in LINK.findall(mail.body):
                if linked_id == request_id:
                    return str(link)
        time.sleep(0.1)
    raise TimeoutError(f"no confirmation e-mail for {request_id} in {cloud.outbox_dir}")


def decide(
    api_url: str, request_id: str, decision: str, *, signed: bool = True
) -> requests.Response:
    """The moderator's POST .../decision, SigV4-signed with the local credentials."""
    url = f"{api_url}/v1/removal-requests/{request_id}/decision"
    body = json.dumps({"decision": decision}).encode()
    headers = {"Content-Type": "application/json"}
    if signed:
        headers = sigv4.sign(
            "POST", url, body, headers, credentials=LOCAL_CREDENTIALS, region=REGION
        )
    return requests.post(url, data=body, headers=headers, timeout=HTTP_TIMEOUT_S)


def remove(cloud: LocalCloud, api_url: str, body: Any) -> str:
    """The whole verified removal: ask, follow the e-mailed link, approve; the request id."""
    asked = ask(api_url, body)
    assert asked.status_code == 202, asked.text
    request_id = str(asked.json()["requestId"])
    confirmed = requests.get(confirmation_link(cloud, request_id), timeout=HTTP_TIMEOUT_S)
    assert confirmed.status_code == 200, confirmed.text
    approved = decide(api_url, request_id, "approve")
    assert approved.status_code == 200, approved.text
    return request_id
