"""Rosters in what a studio embeds (emulation.world.families.widgets): a link-in-bio page as
the whole site, a booking widget's staff picker behind 'Book now', a framework's serialized
props behind an empty shell."""

from __future__ import annotations

import html
import json
import re

from compute.extraction import needs_javascript
from compute.extraction.page import inline_data
from emulation.world.families.widgets import js_payload_rendered
from tests.unit.world.families.helpers import CITY, get, ok


def test_a_link_in_bio_page_is_the_whole_site_one_button_per_artist() -> None:
    studios = ok("link_in_bio")
    assert {s.index % 2 for s in studios} == {0, 1}, "both Linktree and Taplink pages"
    for studio in studios:
        page = get(studio, "/").body.decode()
        assert "<nav" not in page and "/about" not in page
        for artist in studio.artists:
            first = html.escape(artist.name.split(" ")[0])
            assert first in page and artist.handle in page
            assert html.escape(artist.name) not in page  # first names only, as link pages
        if studio.index % 2:  # Taplink: the URL only in data-href, no <a> to Instagram
            assert "instagram.com" not in " ".join(re.findall(r'(?<![-\w])href="[^"]*"', page))


def test_a_booking_widget_is_the_only_roster_linked_as_book_now() -> None:
    for studio in ok("booking_widget"):
        home = get(studio, "/").body.decode()
        assert f'<a href="{studio.roster_path}">Book now</a>' in home
        assert not re.search(r">[^<]*(artist|team\b(?! login))[^<]*</a>", home, re.I)
        widget = get(studio, studio.roster_path).body.decode()
        for artist in studio.artists:
            assert f'am-employee-name">{html.escape(artist.name)}<' in widget
            assert f"@{artist.handle}" in widget


def test_a_js_payload_shell_holds_the_roster_only_in_its_framework_data() -> None:
    studios = ok("js_payload")
    assert {s.index % 2 for s in studios} == {0, 1}, "both Astro islands and Next.js pages"
    for studio in studios:
        shell = get(studio, studio.roster_path).body.decode()
        assert needs_javascript(shell)
        marker = "<astro-island" if studio.index % 2 == 0 else 'id="__NEXT_DATA__"'
        assert marker in shell
        assert not any(f">{html.escape(a.name)}<" in shell for a in studio.artists)
        data = json.dumps(inline_data(shell))
        for artist in studio.artists:
            assert artist.handle in data
        drawn = js_payload_rendered(CITY, studio)
        for trap in studio.traps("former"):  # in the data, marked inactive; never drawn
            assert trap.handle in data and trap.handle not in drawn


def test_a_carousel_repeats_its_first_and_last_slides_as_hidden_clones() -> None:
    for studio in ok("carousel"):
        page = get(studio, studio.roster_path).body.decode()
        clones = re.findall(r'slick-cloned"[^>]*aria-hidden="true".*?<h3>([^<]+)</h3>', page)
        names = [html.escape(a.name) for a in studio.artists]
        assert clones == [names[-1], names[0]]
        for artist in studio.artists:
            assert f"<h3>{html.escape(artist.name)}</h3>" in page


def test_an_accordion_folds_each_artist_and_the_former_ones_apart() -> None:
    for studio in ok("accordion"):
        page = get(studio, studio.roster_path).body.decode()
        for artist in studio.artists:
            assert f"<summary>{html.escape(artist.name)}</summary>" in page
        former = studio.traps("former")
        assert former, "an accordion studio always lists a former artist"
        folded = page.split("<summary>Former artists</summary>", 1)[1]
        for trap in former:
            assert f"@{trap.handle}" in folded
