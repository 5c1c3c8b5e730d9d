"""How `compute-local pipeline` scores a run: by Instagram handle against the world's truth,
and politeness from the world's request log."""

from __future__ import annotations

from typing import Any

from emulation.pipeline_run import expected_handles, score_artists
from emulation.world import RequestRecord, World, politeness_report

UA = "TattooDirectoryBot/1.0"


def truth() -> dict[str, Any]:
    def studio(condition: str, status: str, handles: list[str]) -> dict[str, Any]:
        return {
            "businessStatus": status,
            "website": "http://x.test/",
            "condition": condition,
            "artists": [{"instagramHandle": h} for h in handles],
        }

    return {
        "studios": [
            studio("ok", "OPERATIONAL", ["a", "b"]),
            studio("not_found", "OPERATIONAL", ["c"]),  # unreachable: not expected
            studio("ok", "CLOSED_PERMANENTLY", ["d"]),  # not crawled: not expected
            studio("slow", "OPERATIONAL", ["e", "a"]),  # "a" is a guest here too
        ]
    }


def artist(handle: str | None, name: str = "x", studio: str = "s") -> dict[str, Any]:
    return {"instagramHandle": handle, "nameKey": name, "studioInfo": {"studioId": studio}}


def test_expected_handles_are_those_a_polite_crawler_can_reach() -> None:
    everyone, reachable = expected_handles(truth())
    assert everyone == {"a", "b", "c", "d", "e"} and reachable == {"a", "b", "e"}


def test_precision_recall_and_duplicates() -> None:
    found = [artist("a"), artist("b"), artist("a"), artist("zz"), artist(None, "ann")]
    scores = score_artists(found, truth())
    assert scores.artists_found == 5
    assert scores.precision == round(2 / 5, 4)  # a twice, an unknown handle, no handle
    assert scores.recall == round(2 / 3, 4)
    assert scores.duplicates == 1
    opted = {**artist("e"), "opted_out": True}
    assert score_artists([opted], truth()).artists_found == 0


def test_politeness_counts_close_pairs_and_disallowed_paths() -> None:
    world = World(seed=7, studios=30)
    spec = next(s for s in world.city.studios if s.host and s.crawl_delay_s is None)
    host = str(spec.host)
    records = [
        RequestRecord(host, "/robots.txt", 10.0, UA, 200),
        RequestRecord(host, spec.roster_path, 11.5, UA, 200),
        RequestRecord(host, "/booking", 12.0, UA, 200),  # 0.5 s later, and disallowed
    ]
    report = politeness_report(world, records)
    assert report.politeness_violations == 1 and report.robots_violations == 1
    assert report.requests == 3 and report.hosts == 1
    assert politeness_report(world, records, user_agent="SomeoneElse/1.0").requests == 0


def test_a_hosts_crawl_delay_binds_once_its_robots_txt_can_have_been_read() -> None:
    world = World(seed=7, studios=60)
    spec = next(s for s in world.city.studios if s.host and s.crawl_delay_s)
    host, crawl_delay = str(spec.host), float(spec.crawl_delay_s or 0)
    assert crawl_delay > 1.0, "the sample needs a Crawl-delay above the report's least delay"
    # robots.txt asked for again 1 s later (the first reply was lost on the way back): the
    # reader cannot know the Crawl-delay yet, so only the least delay binds that pair ...
    retried = [
        RequestRecord(host, "/robots.txt", 10.0, UA, 200),
        RequestRecord(host, "/robots.txt", 11.0, UA, 200),
    ]
    assert politeness_report(world, retried).politeness_violations == 0
    # ... but a page 1 s after robots.txt was answered ignores it, and the example says which.
    early = [*retried, RequestRecord(host, "/", 12.0, UA, 200)]
    report = politeness_report(world, early)
    assert report.politeness_violations == 1
    assert report.examples == [
        f"{host}: 1.000s < {crawl_delay}s between /robots.txt (200) and / (200)"
    ]
    assert politeness_report(world, retried, min_delay_s=1.5).politeness_violations == 1
