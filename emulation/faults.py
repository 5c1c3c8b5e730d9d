"""Switchable faults for the reliability tests (skeleton)."""

from __future__ import annotations

from typing import Any


class Faults:
    def set(self, name: str, **params: Any) -> None:
        raise NotImplementedError

    def clear(self, name: str) -> None:
        raise NotImplementedError

    def active(self) -> dict[str, dict[str, Any]]:
        raise NotImplementedError

    def search_proxy(self, upstream_url: str) -> str:
        raise NotImplementedError

    def function_crash(self, name: str, fraction: float) -> None:
        raise NotImplementedError

    def throttle(self, service: str) -> None:
        raise NotImplementedError
