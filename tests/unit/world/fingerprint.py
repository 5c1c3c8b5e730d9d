"""A city's studios as short digests, to compare a world with the one an earlier commit drew:
`python -m tests.unit.world.fingerprint` prints the stored cities' fingerprints as JSON."""

from __future__ import annotations

import dataclasses
import hashlib
import json

from emulation.world import City, StudioSpec

# (seed, studio count): the pipeline's default world (`compute-local pipeline`, 200 studios) and
# the world of the pipeline's integration tests (every-family end to end).
CITIES: tuple[tuple[int, int], ...] = ((7, 200), (11, 300))


def _digest(value: object) -> str:
    return hashlib.sha256(repr(value).encode()).hexdigest()[:12]


def studio_print(studio: StudioSpec) -> str:
    """'family all core': the studio's family, a digest of all of it, and one of all but what
    its family draws (family, language, the handles its pages show that are not artists)."""
    core = dataclasses.replace(studio, family="", language="", not_artists=())
    return f"{studio.family} {_digest(studio)} {_digest(core)}"


def city_prints(seed: int, count: int) -> list[str]:
    return [studio_print(s) for s in City.generate(seed=seed, studio_count=count).studios]


if __name__ == "__main__":
    print(json.dumps({f"{s}:{n}": city_prints(s, n) for s, n in CITIES}, indent=1))
