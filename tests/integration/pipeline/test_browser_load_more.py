"""Real Chromium presses a roster's "Load more" button as a person would, until the button is
gone (holdout-25's Desert Rose: a script fetches `/data/artists-<page>.json` per press, and the
first page alone missed two artists); a "Load more" link to another page is pagination, read as
a page of its own, never clicked. Every request still goes through the polite fetcher."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from compute.adapters.browser import BrowserPool, BrowserSettings, BrowserThread
from compute.adapters.web import USER_AGENT, WebFetcher
from emulation.corpus import StaticSites

pytestmark = pytest.mark.integration

PAGES = [
    [("Marisol Chávez", "marisol.chavez.tattoo"), ("Eli Begay", "eli.begay.ink")],
    [("Caleb Whitehorse", "calebwhitehorse.tattoos"), ("Nina Gallegos", "nina.gallegos")],
    [("Rosa Lente", "rosa.lente")],
]
SITE = {
    "index.html": """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Desert Rose Tattoo</title></head><body><h1>Artists</h1>
<div id="grid"><div class="skeleton"></div></div>
<button type="button" id="more" hidden>Load more artists</button>
<p><a href="/journal/page/2/">Load more stories</a></p>
<script>
  var grid = document.getElementById("grid"), more = document.getElementById("more"), page = 1;
  function load() {
    more.disabled = true;
    fetch("/data/artists-" + page + ".json").then(function (r) { return r.json(); })
      .then(function (data) {
        if (page === 1) grid.innerHTML = "";
        data.artists.forEach(function (a) {
          var card = document.createElement("article"); card.className = "artist";
          card.textContent = a.name + " @" + a.instagram; grid.appendChild(card);
        });
        page += 1; more.hidden = !data.hasMore; more.disabled = false;
      });
  }
  more.addEventListener("click", load);
  load();
</script></body></html>""",
    "journal/page/2/index.html": "<p>Older stories</p>",
    **{
        f"data/artists-{n}.json": json.dumps(
            {
                "page": n,
                "hasMore": n < len(PAGES),
                "artists": [{"name": name, "instagram": ig} for name, ig in people],
            }
        )
        for n, people in enumerate(PAGES, start=1)
    },
}


@pytest.fixture
def site(tmp_path: Path) -> Iterator[StaticSites]:
    for name, text in {**SITE, "answers.json": '{"family": "test"}'}.items():
        path = tmp_path / "load-more" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    with StaticSites(tmp_path, latency_s=0.0) as served:
        yield served


def test_a_load_more_button_is_pressed_until_every_artist_is_drawn(site: StaticSites) -> None:
    assert site.proxy_url is not None
    host = "load-more.studio.test"
    fetcher = WebFetcher(proxy_url=site.proxy_url)
    browser = BrowserThread(
        BrowserPool(
            BrowserSettings(
                user_agent=USER_AGENT,
                proxy=site.proxy_url,
                navigation_timeout_s=15.0,
                settle_timeout_s=8.0,
                dom_settle_s=3.0,
            ),
            fetcher=fetcher,
        )
    )
    try:
        html = browser.render(f"http://{host}/")
    finally:
        browser.close()
    assert html.count('class="artist"') == sum(len(people) for people in PAGES)
    paths = [r.path for r in site.requests(host)]
    assert [p for p in paths if p.startswith("/data/")] == [
        f"/data/artists-{n}.json" for n in range(1, len(PAGES) + 1)
    ]
    assert not any(p.startswith("/journal/") for p in paths)  # a link is not pressed
    assert fetcher.stats.requests == len(paths)  # the browser sent nothing by itself
    assert site.politeness(host) == (0, 0)
