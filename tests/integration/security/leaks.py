"""Grep the logs a local cloud wrote for values that must never appear in them: configured
secret values, and the synthetic world's artist names and Instagram handles (personal data).

Every line of every file under the log directory counts (function logs, scraper task logs,
START/END/REPORT lines, tracebacks): the functions run at LOG_LEVEL=INFO, so whatever they
wrote at INFO or above is there. A finding names the file, the line number and which kind of
value leaked, never the value itself (the report must not leak either).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Handles and names shorter than this are too likely to occur by chance (e.g. "ink").
MIN_LENGTH = 5


@dataclass(frozen=True)
class Leak:
    file: str
    line: int
    kind: str  # "secret", "artist name", "instagram handle"
    level: str  # the record's level when the line is a JSON log record, else "-"

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.kind} at {self.level}"


def secret_values(defaults: Path) -> set[str]:
    """The secret values the local cloud gives its secrets (emulation/secrets.defaults.json)."""
    document = json.loads(defaults.read_text(encoding="utf-8"))
    values: set[str] = set()
    for value in document.get("secrets", {}).values():
        if isinstance(value, str):
            values.add(value)
        elif isinstance(value, Mapping):
            values.update(str(v) for v in value.values() if isinstance(v, str))
    return {v for v in values if len(v) >= MIN_LENGTH}


def personal_values(truth: Mapping[str, Any]) -> dict[str, set[str]]:
    """Artist names and handles from the world's ground truth."""
    names: set[str] = set()
    handles: set[str] = set()
    for studio in truth.get("studios", []):
        for artist in studio.get("artists", []):
            if artist.get("name") and len(artist["name"]) >= MIN_LENGTH:
                names.add(str(artist["name"]))
            handle = str(artist.get("instagramHandle") or "").lstrip("@")
            if len(handle) >= MIN_LENGTH:
                handles.add(handle)
    return {"artist name": names, "instagram handle": handles}


def _pattern(values: Iterable[str]) -> re.Pattern[str] | None:
    ordered = sorted({v for v in values if v}, key=len, reverse=True)
    if not ordered:
        return None
    alternatives = "|".join(re.escape(v) for v in ordered)
    # Whole words only: a handle must not match inside a longer token.
    return re.compile(rf"(?<![\w.]){'(?:' + alternatives + ')'}(?![\w])", re.IGNORECASE)


def _level(line: str) -> str:
    if not line.startswith("{"):
        return "-"
    try:
        record = json.loads(line)
    except ValueError:
        return "-"
    return str(record.get("level", "-")) if isinstance(record, dict) else "-"


def find_leaks(log_dir: Path, forbidden: Mapping[str, Iterable[str]]) -> list[Leak]:
    """Every line under `log_dir` holding a forbidden value, by kind."""
    patterns = {kind: _pattern(values) for kind, values in forbidden.items()}
    leaks: list[Leak] = []
    for path in sorted(p for p in log_dir.rglob("*") if p.is_file()):
        with path.open(encoding="utf-8", errors="replace") as log:
            for number, line in enumerate(log, start=1):
                for kind, pattern in patterns.items():
                    if pattern is not None and pattern.search(line):
                        leaks.append(
                            Leak(str(path.relative_to(log_dir)), number, kind, _level(line))
                        )
    return leaks


def log_files(log_dir: Path) -> list[Path]:
    return sorted(p for p in log_dir.rglob("*") if p.is_file())
