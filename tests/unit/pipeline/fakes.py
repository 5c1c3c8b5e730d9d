"""In-memory stand-ins for the pipeline's ports (pure unit tests only; integration tests use
moto and the world)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from compute.adapters.queue import OutgoingMessage, QueueUnavailable, ReceivedMessage, SendReport


@dataclass
class FakeTable:
    items: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    denied: set[str] = field(default_factory=set)

    def is_denied(self, identity_key_hash: str) -> bool:
        return identity_key_hash in self.denied

    def get_item(self, key: Mapping[str, str], *, consistent: bool = False) -> Any:
        if key["PK"].startswith("DENYLIST#") and key["PK"].removeprefix("DENYLIST#") in self.denied:
            return {"PK": key["PK"], "SK": key["SK"]}
        return self.items.get((key["PK"], key["SK"]))

    def get_items(self, item_keys: Sequence[Mapping[str, str]], *, consistent: bool = False) -> Any:
        return [self.get_item(key) for key in item_keys]

    def get_artist(self, artist_id: str, *, consistent: bool = False) -> Any:
        return self.items.get((f"ARTIST#{artist_id}", "METADATA"))

    def find_artist_by_handle(self, handle: str) -> Any:
        return next((i for i in self.items.values() if i.get("instagramHandle") == handle), None)

    def put(self, item: Mapping[str, Any]) -> None:
        self.items[(str(item["PK"]), str(item["SK"]))] = dict(item)


@dataclass
class FakeRuns:
    """CandidateStore + CandidateSource + RunSource over one dict."""

    table: FakeTable = field(default_factory=FakeTable)

    def claim(self, item: Mapping[str, Any]) -> bool:
        existing = self.table.items.get((item["PK"], item["SK"]))
        if existing is not None and (
            existing["studioId"] != item["studioId"] or existing.get("status") != "pending"
        ):
            return False
        self.table.put(item)
        return True

    def candidates(self, run_id: str) -> Iterable[Mapping[str, Any]]:
        return [
            dict(v)
            for (pk, sk), v in sorted(self.table.items.items())
            if pk == f"RUN#{run_id}" and sk.startswith("CANDIDATE#")
        ]

    def save_candidates(self, items: Sequence[Mapping[str, Any]]) -> None:
        for item in items:
            self.table.put(item)

    def get_run(self, run_id: str) -> dict[str, Any] | None:
        return self.table.items.get((f"RUN#{run_id}", "SUMMARY"))

    def put_run(self, item: Mapping[str, Any]) -> None:
        self.table.put(item)


@dataclass
class FakeSink:
    sent: list[OutgoingMessage] = field(default_factory=list)

    def send_batch(self, messages: Sequence[OutgoingMessage]) -> SendReport:
        self.sent.extend(messages)
        return SendReport(sent=len(messages), batches=-(-len(messages) // 10))


@dataclass
class FakeQueue:
    """What the worker calls on its JobQueue."""

    deleted: list[str] = field(default_factory=list)
    visibility: list[tuple[str, int]] = field(default_factory=list)
    fail_changes: bool = False

    def delete(self, message: ReceivedMessage) -> None:
        self.deleted.append(message.message_id)

    def delete_batch(self, messages: Sequence[ReceivedMessage]) -> list[ReceivedMessage]:
        self.deleted.extend(m.message_id for m in messages)
        return []

    def change_visibility(self, message: ReceivedMessage, timeout_s: int) -> None:
        if self.fail_changes:
            raise QueueUnavailable("down")
        self.visibility.append((message.message_id, timeout_s))

    def change_visibility_batch(
        self, messages: Sequence[ReceivedMessage], timeout_s: int
    ) -> list[ReceivedMessage]:
        for message in messages:
            self.change_visibility(message, timeout_s)
        return []

    def depth(self) -> dict[str, int]:
        return {"visible": 0, "inFlight": 0, "delayed": 0}


@dataclass
class FakeRecorder:
    records: list[tuple[str | None, str]] = field(default_factory=list)
    written_jobs: list[str] = field(default_factory=list)

    def record(self, job: Any, reason: str, detail: str) -> None:
        self.records.append((job.job_id if job else None, reason))

    def written(self, job: Any, count: int = 1) -> None:
        self.written_jobs.extend([job.job_id] * count)
