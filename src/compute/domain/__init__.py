"""The pure core of the directory: models, normalisation, validation, keys, style inference,
denylist rules and search-request parsing. No I/O, no project imports, and a cheap import:
submodules are imported by their users, and heavy libraries (phonenumbers) load lazily."""

from compute.domain.errors import Problem, ValidationError

__all__ = ["Problem", "ValidationError"]
