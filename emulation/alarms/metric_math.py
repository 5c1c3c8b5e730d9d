"""Metric math as an alarm evaluates it: an expression over the alarm's metric queries, one
value per period (pure).

Supported: query ids, numbers, `+ - * /`, parentheses, unary minus, `ABS(x)`, `FILL(x, n)`,
and `SUM`, `AVG`, `MIN`, `MAX` over a bracketed list of series (`SUM([a, b])`), which combine
the series period by period. A series with no datapoint in a period makes an arithmetic result
in that period missing too (CloudWatch drops timestamps an operand lacks; `FILL` supplies
them); `SUM([...])` and friends use the series that have a value. Anything else raises
`UnsupportedExpression`, which `reach` reports as the reason an alarm cannot fire locally.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from emulation.alarms.statistics import is_supported

Series = list[float | None]

_TOKEN = re.compile(r"\s*(?:(\d+(?:\.\d*)?|\.\d+)|([A-Za-z_][A-Za-z0-9_]*)|(.))")
_BINARY: dict[str, Callable[[float, float], float | None]] = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b if b != 0 else None,  # CloudWatch drops division by zero
}
_AGGREGATES: dict[str, Callable[[list[float]], float]] = {
    "SUM": sum,
    "AVG": lambda values: sum(values) / len(values),
    "MIN": min,
    "MAX": max,
}


class UnsupportedExpression(ValueError):
    """An expression the local evaluator does not understand (named in the message)."""


def evaluate(expression: str, series: Mapping[str, Series]) -> Series:
    """The expression's value in each period (all series have the same length)."""
    length = len(next(iter(series.values()))) if series else 1
    parser = _Parser(expression, series, length)
    result = parser.expression()
    if parser.peek() is not None:
        raise UnsupportedExpression(f"unexpected {parser.peek()!r} in {expression!r}")
    return result


def problem(queries: Sequence[Mapping[str, Any]]) -> str | None:
    """Why a metric-math alarm cannot be evaluated locally, or None when it can."""
    returned = [q for q in queries if q.get("ReturnData", True)]
    if len(returned) != 1:
        return f"{len(returned)} queries return data (an alarm needs exactly one)"
    for q in queries:
        stat = q.get("MetricStat", {}).get("Stat")
        if stat is not None and not is_supported(stat):
            return f"statistic {stat} of {q['Id']} is not evaluated locally"
    ids: dict[str, list[float | None]] = {q["Id"]: [0.0] for q in queries if "MetricStat" in q}
    for q in queries:
        if "Expression" in q:
            try:
                evaluate(q["Expression"], ids)
            except UnsupportedExpression as error:
                return str(error)
    return None


class _Parser:
    """Recursive descent: expression := term (('+'|'-') term)*; term := unary (('*'|'/') unary)*."""

    def __init__(self, text: str, series: Mapping[str, Series], length: int) -> None:
        self.text = text
        self.series = series
        self.length = length
        self.tokens = [m.group(1) or m.group(2) or m.group(3) for m in _TOKEN.finditer(text)]
        self.tokens = [t for t in self.tokens if t and not t.isspace()]
        self.at = 0

    def peek(self) -> str | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self, expected: str | None = None) -> str:
        token = self.peek()
        if token is None or (expected is not None and token != expected):
            raise UnsupportedExpression(f"expected {expected or 'more'} in {self.text!r}")
        self.at += 1
        return token

    def expression(self) -> Series:
        value = self.term()
        while self.peek() in ("+", "-"):
            value = _combine(_BINARY[self.take()], value, self.term())
        return value

    def term(self) -> Series:
        value = self.unary()
        while self.peek() in ("*", "/"):
            value = _combine(_BINARY[self.take()], value, self.unary())
        return value

    def unary(self) -> Series:
        if self.peek() == "-":
            self.take()
            return [None if v is None else -v for v in self.unary()]
        return self.atom()

    def atom(self) -> Series:
        token = self.take()
        if token == "(":  # noqa: S105 (a token of the expression, not a password)
            value = self.expression()
            self.take(")")
            return value
        if token[0].isdigit() or token[0] == ".":
            return [float(token)] * self.length
        if self.peek() == "(":
            return self.call(token.upper())
        if token in self.series:
            return list(self.series[token])
        raise UnsupportedExpression(f"unknown id or token {token!r} in {self.text!r}")

    def call(self, name: str) -> Series:
        self.take("(")
        if name in _AGGREGATES:
            self.take("[")
            members = [self.expression()]
            while self.peek() == ",":
                self.take()
                members.append(self.expression())
            self.take("]")
            self.take(")")
            aggregate = _AGGREGATES[name]
            return [
                aggregate(present) if (present := [v for v in period if v is not None]) else None
                for period in zip(*members, strict=True)
            ]
        argument = self.expression()
        if name == "ABS":
            self.take(")")
            return [None if v is None else abs(v) for v in argument]
        if name == "FILL":
            self.take(",")
            fill = self.expression()
            self.take(")")
            return [f if v is None else v for v, f in zip(argument, fill, strict=True)]
        raise UnsupportedExpression(f"function {name} is not evaluated locally")


def _combine(
    operator: Callable[[float, float], float | None], left: Sequence[float | None], right: Series
) -> Series:
    return [
        None if a is None or b is None else operator(a, b) for a, b in zip(left, right, strict=True)
    ]
