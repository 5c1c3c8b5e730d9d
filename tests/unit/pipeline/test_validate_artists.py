from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from compute.domain.denylist import handle_identity_key_hash, identity_key_hash
from compute.domain.keys import studio_key
from compute.domain.models import ArtistCandidate
from compute.services.validate_artists import validate_artists
from tests.unit.pipeline.fakes import FakeRuns

RUN = "run-1"
STUDIO = "stu_a"
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def candidate(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "sourceUrl": "http://a.test/artists",
        "confidence": 0.8,
        "studioId": STUDIO,
    }
    base.update(fields)
    return base


def run(candidates: list[dict[str, Any]], runs: FakeRuns | None = None, studio: str = STUDIO):
    runs = runs or FakeRuns()
    outcome = validate_artists(
        RUN, studio, candidates, table=runs.table, store=runs, now=lambda: NOW
    )
    return outcome, runs


def test_accepted_candidates_become_scrape_candidate_items_keyed_by_identity() -> None:
    outcome, runs = run([candidate(name="Ada Smith", instagramHandle="ada.ink")])
    assert outcome.accepted == 1 and outcome.dropped == {}
    [item] = runs.candidates(RUN)
    assert item["SK"] == "CANDIDATE#ig:ada.ink"
    assert item["status"] == "pending"
    assert item["priority"] == 5 + 2  # base + handle (no popular style, no major city)


def test_every_drop_is_counted_under_its_reason() -> None:
    runs = FakeRuns()
    runs.table.denied.add(handle_identity_key_hash("denied.one"))
    outcome, _ = run(
        [
            candidate(name="Ada Smith", instagramHandle="ada.ink"),
            candidate(name="Ada Smith", instagramHandle="ADA.INK"),  # same person, other case
            candidate(name="Weak Maybe", confidence=0.2),
            candidate(name="Someone", instagramHandle="denied.one"),
            candidate(name="Elsewhere", studioId="stu_b"),
            {"sourceUrl": "not a url", "confidence": 0.9, "studioId": STUDIO, "name": "X"},
        ],
        runs,
    )
    assert outcome.accepted == 1
    assert outcome.dropped == {
        "denylisted": 1,
        "duplicate": 1,
        "invalid": 1,
        "low_confidence": 1,
        "wrong_studio": 1,
    }
    assert sum(outcome.dropped.values()) + outcome.accepted == 6


def test_an_identity_denied_without_a_handle_is_dropped() -> None:
    runs = FakeRuns()
    web = ArtistCandidate(
        source_url="http://a.test/",
        confidence=0.9,
        studio_id=STUDIO,
        profile_url="http://a.test/artists/ada/",
    )
    runs.table.denied.add(identity_key_hash(web.identity_key))
    outcome, _ = run([candidate(profileUrl="http://a.test/artists/ada/")], runs)
    assert outcome.dropped == {"denylisted": 1}


def test_an_artist_at_two_studios_is_one_candidate_owned_by_the_first() -> None:
    runs = FakeRuns()
    run([candidate(name="Ada Smith", instagramHandle="ada.ink")], runs)
    second, _ = run(
        [candidate(name="Ada Smith", instagramHandle="ada.ink", studioId="stu_b")], runs, "stu_b"
    )
    assert second.accepted == 0 and second.dropped == {"duplicate": 1}
    [item] = runs.candidates(RUN)
    assert item["studioId"] == STUDIO


def test_a_retried_studio_rewrites_its_own_candidates() -> None:
    runs = FakeRuns()
    first, _ = run([candidate(name="Ada Smith", instagramHandle="ada.ink")], runs)
    again, _ = run([candidate(name="Ada Smith", instagramHandle="ada.ink")], runs)
    assert first.accepted == again.accepted == 1


def test_major_city_raises_priority() -> None:
    runs = FakeRuns()
    runs.table.put({**studio_key(STUDIO), "city": "Leeds"})
    run([candidate(name="Ada Smith", instagramHandle="ada.ink", styles=["realism"])], runs)
    [item] = runs.candidates(RUN)
    assert item["priority"] == 5 + 2 + 1 + 1


def test_instagram_profiles_are_never_the_page_to_scrape() -> None:
    on_instagram = ArtistCandidate(
        source_url="http://a.test/team",
        confidence=0.9,
        studio_id=STUDIO,
        instagram_handle="ada.ink",
        profile_url="https://www.instagram.com/ada.ink/",
    )
    own_page = ArtistCandidate(
        source_url="http://a.test/team",
        confidence=0.9,
        studio_id=STUDIO,
        profile_url="http://a.test/artists/ada/",
    )
    assert on_instagram.page_to_scrape == "http://a.test/team"
    assert own_page.page_to_scrape == "http://a.test/artists/ada/"
