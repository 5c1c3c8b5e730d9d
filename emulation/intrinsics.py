"""CloudFormation intrinsic functions, resolved against what the local deploy has created.

`Resolver.resolve(value)` walks a template value and replaces Ref, Fn::GetAtt, Fn::Join, Fn::Sub,
Fn::Select, Fn::Split, Fn::If (with the template's Conditions), Fn::Equals/And/Or/Not,
Fn::ImportValue, Fn::FindInMap, Fn::GetAZs, Fn::Base64 and Fn::ToJsonString. References to other
resources go through two callbacks, so this module knows nothing about AWS services.
"""

from __future__ import annotations

import base64
import ipaddress
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any


class NoValue:
    """AWS::NoValue: the property (or list item) it stands in for is removed."""

    _instance: NoValue | None = None

    def __new__(cls) -> NoValue:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "AWS::NoValue"


NO_VALUE = NoValue()


class TemplateError(ValueError):
    """A template value the resolver cannot resolve; the message names the value."""


_SUB_VARIABLE = re.compile(r"\$\{([^}]*)\}")


@dataclass
class Resolver:
    """Resolves intrinsic functions for one stack.

    `ref(logical_id)` and `get_att(logical_id, attribute)` return what the deploy recorded for a
    resource; `parameters` are the stack's parameter values; `exports` the values other stacks
    exported (for Fn::ImportValue).
    """

    ref: Callable[[str], Any]
    get_att: Callable[[str, str], Any]
    pseudo: Mapping[str, Any]
    parameters: Mapping[str, Any] = field(default_factory=dict)
    conditions: Mapping[str, Any] = field(default_factory=dict)
    mappings: Mapping[str, Any] = field(default_factory=dict)
    exports: Mapping[str, Any] = field(default_factory=dict)
    _condition_values: dict[str, bool] = field(default_factory=dict)

    def resolve(self, value: Any) -> Any:
        """The value with every intrinsic function replaced by its result."""
        if isinstance(value, list):
            items = [self.resolve(v) for v in value]
            return [v for v in items if v is not NO_VALUE]
        if isinstance(value, dict):
            if len(value) == 1:
                ((key, arg),) = value.items()
                if key == "Ref":
                    return self._ref(arg)
                if key.startswith("Fn::") or key == "Condition":
                    return self._function(key, arg)
            resolved = {k: self.resolve(v) for k, v in value.items()}
            return {k: v for k, v in resolved.items() if v is not NO_VALUE}
        return value

    def condition(self, name: str) -> bool:
        """The truth value of a named condition of the template (evaluated once)."""
        if name not in self._condition_values:
            if name not in self.conditions:
                raise TemplateError(f"condition {name!r} is not defined in Conditions")
            self._condition_values[name] = bool(self.resolve(self.conditions[name]))
        return self._condition_values[name]

    def _ref(self, name: Any) -> Any:
        if not isinstance(name, str):
            raise TemplateError(f"Ref expects a name, got {name!r}")
        if name == "AWS::NoValue":
            return NO_VALUE
        if name in self.pseudo:
            return self.pseudo[name]
        if name in self.parameters:
            return self.parameters[name]
        return self.ref(name)

    def _function(self, key: str, arg: Any) -> Any:
        handler = _FUNCTIONS.get(key)
        if handler is None:
            raise TemplateError(f"intrinsic function {key} is not supported (argument {arg!r})")
        return handler(self, arg)

    def _get_att(self, arg: Any) -> Any:
        if isinstance(arg, str):
            logical_id, _, attribute = arg.partition(".")
        else:
            logical_id, attribute = self.resolve(arg[0]), self.resolve(arg[1])
        return self.get_att(str(logical_id), str(attribute))

    def _join(self, arg: Any) -> str:
        delimiter, items = arg
        values = self.resolve(items)
        if not isinstance(values, list):
            raise TemplateError(f"Fn::Join expects a list, got {values!r}")
        return str(delimiter).join(_to_str(v) for v in values)

    def _sub(self, arg: Any) -> str:
        if isinstance(arg, str):
            template, variables = arg, {}
        else:
            template, raw = arg
            variables = {k: self.resolve(v) for k, v in raw.items()}

        def replace(match: re.Match[str]) -> str:
            name = match.group(1)
            if name.startswith("!"):
                return "${" + name[1:] + "}"
            if name in variables:
                return _to_str(variables[name])
            if "." in name and not name.startswith("AWS::"):
                logical_id, _, attribute = name.partition(".")
                return _to_str(self.get_att(logical_id, attribute))
            return _to_str(self._ref(name))

        return _SUB_VARIABLE.sub(replace, str(template))

    def _select(self, arg: Any) -> Any:
        index, items = self.resolve(arg[0]), self.resolve(arg[1])
        try:
            return items[int(index)]
        except (IndexError, ValueError, TypeError) as exc:
            raise TemplateError(f"Fn::Select index {index!r} out of {items!r}") from exc

    def _split(self, arg: Any) -> list[str]:
        delimiter, source = arg
        return _to_str(self.resolve(source)).split(str(delimiter))

    def _if(self, arg: Any) -> Any:
        name, when_true, when_false = arg
        return self.resolve(when_true if self.condition(name) else when_false)

    def _import(self, arg: Any) -> Any:
        name = self.resolve(arg)
        if name not in self.exports:
            raise TemplateError(f"Fn::ImportValue {name!r}: no stack exports it")
        return self.exports[name]

    def _find_in_map(self, arg: Any) -> Any:
        map_name, top, second = (self.resolve(a) for a in arg[:3])
        try:
            return self.mappings[map_name][top][second]
        except KeyError as exc:
            raise TemplateError(f"Fn::FindInMap {map_name}/{top}/{second} not found") from exc


