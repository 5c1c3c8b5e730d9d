"""How a studio's site serves and misbehaves (emulation.world.sites), without a server."""

from __future__ import annotations

from emulation.world import City, sites

CITY = City.generate(seed=3, studio_count=400)


def test_robots_txt_says_what_the_studio_wants() -> None:
    timing = sites.SiteTiming(crawl_delay_s=0.25)
    blocked = next(s for s in CITY.studios if s.condition == "robots_blocks_roster")
    delayed = next(s for s in CITY.studios if s.crawl_delay_s)
    assert f"Disallow: {blocked.roster_path}" in sites.robots_txt(blocked, timing)
    assert "Crawl-delay: 0.25" in sites.robots_txt(delayed, timing)


def test_every_failure_kind_is_served_as_it_says() -> None:
    timing = sites.SiteTiming(slow_s=1.0, hang_s=9.0, huge_bytes=1000)

    def home(condition: str) -> sites.Page:
        studio = next(s for s in CITY.studios if s.host and s.condition == condition)
        return sites.respond(CITY, studio, "/", "", 1, timing)

    assert home("not_found").status == 404
    assert home("server_error").status == 500
    assert home("flaky").status == 502
    assert home("redirect_loop").status == 302
    assert home("timeout").stall_s == 9.0
    assert home("slow").stall_s == 1.0
    assert home("huge").stream_bytes == 1000
