"""The network as one rotation run uses it: bounded waits for a gateway's state, the route and
egress checks every phase repeats, the step log (ids as fingerprints), and what the run has
created so far (Progress), which the undo and the clean-up work from."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from aws_lambda_powertools import Logger
from tenacity import (
    RetryError,
    Retrying,
    retry_if_exception_type,
    retry_if_result,
    stop_after_attempt,
    wait_fixed,
)

from compute.adapters.network import ElasticAddress, NatGateway
from compute.services.egress_ports import EgressProbePort, NetworkPort
from compute.services.egress_report import fingerprint
from compute.services.egress_settings import RotationConfig

# Every resource a run creates carries its id, so an undo finds what a failed call created.
ROTATION_ID_TAG = "tattoo:rotation-id"
EGRESS_CHECK_ATTEMPTS = 5


class StepFailed(Exception):
    """A step of the swap did not reach the state it must reach."""


@dataclass
class Progress:
    """What this run has created or changed so far: the undo works from this and from tags."""

    new_address: ElasticAddress | None = None
    new_gateway: NatGateway | None = None
    committed: bool = False


@dataclass(frozen=True)
class NetworkSteps:
    """One run's network, settings, log and sleeper, with the checks its phases share."""

    config: RotationConfig
    network: NetworkPort
    logger: Logger
    sleep: Callable[[float], None]
    probe: EgressProbePort | None = None

    def step(self, message: str, **ids: str | int) -> None:
        extra = {k: fingerprint(v) if isinstance(v, str) else v for k, v in ids.items()}
        self.logger.info(f"egress rotation: {message}", extra=extra)

    def _polls(self) -> int:
        return max(1, math.ceil(self.config.wait_timeout_s / self.config.poll_interval_s)) + 1

    def _wait_for_state(
        self, gateway_id: str, done: Callable[[NatGateway | None], bool]
    ) -> NatGateway | None:
        """Poll the gateway until `done`, at most wait_timeout_s of sleeping (bounded); a failed
        read is polled again like a state that is not there yet."""
        retrying = Retrying(
            stop=stop_after_attempt(self._polls()),
            wait=wait_fixed(self.config.poll_interval_s),
            sleep=self.sleep,
            retry=retry_if_exception_type(Exception)
            | retry_if_result(lambda gateway: not done(gateway)),
            reraise=True,
        )
        try:
            return retrying(self.network.describe_nat_gateway, gateway_id)
        except RetryError as exhausted:
            last = exhausted.last_attempt.result()
            state = last.state if last else "missing"
            raise StepFailed(
                f"NAT gateway {gateway_id} still {state} after {self.config.wait_timeout_s:g} s "
                "(EGRESS_WAIT_TIMEOUT_SECONDS)"
            ) from None

    def wait_available(self, gateway_id: str) -> None:
        def settled(gateway: NatGateway | None) -> bool:
            return gateway is None or gateway.state != "pending"

        gateway = self._wait_for_state(gateway_id, settled)
        if gateway is None or gateway.state != "available":
            state = gateway.state if gateway else "missing"
            reason = f": {gateway.failure_message}" if gateway and gateway.failure_message else ""
            raise StepFailed(f"NAT gateway {gateway_id} became {state}, not available{reason}")

    def wait_deleted(self, gateway_id: str) -> None:
        # A failed gateway holds no address and AWS removes it on its own.
        self._wait_for_state(gateway_id, lambda g: g is None or g.state in ("deleted", "failed"))

    def verify_routes(self, route_table_ids: Sequence[str], gateway_id: str) -> None:
        tables = self.network.describe_route_tables(route_table_ids)
        wrong = [t for t in tables if t.default_target != gateway_id]
        if wrong:
            listing = ", ".join(f"{t.route_table_id} -> {t.default_target}" for t in wrong)
            raise StepFailed(f"default routes not on {gateway_id} after the switch: {listing}")

    def verify_egress(self, expected: str) -> None:
        assert self.probe is not None
        retrying = Retrying(
            stop=stop_after_attempt(EGRESS_CHECK_ATTEMPTS),
            wait=wait_fixed(self.config.poll_interval_s),
            sleep=self.sleep,
            retry=retry_if_exception_type(Exception)
            | retry_if_result(lambda seen: seen != expected),
        )
        try:
            seen = retrying(self.probe.public_address)
        except RetryError as exhausted:
            outcome = exhausted.last_attempt
            seen_text = repr(outcome.exception()) if outcome.failed else str(outcome.result())
            raise StepFailed(
                f"the egress check ({self.config.check_url}) saw {seen_text}, expected {expected}"
            ) from None
        if seen != expected:  # pragma: no cover - the retry predicate above guarantees equality
            raise StepFailed(f"the egress check saw {seen}, expected {expected}")