def _to_str(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, separators=(",", ":"))
    return str(value)


def _equals(r: Resolver, arg: Any) -> bool:
    left, right = r.resolve(arg[0]), r.resolve(arg[1])
    return _to_str(left) == _to_str(right)


def _contains(r: Resolver, arg: Any) -> bool:
    items, value = r.resolve(arg[0]), r.resolve(arg[1])
    return value in items


def _cidr(r: Resolver, arg: Any) -> list[str]:
    """Fn::Cidr [block, count, bits]: the first `count` subnets with `bits` host bits."""
    block, count, bits = (r.resolve(a) for a in arg)
    network = ipaddress.ip_network(str(block), strict=False)
    prefix = network.max_prefixlen - int(bits)
    subnets = network.subnets(new_prefix=prefix)
    return [str(next(subnets)) for _ in range(int(count))]


_FUNCTIONS: dict[str, Callable[[Resolver, Any], Any]] = {
    "Fn::GetAtt": Resolver._get_att,
    "Fn::Join": Resolver._join,
    "Fn::Sub": Resolver._sub,
    "Fn::Select": Resolver._select,
    "Fn::Split": Resolver._split,
    "Fn::If": Resolver._if,
    "Fn::ImportValue": Resolver._import,
    "Fn::FindInMap": Resolver._find_in_map,
    "Fn::Equals": _equals,
    "Fn::And": lambda r, arg: all(bool(r.resolve(a)) for a in arg),
    "Fn::Or": lambda r, arg: any(bool(r.resolve(a)) for a in arg),
    "Fn::Not": lambda r, arg: not bool(r.resolve(arg[0])),
    "Fn::Contains": _contains,
    "Condition": lambda r, arg: r.condition(str(arg)),
    "Fn::GetAZs": lambda r, arg: [f"{r.pseudo['AWS::Region']}{z}" for z in "abc"],
    "Fn::Base64": lambda r, arg: base64.b64encode(_to_str(r.resolve(arg)).encode()).decode(),
    "Fn::ToJsonString": lambda r, arg: json.dumps(r.resolve(arg), separators=(",", ":")),
    "Fn::Cidr": _cidr,
    "Fn::Length": lambda r, arg: len(r.resolve(arg)),
}


def references(value: Any) -> Iterator[str]:
    """Logical ids a template value refers to (Ref, Fn::GetAtt, ${X} and ${X.Attr} in Fn::Sub)."""
    if isinstance(value, list):
        for item in value:
            yield from references(item)
    elif isinstance(value, dict):
        for key, arg in value.items():
            if key == "Ref" and isinstance(arg, str):
                yield arg
            elif key == "Fn::GetAtt":
                if isinstance(arg, str):
                    yield arg.partition(".")[0]
                elif isinstance(arg, list) and arg and isinstance(arg[0], str):
                    yield arg[0]
                    yield from references(arg[1:])
            elif key == "Fn::Sub":
                template = arg if isinstance(arg, str) else arg[0]
                local = set(arg[1]) if isinstance(arg, list) and len(arg) > 1 else set()
                for name in _SUB_VARIABLE.findall(str(template)):
                    if not name.startswith("!") and name not in local:
                        yield name.partition(".")[0]
                if isinstance(arg, list):
                    yield from references(arg[1:])
            else:
                yield from references(arg)
