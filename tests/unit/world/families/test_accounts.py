"""Which accounts a roster shows (emulation.world.families.accounts)."""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import urlsplit

from emulation.world.families.accounts import MORE_FORMS
from tests.unit.world.families.helpers import get, ok


def test_instagram_forms_write_each_account_its_own_way() -> None:
    studios = ok("instagram_forms")
    written: Counter[str] = Counter()
    for studio in studios:
        html = get(studio, studio.roster_path).body.decode()
        for form in MORE_FORMS:
            probe = form.split("{h}")[0]
            written[form] += probe in html
        segments = {
            urlsplit(u).path.split("/")[1]
            for u in re.findall(r'href="([^"]+)"', html)
            if "instagram.com/" in u.lower()
        }
        assert {"reel", "stories", "explore"} <= segments
    assert all(written[form] for form in MORE_FORMS), written
