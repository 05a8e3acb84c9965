"""The layers hold: engine → reference → domain → derived → interfaces, arrows down only.

The contracts are in pyproject.toml ([tool.importlinter]); import-linter reads every
import, function-level ones included, so neither an upward import nor a cycle can hide
inside a function.
"""
import os
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("backend", "workflows", "notifications")
# Interface modules that live inside an app; everything else is layered.
INTERFACE_PARTS = {"api", "admin", "management", "authentication", "consumers", "routing", "auth", "tasks"}


def test_the_import_contracts_are_kept():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph(*PACKAGES, cache_dir=None)


def _cycles(nodes, edges_of) -> list[list[str]]:
    """Strongly connected components of more than one node (Tarjan, iterative)."""
    index, low, stack, on_stack, found, counter = {}, {}, [], set(), [], [0]
    for start in nodes:
        if start in index:
            continue
        work = [(start, iter(edges_of(start)))]
        index[start] = low[start] = counter[0]
        counter[0] += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter[0]
                    counter[0] += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(edges_of(child))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return found


def test_no_module_imports_itself_through_others(graph):
    cycles = _cycles(sorted(graph.modules), lambda m: sorted(graph.find_modules_directly_imported_by(m)))
    assert cycles == [], f"import cycles between modules: {cycles}"


def _app_of(module):
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "backend" and len(parts) > 1 else parts[0]


def _is_interface(module):
    parts = module.split(".")
    return any(p in INTERFACE_PARTS for p in parts[1:]) or _app_of(module) in (
        "backend.api", "backend.urls", "backend.asgi", "backend.wsgi", "backend.celery", "backend.demo")


def test_no_cycle_between_apps(graph):
    """Below the interfaces, apps import each other one way only (plans ↛ inspections ↛ plans …)."""
    edges = {}
    for module in graph.modules:
        if _is_interface(module) or module in PACKAGES:
            continue
        for imported in graph.find_modules_directly_imported_by(module):
            if _is_interface(imported) or imported in PACKAGES:
                continue
            if _app_of(imported) != _app_of(module):
                edges.setdefault(_app_of(module), set()).add(_app_of(imported))
    apps = sorted({_app_of(m) for m in graph.modules})
    cycles = _cycles(apps, lambda a: sorted(edges.get(a, ())))
    assert cycles == [], f"import cycles between apps: {cycles}"


def test_the_check_fails_on_a_cycle_hidden_in_a_function():
    """The cycle finder itself: a function-level import that closes a loop is found."""
    edges = {"a": ["b"], "b": ["c"], "c": ["a"], "d": ["a"]}
    assert _cycles(sorted(edges), lambda m: edges[m]) == [["a", "b", "c"]]
