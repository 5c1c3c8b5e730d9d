"""`python -m emulation.world.dump OUT`: every page of a few seeded worlds written into OUT, so a
change to the world that should not change what it serves is proven by `diff -r` of two dumps.

Per seed, with and without the browser-only families: the ground truth, every studio's record,
every Places reply of a few queries walked to the end, and per studio every path a crawler could
ask (home, roster, each family's paths, frames, pages, profiles, scripts, feeds, plain pages and
misses), twice (a flaky site fails only the first time), with status, headers and stalls, plus
the DOM a browser would hand over for the families drawn by script.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from emulation.world import families, places, sites
from emulation.world.city import LANGUAGE_PATHS, ROSTER_PATHS, City, StudioSpec
from emulation.world.families import structures
from emulation.world.server import World

QUERIES = ("tattoo studio in Leeds", "tattoo shop", "tattoo parlour Leeds", "tattoo artist")
# Paths of every family and every plain page, asked of every studio (most answer 404).
COMMON_PATHS = frozenset(
    {
        *sites.HOME_PATHS,
        *sites.SIMPLE_PAGES,
        *ROSTER_PATHS.values(),
        *LANGUAGE_PATHS.values(),
        "/robots.txt",
        "/img/x.jpg",
        "/nope",
        "/assets/roster.js",
        "/api/roster.json",
        "/js/team.js",
        "/data/team.json",
        "/archive/guests/",
        "/artists.pdf",
    }
)


def studio_paths(studio: StudioSpec) -> list[str]:
    root = studio.roster_path
    paths = {*COMMON_PATHS, root, f"{root}roster-frame.html", f"{root}?print=1", f"{root}?page=x"}
    paths |= {f"{root}?page={n}" for n in range(6)}
    paths |= {f"{root}{artist.slug}/" for artist in studio.artists} | {f"{root}nobody/"}
    paths |= set(structures.more_paths(studio))
    return sorted(paths)


def studio_pages(city: City, studio: StudioSpec, timing: sites.SiteTiming) -> str:
    lines = []
    for target in studio_paths(studio):
        path, _, query = target.partition("?")
        for attempt in (1, 2):
            page = sites.respond(city, studio, path, query, attempt, timing)
            lines.append(
                f"=== {target} attempt={attempt} status={page.status} type={page.content_type} "
                f"headers={sorted(page.headers.items())} stall={page.stall_s} "
                f"stream={page.stream_bytes}"
            )
            lines.append(page.body.decode("utf-8", "backslashreplace"))
    lines.append(f"=== rendered\n{families.rendered_roster(city, studio)}")
    return "\n".join(lines)


def places_replies(city: City) -> str:
    replies = []
    for text in QUERIES:
        token = None
        while True:
            body = {"textQuery": text, "pageSize": 20, **({"pageToken": token} if token else {})}
            reply = places.search_text(city, body, "*", None)
            replies.append(json.dumps([reply.status, reply.body, reply.headers], sort_keys=True))
            token = reply.body.get("nextPageToken")
            if not token:
                break
    return "\n".join(replies)


def dump(out: Path, seed: int, studios: int, browser_only: bool) -> None:
    world = World(seed, studios, browser_only=browser_only)
    folder = out / f"seed{seed}-n{studios}-browser-only-{'on' if browser_only else 'off'}"
    folder.mkdir(parents=True, exist_ok=True)
    truth = json.dumps(world.ground_truth(), indent=1, sort_keys=True)
    (folder / "ground_truth.json").write_text(truth, encoding="utf-8")
    specs = "\n".join(repr(studio) for studio in world.city.studios)
    (folder / "studios.txt").write_text(specs, encoding="utf-8")
    (folder / "places.jsonl").write_text(places_replies(world.city), encoding="utf-8")
    for studio in world.city.studios:
        if studio.host:
            text = studio_pages(world.city, studio, world.timing)
            (folder / f"{studio.host}.txt").write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write every page of seeded worlds to a folder.")
    parser.add_argument("out", type=Path)
    parser.add_argument("--seeds", default="1,7,11", help="comma-separated seeds")
    parser.add_argument("--studios", type=int, default=250)
    args = parser.parse_args(argv)
    for seed in (int(s) for s in args.seeds.split(",")):
        for browser_only in (False, True):
            dump(args.out, seed, args.studios, browser_only)


if __name__ == "__main__":
    main()
