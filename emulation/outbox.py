"""Amazon SES, locally: every message moto's SES accepts is also written to an outbox folder.

moto keeps sent messages in its backend (`sent_messages`), which only the local cloud's own
process can read. The outbox makes them readable by a test and by a person: one JSON file per
message in `<state dir>/outbox/` (`compute-local outbox` prints them), written as moto accepts
the message, so a Lambda's SendEmail is on disk before its reply reaches the caller.
"""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_lock = threading.Lock()
_directory: Path | None = None
_numbers = itertools.count(1)
_installed = False


@dataclass(frozen=True)
class Mail:
    message_id: str
    source: str
    to: list[str]
    subject: str
    body: str


def install(directory: Path) -> None:
    """Mirror moto's SES SendEmail into `directory` from now on (one cloud per process at a
    time: the last one installed gets the mail)."""
    global _directory, _installed
    directory.mkdir(parents=True, exist_ok=True)
    with _lock:
        _directory = directory
        if _installed:
            return
        from moto.ses.models import SESBackend

        original = SESBackend.send_email

        def send_email(self: Any, source: str, subject: str, body: str, destinations: Any) -> Any:
            message = original(self, source, subject, body, destinations)
            _write(
                Mail(
                    message_id=str(message.id),
                    source=source,
                    to=[a for addresses in destinations.values() for a in addresses],
                    subject=subject,
                    body=body,
                )
            )
            return message

        SESBackend.send_email = send_email  # type: ignore[method-assign]
        _installed = True


def _write(mail: Mail) -> None:
    with _lock:
        directory = _directory
        number = next(_numbers)
    if directory is None:
        return
    path = directory / f"{number:06d}-{mail.message_id}.json"
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(vars(mail), indent=2), encoding="utf-8")
    tmp.replace(path)


def read(directory: Path) -> Iterator[Mail]:
    """Every message in the outbox, oldest first."""
    for path in sorted(directory.glob("*.json")):
        yield Mail(**json.loads(path.read_text(encoding="utf-8")))
