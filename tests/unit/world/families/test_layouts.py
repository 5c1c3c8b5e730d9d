"""Where the roster sits (emulation.world.families.layouts): one page, a team page's label."""

from __future__ import annotations

import html
import re

from emulation.world import markup
from tests.unit.world.families.helpers import get, ok


def test_one_page_sites_keep_everything_on_the_home_page() -> None:
    for studio in ok("one_page"):
        home = get(studio, "/").body.decode()
        hrefs = re.findall(r'href="([^"]+)"', home)
        assert all(h.startswith(("#", "http", "mailto:", "/cdn-cgi/")) for h in hrefs)
        assert all(a.handle in home for a in studio.artists)


def test_a_team_page_is_linked_under_words_without_team_or_artist() -> None:
    for studio in ok("team_page"):
        home = get(studio, "/").body.decode()
        label = markup.team_page_label(studio)
        assert f'<a href="{studio.roster_path}">{html.escape(label)}</a>' in home
        assert not re.search(r"team|artist", label, re.I)
