"""The package's shape: the flow read → route → show in its imports, no cycles, one lexicon per language."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "routes"
#: The stages in the order of the flow; a module may import from its own stage and the ones before.
STAGES = ("foundation", "read", "route", "analysis", "show", "entry")
FOUNDATION = {"routes.errors", "routes.settings", "routes.geodesy", "routes.model", "routes.boundaries"}


def _name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, set[str]]:
    """Each module of the package and the modules of the package it imports (at the top or in a function)."""
    names = {_name(p) for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "routes":
                for alias in node.names:  # "from routes.show import export" imports routes.show.export
                    full = f"{node.module}.{alias.name}"
                    deps.add(full if full in names else node.module)
            elif isinstance(node, ast.Import):
                deps |= {a.name for a in node.names if a.name.split(".")[0] == "routes"}
        graph[_name(path)] = {d for d in deps if d in names} - {_name(path)}
    return graph


def _stage(module: str) -> str:
    if module in FOUNDATION:
        return "foundation"
    if module in {"routes", "routes.__main__"}:
        return "entry"
    if module in {"routes.analysis", "routes.editing", "routes.workers"}:
        return "analysis"
    parts = module.split(".")
    return parts[1] if len(parts) >= 2 and parts[1] in {"read", "route", "show"} else f"unknown: {module}"


def test_every_module_has_a_stage() -> None:
    assert {_stage(m) for m in _modules()} <= set(STAGES)


def test_imports_follow_the_flow() -> None:
    """read never imports route or show; route never imports show; the foundation imports no stage."""
    against = [(m, d) for m, deps in _modules().items() for d in deps
               if STAGES.index(_stage(d)) > STAGES.index(_stage(m)) and _stage(m) != "foundation"
               or _stage(m) == "foundation" and _stage(d) != "foundation"]
    assert against == []


def test_no_import_cycles() -> None:
    graph = _modules()
    # a package's __init__ re-exporting its own modules is not a cycle of the code
    graph = {m: {d for d in deps if not m.startswith(d + ".")} for m, deps in graph.items()}
    seen: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        seen[node] = 1
        for dep in sorted(graph.get(node, ())):
            if seen.get(dep) == 1:
                cycles.append([*path[path.index(dep):], dep] if dep in path else [node, dep])
            elif dep not in seen:
                visit(dep, [*path, dep])
        seen[node] = 2

    for module in sorted(graph):
        if module not in seen:
            visit(module, [module])
    assert cycles == []


def test_the_package_does_not_import_streamlit() -> None:
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        imported |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert not any(m.split(".")[0] == "streamlit" for m in imported), path


@pytest.mark.parametrize("language", ["en", "fr", "es", "de", "ru"])
def test_each_language_has_every_entry(language: str) -> None:
    from routes.read import lang

    module = importlib.import_module(f"routes.read.lang.{language}")
    missing = [entry for entry in lang.ENTRIES if not hasattr(module, entry)]
    assert missing == []
    assert set(module.MODE_WORDS) == set(module.MODE_VERBS) == set(lang.TRANSPORT_MODES)
    words = lang.lexicon(language)
    assert len(words.months) >= 12 and set(words.months.values()) == set(range(1, 13))  # from CLDR
    assert {"km", "mi", "nmi"} <= set(words.units.values())
    for entry in ("LEAVE", "LOAD", "ARRIVE", "UNLOAD", "CARRY", "ORIGIN", "DESTINATION", "NEAR", "VIA",
                  "FROM_THERE", "BORDER", "ABOUT", "LESS_THAN", "MORE_THAN", "RANGE_OPEN", "RANGE_JOIN"):
        assert getattr(module, entry), f"{language}.{entry} is empty"


def test_no_reader_module_keeps_a_word_list_of_a_language() -> None:
    """Month names and words of transport live in routes.read.lang, nowhere else in the package."""
    for path in PACKAGE.rglob("*.py"):
        if "lang" in path.parts:
            continue
        text = path.read_text(encoding="utf-8").lower()
        for word in ("septembre", "janvier", "güterzug", "поезд", "carguero"):
            assert f'"{word}"' not in text, (path, word)


def test_places_rules_are_short_named_steps() -> None:
    for name in ("places.py", "recognise.py"):
        tree = ast.parse((PACKAGE / "read" / name).read_text(encoding="utf-8"))
        long = [(n.name, n.end_lineno - n.lineno + 1) for n in ast.walk(tree)
                if isinstance(n, ast.FunctionDef) and n.end_lineno - n.lineno + 1 > 80]
        assert long == [], name
