"""The world's ground truth (emulation.world.server.World), read without starting its servers."""

from __future__ import annotations

from emulation.world import BROWSER_ONLY_FAMILIES, World


def test_the_ground_truth_says_which_handles_are_not_artists() -> None:
    world = World(seed=5, studios=120)
    truth = world.ground_truth()["studios"]
    for record, studio in zip(truth, world.city.studios, strict=True):
        listed = {(t["instagramHandle"], t["reason"]) for t in record["notArtists"]}
        assert (studio.studio_handle, "studio") in listed
        assert record["language"] == studio.language
        assert record["needsBrowser"] is (studio.family in BROWSER_ONLY_FAMILIES)
    assert any(r["reason"] == "former" for s in truth for r in s["notArtists"])
    assert any(s["needsBrowser"] for s in truth), "browser-only studios are in by default"
