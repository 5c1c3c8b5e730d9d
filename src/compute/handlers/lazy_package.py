"""A third-party package whose `__init__` only re-exports its submodules' names, imported so
that each name loads its own submodule when first asked for, not all of them at once.

Powertools' `event_handler` and `utilities.data_classes` packages are such re-export lists:
importing the API Gateway resolver through them loads every resolver (AppSync's loads asyncio,
with ssl, socket, subprocess and concurrent.futures) and every event class (CodePipeline's loads
tempfile, shutil and zipfile), which the API never uses: together a quarter of its cold start.

`lazy_reexports(name)` reads the package's `__init__` (import statements, `__all__` and a
docstring, nothing else, or the package is imported as usual) and registers the package with a
module `__getattr__` (PEP 562) that imports the submodule a name comes from on first use. So
`from package import Name` and `package.Name` work anywhere in the process, as before, and
`import package.submodule` as usual.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import sys
from types import ModuleType
from typing import Any, cast

__all__ = ["lazy_reexports"]

Exports = dict[str, tuple[str, str | None]]


class LazyPackage(ModuleType):
    """A package whose re-exported names load on first use (`_exports`: name -> (module, its
    name there, or None for the module itself))."""

    _exports: Exports
    __all__: list[str]

    def __getattr__(self, attr: str) -> Any:
        exports = self.__dict__.get("_exports", {})
        if attr not in exports:
            raise AttributeError(f"module {self.__name__!r} has no attribute {attr!r}", name=attr)
        module_name, original = exports[attr]
        module = importlib.import_module(module_name)
        if original is None:  # `from . import submodule`
            value: Any = module
        else:
            try:
                value = getattr(module, original)
            except AttributeError:  # `from package import submodule`
                value = importlib.import_module(f"{module_name}.{original}")
        super().__setattr__(attr, value)  # found directly from now on
        return value

    def __setattr__(self, attr: str, value: Any) -> None:
        # Importing submodule `x` binds the package's `x` to it. Where the `__init__` re-exports
        # another `x` from it (data_classes' `from .event_source import event_source`), the
        # re-exported one stays the package's `x`, as after the `__init__`.
        exports = self.__dict__.get("_exports", {})
        if (
            isinstance(value, ModuleType)
            and attr in exports
            and exports[attr][1] is not None
            and value.__name__ == f"{self.__name__}.{attr}"
        ):
            return
        super().__setattr__(attr, value)


def lazy_reexports(name: str) -> None:
    """Register package `name` with its re-exported names loaded on first use; nothing to do
    when it is imported already. A package whose `__init__` does more than re-export is
    imported as usual."""
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)  # imports the parent packages, as an import does
    if spec is None or spec.loader is None or spec.submodule_search_locations is None:
        raise ImportError(f"{name} is not an importable package", name=name)
    source = spec.loader.get_source(name)  # type: ignore[attr-defined]
    found = _reexports(name, source) if source is not None else None
    if found is None:
        importlib.import_module(name)
        return
    exports, public = found
    package = cast(LazyPackage, importlib.util.module_from_spec(spec))
    package.__class__ = LazyPackage
    package._exports = exports
    if public is not None:
        package.__all__ = public
    sys.modules[name] = package
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, package)


def _reexports(package: str, source: str) -> tuple[Exports, list[str] | None] | None:
    """{exported name: (module, name in it, or None for the module itself)} and `__all__` of an
    `__init__` that only re-exports; None if it does anything else."""
    exports: Exports = {}
    public: list[str] | None = None
    for node in ast.parse(source).body:
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue  # the docstring
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            for alias in node.names:
                if alias.name == "*":
                    return None
                exported = alias.asname or alias.name
                if node.module is None:  # `from . import submodule`
                    exports[exported] = (f"{module}.{alias.name}", None)
                else:
                    exports[exported] = (module, alias.name)
            continue
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and node.targets[0].id == "__all__"
        ):
            try:
                public = list(ast.literal_eval(node.value))
            except ValueError:
                return None
            continue
        return None
    return exports, public
