"""SendMessageBatch: 10 per call, refused entries retried alone, lasting refusals raised."""

from __future__ import annotations

from typing import Any

import pytest

from compute.adapters.queue import JobQueue, OutgoingMessage, SendFailed


class Sqs:
    def __init__(self, refuse: dict[str, list[str]] | None = None) -> None:
        self.calls: list[list[str]] = []
        self.refuse = refuse or {}  # entry id -> codes to answer, one per call

    def send_message_batch(self, QueueUrl: str, Entries: list[dict[str, Any]]) -> dict[str, Any]:
        assert len(Entries) <= 10
        self.calls.append([e["Id"] for e in Entries])
        ok, failed = [], []
        for entry in Entries:
            codes = self.refuse.get(entry["Id"])
            if codes:
                code = codes.pop(0)
                failed.append(
                    {
                        "Id": entry["Id"],
                        "Code": code,
                        "SenderFault": code == "InvalidParameterValue",
                    }
                )
            else:
                ok.append({"Id": entry["Id"], "MessageId": "m-" + entry["Id"]})
        return {"Successful": ok, "Failed": failed}


def messages(n: int) -> list[OutgoingMessage]:
    return [OutgoingMessage(f"job_{i}", {"n": i}) for i in range(n)]


def test_sends_ten_per_call() -> None:
    sqs = Sqs()
    report = JobQueue(sqs, "url", sleep=lambda s: None).send_batch(messages(23))  # type: ignore[arg-type]
    assert report.sent == 23 and report.batches == 3
    assert [len(c) for c in sqs.calls] == [10, 10, 3]


def test_retries_only_the_entries_sqs_refused() -> None:
    sqs = Sqs({"job_3": ["ServiceUnavailable", "ThrottlingException"]})
    report = JobQueue(sqs, "url", sleep=lambda s: None).send_batch(messages(5))  # type: ignore[arg-type]
    assert report.sent == 5
    assert sqs.calls[1:] == [["job_3"], ["job_3"]]


def test_a_lasting_refusal_is_raised_with_the_entry() -> None:
    sqs = Sqs({"job_1": ["InvalidParameterValue"], "job_2": ["ServiceUnavailable"] * 9})
    with pytest.raises(SendFailed) as raised:
        JobQueue(sqs, "url", sleep=lambda s: None).send_batch(messages(4))  # type: ignore[arg-type]
    assert set(raised.value.failed) == {"job_1", "job_2"}


def test_duplicate_entry_ids_are_refused_before_sending() -> None:
    with pytest.raises(ValueError):
        JobQueue(Sqs(), "url").send_batch([OutgoingMessage("a", {}), OutgoingMessage("a", {})])  # type: ignore[arg-type]
