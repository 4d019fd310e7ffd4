"""Source-to-sink flows across the functions of one module, found with Python's ast.

Host facts collected in one function and sent from another look benign half by half:
a `collect()` that returns the hostname and user, a `send()` that posts "some data".
Here a function is a *collector* when it calls a host-fact source and returns a value;
a *sink* call (an HTTP request, a socket send, a DNS lookup) whose arguments contain a
call to a collector - directly, or through a local name assigned from one - is reported
as a `flow` finding (rule cross-function-host-flow). Same-function flows are the
host-fingerprint-exfil rule's. Nothing is imported or run; walks are iterative (astwalk.walk).
"""

from __future__ import annotations

import ast

from .astwalk import parse, walk
from .model import Finding

RULE_ID = "cross-function-host-flow"
MAX_SOURCE_BYTES = 1_000_000
_SOURCES = {"gethostname", "getfqdn", "getuser", "getlogin", "node", "uname", "getcwd", "gethostbyname_ex"}
_ENV_DUMPS = {"environ"}  # dict(os.environ), os.environ.copy(), os.environ.items()
_PROCESS_SINKS = {"system", "popen", "run", "Popen", "check_output", "call", "check_call"}
_SINKS = {"post", "get", "put", "request", "urlopen", "Request", "urlretrieve", "send", "sendall", "sendto",
          "gethostbyname", "getaddrinfo", *_PROCESS_SINKS}
_MESSAGE = ("Host facts (hostname, user, cwd, environment) gathered by one function reach a network or "
            "process sink in another: the fingerprint-and-beacon pattern split across functions.")


def _called_name(call: ast.Call) -> str | None:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None


def _is_source(node: ast.AST) -> bool:
    if isinstance(node, ast.Call) and _called_name(node) in _SOURCES:
        return True
    # os.environ read whole (not os.environ["X"] / .get("X")): dict(os.environ), .copy(), .items()
    return (isinstance(node, ast.Attribute) and node.attr in _ENV_DUMPS and isinstance(node.value, ast.Name)
            and node.value.id == "os")


def _collectors(tree: ast.Module) -> set[str]:
    found = set()
    for node in walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            inner = list(walk(node))
            returns = any(isinstance(n, ast.Return) and n.value is not None for n in inner)
            environ_read_one = any(isinstance(n, ast.Subscript) and isinstance(n.value, ast.Attribute)
                                   and n.value.attr == "environ" for n in inner)
            sources = [n for n in inner if _is_source(n)]
            only_environ = all(isinstance(n, ast.Attribute) for n in sources)
            if returns and sources and not (environ_read_one and only_environ):
                found.add(node.name)
    return found


def _mentions_collector(expr: ast.AST, collectors: set[str], tainted: set[str]) -> bool:
    for node in walk(expr):
        if isinstance(node, ast.Call) and _called_name(node) in collectors:
            return True
        if isinstance(node, ast.Name) and node.id in tainted:
            return True
    return False


def _carried(call: ast.Call) -> list[ast.expr]:
    """The arguments whose data a sink sends on. A process sink sends its command line only:
    handing the environment to a child (`env=`), or a working folder, is configuration."""
    if _called_name(call) in _PROCESS_SINKS:
        return [*call.args, *(k.value for k in call.keywords if k.arg in ("args", "cmd", "command"))]
    return [*call.args, *(k.value for k in call.keywords)]


def _function_bodies(tree: ast.Module) -> list[tuple[str | None, list[ast.stmt]]]:
    bodies: list[tuple[str | None, list[ast.stmt]]] = [(None, tree.body)]
    bodies += [(n.name, n.body) for n in walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    return bodies


def find(source: bytes) -> list[tuple[int, int, str]]:
    """(line, end line, sink name) of every sink fed by another function's host facts."""
    if len(source) > MAX_SOURCE_BYTES:
        return []
    tree, _ = parse(source)
    if tree is None:
        return []
    try:
        collectors = _collectors(tree)
        if not collectors:
            return []
        hits = []
        for name, body in _function_bodies(tree):
            others = collectors - {name}
            tainted: set[str] = set()
            statements = [s for stmt in body for s in walk(stmt)
                          if not isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))]
            for node in statements:  # the walk is breadth-first: assignments tend to precede uses
                if isinstance(node, ast.Assign) and _mentions_collector(node.value, others, tainted):
                    tainted.update(t.id for t in node.targets if isinstance(t, ast.Name))
            for node in statements:
                if isinstance(node, ast.Call) and _called_name(node) in _SINKS:
                    arguments = _carried(node)
                    if any(_mentions_collector(a, others, tainted) for a in arguments):
                        hits.append((node.lineno, node.end_lineno or node.lineno, _called_name(node) or "?"))
        return sorted(set(hits))
    except (RecursionError, MemoryError):
        return []


def findings(path: str, source: bytes) -> list[Finding]:
    lines = source.decode("utf-8", "replace").splitlines()
    return [Finding(rule_id=RULE_ID, engine="antivenom", path=path, line=line, end_line=end,
                    behaviours=["information-stealing"], techniques=[], severity="WARNING", confidence="MEDIUM",
                    message=_MESSAGE, evidence=(lines[line - 1].strip() if line <= len(lines) else "")[:200])
            for line, end, _ in find(source)]
