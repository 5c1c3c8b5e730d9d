"""moto's backends belong to the process, so every local cloud and moto fixture of a test
process shares them. `kept_apart()` marks what they hold and, on exit, removes only what was
added since: a whole-template cloud takes its stack away with it (the next deploy of the same
template finds its names free) and leaves every other cloud's and fixture's resources as it
found them, instead of resetting the whole process's moto.

What counts as added: a key new to a dict (a queue, a table, an account's region backend, a
subnet inside an existing zone) or an element new to a list (an Elastic IP), searched through
plain containers and moto's own objects (backends, storage, models: a rule on the default
event bus, a log stream in an older group) down to MAX_DEPTH. Nothing that existed at the mark
is replaced or changed, only what was added is taken away.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

MAX_DEPTH = 6


@dataclass
class _Shape:
    """What a container held at the mark: its keys (with their own shapes) or its elements."""

    keys: dict[Any, _Shape | None] = field(default_factory=dict)
    elements: list[Any] = field(default_factory=list)  # held, so their ids stay theirs


def _attributes(value: Any) -> dict[str, Any] | None:
    """The attributes of one of moto's own objects (a backend, its storage, a model)."""
    if isinstance(value, type) or not type(value).__module__.startswith("moto."):
        return None
    attributes = getattr(value, "__dict__", None)
    return attributes if isinstance(attributes, dict) else None


def _is_model(value: Any) -> bool:
    from moto.core.common_models import BaseModel

    return isinstance(value, BaseModel)


def _shape(value: Any, depth: int, in_model: bool = False) -> _Shape | None:
    """What `value` holds, for the containers that can gain a resource: a model is looked
    into once (its own rules, streams, items), not the models it holds in turn."""
    if depth > MAX_DEPTH or (in_model and _is_model(value)):
        return None
    if isinstance(value, dict):
        return _Shape(
            keys={key: _shape(item, depth + 1, in_model) for key, item in list(value.items())}
        )
    if isinstance(value, list):
        return _Shape(elements=list(value))
    attributes = _attributes(value)
    if attributes is None:
        return None
    inner = in_model or _is_model(value)
    return _Shape(
        keys={
            name: _shape(item, depth + 1, inner)
            for name, item in attributes.items()
            if isinstance(item, dict | list) or _attributes(item) is not None
        }
    )


def _prune(value: Any, shape: _Shape | None) -> None:
    if shape is None:
        return
    if isinstance(value, dict):
        for key in list(value):
            if key not in shape.keys:
                with contextlib.suppress(KeyError):  # a store that maps its keys (secrets)
                    del value[key]
            else:
                _prune(value[key], shape.keys[key])
    elif isinstance(value, list):
        before = {id(element) for element in shape.elements}
        value[:] = [element for element in value if id(element) in before]
    else:
        attributes = _attributes(value)
        for name, item_shape in shape.keys.items():
            if attributes is not None and name in attributes:
                _prune(attributes[name], item_shape)


def _services(backend_dict: Any) -> list[Any]:
    """Every service moto has used in this process (one BackendDict each)."""
    return list(backend_dict._instances)


@dataclass
class Mark:
    """moto's state at one moment: every service's accounts, regions and their resources."""

    services: list[tuple[Any, _Shape | None]]

    def remove_added_since(self) -> None:
        from moto.core.base_backend import BackendDict, backend_lock

        with backend_lock:
            marked = {id(service): shape for service, shape in self.services}
            for service in _services(BackendDict):
                # A service first used after the mark holds nothing from before it.
                _prune(service, marked.get(id(service), _Shape()))


def mark() -> Mark:
    from moto.core.base_backend import BackendDict, backend_lock

    with backend_lock:
        return Mark([(service, _shape(service, 0)) for service in _services(BackendDict)])


@contextlib.contextmanager
def kept_apart() -> Iterator[None]:
    """Whatever moto gains inside the block is removed at its end; the rest stays untouched."""
    before = mark()
    try:
        yield
    finally:
        before.remove_added_since()
