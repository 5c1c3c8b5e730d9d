"""Real Chromium through the world's proxy: a JavaScript roster is drawn, images and fonts are
never requested, and every request the page makes waits for the host's turn at the gate."""

from __future__ import annotations

import pytest

from compute.adapters.browser import BrowserPool, BrowserSettings, BrowserThread
from compute.adapters.web import USER_AGENT, WebFetcher
from emulation.world import World
from tests.integration.pipeline.helpers import pick

pytestmark = pytest.mark.integration


class CountingGate:
    def __init__(self, fetcher: WebFetcher) -> None:
        self.fetcher = fetcher
        self.admitted: list[str] = []
        self.finished_urls: list[str] = []

    def admit(self, url: str) -> bool:
        if not self.fetcher.allowed(url):
            return False
        self.admitted.append(url)
        return True

    def finished(self, url: str) -> None:
        self.finished_urls.append(url)


def test_a_javascript_roster_is_rendered_politely(world: World) -> None:
    assert world.endpoints is not None
    spec = pick(world, "ok", "js_roster")
    cards = pick(world, "ok", "cards")
    fetcher = WebFetcher(proxy_url=world.endpoints.proxy_url)
    gate = CountingGate(fetcher)
    url = f"http://{spec.host}{spec.roster_path}"
    shell = fetcher.fetch(url).html
    before = len(world.requests())
    pool = BrowserPool(
        BrowserSettings(user_agent=USER_AGENT, proxy=world.endpoints.proxy_url), gate=gate
    )
    browser = BrowserThread(pool)
    try:
        html = browser.render(url, html=shell)
        again = browser.render(f"http://{cards.host}{cards.roster_path}")  # a reused context
    finally:
        browser.close()
    assert html.count('class="artist"') == len(spec.artists)
    for artist in spec.artists:
        assert artist.name in html
    assert "card-title" in again
    made = world.requests()[before:]
    paths = [r.path for r in made]
    # The prefetched document was not fetched again; only the script and its data were.
    assert paths.count(spec.roster_path) == 0
    assert "/assets/roster.js" in paths and "/api/roster.json" in paths
    assert not any(p.startswith("/img/") for p in paths)  # images blocked
    assert {r.user_agent for r in made} == {USER_AGENT}
    # Nothing bypassed the gate (robots.txt is the gate's own read, by the fetcher).
    assert len(gate.admitted) == len([r for r in made if r.path != "/robots.txt"])
    assert gate.finished_urls == gate.admitted  # each reply reported back to the gate
