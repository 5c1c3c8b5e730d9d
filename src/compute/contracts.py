"""The shapes every part agrees on: JSON Schemas and the OpenAPI document in ``contracts/``.

Schemas are loaded from disk on first use and compiled with fastjsonschema on first validation,
so importing this module costs a few stat calls (Lambda cold start). ``$ref`` between schemas is
resolved from the same directory; nothing is ever fetched from the network.
"""

from __future__ import annotations

import copy
import json
import os
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

#: Environment variable that points at a contracts directory (overrides every other location).
CONTRACTS_DIR_ENV = "COMPUTE_CONTRACTS_DIR"
#: Base of every schema's ``$id``; refs under it are served from ``contracts/schemas/``.
SCHEMA_BASE_URI = "https://schemas.tattoo-directory.example/"

_SCHEMA_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_SCHEMA_SUFFIX = ".schema.json"

if TYPE_CHECKING:
    import fastjsonschema

Validator = Callable[[Any], Any]


class ContractError(ValueError):
    """An instance does not match its contract: which schema, what was wrong, and where."""

    def __init__(self, name: str, message: str, path: str) -> None:
        super().__init__(f"{name}: {message} (at {path or '/'})")
        self.name = name
        self.message = message
        #: JSON pointer of the failing location in the instance ("" is the whole instance).
        self.path = path


def _candidate_dirs() -> list[Path]:
    import compute  # the package itself; cheap, already imported by any caller

    package_parent = Path(compute.__file__).resolve().parent.parent
    return [
        package_parent / "contracts",  # Lambda asset: /var/task/compute + /var/task/contracts
        Path(__file__).resolve().parents[2] / "contracts",  # the repository: src/compute/..
    ]


def contracts_dir() -> Path:
    """The contracts directory: ``$COMPUTE_CONTRACTS_DIR``, else the asset copy, else the repo's."""
    return _contracts_dir(os.environ.get(CONTRACTS_DIR_ENV))


@cache  # found once per setting: a search validates 20 hits, and each lookup resolved paths
def _contracts_dir(configured: str | None) -> Path:
    if configured:
        path = Path(configured)
        if not (path / "schemas").is_dir():
            # A wrong explicit setting must not silently fall back to another copy.
            raise FileNotFoundError(
                f"{CONTRACTS_DIR_ENV}={configured!r} has no 'schemas' directory; point it at "
                "the contracts/ directory that holds openapi.yaml and schemas/"
            )
        return path
    candidates = _candidate_dirs()
    for path in candidates:
        if (path / "schemas").is_dir():
            return path
    tried = ", ".join(str(p) for p in candidates)
    raise FileNotFoundError(
        f"no contracts directory found (tried {tried}); set {CONTRACTS_DIR_ENV} "
        "or package contracts/ next to the compute package"
    )


def schema_names() -> tuple[str, ...]:
    """Names of every schema file, sorted (``artist-item`` for ``artist-item.schema.json``)."""
    files = (contracts_dir() / "schemas").glob(f"*{_SCHEMA_SUFFIX}")
    return tuple(sorted(f.name.removesuffix(_SCHEMA_SUFFIX) for f in files))


def item_types() -> frozenset[str]:
    """Every main-table item type: the ``type`` const of each ``*-item`` schema."""
    return _item_types(contracts_dir())


@cache
def _item_types(directory: Path) -> frozenset[str]:
    names = (name for name in schema_names() if name.endswith("-item"))
    return frozenset(
        _load_json(_schema_path(n, directory))["properties"]["type"]["const"] for n in names
    )


@cache
def _load_json(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        loaded = json.load(handle)
    if not isinstance(loaded, dict):
        raise ValueError(f"{path} does not hold a JSON object")
    return loaded


def _schema_path(name: str, directory: Path | None = None) -> Path:
    if not _SCHEMA_NAME.match(name):
        raise ValueError(f"schema name {name!r} is not lower-case kebab case (e.g. 'artist-item')")
    path = (directory or contracts_dir()) / "schemas" / f"{name}{_SCHEMA_SUFFIX}"
    if not path.is_file():
        known = ", ".join(schema_names())
        raise KeyError(f"no schema {name!r} at {path}; known schemas: {known}")
    return path


def schema(name: str) -> dict[str, Any]:
    """The schema ``contracts/schemas/<name>.schema.json`` as a fresh dict (safe to modify)."""
    return copy.deepcopy(_load_json(_schema_path(name)))


@cache
def _compiled(directory: Path, name: str) -> Validator:
    def resolve_ref(uri: str) -> dict[str, Any]:
        # Serve our own schemas from the same directory; never fetch anything else.
        if not uri.startswith(SCHEMA_BASE_URI) or not uri.endswith(_SCHEMA_SUFFIX):
            raise ValueError(f"schema reference {uri!r} is outside {SCHEMA_BASE_URI}; not fetched")
        ref_name = uri.removeprefix(SCHEMA_BASE_URI).removesuffix(_SCHEMA_SUFFIX)
        return _load_json(_schema_path(ref_name, directory))

    import fastjsonschema  # on first validation: reading item types or schemas never needs it

    # The cached dicts are handed over as they are: fastjsonschema only reads them.
    return fastjsonschema.compile(
        _load_json(_schema_path(name, directory)),
        handlers={"https": resolve_ref},
        # `format` is an annotation in 2020-12; patterns carry the rules, so both validators agree.
        use_formats=False,
        use_default=False,
    )


def validator(name: str) -> Validator:
    """Cached compiled validator; raises ``fastjsonschema.JsonSchemaValueException`` on mismatch."""
    return _compiled(contracts_dir(), name)


def _pointer(exc: fastjsonschema.JsonSchemaValueException) -> str:
    parts = exc.path[1:]  # the first element is fastjsonschema's name for the root ("data")
    return "".join("/" + p.replace("~", "~0").replace("/", "~1") for p in parts)


def validate(name: str, instance: Any) -> None:
    """Check ``instance`` against schema ``name``; raise :class:`ContractError` if it fails."""
    check = validator(name)
    from fastjsonschema import JsonSchemaValueException  # loaded by validator()

    try:
        check(instance)
    except JsonSchemaValueException as exc:
        raise ContractError(name, exc.message, _pointer(exc)) from None


def is_valid(name: str, instance: Any) -> bool:
    """Whether ``instance`` matches schema ``name``."""
    check = validator(name)
    from fastjsonschema import JsonSchemaValueException  # loaded by validator()

    try:
        check(instance)
    except JsonSchemaValueException:
        return False
    return True


@cache
def _openapi(path: Path) -> dict[str, Any]:
    import yaml  # dev dependency only; handlers never call openapi()

    with path.open(encoding="utf-8") as handle:
        loaded = yaml.safe_load(handle)
    if not isinstance(loaded, dict):
        raise ValueError(f"{path} does not hold a YAML mapping")
    return loaded


def openapi() -> dict[str, Any]:
    """The OpenAPI document ``contracts/openapi.yaml`` as a fresh dict (needs PyYAML)."""
    return copy.deepcopy(_openapi(contracts_dir() / "openapi.yaml"))


def openapi_path() -> Path:
    """Where ``openapi.yaml`` is, for tools that load it themselves (schemathesis)."""
    return contracts_dir() / "openapi.yaml"
