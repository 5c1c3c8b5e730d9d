"""The handles that are not artists (emulation.world.traps): never anyone's artist, and every
family carries the traps its pages name."""

from __future__ import annotations

from collections import Counter

from emulation.world import City
from emulation.world.traps import FAMILY_TRAPS

CITY = City.generate(seed=5, studio_count=700)


def test_no_trap_is_anyones_artist_and_each_family_carries_its_traps() -> None:
    artists = {a.handle for s in CITY.studios for a in s.artists}
    for studio in CITY.studios:
        traps = {t.handle for t in studio.not_artists}
        assert not traps & artists, studio.host
        reasons = Counter(t.reason for t in studio.not_artists)
        assert reasons["studio"] >= 1 and reasons["post_not_profile"] >= 1
        for wanted, count in Counter(FAMILY_TRAPS.get(studio.family, ())).items():
            if not wanted.endswith("?"):
                assert reasons[wanted] >= count, (studio.family, wanted)
