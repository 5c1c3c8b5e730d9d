"""CORS in a real browser: a page served from another local origin calls the API with `fetch`
through the local gateway, which answers preflights and sets CORS headers from the template's
CorsConfiguration (derived from contracts/openapi.yaml) as API Gateway does. Chromium enforces
CORS itself, so a header the API reads but the configuration does not allow, or a response
header it does not expose, fails here exactly as it would against AWS."""

from __future__ import annotations

import http.server
import threading
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from compute.adapters.browser import CHROMIUM, CHROMIUM_ARGS
from tests.e2e.api.conftest import SeededApi

pytestmark = pytest.mark.e2e

PAGE = b"<!doctype html><title>directory front end</title><p>front end</p>"


@pytest.fixture(scope="module")
def page_origin() -> Iterator[str]:
    """A page on http://localhost:<port>: another origin than the API's http://127.0.0.1."""

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("content-type", "text/html")
            self.send_header("content-length", str(len(PAGE)))
            self.end_headers()
            self.wfile.write(PAGE)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://localhost:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser_page(page_origin: str) -> Iterator[Any]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[*CHROMIUM_ARGS, "--no-proxy-server"],
            headless=True,
        )
        try:
            page = browser.new_page()
            page.goto(page_origin + "/")
            yield page
        finally:
            browser.close()


CONDITIONAL_GET = """async (api) => {
    const first = await fetch(api + "/v1/styles", {cache: "no-store"});
    const etag = first.headers.get("ETag");
    await first.text();
    const again = await fetch(api + "/v1/styles", {
        cache: "no-store", headers: {"If-None-Match": etag}});
    return {first: first.status, etag: etag, again: again.status,
            againEtag: again.headers.get("ETag"), body: await again.text()};
}"""

POST_WITH_KEY = """async ([api, key]) => {
    const reply = await fetch(api + "/v1/removal-requests", {
        method: "POST",
        headers: {"Content-Type": "application/json", "Idempotency-Key": key},
        body: JSON.stringify({artistId: "art_0000000000000000", reason: "other",
                              contactEmail: "browser@example.co.uk"})});
    return {status: reply.status, type: reply.headers.get("Content-Type"),
            retryAfter: reply.headers.get("Retry-After"), body: await reply.json()};
}"""

UNLISTED_HEADER = """async (api) => {
    try {
        await fetch(api + "/v1/styles", {headers: {"X-Not-In-The-Contract": "1"}});
        return "sent";
    } catch (error) {
        return "blocked: " + error.message;
    }
}"""


def test_a_page_on_another_origin_reads_the_etag_and_gets_a_304(
    seeded_api: SeededApi, browser_page: Any, page_origin: str
) -> None:
    assert not page_origin.startswith(seeded_api.url)
    result = browser_page.evaluate(CONDITIONAL_GET, seeded_api.url)
    assert result["first"] == 200
    assert result["etag"] and result["etag"].startswith('"')  # exposed: JS can read it
    assert result["again"] == 304 and result["body"] == ""  # If-None-Match passed its preflight
    assert result["againEtag"] == result["etag"]


def test_a_post_with_an_idempotency_key_passes_its_preflight(
    seeded_api: SeededApi, browser_page: Any
) -> None:
    result = browser_page.evaluate(POST_WITH_KEY, [seeded_api.url, f"browser-{uuid.uuid4().hex}"])
    # 202, or the per-client limit of 127.0.0.1 (which the fuzzer shares): either way the
    # browser sent the request and reads the reply, Retry-After included.
    assert result["status"] in (202, 429), result
    if result["status"] == 202:
        assert result["body"]["status"] == "pending"
    else:
        assert result["type"].startswith("application/problem+json")
        assert result["retryAfter"] is not None


def test_a_header_the_contract_does_not_name_is_blocked_by_the_preflight(
    seeded_api: SeededApi, browser_page: Any
) -> None:
    assert browser_page.evaluate(UNLISTED_HEADER, seeded_api.url).startswith("blocked")
