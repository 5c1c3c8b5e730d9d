"""The egress rotation's settings, read once from the EGRESS_* variables the CDK stack sets
(infra/components/egress.py); a missing or malformed one is a ConfigurationError naming it."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

# The tag that hands a NAT gateway or address to the rotation (IAM allows nothing else to be
# deleted or released); the stack sets EGRESS_TAG_KEY / EGRESS_TAG_VALUE.
DEFAULT_MANAGED_TAG = ("ManagedBy", "tattoo-directory-egress")


class ConfigurationError(ValueError):
    """An EGRESS_* setting is missing or malformed."""


def _env_number(env: Mapping[str, str], name: str, default: float, minimum: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigurationError(f"{name} must be a number of seconds, got {raw!r}") from None
    if not math.isfinite(value) or value < minimum:
        raise ConfigurationError(f"{name} must be a finite number >= {minimum}, got {raw!r}")
    return value


def _env_id(env: Mapping[str, str], name: str, prefix: str) -> str:
    value = env.get(name, "").strip()
    if not value.startswith(f"{prefix}-"):
        raise ConfigurationError(f"{name} must be an id starting '{prefix}-', got {value!r}")
    return value


@dataclass(frozen=True)
class RotationConfig:
    vpc_id: str
    public_subnet_id: str
    # Empty: every route table of the VPC whose default route goes through a NAT gateway.
    route_table_ids: tuple[str, ...] = ()
    grace_period_s: float = 300.0
    keep_addresses: int = 2
    wait_timeout_s: float = 180.0
    check_url: str | None = None
    poll_interval_s: float = 5.0
    tag_key: str = DEFAULT_MANAGED_TAG[0]
    tag_value: str = DEFAULT_MANAGED_TAG[1]
    lock_name: str = "egress-rotation"

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> RotationConfig:
        """Read the EGRESS_* variables the CDK stack sets; errors name the variable."""
        raw_tables = env.get("EGRESS_PRIVATE_ROUTE_TABLE_IDS", "")
        tables = tuple(t.strip() for t in raw_tables.split(",") if t.strip())
        bad = [t for t in tables if not t.startswith("rtb-")]
        if bad:
            raise ConfigurationError(
                f"EGRESS_PRIVATE_ROUTE_TABLE_IDS must be comma-separated 'rtb-' ids, got {bad!r}"
            )
        keep = _env_number(env, "EGRESS_KEEP_LAST", cls.keep_addresses, 0)
        if keep != int(keep):
            raise ConfigurationError(f"EGRESS_KEEP_LAST must be a whole number, got {keep}")
        return cls(
            vpc_id=_env_id(env, "EGRESS_VPC_ID", "vpc"),
            public_subnet_id=_env_id(env, "EGRESS_PUBLIC_SUBNET_ID", "subnet"),
            route_table_ids=tables,
            grace_period_s=_env_number(env, "EGRESS_GRACE_PERIOD_SECONDS", cls.grace_period_s, 0),
            keep_addresses=int(keep),
            wait_timeout_s=_env_number(env, "EGRESS_WAIT_TIMEOUT_SECONDS", cls.wait_timeout_s, 1),
            check_url=env.get("EGRESS_CHECK_URL", "").strip() or None,
            poll_interval_s=_env_number(
                env, "EGRESS_POLL_INTERVAL_SECONDS", cls.poll_interval_s, 0.01
            ),
            tag_key=env.get("EGRESS_TAG_KEY", "").strip() or cls.tag_key,
            tag_value=env.get("EGRESS_TAG_VALUE", "").strip() or cls.tag_value,
            lock_name=env.get("EGRESS_LOCK_NAME", "").strip() or cls.lock_name,
        )

    @property
    def managed_tag(self) -> dict[str, str]:
        return {self.tag_key: self.tag_value}

    def time_budget_s(self) -> float:
        """The longest a run should take: two gateway waits (new up; then old gone or, on
        rollback, new gone), the grace period, and a minute for the API calls."""
        return 2 * self.wait_timeout_s + self.grace_period_s + 60.0

    def default_lock_ttl_s(self) -> float:
        return self.time_budget_s() + 60.0
