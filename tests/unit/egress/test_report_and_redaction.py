"""What leaves the rotation: the notification (checked against its contract) and the log-safe
forms of addresses and ids."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compute import contracts
from compute.services.egress_report import RotationFailed, RotationReport, fingerprint, redact

SCHEMA = "egress-rotation-notification"
OLD = {"old_gateway_id": "nat-0a1b2c3d4e5f60718", "old_address": "18.130.44.12"}
NEW = {"new_gateway_id": "nat-0f9e8d7c6b5a43210", "new_address": "35.177.201.9"}


@pytest.mark.parametrize(
    "report",
    [
        RotationReport("success", "rot-1", "schedule", 184.2, **OLD, **NEW),
        RotationReport("dry-run", "rot-2", "manual", 1.3, **OLD),
        RotationReport("rollback", "rot-3", "alarm", 41.0, **OLD, **NEW, error="StepFailed: x"),
        RotationReport(
            "rollback-failed",
            "rot-4",
            "alarm",
            400.0,
            **OLD,
            **NEW,
            error="InjectedFault: release",
            left=["eipalloc-0123456789abcdef0"],
        ),
        # Refused before the current gateway was known: no old ids to report.
        RotationReport("failure", "rot-5", "schedule", 0.4, error="RotationRefused: routes"),
    ],
    ids=lambda r: r.outcome,
)
def test_every_outcome_matches_the_contract(report: RotationReport) -> None:
    message = report.notification()
    contracts.validate(SCHEMA, message)
    assert message["outcome"] == report.outcome
    assert message["correlationId"] == report.correlation_id


def test_failure_without_error_breaks_the_contract() -> None:
    with pytest.raises(contracts.ContractError, match=r"must contain \['error'\]"):
        contracts.validate(
            SCHEMA, RotationReport("rollback", "rot-6", "t", 1.0, **OLD).notification()
        )


def test_fingerprint_is_stable_and_keeps_only_the_kind() -> None:
    assert fingerprint("nat-0a1b2c3d4e5f60718") == fingerprint("nat-0a1b2c3d4e5f60718")
    assert fingerprint("nat-0a1b2c3d4e5f60718").startswith("nat-#")
    assert fingerprint("eipalloc-0123456789abcdef0").startswith("eipalloc-#")
    assert fingerprint("18.130.44.12").startswith("ip-#")
    assert fingerprint("nat-0a1b2c3d4e5f60718") != fingerprint("nat-0a1b2c3d4e5f60719")
    assert "0a1b2c3d" not in fingerprint("nat-0a1b2c3d4e5f60718")


def test_redact_keeps_the_default_route_and_the_prose() -> None:
    text = "rtb-0aaa1111 sends 0.0.0.0/0 to nat-0a1b2c3d4e5f60718 via 18.130.44.12"
    redacted = redact(text)
    assert "0.0.0.0/0" in redacted and "sends" in redacted
    for secret in ("rtb-0aaa1111", "nat-0a1b2c3d4e5f60718", "18.130.44.12"):
        assert secret not in redacted


ids = st.builds(
    lambda kind, digits: f"{kind}-{digits}",
    st.sampled_from(["eipalloc", "eipassoc", "nat", "rtb", "subnet", "vpc", "eni", "igw"]),
    st.text("0123456789abcdef", min_size=8, max_size=17),
)
addresses = st.tuples(*[st.integers(1, 255)] * 4).map(lambda t: ".".join(map(str, t)))
prose = st.text(st.characters(codec="ascii", exclude_characters="0123456789abcdef"), max_size=20)


@given(st.lists(st.tuples(prose, st.one_of(ids, addresses)), min_size=1, max_size=6))
def test_redact_never_leaves_an_id_or_address(parts: list[tuple[str, str]]) -> None:
    text = " ".join(f"{words} {secret}" for words, secret in parts)
    redacted = redact(text)
    for _, secret in parts:
        assert secret not in redacted


def test_rotation_failed_message_is_log_safe() -> None:
    report = RotationReport(
        "rollback",
        "rot-7",
        "schedule",
        3.0,
        **OLD,
        **NEW,
        error="gateway nat-0f9e8d7c6b5a43210 failed",
    )
    message = str(RotationFailed(report))
    assert "rot-7" in message and "rollback" in message
    assert "nat-0f9e8d7c6b5a43210" not in message


def test_long_errors_and_many_leftovers_still_fit_the_contract() -> None:
    report = RotationReport(
        "rollback-failed", "rot-long", "schedule", 1.0, error="x" * 10_000, left=["y" * 300] * 150
    )
    message = report.notification()
    contracts.validate(SCHEMA, message)
    assert len(message["error"]) == 4096 and len(message["left"]) == 100
    # The report itself keeps everything for the log and the handler's reply.
    assert len(report.error or "") == 10_000 and len(report.left) == 150
