"""Where the benchmarks read and write: the repository, results/, the cloud assembly and the
local cloud's state directory."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "results"
DEFAULT_ASSEMBLY = ROOT / "infra" / "cdk.out"
DEFAULT_STATE_DIR = ROOT / ".local-cloud"
