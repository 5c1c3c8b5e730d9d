"""Fixtures per template family: the pages the world generates for a studio, read without a
server (pure), plus the crawl a find-artists run would make over them."""

from __future__ import annotations

from urllib.parse import urlsplit

from compute.domain.models import ArtistCandidate
from compute.extraction import extract_candidates, frame_urls, merge, next_page_url
from emulation.world import City, StudioSpec, families, sites
from emulation.world.families import structures
from emulation.world.families.guests import GUEST_PATH

TIMING = sites.SiteTiming()


def page(city: City, studio: StudioSpec, url: str) -> str:
    parts = urlsplit(url)
    # attempt=2: a flaky site's first failure is the fetcher's business, not extraction's
    reply = sites.respond(city, studio, parts.path, parts.query, 2, TIMING)
    assert reply.status == 200, f"{url} -> {reply.status}"
    return reply.body.decode("utf-8", "replace")


def roster_pages(city: City, studio: StudioSpec) -> list[tuple[str, str]]:
    """(url, html) of every roster page, following pagination; the rendered DOM for the
    JavaScript family (what a browser hands over)."""
    first = f"http://{studio.host}{studio.roster_path}"
    rendered = families.rendered_roster(city, studio)
    if rendered is not None:
        return [(first, rendered)]
    pages: list[tuple[str, str]] = []
    url: str | None = first
    while url is not None and len(pages) < 10:
        html = page(city, studio, url)
        pages.append((url, html))
        pages += [(frame, page(city, studio, frame)) for frame in frame_urls(html, url)]
        url = next_page_url(html, url)
    return pages


def extracted(city: City, studio: StudioSpec) -> list[ArtistCandidate]:
    found: list[ArtistCandidate] = []
    for url, html in roster_pages(city, studio):
        found += extract_candidates(html, url, "stu_fixture")
    if studio.family == "guest_spots":  # the crawl follows its "Visiting" link too
        url = f"http://{studio.host}{GUEST_PATH}"
        found += extract_candidates(page(city, studio, url), url, "stu_fixture")
    # and the other language's, other shop's and news pages (the English home and the posts
    # index name no artist)
    for path in structures.more_paths(studio):
        url = f"http://{studio.host}{path}"
        found += extract_candidates(page(city, studio, url), url, "stu_fixture")
    for candidate in list(found):
        if candidate.profile_url and studio.family == "detail_pages":
            html = page(city, studio, candidate.profile_url)
            found += extract_candidates(html, candidate.profile_url, "stu_fixture")
    return merge(found)
