"""Real Chromium through the world's proxy: a JavaScript roster is drawn, images and fonts are
never requested, and every request the page makes is sent by the polite fetcher (robots.txt,
the host's turn, the shared host gate), so a page that asks one host for several things in a
row renders within its bound with no politeness or robots.txt violation."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from compute.adapters.browser import BrowserPool, BrowserSettings, BrowserThread
from compute.adapters.politeness import gated_fetcher
from compute.adapters.web import USER_AGENT, WebFetcher
from emulation.corpus import StaticSites
from emulation.world import World
from tests.integration.pipeline.helpers import pick

pytestmark = pytest.mark.integration


def test_a_javascript_roster_is_rendered_politely(world: World) -> None:
    assert world.endpoints is not None
    spec = pick(world, "ok", "js_roster")
    cards = pick(world, "ok", "cards")
    fetcher = WebFetcher(proxy_url=world.endpoints.proxy_url)
    url = f"http://{spec.host}{spec.roster_path}"
    shell = fetcher.fetch(url).html
    before = len(world.requests())
    sent_before = fetcher.stats.requests
    pool = BrowserPool(
        BrowserSettings(user_agent=USER_AGENT, proxy=world.endpoints.proxy_url), fetcher=fetcher
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
    # Nothing reached the sites but our fetcher's requests (robots.txt included).
    assert fetcher.stats.requests - sent_before == len(made)
    report = world.politeness_report()
    assert (report.robots_violations, report.politeness_violations) == (0, 0), report.examples


# A roster script that asks its host for two feeds at once, after the page's stylesheet, a
# redirected frame and the script itself: same-host requests, each waiting for the previous one.
TWO_FEEDS = {
    "index.html": """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Two Feeds Tattoo</title><link rel="stylesheet" href="/assets/site.css"></head>
<body><h1>Our artists</h1><ul id="roster"><li class="loading">Loading artists…</li></ul>
<img src="/img/logo.png" alt=""><iframe src="/booking"></iframe>
<script src="/assets/roster.js"></script></body></html>""",
    # The frame is redirected to /booking/ (a static host's habit): its relative script must
    # load from there, and the redirect's target, too, is fetched by us.
    "booking/index.html": '<p id="slots">…</p><script src="slots.js"></script>',
    "booking/slots.js": 'document.getElementById("slots").textContent = "Book a slot";',
    "assets/site.css": "body { font-family: sans-serif; }",
    "assets/roster.js": """
Promise.all([fetch("/data/residents.json"), fetch("/data/guests.json")])
  .then(function (replies) { return Promise.all(replies.map(function (r) { return r.json(); })); })
  .then(function (lists) {
    var out = document.getElementById("roster");
    out.innerHTML = "";
    lists.forEach(function (list) { list.forEach(function (a) {
      var li = document.createElement("li"); li.className = "artist";
      li.textContent = a.name + " @" + a.ig; out.appendChild(li);
    }); });
  });
""",
    "data/residents.json": '[{"name": "Ada Moss", "ig": "ada.moss.ink"},'
    ' {"name": "Bo Lindqvist", "ig": "bo_lindqvist"}]',
    "data/guests.json": '[{"name": "Cleo Marr", "ig": "cleomarr.tattoo"}]',
}
# A host that asks for 2 s between requests and keeps /private/ from crawlers; its inline script
# reads two feeds at once (and tries a disallowed one, which must never be sent), then a third.
CRAWL_DELAY = {
    "robots.txt": "User-agent: *\nCrawl-delay: 2\nDisallow: /private/\n",
    "index.html": """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Slow Host Tattoo</title><link rel="stylesheet" href="/assets/site.css"></head>
<body><h1>The crew</h1><div id="crew"><p class="loading">Loading…</p></div>
<script>
  var out = document.getElementById("crew");
  function json(r) { return r.json(); }
  function draw(list) { list.forEach(function (a) {
    var p = document.createElement("p"); p.className = "artist";
    p.textContent = a.name + " @" + a.ig; out.appendChild(p);
  }); }
  fetch("/private/notes.json").then(json).then(draw).catch(function () {});
  Promise.all([fetch("/data/crew.json"), fetch("/data/guests.json")])
    .then(function (replies) { return Promise.all(replies.map(json)); })
    .then(function (lists) {
      out.innerHTML = ""; lists.forEach(draw);
      return fetch("/data/apprentices.json");
    }).then(json).then(draw);
