"""ValidateArtists: one studio's candidates -> the run's scrape candidates.

Each candidate is normalised (domain validation), de-duplicated by identity within the studio
and across studios (the scrape_candidate item's SK is the identity key: the first studio to
write it owns it, so an artist at two studios is scraped once; once queued, it is not claimed
again), and dropped when it is
denylisted or too weakly evidenced. Every drop is counted under its reason; nothing is lost
without a count.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from compute.domain import keys
from compute.domain.denylist import denial_hashes
from compute.domain.errors import ValidationError
from compute.domain.models import ArtistCandidate, ScrapeCandidate, format_timestamp
from compute.domain.priority import is_major_city, scrape_priority

# Below this a candidate is more likely site furniture than a person (extraction's scale).
MIN_CONFIDENCE = 0.5
CANDIDATE_TTL_S = 30 * 24 * 3600  # a run's candidates are kept a month, then expire

DropReason = str  # invalid | wrong_studio | low_confidence | denylisted | duplicate


class CandidateTable(Protocol):
    def is_denied(self, identity_key_hash: str) -> bool: ...
    def get_item(self, key: Mapping[str, str], *, consistent: bool = False) -> Any: ...


class CandidateStore(Protocol):
    def claim(self, item: Mapping[str, Any]) -> bool:
        """Write the scrape_candidate item unless another studio already owns the identity;
        True when written (or already ours)."""
        ...


@dataclass(frozen=True, slots=True)
class ValidationOutcome:
    run_id: str
    studio_id: str
    accepted: int
    dropped: Mapping[str, int] = field(default_factory=dict)
    claimed: tuple[ScrapeCandidate, ...] = ()  # the accepted candidates (not in the output)

    def to_output(self) -> dict[str, Any]:
        return {
            "runId": self.run_id,
            "studioId": self.studio_id,
            "accepted": self.accepted,
            "dropped": dict(self.dropped),
        }


def _denied(candidate: ArtistCandidate, table: CandidateTable) -> bool:
    hashes = denial_hashes(identity_key=candidate.identity_key, handle=candidate.instagram_handle)
    return any(table.is_denied(h) for h in hashes)


def _studio_city(table: CandidateTable, studio_id: str) -> str | None:
    item = table.get_item(keys.studio_key(studio_id))
    city = item.get("city") if isinstance(item, Mapping) else None
    return str(city) if city else None


def validate_artists(
    run_id: str,
    studio_id: str,
    raw_candidates: Sequence[Mapping[str, Any]],
    *,
    table: CandidateTable,
    store: CandidateStore,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    min_confidence: float = MIN_CONFIDENCE,
) -> ValidationOutcome:
    dropped: Counter[str] = Counter()
    seen: set[str] = set()
    claimed: list[ScrapeCandidate] = []
    created_at = format_timestamp(now())
    expires_at = int(time.time()) + CANDIDATE_TTL_S
    city = _studio_city(table, studio_id)
    major_city = bool(city and is_major_city(city))
    for raw in raw_candidates:
        try:
            candidate = ArtistCandidate.from_dict(raw)
        except ValidationError:
            dropped["invalid"] += 1
            continue
        if candidate.studio_id != studio_id:
            dropped["wrong_studio"] += 1
            continue
        if candidate.confidence < min_confidence:
            dropped["low_confidence"] += 1
            continue
        identity = candidate.identity_key
        if identity in seen:
            dropped["duplicate"] += 1
            continue
        seen.add(identity)
        if _denied(candidate, table):
            dropped["denylisted"] += 1
            continue
        scrape_candidate = ScrapeCandidate.from_candidate(
            candidate,
            run_id=run_id,
            created_at=created_at,
            priority=scrape_priority(candidate, major_city=major_city),
            expires_at=expires_at,
        )
        if store.claim(scrape_candidate.to_item()):
            claimed.append(scrape_candidate)
        else:
            dropped["duplicate"] += 1  # another studio listed the same artist first
    return ValidationOutcome(
        run_id, studio_id, len(claimed), dict(sorted(dropped.items())), tuple(claimed)
    )
