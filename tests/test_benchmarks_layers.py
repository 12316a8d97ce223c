"""benchmarks/ is layered: the runner imports the measures, measures import no
other measure and nothing of the runner, helpers import only helpers."""

import ast
from pathlib import Path

import pytest

FOLDER = Path(__file__).resolve().parents[1] / "benchmarks"
RUNNER = {"__main__", "endpoints", "goals", "micro", "runner", "report"}
MEASURES = {
    "certificates",
    "geo",
    "inspections",
    "jobs",
    "monitoring",
    "registry",
    "residents",
    "rules",
    "whatif",
}
HELPERS = {
    "bare",
    "client",
    "documents",
    "endpoint",
    "loadgen",
    "scale",
    "server",
    "table",
}
HELPERS |= {"timing", "wrk"}


def imports_of(module: str) -> set[str]:
    tree = ast.parse((FOLDER / f"{module}.py").read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "benchmarks":
                found.update(alias.name for alias in node.names)
            elif node.module.startswith("benchmarks."):
                found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("benchmarks."):
                    found.add(alias.name.split(".")[1])
    return found


def test_every_module_has_a_layer():
    modules = {path.stem for path in FOLDER.glob("*.py")} - {"__init__"}
    assert modules == RUNNER | MEASURES | HELPERS


@pytest.mark.parametrize("module", sorted(MEASURES))
def test_a_measure_imports_only_helpers(module):
    assert imports_of(module) <= HELPERS


@pytest.mark.parametrize("module", sorted(HELPERS))
def test_a_helper_imports_only_helpers(module):
    assert imports_of(module) <= HELPERS


def test_no_import_cycles():
    graph = {module: imports_of(module) for module in RUNNER | MEASURES | HELPERS}
    done: set[str] = set()

    def visit(module, path):
        assert module not in path, f"import cycle: {' -> '.join([*path, module])}"
        if module in done:
            return
        for imported in graph.get(module, ()):
            visit(imported, [*path, module])
        done.add(module)

    for module in graph:
        visit(module, [])
