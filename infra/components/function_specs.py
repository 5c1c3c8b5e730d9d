"""Which functions this module deploys: their names, memory (infra/function_sizes.json, measured
by `nox -s sizing`) and timeouts, and which of them reach the web."""

from __future__ import annotations

import json
from pathlib import Path

from aws_cdk import Duration

from infra.components.functions import FunctionSpec

SIZES_FILE = Path(__file__).resolve().parents[2] / "infra" / "function_sizes.json"

# Memory comes from infra/function_sizes.json (measured by `nox -s sizing`, reasons there);
# timeouts, one line of reasoning each.
FUNCTION_SIZES = json.loads(SIZES_FILE.read_text(encoding="utf-8"))["functions"]


def _spec(construct: str, short: str, timeout: Duration, description: str) -> FunctionSpec:
    return FunctionSpec(
        construct, short, int(FUNCTION_SIZES[short]["memory_mb"]), timeout, description
    )


FUNCTION_SPECS = {
    # api: 30 s = API Gateway's limit.
    "api": _spec("Api", "api", Duration.seconds(30), "HTTP API: search and read artists"),
    # sync: 5 min leaves room for OpenSearch retries per batch.
    "sync": _spec("Sync", "sync", Duration.minutes(5), "DynamoDB stream -> OpenSearch"),
    # discover-studios: 15 min for paging with rate limits.
    "discover-studios": _spec(
        "DiscoverStudios", "discover-studios", Duration.minutes(15), "Places API -> studios"
    ),
    # find-artists: 15 min because it crawls one studio site politely.
    "find-artists": _spec(
        "FindArtists", "find-artists", Duration.minutes(15), "Studio website -> candidates"
    ),
    # validate-artists: 5 min covers denylist reads for a studio's candidates.
    "validate-artists": _spec(
        "ValidateArtists", "validate-artists", Duration.minutes(5), "Validate candidates"
    ),
    # queue-scraping: 10 min to page candidates and send ~25,000 jobs in batches of 10.
    "queue-scraping": _spec(
        "QueueScraping", "queue-scraping", Duration.minutes(10), "Candidates -> scrape jobs"
    ),
    # summarize: 5 min to count one run's items and queue depths.
    "summarize": _spec("Summarize", "summarize", Duration.minutes(5), "Run summary"),
    # reconcile: 15 min: a Scan and a scroll over every artist, then re-driving what differs.
    "reconcile": _spec(
        "Reconcile", "reconcile", Duration.minutes(15), "Table vs index: re-drive differences"
    ),
    # rotate-egress-ip: 15 min: a NAT gateway takes minutes to become available.
    "rotate-egress-ip": _spec(
        "RotateEgressIp", "rotate-egress-ip", Duration.minutes(15), "Blue/green NAT egress IP swap"
    ),
}


# Only these reach the web (Google Places, studio sites); every other function talks to AWS alone.
WEB_FUNCTIONS = ("discover-studios", "find-artists")
