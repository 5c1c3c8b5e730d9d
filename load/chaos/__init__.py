"""Fault scenarios against the whole local cloud, with lost/duplicated counts:
results/chaos.json, a table at the end and results/chaos.html beside the JSON.

    python -m load.chaos                  # the full profile (nox -s chaos)
    python -m load.chaos --profile ci     # fewer writes, shorter outages (tests/e2e runs it)
    python -m load.chaos --only search_down sync_crash

Every scenario drives the deployed stack through its public edges (the table, the state
machine, SQS, ECS StopTask) while a named fault from `emulation.faults` is on, then compares
what the system holds with what it should hold:

- `search_down`: OpenSearch unreachable (the fault proxy resets connections) for N s during M
  writes; after recovery the index must equal the table (document count and a checksum of
  id+version). Records that exhausted the mapping's retries went to the sync-failures queue;
  the replay command (`python -m load.replay`, see docs/OPERATIONS.md) re-drives them to the
  same convergence.
- `sync_crash`: the sync function crashes on 5 % of invocations during M writes.
- `places_bursts`: the Places API answers 429 and 500 in bursts; the run completes and the
  Places circuit breaker opens and closes (CircuitOpened/CircuitClosed in its EMF metrics).
- `scraper_sigterm`: a scraper task is stopped (SIGTERM, as a Spot interruption) mid-run;
  every scrape job of the run ends as an artist or a dead letter / failure record.
- `poison_job`: an unreadable scrape job is dead-lettered after 3 receives, with the reason in
  the scraper's log.
- `slow_failing_sites`: some studio sites stall or fail; the run succeeds and the failures are
  recorded.
- `recreate_lower`: N indexed artists are deleted and written again at a lower version (a
  restore, a re-seed, a manual put) while other writes go on. The index keeps each delete's
  tombstone above the new version, so the sync's writes are refused: each must be on the
  sync-failures queue as `refused` (none silently counted as success), and after the reconcile
  job (`compute-local reconcile`, the deployed function) every one is searchable again and the
  index equals the table; the replay command then clears the resolved records.

`lost` counts records (or jobs) the system should hold and does not; `duplicated` counts
documents or artists it holds twice or should not hold. A scenario passes only with both 0.

The package: `stack` (the cloud and world under test, profiles), `writes` (paced artist
writes), `probes` (what the stack holds, read without disturbing it), `scenarios` (one module
per path: `sync_path`, `pipeline`), `alarms` (which alarms each scenario means to raise, and
which it did), `result` (chaos.json) and `cli`.
"""

from load.chaos.probes import index_documents, table_artists
from load.chaos.result import ScenarioResult, write_results
from load.chaos.scenarios import SCENARIOS, run_scenario
from load.chaos.stack import DAILY_RULE, PROFILES, Profile, Stack, rule_city, start_world

__all__ = [
    "DAILY_RULE",
    "PROFILES",
    "SCENARIOS",
    "Profile",
    "ScenarioResult",
    "Stack",
    "index_documents",
    "rule_city",
    "run_scenario",
    "start_world",
    "table_artists",
    "write_results",
]
