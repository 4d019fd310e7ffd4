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
import bisect
import re

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
    functions, source_lines = [], []
    for node in walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            functions.append(node)
        elif _is_source(node):
            source_lines.append(node.lineno)
    if not source_lines:
        return found
    source_lines.sort()
    for node in functions:
        # Only a function whose lines (decorators included) hold a source can hold one in its
        # subtree: the one walk above spares walking every other function's body again.
        first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
        at = bisect.bisect_left(source_lines, first)
        if at == len(source_lines) or source_lines[at] > (node.end_lineno or node.lineno):
            continue
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


def _may_flow(tree: ast.Module, collectors: set[str]) -> bool:
    """A superset test of `_flows`, in one pass: some sink call's data mentions a collector call
    or a name that some assignment anywhere took from one (each function body taints a subset)."""
    assigns: list[ast.Assign] = []
    sinks: list[ast.Call] = []
    for node in walk(tree):
        if isinstance(node, ast.Assign):
            assigns.append(node)
        elif isinstance(node, ast.Call) and _called_name(node) in _SINKS:
            sinks.append(node)
    if not sinks:
        return False
    tainted: set[str] = set()
    changed = True
    while changed:  # to a fixpoint: a body's single ordered pass taints no more than this
        changed = False
        for node in assigns:
            targets = {t.id for t in node.targets if isinstance(t, ast.Name)} - tainted
            if targets and _mentions_collector(node.value, collectors, tainted):
                tainted |= targets
                changed = True
    return any(_mentions_collector(a, collectors, tainted) for call in sinks for a in _carried(call))


def _flows(tree: ast.Module, collectors: set[str]) -> list[tuple[int, int, str]]:
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


def find(source: bytes) -> list[tuple[int, int, str]]:
    """(line, end line, sink name) of every sink fed by another function's host facts."""
    if len(source) > MAX_SOURCE_BYTES or not may_have_sources(source):
        return []
    tree, _ = parse(source)
    if tree is None:
        return []
    try:
        collectors = _collectors(tree)
        if not collectors or not _may_flow(tree, collectors):
            return []
        return _flows(tree, collectors)
    except (RecursionError, MemoryError):
        return []


_CHEAP = tuple(word.encode() for word in sorted(_SOURCES | _ENV_DUMPS))  # substrings of every match below
# Between a name and its call's "(" CPython allows blanks, line continuations, closing brackets
# (`(socket.gethostname)()`) and, inside brackets, comments.
_GAP = rb"(?:[\s\\)]|#[^\n]*)*"
_SOURCE_TEXT = re.compile(rb"\b(?:" + "|".join(sorted(_SOURCES)).encode() + rb")\b" + _GAP + rb"\("
                          rb"|\bos\b" + _GAP + rb"\." + _GAP + rb"environ\b")


def may_have_sources(source: bytes) -> bool:
    """A necessary condition for any finding, on the text: a source call's name before a "(", or
    `os.environ` (substring tests first: the regex is costly over large files)."""
    return any(word in source for word in _CHEAP) and _SOURCE_TEXT.search(source) is not None


def findings(path: str, source: bytes) -> list[Finding]:
    lines = source.decode("utf-8", "replace").splitlines()
    return [Finding(rule_id=RULE_ID, engine="antivenom", path=path, line=line, end_line=end,
                    behaviours=["information-stealing"], techniques=[], severity="WARNING", confidence="MEDIUM",
                    message=_MESSAGE, evidence=(lines[line - 1].strip() if line <= len(lines) else "")[:200])
            for line, end, _ in find(source)]
