"""What the aggregation steps' handlers share: the error Step Functions retries, and checking
an event against its contract.

The state machine retries `TransientError` (and Lambda's own errors) with backoff; anything
else goes straight to the step's Catch, which records the failure. A handler raises in both
cases: returning an error object would look like success to Step Functions."""

from __future__ import annotations

from typing import Any

from compute import contracts


class TransientError(Exception):
    """A dependency (table, queue) did not answer: retrying the step may succeed."""


class InvalidStepInput(Exception):
    """The event does not match the step's input contract: retrying cannot help."""


def checked(schema: str, event: Any) -> dict[str, Any]:
    """The event, if it matches `contracts/schemas/<schema>.schema.json`."""
    try:
        contracts.validate(schema, event)
    except contracts.ContractError as error:
        raise InvalidStepInput(str(error)) from None
    return dict(event)


def reply(schema: str, output: dict[str, Any]) -> dict[str, Any]:
    """The output, checked against its contract before it leaves (a bug, not bad input)."""
    contracts.validate(schema, output)
    return output
