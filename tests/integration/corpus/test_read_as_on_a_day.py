"""`compute-local find-artists URL --today DAY`: a site read as on a given day, in its own
process over real HTTP. A guest spot's dates are judged against that day, in the page's words
and in what its scripts draw (Chromium's clock is set to it), so the corpus, written against
one day, scores the same whatever the machine's date."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from emulation.corpus import ROOT, TODAY, StaticSites
from load.extraction import find_artists

pytestmark = pytest.mark.integration

RESIDENTS = """<div class="team">
<div class="card"><h3>Ruth Okafor</h3><a href="https://www.instagram.com/ruth.okafor.ink/">IG</a></div>
<div class="card"><h3>Tom Ferreira</h3><a href="https://www.instagram.com/tomferreira.tattoo/">IG</a></div>
</div>"""

SITES = {
    # The guest's dates in the page's words (a source line break inside its sentence, and an
    # event to come: a page whose every date is over is an archive, whose dates say nothing).
    "guest-in-words": {
        "index.html": f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Harbour Lights Tattoo</title></head><body><h1>Harbour Lights Tattoo</h1>{RESIDENTS}
<h2>Guest spot</h2><p>Mika Braun (<a href="https://www.instagram.com/mikabraun.tattoo/">@mikabraun.tattoo</a>)
is with us 9 - 13 December 2026. Books open now.</p>
<h2>Events</h2><p>Flash day: 20 - 21 February 2027, walk-ins all day.</p></body></html>""",
    },
    # The guest list a script draws from a feed, keeping the guests whose dates are not over
    # by the browser's clock (as real sites pick "now and coming up" with `new Date()`).
    "guest-by-script": {
        "index.html": f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Lantern Yard Tattoo</title></head><body><h1>Lantern Yard Tattoo</h1>{RESIDENTS}
<h2>Guests</h2><ul id="guests"></ul>
<noscript>Please enable JavaScript to see our guests.</noscript>
<script src="/guests.js"></script></body></html>""",
        "guests.js": """fetch("/guests.json").then(function (r) { return r.json(); })
  .then(function (guests) {
    var now = new Date(), list = document.getElementById("guests");
    guests.filter(function (g) { return new Date(g.until) >= now; }).forEach(function (g) {
      var li = document.createElement("li");
      li.innerHTML = "<strong>" + g.name + "</strong> <a href='https://www.instagram.com/" +
        g.ig + "/'>@" + g.ig + "</a>";
      list.appendChild(li);
    });
  });""",
        "guests.json": '[{"name": "Mika Braun", "ig": "mikabraun.tattoo", '
        '"until": "2026-12-13T23:59:59Z"}]',
    },
    # The guest a script draws a moment after load while her dates are not over by the
    # browser's clock: only Chromium reads it, on the day it is told.
    "guest-by-timer": {
        "index.html": """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Slipway Tattoo</title></head><body><h1>Slipway Tattoo</h1>"""
        + RESIDENTS
        + """<h2>Guests</h2><ul id="guests"><li class="loading">Loading guests…</li></ul>
<noscript>Please enable JavaScript to see our guests.</noscript>
<script>
setTimeout(function () {
  var list = document.getElementById("guests");
  list.innerHTML = "";
  if (new Date() <= new Date("2026-12-13T23:59:59Z")) {
    list.innerHTML = "<li><strong>Mika" + " Braun</strong> <a href='https://www.instagram" +
      ".com/mikabraun" + ".tattoo/'>Instagram</a></li>";
  }
}, 300);
</script></body></html>""",
    },
}


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StaticSites]:
    root = tmp_path_factory.mktemp("days")
    for site_id, files in SITES.items():
        for name, text in {**files, "answers.json": '{"family": "test"}'}.items():
            path = root / site_id / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    with StaticSites(root, latency_s=0.0) as served:
        served.start()
        yield served


def _handles(document: dict[str, object]) -> set[str]:
    candidates = document["candidates"]
    assert isinstance(candidates, list)
    return {c["instagramHandle"] for c in candidates if c.get("instagramHandle")}


@pytest.mark.parametrize("site_id", sorted(SITES))
def test_a_guest_spot_is_judged_against_the_day_the_site_is_read_on(
    sites: StaticSites, site_id: str
) -> None:
    assert sites.proxy_url is not None
    url = f"http://{site_id}.studio.test/"
    during = find_artists(url, sites.proxy_url, date(2026, 12, 10))
    after = find_artists(url, sites.proxy_url, date(2027, 1, 20))
    residents = {"ruth.okafor.ink", "tomferreira.tattoo"}
    assert _handles(during) == residents | {"mikabraun.tattoo"}
    assert _handles(after) == residents
    stats = during["stats"]
    assert isinstance(stats, dict)
    # The script-drawn pages are read the two ways a person's browser would give them.
    assert stats["pagesFromData"] == (1 if site_id == "guest-by-script" else 0)
    assert stats["pagesRendered"] == (1 if site_id == "guest-by-timer" else 0)


def test_the_corpus_is_read_as_on_the_day_its_answers_were_written() -> None:
    # The day the answers' guests were judged on (tests/corpus/README.md says the same).
    assert date(2026, 12, 7) == TODAY
    assert "2026-12-07" in (ROOT / "tests" / "corpus" / "README.md").read_text(encoding="utf-8")


def test_a_day_that_is_not_one_is_refused_with_a_clear_message() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "emulation.cli",
            "find-artists",
            "http://x.test/",
            "--today",
            "7/12",
        ],
        capture_output=True,
        text=True,
        cwd=Path(ROOT),
        check=False,
        timeout=60,
    )
    assert done.returncode == 2
    assert "not a day as YYYY-MM-DD: '7/12'" in done.stderr
