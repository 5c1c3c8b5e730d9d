"""Event files and execution input as the commands read them: a missing file or bad JSON is
a CliError that names it, before anything runs."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from emulation.cli.common import CliError


def read_event(path: str | None) -> Any:
    """An event file (file://PATH too, '-' for stdin); no file: {}."""
    if path is None:
        return {}
    return parse_json(read_text(path.removeprefix("file://")), path)


def read_text(path: str) -> str:
    """A file's text ('-': stdin); a missing file is the user's to fix, not a traceback."""
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror or exc}") from exc


def parse_json(text: str, source: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CliError(f"{source} is not JSON: {exc}") from exc


def execution_input(value: str) -> str:
    """--input as the aws CLI takes it: inline JSON, or file://PATH (also @PATH); checked to
    be JSON here so a typo fails before an execution starts."""
    for prefix in ("file://", "@"):
        if value.startswith(prefix):
            path = value.removeprefix(prefix)
            text = read_text(path)
            parse_json(text, path)
            return text
    parse_json(value, "--input")
    return value
