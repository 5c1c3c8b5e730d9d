"""import-linter contract types of our own (registered in pyproject.toml, run by `nox -s lint`).

`public_names`: the importers may import only public names of the imported packages, so a
package's private helpers (a leading underscore, in the name or in a module of its path) can
change without breaking its users. import-linter's graph knows modules, not names, so this
contract reads each importing module's source with `ast`."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path
from typing import Any, cast

from grimp import ImportGraph
from importlinter import Contract, ContractCheck, fields, output


def _private(name: str) -> bool:
    return any(part.startswith("_") and not part.startswith("__") for part in name.split("."))


def _within(name: str, packages: list[str]) -> bool:
    return any(name == p or name.startswith(f"{p}.") for p in packages)


def _private_imports(path: Path, packages: list[str]) -> list[tuple[int, str]]:
    """(line, what) for every private name the file imports from one of `packages`."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if not _within(node.module, packages):
                continue
            if _private(node.module):
                found.append((node.lineno, node.module))
            names = [a.name for a in node.names if _private(a.name)]
            found += [(node.lineno, f"{node.module}.{name}") for name in names]
        elif isinstance(node, ast.Import):
            found += [
                (node.lineno, a.name)
                for a in node.names
                if _within(a.name, packages) and _private(a.name)
            ]
    return found


class PublicNamesContract(Contract):
    type_name = "public_names"

    importers = fields.ListField(subfield=fields.StringField())
    imported = fields.ListField(subfield=fields.StringField())

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        # import-linter replaces the field declarations with the configured values.
        packages = cast("list[str]", self.imported)
        importers = cast("list[str]", self.importers)
        violations: list[dict[str, Any]] = []
        for importer in importers:
            for module in sorted({importer, *graph.find_descendants(importer)}):
                spec = importlib.util.find_spec(module)
                if spec is None or not spec.origin or not spec.origin.endswith(".py"):
                    continue
                for line, name in _private_imports(Path(spec.origin), packages):
                    violations.append({"module": module, "line": line, "name": name})
        return ContractCheck(kept=not violations, metadata={"violations": violations})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for v in check.metadata["violations"]:
            output.print(f"{v['module']} (l.{v['line']}) imports the private name {v['name']}")
            output.new_line()
