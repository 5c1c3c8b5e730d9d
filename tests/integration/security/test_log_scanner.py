"""The log grep used by the e2e tier (tests/e2e/test_end_to_end.py greps every log the local
cloud wrote): it must find a leaked secret, name or handle, and must not report chance
look-alikes or echo the values."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.integration.security.leaks import find_leaks, personal_values, secret_values

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[3]
TRUTH = {
    "studios": [
        {
            "artists": [
                {"name": "Rowan Ashby", "instagramHandle": "rowan.ashby.ink"},
                {"name": "Isla Penrose", "instagramHandle": "@isla_tattoos"},
            ]
        }
    ]
}


def write(log_dir: Path, name: str, *lines: str) -> None:
    log_dir.mkdir(parents=True, exist_ok=True)
    (log_dir / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_the_configured_secret_values_are_read_from_the_defaults_file() -> None:
    values = secret_values(ROOT / "emulation" / "secrets.defaults.json")
    assert "world-places-key-not-a-secret" in values


def test_leaked_names_handles_and_secrets_are_found_with_file_line_and_level(
    tmp_path: Path,
) -> None:
    info = json.dumps({"level": "INFO", "message": "artist written", "name": "Rowan Ashby"})
    write(
        tmp_path,
        "fn.log",
        json.dumps({"level": "INFO", "message": "ok", "artistId": "art_0123456789abcdef"}),
        info,
        "START RequestId: 1",
    )
    write(tmp_path / "ecs", "task.log", "fetched https://example.test/@isla_tattoos/profile")
    write(tmp_path, "other.log", "Authorization: key world-places-key-not-a-secret")
    forbidden = {**personal_values(TRUTH), "secret": {"world-places-key-not-a-secret"}}

    leaks = find_leaks(tmp_path, forbidden)

    assert {(leak.file, leak.line, leak.kind, leak.level) for leak in leaks} == {
        ("fn.log", 2, "artist name", "INFO"),
        ("ecs/task.log", 1, "instagram handle", "-"),
        ("other.log", 1, "secret", "-"),
    }
    assert all("Rowan" not in str(leak) and "isla" not in str(leak) for leak in leaks)


def test_look_alikes_and_hashed_values_are_not_leaks(tmp_path: Path) -> None:
    write(
        tmp_path,
        "fn.log",
        json.dumps({"level": "INFO", "identityKeyHash": "9f2c...", "studio": "Rowan Ashbyville"}),
        "xrowan.ashby.ink is another token",
    )
    assert find_leaks(tmp_path, personal_values(TRUTH)) == []
