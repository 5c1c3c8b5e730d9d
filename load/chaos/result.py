"""One scenario's outcome, and the chaos.json document of a run."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from load.chaos.stack import Profile


@dataclass
class ScenarioResult:
    name: str
    injected: str
    expected: str
    observed: str = ""
    lost: int = 0
    duplicated: int = 0
    passed: bool = False
    seconds: float = 0.0
    details: dict[str, Any] = field(default_factory=dict)
    # Alarms (template logical ids): the scenario names what the stack means to raise (-> why);
    # the alarm watch adds every alarm whose cause it observed, and records what fired.
    alarms_named: dict[str, str] = field(default_factory=dict)
    alarms_possible: dict[str, str] = field(default_factory=dict)  # may fire, by machine speed
    alarms_expected: list[str] = field(default_factory=list)
    alarms_seen: list[str] = field(default_factory=list)
    alarms: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def write_results(results: Sequence[ScenarioResult], output: Path, profile: Profile) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "profile": profile.name,
        "scenarios": [r.to_dict() for r in results],
        "lostTotal": sum(max(r.lost, 0) for r in results),
        "passed": all(r.passed for r in results),
    }
    output.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
