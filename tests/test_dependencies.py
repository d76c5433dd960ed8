"""Every third-party module the code imports is declared in pyproject.toml, in the right place.

The service (scoring/ and service/, training excluded) may import only core dependencies, so a
plain install runs it; training and evaluation may also use the `train` extra; the benchmarks the
`bench` and `test` extras. A missing declaration passes on a developer's machine that happens to
have the package and fails on a fresh one, which is what this test catches.
"""

from __future__ import annotations

import ast
import pathlib
import re
import sys
import tomllib

REPO = pathlib.Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
FIRST_PARTY = {"scoring", "service", "benchmarks", "server_harness"}
# Import names that differ from their distribution's name.
DISTRIBUTION_OF = {
    "sklearn": "scikit-learn",
    "google": "protobuf",
    "grpc": "grpcio",
    "grpc_health": "grpcio-health-checking",
    "grpc_reflection": "grpcio-reflection",
    "grpc_tools": "grpcio-tools",
    "profanity_check": "alt-profanity-check",
    "yaml": "PyYAML",
}


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared(*extras: str) -> set[str]:
    requirements = list(PROJECT["dependencies"])
    for extra in extras:
        requirements += PROJECT["optional-dependencies"][extra]
    return {_normal(re.split(r"[\s<>=!~\[;#]", r.strip(), maxsplit=1)[0]) for r in requirements}


def third_party_imports(files: list[pathlib.Path]) -> dict[str, str]:
    """{distribution: first file importing it} for every non-stdlib, non-project import."""
    found: dict[str, str] = {}
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top in sys.stdlib_module_names or top in FIRST_PARTY:
                    continue
                found.setdefault(_normal(DISTRIBUTION_OF.get(top, top)), str(path.relative_to(REPO)))
    return found


def python_files(*roots: str, exclude: str | None = None) -> list[pathlib.Path]:
    files = [f for root in roots for f in (REPO / root).rglob("*.py")]
    return [f for f in files if exclude is None or exclude not in f.parts]


def test_the_service_imports_only_core_dependencies():
    imports = third_party_imports(python_files("scoring", "service", exclude="training"))
    assert "torch" in imports and "grpcio" in imports  # the scan sees real imports
    missing = {d: f for d, f in imports.items() if d not in declared()}
    assert not missing, f"imported by the service but not in [project] dependencies: {missing}"


def test_training_and_evaluation_imports_are_in_the_train_extra():
    imports = third_party_imports(python_files("scoring/training"))
    assert "scikit-learn" in imports
    missing = {d: f for d, f in imports.items() if d not in declared("train")}
    assert not missing, f"imported by scoring/training but not in the train extra: {missing}"


def test_benchmark_imports_are_declared():
    imports = third_party_imports(python_files("benchmarks"))
    missing = {d: f for d, f in imports.items() if d not in declared("bench", "test")}
    assert not missing, f"imported by benchmarks/ but not declared: {missing}"
