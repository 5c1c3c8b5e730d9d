"""How well a run found the world's artists (pure): precision and recall by Instagram handle
against the ground truth, duplicates, and where a browser was needed."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

# Site conditions under which the studio's website answers a polite crawler entering at the
# home page Places gives (a "timeout" home page hangs 40 s, a "huge" one is 6 MB).
READABLE_CONDITIONS = frozenset({"ok", "slow", "flaky", "malformed"})
UNRESPONSIVE_CONDITIONS = frozenset({"timeout", "huge"})


def expected_handles(
    truth: Mapping[str, Any], conditions: frozenset[str] = READABLE_CONDITIONS
) -> tuple[set[str], set[str]]:
    """(every artist handle in the world, the handles of artists at studios the pipeline can
    reach: operational, with a website in one of `conditions`)."""
    everyone: set[str] = set()
    reachable: set[str] = set()
    for studio in truth["studios"]:
        handles = {str(a["instagramHandle"]) for a in studio["artists"]}
        everyone |= handles
        if (
            studio["businessStatus"] == "OPERATIONAL"
            and studio["website"]
            and studio["condition"] in conditions
        ):
            reachable |= handles
    return everyone, reachable


@dataclasses.dataclass(frozen=True)
class Scores:
    artists_found: int
    precision: float
    recall: float
    recall_all: float
    recall_with_unresponsive: float
    duplicates: int
    false_positives: list[str]


def score_artists(artists: Sequence[Mapping[str, Any]], truth: Mapping[str, Any]) -> Scores:
    """Precision over every artist written; recall over the reachable studios' artists (and,
    for reference, over every artist in the world); duplicates: artist items beyond the first
    for one handle, or for one name at one studio when there is no handle."""
    everyone, reachable = expected_handles(truth)
    listed = [a for a in artists if a.get("opted_out") is not True]
    handles = Counter(str(a.get("instagramHandle") or "") for a in listed)
    unhandled = Counter(
        (str(a.get("nameKey")), str((a.get("studioInfo") or {}).get("studioId")))
        for a in listed
        if not a.get("instagramHandle")
    )
    duplicates = sum(n - 1 for h, n in handles.items() if h) + sum(
        n - 1 for n in unhandled.values()
    )
    found = {h for h in handles if h}
    true_positives = found & everyone
    false = sorted(found - everyone) + [f"name:{k[0]}" for k in unhandled]
    precision = len(true_positives) / len(listed) if listed else 1.0
    recall = len(found & reachable) / len(reachable) if reachable else 1.0
    recall_all = len(true_positives) / len(everyone) if everyone else 1.0
    _, wider = expected_handles(truth, READABLE_CONDITIONS | UNRESPONSIVE_CONDITIONS)
    recall_wider = len(found & wider) / len(wider) if wider else 1.0
    return Scores(
        artists_found=len(listed),
        precision=round(precision, 4),
        recall=round(recall, 4),
        recall_all=round(recall_all, 4),
        recall_with_unresponsive=round(recall_wider, 4),
        duplicates=duplicates,
        false_positives=false[:20],
    )


def browser_figures(summary: Mapping[str, Any], studios: int) -> dict[str, Any]:
    """Where a browser was needed: studios read by roster jobs, the artists they added, and
    the share of the run's studios with a page drawn in Chromium."""
    rendered = int(summary.get("studiosRendered") or 0)
    return {
        "rosterStudios": int(summary.get("rosterStudios") or 0),
        "rosterArtists": int(summary.get("rosterArtists") or 0),
        "studiosRendered": rendered,
        "renderedShare": round(rendered / studios, 4) if studios else 0.0,
    }
