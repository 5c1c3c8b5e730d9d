"""The API's request mix, pure: route names as contracts/openapi.yaml defines them (results
are keyed by them), their shares, and the searches and artists a workload asks for."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

# Route names as the API defines them (contracts/openapi.yaml); results are keyed by these.
SEARCH = "GET /v1/artists"
ARTIST = "GET /v1/artists/{artistId}"
STYLES = "GET /v1/styles"
HEALTH = "GET /health"
# The request mix, in percent.
MIX: dict[str, int] = {SEARCH: 60, ARTIST: 25, STYLES: 10, HEALTH: 5}


def search_parameters(rng: random.Random, count: int) -> list[dict[str, str]]:
    """`count` varied searches over the seeded world: name prefixes and full names, styles and
    their synonyms, place names, near + radius, every sort, and paging."""
    from compute.domain.styles import SYNONYMS, VOCABULARY
    from emulation.seed import CITIES, FIRST_NAMES, LAST_NAMES

    synonyms = sorted(SYNONYMS)
    searches: list[dict[str, str]] = []
    while len(searches) < count:
        params: dict[str, str] = {}
        kinds = rng.sample(("query", "style", "location", "near"), rng.choice((1, 1, 2, 2, 3)))
        if "query" in kinds:
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            params["query"] = rng.choice(
                (first[: rng.randint(3, len(first))], f"{first} {last}", last[:4], first.lower())
            )
        if "style" in kinds:
            params["style"] = rng.choice(VOCABULARY) if rng.random() < 0.6 else rng.choice(synonyms)
        if "location" in kinds and "near" not in kinds:
            place = rng.choice(CITIES).name
            params["location"] = place if rng.random() < 0.7 else place.lower()
        if "near" in kinds:
            city = rng.choice(CITIES)
            params["near"] = f"{city.lat:.4f},{city.lon:.4f}"
            params["radius_km"] = str(rng.choice((2, 5, 10, 25, 50)))
        sorts = ["rating"] + (["relevance"] if "query" in params else [])
        sorts += ["distance"] if "near" in params else []
        if rng.random() < 0.5:
            params["sort"] = rng.choice(sorts)
        if rng.random() < 0.4:
            params["limit"] = str(rng.choice((10, 20, 50)))
        if rng.random() < 0.3:
            params["page"] = str(rng.randint(2, 5))
        searches.append(params)
    return searches


def workload(artist_ids: Sequence[str], *, searches: int = 5000, seed: int = 0) -> dict[str, Any]:
    """What the load generator replays: seeded artist ids and pre-built searches."""
    if not artist_ids:
        raise ValueError("the workload needs seeded artist ids")
    return {
        "artist_ids": list(artist_ids),
        "searches": search_parameters(random.Random(seed), searches),
        "mix": MIX,
    }
