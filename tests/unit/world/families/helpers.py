"""A city that draws every family (the browser-only ones too), and what a person reads on a
studio's site: its pages served without a server, and the DOM a script draws."""

from __future__ import annotations

from emulation.world import City, StudioSpec, families, sites
from emulation.world.families import structures
from emulation.world.families.guests import GUEST_PATH
from emulation.world.families.robots import ROBOTS_ARCHIVE
from emulation.world.families.scripted import JS_FETCH_FEED, JS_FETCH_SCRIPT

CITY = City.generate(seed=5, studio_count=700)
TIMING = sites.SiteTiming()


def get(studio: StudioSpec, path: str, query: str = "") -> sites.Page:
    return sites.respond(CITY, studio, path, query, 2, TIMING)


def site_text(studio: StudioSpec) -> str:
    """Everything a person could read on the studio's site in a browser: the home and roster
    pages, feeds, and the DOM a script draws; pages robots.txt disallows included (they are on
    the site)."""
    paths = ["/", studio.roster_path]
    if studio.family == "robots_rules":
        paths.append(ROBOTS_ARCHIVE)
    if studio.family == "js_fetch":
        paths += [JS_FETCH_SCRIPT, JS_FETCH_FEED]
    if studio.family == "guest_spots":
        paths.append(GUEST_PATH)
    paths += structures.more_paths(studio)
    texts = [get(studio, path).body.decode() for path in paths]
    if studio.family in ("js_fetch", "js_delayed"):
        texts.append(str(families.rendered_roster(CITY, studio)))
    return "\n".join(texts)


def ok(family: str) -> list[StudioSpec]:
    """The studios of a family whose sites work."""
    return [s for s in CITY.studios if s.host and s.condition == "ok" and s.family == family]