</script></body></html>""",
    "assets/site.css": "body { margin: 0; }",
    "data/crew.json": '[{"name": "Dara Quinn", "ig": "daraquinn"},'
    ' {"name": "Eli Okoro", "ig": "eli.okoro.tattoo"}]',
    "data/guests.json": '[{"name": "Fen Yu", "ig": "fenyu_ink"}]',
    "data/apprentices.json": '[{"name": "Gil Sato", "ig": "gilsato.tattoo"}]',
    "private/notes.json": '[{"name": "Not Public", "ig": "not.public"}]',
}
SITES = {"two-feeds": TWO_FEEDS, "crawl-delay": CRAWL_DELAY}
NAMES = {
    "two-feeds": ["Ada Moss", "Bo Lindqvist", "Cleo Marr"],
    "crawl-delay": ["Dara Quinn", "Eli Okoro", "Fen Yu", "Gil Sato"],
}
# The render's bound: no request starts after navigation + settle (the old gate, which
# waited inside Playwright's route handler for an event that handler blocked, took ~30 s).
NAVIGATION_S, SETTLE_S, DOM_SETTLE_S = 15.0, 8.0, 3.0
BOUND_S = NAVIGATION_S + SETTLE_S + DOM_SETTLE_S


@pytest.fixture
def sites(tmp_path: Path) -> Iterator[StaticSites]:
    """The two sites, served fresh for each test (so no earlier test's requests count)."""
    for site_id, files in SITES.items():
        for name, text in {**files, "answers.json": '{"family": "test"}'}.items():
            path = tmp_path / site_id / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    with StaticSites(tmp_path, latency_s=0.0) as served:
        yield served


@pytest.mark.parametrize("site_id", sorted(SITES))
@pytest.mark.parametrize("reader", ["find-artists", "scraper"])
def test_several_requests_to_one_host_render_within_the_bound_politely(
    sites: StaticSites, site_id: str, reader: str, request: pytest.FixtureRequest
) -> None:
    assert sites.proxy_url is not None
    host = f"{site_id}.studio.test"
    fetcher: WebFetcher
    if reader == "scraper":  # the shared host gate's leases, on moto's DynamoDB
        aws = request.getfixturevalue("aws")
        fetcher = gated_fetcher(aws.dynamodb, aws.table, "task-1", proxy_url=sites.proxy_url)
    else:
        fetcher = WebFetcher(proxy_url=sites.proxy_url)
    url = f"http://{host}/"
    # The scraper's way (the document already fetched) for one site, the browser's own
    # navigation (through the fetcher too) for the other.
    shell = fetcher.fetch(url).html if site_id == "two-feeds" else None
    browser = BrowserThread(
        BrowserPool(
            BrowserSettings(
                user_agent=USER_AGENT,
                proxy=sites.proxy_url,
                navigation_timeout_s=NAVIGATION_S,
                settle_timeout_s=SETTLE_S,
                dom_settle_s=DOM_SETTLE_S,
            ),
            fetcher=fetcher,
        )
    )
    try:
        began = time.monotonic()
        html = browser.render(url, html=shell)
        took = time.monotonic() - began
    finally:
        browser.close()
    for name in NAMES[site_id]:
        assert name in html
    assert "Not Public" not in html and "Loading" not in html
    assert took < BOUND_S, f"rendered in {took:.1f} s, over its {BOUND_S} s bound"
    made = sites.requests(host)
    paths = [r.path for r in made]
    assert {"/data/guests.json", "/assets/site.css"} <= set(paths)
    if site_id == "two-feeds":
        assert {"/booking", "/booking/", "/booking/slots.js"} <= set(paths)
    assert not any(p.startswith(("/img/", "/private/")) for p in paths)
    # Every request the host saw was one of ours (the browser sent none by itself).
    assert fetcher.stats.requests == len(made)
    assert sites.politeness(host) == (0, 0)


def test_an_idle_browser_is_closed_and_launched_again_on_the_next_render(world: World) -> None:
    """A scraper that rendered one roster keeps no Chromium through the jobs that need none."""
    assert world.endpoints is not None
    spec = pick(world, "ok", "js_roster")
    url = f"http://{spec.host}{spec.roster_path}"
    fetcher = WebFetcher(proxy_url=world.endpoints.proxy_url)
    pool = BrowserPool(
        BrowserSettings(user_agent=USER_AGENT, proxy=world.endpoints.proxy_url), fetcher=fetcher
    )
    browser = BrowserThread(pool, idle_close_s=0.5)
    try:
        first = browser.render(url)
        deadline = time.monotonic() + 10
        while pool.open and time.monotonic() < deadline:
            time.sleep(0.1)
        closed = not pool.open
        again = browser.render(url)
    finally:
        browser.close()
    assert closed and browser.idle_closes == 1
    assert first.count('class="artist"') == again.count('class="artist"') == len(spec.artists)
