"""The robots_rules family (emulation.world.families.robots)."""

from __future__ import annotations

from protego import Protego

from emulation.world import sites
from emulation.world.families.robots import ROBOTS_ARCHIVE
from tests.unit.world.families.helpers import TIMING, get, ok

BOT = "TattooDirectoryBot"


def test_robots_rules_keep_a_polite_crawler_off_the_archive_only() -> None:
    for studio in ok("robots_rules"):
        rules = Protego.parse(sites.robots_txt(studio, TIMING))
        base = f"http://{studio.host}"
        assert rules.can_fetch(f"{base}{studio.roster_path}", BOT)
        assert not rules.can_fetch(f"{base}{ROBOTS_ARCHIVE}", BOT)
        assert not rules.can_fetch(f"{base}{studio.roster_path}?print=1", BOT)
        assert not rules.can_fetch(f"{base}/artists.pdf", BOT)
        archive = get(studio, ROBOTS_ARCHIVE).body.decode()
        roster = get(studio, studio.roster_path).body.decode()
        for trap in studio.traps("robots_disallowed"):
            assert trap.handle in archive and trap.handle not in roster
