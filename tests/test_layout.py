"""The package's layers: no import cycles between rrcalc's modules, and the model and engine never reach up into
the output or command-line layers."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "rrcalc"


def _imports() -> dict[str, set[str]]:
    """Module -> the rrcalc modules it imports anywhere in its text (top level, functions, TYPE_CHECKING)."""
    modules = {".".join(p.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__"): p
               for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("rrcalc"):
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    found.add(full if full in modules else node.module)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.startswith("rrcalc"))
        graph[name] = {m for m in found if m in modules and m != name and m != "rrcalc"}
    return graph


def test_no_import_cycles():
    graph = _imports()
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                raise AssertionError("import cycle: " + " -> ".join([*stack[stack.index(nxt):], nxt]))
            if nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)


def test_lower_layers_do_not_import_higher_ones():
    order = {"rrcalc.model": 0, "rrcalc.engine": 1, "rrcalc.api": 2, "rrcalc.results": 2, "rrcalc.output": 3,
             "rrcalc.cli": 4}

    def layer(module: str) -> int | None:
        return next((v for k, v in order.items() if module == k or module.startswith(k + ".")), None)

    for module, imported in _imports().items():
        for other in imported:
            lo, hi = layer(module), layer(other)
            if lo is not None and hi is not None:
                assert hi <= lo, f"{module} (layer {lo}) imports {other} (layer {hi})"


def test_importing_a_lower_layer_loads_no_higher_one():
    """The same rule observed at run time: each model, engine and api module imported alone, in a fresh interpreter
    (one forked child per module), leaves no module of a higher layer, nor typer, in ``sys.modules``."""
    import json
    import subprocess
    import sys

    lower = sorted(m for m in _imports() if m.startswith(("rrcalc.model", "rrcalc.engine")) or m == "rrcalc.api")
    probe = """
import importlib, json, os, sys
found = {}
for name in json.loads(sys.argv[1]):
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        importlib.import_module(name)
        os.write(w, json.dumps(sorted(m for m in sys.modules if m.startswith("rrcalc.") or m == "typer")).encode())
        os._exit(0)
    os.close(w)
    with os.fdopen(r, "rb") as pipe:
        found[name] = json.loads(pipe.read() or b"[]")
    os.waitpid(pid, 0)
print(json.dumps(found))
"""
    done = subprocess.run([sys.executable, "-c", probe, json.dumps(lower)], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = json.loads(done.stdout)
    assert sorted(loaded) == lower  # every module was imported
    higher = {"rrcalc.model": ("rrcalc.engine", "rrcalc.api", "rrcalc.output", "rrcalc.cli", "typer"),
              "rrcalc.engine": ("rrcalc.api", "rrcalc.output", "rrcalc.cli", "typer"),
              "rrcalc.api": ("rrcalc.output", "rrcalc.cli", "typer")}
    wrong = {name: [m for m in mods if m.startswith(higher[".".join(name.split(".")[:2])])]
             for name, mods in loaded.items()}
    assert not {k: v for k, v in wrong.items() if v}, wrong


def test_renderers_import_neither_the_library_verbs_nor_the_engine():
    """Compute once, render many: every module under rrcalc/output/ arranges the library's results
    (:mod:`rrcalc.results`) and imports nothing from :mod:`rrcalc.api` or the engine, not even for types; the value
    helpers of money are the one exception."""
    allowed = {"rrcalc.engine.money"}
    for module, imported in _imports().items():
        if not module.startswith("rrcalc.output"):
            continue
        wrong = sorted(m for m in imported if (m == "rrcalc.api" or m.startswith(("rrcalc.api.", "rrcalc.engine")))
                       and m not in allowed)
        assert not wrong, f"{module} imports {wrong}"


def test_results_load_no_engine():
    """The results a renderer reads are types and values only: importing them loads no engine and no library verb."""
    import subprocess
    import sys

    probe = ("import sys, rrcalc.results, rrcalc.output.views, rrcalc.output.html, rrcalc.output.portfolio; "
             "print(sorted(m for m in sys.modules if m.startswith(('rrcalc.engine', 'rrcalc.api'))"
             " and m not in ('rrcalc.engine', 'rrcalc.engine.money')))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]"
