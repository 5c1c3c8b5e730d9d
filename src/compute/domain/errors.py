"""The one exception that validation and parsing raise, carrying every problem found at once."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one input field: `field` names it (dotted/indexed for nested
    values, e.g. `portfolioImages[2].url`), `message` says what was expected."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"

    def under(self, prefix: str) -> Problem:
        """The same problem, reported under a parent field (`contactInfo` + `email`)."""
        if not prefix:
            return self
        if not self.field:
            return Problem(prefix, self.message)
        joiner = "" if self.field.startswith("[") else "."
        return Problem(f"{prefix}{joiner}{self.field}", self.message)


class ValidationError(Exception):
    """Input did not meet the rules; `.problems` lists every one of them, never just the first."""

    problems: list[Problem]

    def __init__(self, problems: Iterable[Problem] | Problem) -> None:
        listed = [problems] if isinstance(problems, Problem) else list(problems)
        if not listed:
            raise ValueError("a ValidationError needs at least one problem")
        self.problems = listed
        super().__init__(self.__str__())

    @classmethod
    def single(cls, field: str, message: str) -> ValidationError:
        return cls([Problem(field, message)])

    def under(self, prefix: str) -> ValidationError:
        """The same problems, reported under a parent field."""
        return ValidationError(p.under(prefix) for p in self.problems)

    @property
    def fields(self) -> list[str]:
        """The distinct offending field names, in the order they were found."""
        return list(dict.fromkeys(p.field for p in self.problems))

    def __str__(self) -> str:
        return "; ".join(str(p) for p in self.problems)

    def __reduce__(self) -> tuple[type[ValidationError], tuple[list[Problem]]]:
        # Exceptions pickle via their args; ours must rebuild from the problem list.
        return (type(self), (self.problems,))


@dataclass(slots=True)
class Problems:
    """Collects problems while a whole input is checked, then raises them together."""

    found: list[Problem] = field(default_factory=list)

    def add(self, field_name: str, message: str) -> None:
        self.found.append(Problem(field_name, message))

    def extend(self, error: ValidationError, prefix: str = "") -> None:
        self.found.extend(p.under(prefix) for p in error.problems)

    def fields(self) -> list[str]:
        return list(dict.fromkeys(p.field for p in self.found))

    def __bool__(self) -> bool:
        return bool(self.found)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.found)

    def raise_if_any(self) -> None:
        if self.found:
            raise ValidationError(self.found)
