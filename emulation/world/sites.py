"""How a studio's website serves and misbehaves: robots.txt, the home page and the family's pages
(emulation.world.families), the plain pages every site has, and the ways real sites break
(slow, hanging, failing, flaky, redirect loops, malformed markup, huge pages). Pure: `respond()`
says what to send and how long to stall; the server (emulation.world.server) sends.
"""

from __future__ import annotations

from dataclasses import dataclass

from emulation.world import families
from emulation.world.city import City, StudioSpec
from emulation.world.families.robots import ROBOTS_RULES_FOR_ALL, ROBOTS_RULES_OTHER_GROUPS
from emulation.world.markup import HTML, layout
from emulation.world.markup import (
    Page as Page,  # the reply type, re-exported: the server and tests send sites.Page
)

HOME_PATHS = ("/", "/index.html", "/home/")
# The pages every site has besides its home and roster, by title.
SIMPLE_PAGES: dict[str, str] = {
    "/about": "About us",
    "/aftercare": "Aftercare",
    "/contact": "Contact",
    "/booking": "Book an appointment",
    "/staff/": "Staff login",
}


@dataclass(frozen=True, slots=True)
class SiteTiming:
    """How long misbehaving sites stall; tests shrink these."""

    slow_s: float = 2.5
    hang_s: float = 40.0
    crawl_delay_s: float = 2.0
    huge_bytes: int = 6 * 1024 * 1024


def robots_txt(studio: StudioSpec, timing: SiteTiming) -> str:
    lines = ["User-agent: BadBot", "Disallow: /", "", "User-agent: *", "Disallow: /booking"]
    if studio.disallow_staff:
        lines.append("Disallow: /staff/")
    if studio.condition == "robots_blocks_roster":
        lines += [f"Disallow: {path}" for path in studio.roster_paths]
    if studio.crawl_delay_s is not None:
        lines.append(f"Crawl-delay: {timing.crawl_delay_s:g}")
    if studio.family == "robots_rules":
        lines += [*ROBOTS_RULES_FOR_ALL, *ROBOTS_RULES_OTHER_GROUPS]
    return "\n".join(lines) + "\n"


def mangle(page: str) -> str:
    """Broken markup as real sites serve it: closers dropped, stray closers, a bad byte."""
    broken = page.replace("</li>", "").replace("</p>", "").replace("</h4>", "")
    broken = broken.replace("<main>", "<main></div></div><table><tr>")
    broken = broken.replace("</body></html>\n", "<div><span>\x00\ufffd")
    return broken


def _html(page: str, status: int = 200) -> Page:
    return Page(status=status, body=page.encode("utf-8"))


def not_found() -> Page:
    return _html("<!DOCTYPE html><html><body><h1>404 Not Found</h1></body></html>", 404)


def respond(
    city: City, studio: StudioSpec, path: str, query: str, attempt: int, timing: SiteTiming
) -> Page:
    """The reply for one request to a studio's site. `attempt` counts earlier requests for the
    same path (1 for the first), so flaky sites fail once and then work."""
    condition = studio.condition
    if path == "/robots.txt":
        if condition == "server_error":
            return Page(500, b"Internal Server Error", "text/plain")
        if condition == "not_found":
            return Page(404, b"Not Found", "text/plain")
        return Page(200, robots_txt(studio, timing).encode(), "text/plain")
    if condition == "server_error":
        return _html("<h1>500 Internal Server Error</h1>", 500)
    if condition == "not_found":
        return not_found()
    if condition == "flaky" and attempt == 1:
        return _html("<h1>502 Bad Gateway</h1>", 502)
    stall = timing.slow_s if condition == "slow" else 0.0
    if path in HOME_PATHS:
        if condition == "redirect_loop":
            target = "/home/" if path == "/" else "/"
            return Page(302, b"", headers={"Location": f"http://{studio.host}{target}"})
        home = families.home_page(city, studio).encode()
        if condition == "timeout":
            return Page(200, home, stall_s=timing.hang_s)
        if condition == "huge":
            return Page(200, home, stream_bytes=timing.huge_bytes)
        return Page(200, home, stall_s=stall)
    if path.startswith("/img/"):
        return Page(200, b"\xff\xd8\xff\xe0JFIF-placeholder", "image/jpeg")
    found = families.page(city, studio, path, query)
    if found is not None and found.content_type != HTML:  # scripts and feeds
        found.stall_s = stall
        return found
    if found is not None:
        if condition == "malformed":
            found.body = mangle(found.body.decode()).encode()
            found.body += b"\xff\xfe<"  # bytes that are not UTF-8, as a broken CMS sends them
        found.stall_s = stall
        return found
    if path in SIMPLE_PAGES:
        title = SIMPLE_PAGES[path]
        return _html(layout(studio, title, f"<h1>{title}</h1><p>...</p>"))
    return not_found()
