"""Extraction precision and recall against the world's ground truth, per template family."""

from __future__ import annotations

from collections import defaultdict

import pytest

from compute import contracts
from emulation.world import BROWSER_ONLY_FAMILIES, FAMILIES, City, Score, score_studio
from tests.unit.extraction.pages import extracted

CITY = City.generate(seed=11, studio_count=1500)  # every family holds >= 20 ok studios
# Every family, those only a browser sees too (read from the DOM the browser hands over).
ALL_FAMILIES = FAMILIES + BROWSER_ONLY_FAMILIES
# Families whose roster puts styles a sentence or a caption away from the account: a candidate
# carries fewer (or none), and the scraper's profile reading finds every one
# (tests/unit/pipeline/test_profile.py).
# A link page's button ("Marta \u2726 blackwork, fine line") gives a few of them.
STYLES_FROM_THE_SCRAPER = frozenset({"prose", "lazy_grid", "link_in_bio"})
# Gaps of compute.extraction (issue 14) in reading styles; artists are still found by handle
# (asserted below): names in a script without capitals (a Japanese studio's kanji) are not read
# as names, so that roster's styles are tied to no one; a microdata Person's styles in its
# itemprop="description" are not read; a `<details>` artist's styles (in a <p> under its
# <summary> name) are not tied to the name; an image map's styles, after a dash in each
# `<area>`'s alt, are not read.
STYLES_NOT_READ_YET = frozenset({"non_english", "microdata", "accordion", "image_map"})


def _studios(family: str, condition: str) -> list:
    return [s for s in CITY.studios if s.host and s.family == family and s.condition == condition]


@pytest.mark.parametrize("family", ALL_FAMILIES)
def test_every_family_is_extracted_with_high_precision_and_recall(family: str) -> None:
    studios = _studios(family, "ok")
    assert len(studios) >= 20, "the fixture city must exercise each family"
    artists = Score()
    style_hits = style_found = style_true = 0
    for studio in studios:
        candidates = extracted(CITY, studio)
        truth = [{"name": a.name, "instagramHandle": a.handle} for a in studio.artists]
        artists += score_studio(truth, [c.to_dict() for c in candidates])
        by_handle = {c.instagram_handle: c for c in candidates}
        for artist in studio.artists:
            found = by_handle.get(artist.handle)
            if found is not None:
                style_true += len(artist.styles)
                style_found += len(found.styles)
                style_hits += len(set(found.styles) & set(artist.styles))
    print(f"{family}: artists P={artists.precision:.3f} R={artists.recall:.3f} {artists}")
    assert artists.precision >= 0.95
    assert artists.recall >= 0.95
    if style_found:
        assert style_hits / style_found >= 0.95, "styles found must be the artist's styles"
    if family not in STYLES_FROM_THE_SCRAPER | STYLES_NOT_READ_YET:
        assert style_hits / style_true >= 0.9, "most of an artist's styles must be found"


@pytest.mark.parametrize("family", ALL_FAMILIES)
def test_malformed_markup_still_yields_the_roster(family: str) -> None:
    score = Score()
    for studio in _studios(family, "malformed"):
        truth = [{"name": a.name, "instagramHandle": a.handle} for a in studio.artists]
        score += score_studio(truth, [c.to_dict() for c in extracted(CITY, studio)])
    assert score.precision >= 0.9
    assert score.recall >= 0.9


def test_candidates_fit_the_find_artists_contract() -> None:
    by_family: dict[str, int] = defaultdict(int)
    for studio in CITY.studios[:300]:
        if not studio.host or studio.condition != "ok":
            continue
        candidates = [c.to_dict() for c in extracted(CITY, studio)]
        contracts.validate(
            "find-artists-output",
            {"runId": "run-1", "studioId": "stu_fixture", "candidates": candidates},
        )
        by_family[studio.family] += len(candidates)
    assert set(by_family) == set(ALL_FAMILIES)


def test_the_studios_own_account_and_posts_are_never_artists() -> None:
    for studio in CITY.studios[:200]:
        if not studio.host or studio.condition != "ok":
            continue
        handles = {c.instagram_handle for c in extracted(CITY, studio)}
        assert studio.studio_handle not in handles
        assert "p" not in handles


def test_an_artist_with_a_guest_spot_is_found_at_both_studios() -> None:
    guests = [s for s in CITY.studios if s.guests and s.host and s.condition == "ok"]
    assert guests
    for studio in guests:
        handles = {c.instagram_handle for c in extracted(CITY, studio)}
        assert studio.guests[0].handle in handles


def test_a_post_archives_cards_are_named_by_their_own_headers() -> None:
    """The paginated family is a WordPress post archive (post-N classes, each title in the
    post's own <header>): every artist found carries the name the post gives."""
    for studio in _studios("paginated", "ok")[:5]:
        names = {a.handle: a.name for a in studio.artists}
        found = {c.instagram_handle: c.name for c in extracted(CITY, studio)}
        assert found == names
