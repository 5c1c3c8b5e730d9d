"""Scrape-job messages: two kinds (profile, roster), parsed once where they enter the scraper;
messages queued before jobs had a kind are still read as profile jobs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from compute import contracts
from compute.domain.errors import ValidationError
from compute.domain.identity import job_id_for
from compute.domain.models import RosterJob, ScrapeJob
from compute.domain.pipeline import ROSTER_PRIORITY
from compute.domain.validation import parse_scrape_job

EXAMPLES = Path(__file__).resolve().parents[3] / "contracts" / "examples" / "scrape-job"
T0 = "2026-11-28T02:41:13.512Z"


def _example(name: str) -> dict[str, Any]:
    return dict(json.loads((EXAMPLES / name).read_text(encoding="utf-8")))


def test_a_profile_job_names_the_page_to_scrape_apart_from_the_artist() -> None:
    job = parse_scrape_job(_example("valid-job.json"))
    assert isinstance(job, ScrapeJob) and job.kind == "profile"
    assert job.page_url == "https://northern-quarter-ink.example.co.uk/artists/rowan"
    assert job.studio_id == "stu_5a7e0c2d9f14b863"
    assert job.identity_key == "ig:rowan.ashby.ink"
    assert parse_scrape_job(job.to_message()) == job


def test_a_roster_job_names_a_studio_and_its_site() -> None:
    job = parse_scrape_job(_example("valid-roster-job.json"))
    assert isinstance(job, RosterJob) and job.kind == "roster"
    assert (job.studio_id, job.page_url) == (
        "stu_5a7e0c2d9f14b863",
        "https://northern-quarter-ink.example.co.uk/",
    )
    assert parse_scrape_job(job.to_message()) == job


def test_a_message_without_a_kind_is_read_as_the_earlier_profile_job() -> None:
    legacy = _example("valid-legacy-job.json")
    job = parse_scrape_job(legacy)
    assert isinstance(job, ScrapeJob)
    assert job.page_url == legacy["artist"]["profileUrl"]
    assert job.studio_id == legacy["artist"]["studioId"]
    # Sent again, it goes out in today's shape, and reads back the same.
    assert job.to_message()["kind"] == "profile"
    assert parse_scrape_job(job.to_message()) == job


def test_the_roster_job_of_a_studio_is_one_job_per_run() -> None:
    first = RosterJob.for_studio("run-1", "stu_a", "http://a.test/", queued_at=T0)
    again = RosterJob.for_studio("run-1", "stu_a", "http://a.test/", queued_at=T0)
    assert first.job_id == again.job_id == job_id_for("run-1", "roster:stu_a")
    assert first.priority == ROSTER_PRIORITY
    assert RosterJob.for_studio("run-2", "stu_a", "http://a.test/", queued_at=T0) != first
    contracts.validate("scrape-job", first.to_message())


@pytest.mark.parametrize(
    "change",
    [
        {"kind": "gallery"},
        {"kind": "roster", "artist": {"identityKey": "ig:a", "confidence": 0.9}},
        {"pageUrl": "ftp://a.test/"},
        {"kind": None},
    ],
    ids=["unknown kind", "roster job with an artist", "not http", "null kind"],
)
def test_what_the_contract_refuses_the_parser_refuses(change: dict[str, Any]) -> None:
    message = {**_example("valid-roster-job.json"), **change}
    assert not contracts.is_valid("scrape-job", message)
    with pytest.raises(ValidationError):
        parse_scrape_job(message)


@pytest.mark.parametrize("file", sorted(EXAMPLES.glob("*.json")), ids=lambda p: p.stem)
def test_the_parser_agrees_with_the_contract_on_every_example(file: Path) -> None:
    if file.name == "expected-errors.json":
        return
    message = json.loads(file.read_text(encoding="utf-8"))
    if file.name.startswith("valid-"):
        parse_scrape_job(message)
    else:
        with pytest.raises(ValidationError):
            parse_scrape_job(message)
