"""Decide a finding's attack vector from where it sits, with Python's ast.

- setup.py top level, or code that setup.py's top level reaches (a cmdclass
  command's run(), a helper it calls) -> install-time;
- a module's top level or code it reaches while importing, and `.pth` files
  -> import-time;
- code inside a function nothing calls at load -> runtime.

"Reaches" is a name-level approximation: a function or class whose name is
used by load-time code (called, registered as a thread target, put in a
cmdclass dict) runs at load, transitively — across modules too, one step: a
module's top level that uses `agent.poll` or `from .agent import poll; poll()`
reaches `poll` in agent.py. Nothing is imported or executed.
"""

from __future__ import annotations

import ast
import hashlib
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from .astwalk import parse, walk

INSTALL, IMPORT, RUNTIME = "install-time", "import-time", "runtime"
PYTHON_SUFFIXES = (".py", ".pyw")

# Code that neither `pip install` nor `import pkg` runs: test suites, examples, docs,
# benchmarks, CI scripts in hidden folders (.github/, .evergreen/). Benign packages keep
# attack fixtures there (reverse-shell strings, cron paths, curl|sh probes), so a finding
# there is reported as "auxiliary" and cannot by itself make a package malicious - unless
# package code names the file, which makes it ordinary package code again.
AUXILIARY_FOLDERS = frozenset({"test", "tests", "testing", "example", "examples", "doc", "docs",
                               "benchmark", "benchmarks"})


# Repository tooling at the top of an sdist (release, download and CI scripts): never imported
# and never installed unless setup.py names the file (which makes it package code again).
# Only the top level, and only a folder that is no package: `tools/__init__.py` makes `tools`
# an importable package (malware names its package so), and `pkg/scripts/` is package code.
TOOLING_FOLDERS = frozenset({"scripts", "script", "tools", "tool", "bin", "dev", "ci"})


def is_tooling_path(path: str, python_files: set[str]) -> bool:
    parts = PurePosixPath(path).parts
    return (len(parts) > 1 and parts[0].lower() in TOOLING_FOLDERS and _role(path) == "module"
            and f"{parts[0]}/__init__.py" not in python_files)


def is_auxiliary_path(path: str) -> bool:
    parts = PurePosixPath(path).parts
    if not parts or _role(path) in ("setup", "pth"):
        return False
    name = parts[-1].lower()
    if name.endswith(PYTHON_SUFFIXES) and (name.startswith("test_") or name.endswith("_test.py")
                                          or name == "conftest.py"):
        return True
    return any(part.lower() in AUXILIARY_FOLDERS or (part.startswith(".") and part not in (".", ".."))
               for part in parts[:-1])


# An import statement (`from a.b import (c, d)`, `import a, b as c`), or a string that is
# nothing but a module path or dotted name ("tests.payload", "../tests/payload.py").
_IMPORT_STATEMENT = re.compile(rb"\bfrom\s+[\w.]+\s+import\s+(?:\([^)]{0,2000}\)|[^\n;]*)|\bimport\s+[^\n;]*")
_PATH_STRING = re.compile(rb"['\"]([\w./\\-]{1,300})['\"]")
_WORD = re.compile(rb"\w+")


def _names_in_imports_and_paths(source: bytes) -> set[bytes]:
    names: set[bytes] = set()
    for match in _IMPORT_STATEMENT.finditer(source):
        names.update(_WORD.findall(match.group()))
    for match in _PATH_STRING.finditer(source):
        names.update(_WORD.findall(match.group(1)))
    return names


def _module_word(path: str) -> str:
    """The name other code would use for this file: its stem, or its folder for __init__.py."""
    pure = PurePosixPath(path)
    return pure.parent.name if pure.stem == "__init__" and pure.parent.name else pure.stem


@dataclass
class _Scope:
    name: str
    start: int
    end: int
    is_class: bool
    parent: _Scope | None
    reached: bool = False
    signature_end: int = 0  # last line of a multi-line signature: defaults run where the def stands
    names_used: set[str] = field(default_factory=set)
    children: list[_Scope] = field(default_factory=list)

    def qualname(self) -> str:
        return f"{self.parent.qualname()}.{self.name}" if self.parent else self.name


# Nodes with no name below them: never descended into.
_LEAVES = (ast.Constant, ast.expr_context, ast.boolop, ast.operator, ast.unaryop, ast.cmpop)


class _Exit:
    """A marker on the walk's work stack: leave the def/class whose body was just walked."""

    __slots__ = ("owner",)

    def __init__(self, owner: _Scope | None) -> None:
        self.owner = owner


class _Enter:
    """A marker on the walk's work stack: open the scope of a def/class (after its decorators ran)."""

    __slots__ = ("is_class", "node")

    def __init__(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef, is_class: bool) -> None:
        self.node = node
        self.is_class = is_class


def _def_time_expressions(node: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.AST]:
    """What runs when a def statement runs: default values, and calls inside annotations. A name
    in an annotation (`client: Client`) runs nothing, so it must not reach that class."""
    args = node.args
    found: list[ast.AST] = [*args.defaults, *(d for d in args.kw_defaults if d is not None)]
    annotations = [a.annotation for a in (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg)
                   if a is not None and a.annotation is not None]
    if node.returns is not None:
        annotations.append(node.returns)
    for annotation in annotations:
        found.extend(n for n in walk(annotation) if isinstance(n, ast.Call))
    return found


# How a file is run decides whether a guarded block runs: `if __name__ == "__main__":` runs when the
# file is run as a script, never on import; in setup.py, a branch on a maintainer's own command
# (`if sys.argv[-1] == "publish":`) never runs under pip, which passes only build/install commands.
# Each such block becomes a scope of its own under a name no code can spell, reached only as an
# entry point of the file's role.
MAIN_BLOCK = "<if __name__ == '__main__'>"
MAINTAINER_BLOCK = "<if sys.argv names a maintainer command>"
_MAINTAINER_COMMANDS = frozenset({"publish", "upload", "release", "register", "tag", "test", "tests", "docs",
                                  "bump", "lint", "deploy"})


def _is_main_guard(test: ast.expr) -> bool:
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Eq)):
        return False
    sides = [test.left, test.comparators[0]]
    names = [x for x in sides if isinstance(x, ast.Name) and x.id == "__name__"]
    mains = [x for x in sides if isinstance(x, ast.Constant) and x.value == "__main__"]
    return len(names) == 1 and len(mains) == 1


def _is_sys_argv(node: ast.expr) -> bool:
    if isinstance(node, ast.Subscript):
        node = node.value
    return (isinstance(node, ast.Attribute) and node.attr == "argv"
            and isinstance(node.value, ast.Name) and node.value.id == "sys")


def _is_maintainer_guard(test: ast.expr) -> bool:
    """`sys.argv[i] == "publish"` or `"publish" in sys.argv`, alone or as one term of an `and`."""
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        return any(_is_maintainer_guard(value) for value in test.values)
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], (ast.Eq, ast.In))):
        return False
    sides = [test.left, test.comparators[0]]
    words = [x.value for x in sides if isinstance(x, ast.Constant) and isinstance(x.value, str)]
    return (len(words) == 1 and words[0].strip().lower() in _MAINTAINER_COMMANDS
            and any(_is_sys_argv(x) for x in sides))


def _guarded_block(node: ast.If, name: str) -> ast.FunctionDef:
    """The guarded body as a function nobody calls unless the file's role names it."""
    arguments = ast.arguments(posonlyargs=[], args=[], vararg=None, kwonlyargs=[], kw_defaults=[],
                              kwarg=None, defaults=[])
    block = ast.FunctionDef(name=name, args=arguments, body=node.body, decorator_list=[], returns=None,
                            type_params=[])
    # the span ends with the body: an else/elif after it runs where the if stands
    block.lineno, block.end_lineno = node.lineno, node.body[-1].end_lineno or node.lineno
    return block


class _ScopeBuilder:
    """Collects every def/class with its line span, and the names each body uses.

    An explicit work stack, not recursion: scanned code controls the depth of its own
    tree (a setup.py of 2,000 concatenated strings is a BinOp 2,000 levels deep), and
    a RecursionError must never take the batch down. Not ast.NodeVisitor either: its
    per-node method lookup was half of the verdict stage on big obfuscated files."""

    def __init__(self) -> None:
        self.scopes: list[_Scope] = []
        self.top_names: set[str] = set()
        self._stack: list[_Scope] = []
        self._owner: _Scope | None = None  # innermost function: a class body runs where it stands

    def visit(self, root: ast.AST) -> None:
        work: list = [root]
        while work:
            node = work.pop()
            kind = type(node)
            if kind is ast.Name:
                self._use(node.id)
            elif kind is ast.Attribute:
                self._use(node.attr)  # self.helper(), module.func(): matched by the last name
                work.append(node.value)
            elif kind is ast.FunctionDef or kind is ast.AsyncFunctionDef or kind is ast.ClassDef:
                is_class = kind is ast.ClassDef
                # Decorators and default values run where the def stands, not inside it: they are
                # walked first (popped first), in the enclosing scope.
                work.append(_Enter(node, is_class))
                heads = [*node.decorator_list, *getattr(node, "bases", []), *getattr(node, "keywords", [])]
                if not is_class:
                    heads.extend(_def_time_expressions(node))
                work.extend(reversed(heads))
            elif kind is ast.If and self._at_file_level() and (block := self._guard_name(node.test)):
                work.append(_Enter(_guarded_block(node, block), False))
                work.extend(reversed([node.test, *node.orelse]))  # the test and an else run where they stand
            elif kind is _Enter:
                self._open(node, work)
            elif kind is _Exit:
                self._owner = node.owner
                self._stack.pop()
            elif not isinstance(node, _LEAVES):
                children = []
                for name in node._fields:
                    value = getattr(node, name, None)
                    if isinstance(value, list):
                        children.extend(item for item in value if isinstance(item, ast.AST))
                    elif isinstance(value, ast.AST):
                        children.append(value)
                work.extend(reversed(children))

    def _at_file_level(self) -> bool:
        return all(scope.name in (MAIN_BLOCK, MAINTAINER_BLOCK) for scope in self._stack)

    @staticmethod
    def _guard_name(test: ast.expr) -> str | None:
        if _is_main_guard(test):
            return MAIN_BLOCK
        return MAINTAINER_BLOCK if _is_maintainer_guard(test) else None

    def _open(self, marker: _Enter, work: list) -> None:
        node, is_class = marker.node, marker.is_class
        parent = self._stack[-1] if self._stack else None
        scope = _Scope(node.name, node.lineno, node.end_lineno or node.lineno, is_class, parent)
        if not is_class:
            signature = [n for n in walk(node.args) if hasattr(n, "end_lineno")]
            signature += [node.returns] if node.returns else []
            scope.signature_end = max((n.end_lineno or 0 for n in signature), default=0)
        if parent:
            parent.children.append(scope)
        self.scopes.append(scope)
        self._stack.append(scope)
        work.append(_Exit(self._owner))
        if not is_class:
            self._owner = scope
        work.extend(reversed(node.body))

    def _use(self, name: str) -> None:
        # A class body runs when the class statement runs: its uses count for the enclosing scope.
        if self._owner is None:
            self.top_names.add(name)
        else:
            self._owner.names_used.add(name)


@dataclass
class _FileInfo:
    scopes: list[_Scope]
    parse_error: str | None = None


# Instantiating a class at import runs these; its other methods wait for a caller.
_CONSTRUCTION = {"__init__", "__new__", "__init_subclass__", "__set_name__", "__class_getitem__"}


def setup_imports(source: bytes) -> dict[str, set[str]]:
    """Local modules setup.py imports, with the names it takes from each ('*' for the module).

    Their top level runs at install time, and so does what setup.py hands to setuptools."""
    tree, _ = parse(source)
    imports: dict[str, set[str]] = {}
    for node in walk(tree) if tree else ():
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            imports.setdefault(node.module, set()).update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                imports.setdefault(alias.name, set()).add("*")
    return imports


def _load_time_uses(tree: ast.Module, module: str, is_package: bool) -> dict[str, set[str]]:
    """Names of other modules that this module's top level (its load-time code) uses.

    `from . import agent` + `agent.poll` and `from .agent import poll` + `poll` both give
    {'<pkg>.agent': {'poll'}}; module names are absolute, resolved from the file's place.
    """
    package = module if is_package else module.rpartition(".")[0]
    aliases: dict[str, tuple[str, str | None]] = {}  # local name -> (module, attribute or None)
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".") if package else []
                anchor = anchor[: len(anchor) - (node.level - 1)] if node.level > 1 else anchor
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            for alias in node.names:
                local = alias.asname or alias.name
                # `from pkg import agent` may name a module or an attribute: keep both readings.
                aliases[local] = (base, alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                aliases[alias.asname or alias.name.split(".")[0]] = (alias.name, None)
    uses: dict[str, set[str]] = {}
    top = [n for n in tree.body if not isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]
    for statement in top:
        for node in walk(statement):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases:
                base, attribute = aliases[node.value.id]
                uses.setdefault(f"{base}.{attribute}" if attribute else base, set()).add(node.attr)
            elif isinstance(node, ast.Name) and node.id in aliases:
                base, attribute = aliases[node.id]
                if attribute:
                    uses.setdefault(base, set()).add(attribute)
    return uses


class _Memo:
    """A small LRU keyed by a file's digest: malware families and package versions repeat
    files byte for byte, so each copy is parsed once per scan, not once per package."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict = OrderedDict()

    def get(self, key, compute, *args):
        if key in self._items:
            self._items.move_to_end(key)
            return self._items[key]
        value = compute(*args)
        self._items[key] = value
        if len(self._items) > self.size:
            self._items.popitem(last=False)
        return value


_ANALYSED = _Memo(4096)
_LOAD_USES = _Memo(4096)


def _digest(source: bytes) -> bytes:
    return hashlib.sha1(source, usedforsecurity=False).digest()


def _uses_of(source: bytes, module: str, is_package: bool) -> dict[str, set[str]]:
    tree, _ = parse(source)
    try:
        return _load_time_uses(tree, module, is_package) if tree is not None else {}
    except (RecursionError, MemoryError):
        return {}


def _analyse(source: bytes, class_reaches_all_methods: bool, entry_names: frozenset[str] = frozenset()) -> _FileInfo:
    return _ANALYSED.get((_digest(source), class_reaches_all_methods, entry_names),
                         _analyse_uncached, source, class_reaches_all_methods, entry_names)


def _analyse_uncached(source: bytes, class_reaches_all_methods: bool, entry_names: frozenset[str]) -> _FileInfo:
    tree, error = parse(source)
    if tree is None:
        return _FileInfo([], error)
    builder = _ScopeBuilder()
    try:
        builder.visit(tree)
    except (RecursionError, MemoryError) as exc:  # fail closed: the vector falls back to the file's role
        return _FileInfo([], f"{type(exc).__name__} while walking the tree")
    builder.top_names |= entry_names
    by_name: dict[str, list[_Scope]] = {}
    for scope in builder.scopes:
        by_name.setdefault(scope.name, []).append(scope)
    pending = sorted(builder.top_names)
    seen: set[str] = set()

    def reach(scope: _Scope) -> None:
        # A reached class reaches its construction methods, and methods whose names reached code
        # already used (cmdclass={'install': X} runs X.run(): all of them, from setup.py); a class
        # reached that way (nested in a reached class) reaches its own the same way. The result
        # is the same whatever order the names are taken in (a set's order changes per process).
        stack = [scope]
        while stack:
            current = stack.pop()
            if current.reached:
                continue
            current.reached = True
            pending.extend(current.names_used)
            if current.is_class:
                stack.extend(c for c in current.children
                             if class_reaches_all_methods or c.name in _CONSTRUCTION or c.name in seen)

    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        for scope in by_name.get(name, []):
            # A method runs only on an instance: a name used at load reaches it only once its class
            # is reached (`x.start()` at top level does not run every `start` method in the file).
            if scope.parent is not None and scope.parent.is_class and not scope.parent.reached:
                continue
            reach(scope)
    return _FileInfo(builder.scopes)


def _innermost(info: _FileInfo, line: int) -> _Scope | None:
    best = None
    for scope in info.scopes:
        in_signature = scope.start < line <= scope.signature_end  # lines after the def line, before the body
        if (not scope.is_class and scope.start <= line <= scope.end and not in_signature
                and (best is None or scope.start >= best.start)):
            best = scope
    return best


def _is_reached(scope: _Scope) -> bool:
    # A nested def runs only if every enclosing function is reached.
    node: _Scope | None = scope
    while node is not None:
        if not node.is_class and not node.reached:
            return False
        node = node.parent
    return True


def _role(path: str) -> str:
    name = PurePosixPath(path).name.lower()
    if name == "setup.py":
        return "setup"
    if name.endswith(".pth"):
        return "pth"
    if name.endswith(PYTHON_SUFFIXES):
        return "module"
    return "data"


_RELATIVE_IMPORT = re.compile(rb"\bfrom[\s\\]*\.")  # `from .x import`, `from.x import`, `from \\n .x`


def _module_name(path: str) -> str:
    parts = list(PurePosixPath(path).with_suffix("").parts)
    if parts and parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


class VectorClassifier:
    """Per package: parses each Python file once, however many findings it has."""

    # Reading every module to find cross-module uses is cheap for malware-sized packages;
    # past this many Python files only same-file reach is used.
    MAX_MODULES_FOR_CROSS_REACH = 400

    def __init__(self, read_bytes, python_files: list[str] | None = None, installed_layout: bool = False) -> None:
        self._read = read_bytes  # callable(path relative to package root) -> bytes
        # A wheel's every top-level folder is installed into site-packages (a folder without
        # __init__.py is a namespace package): none of them is repository tooling.
        self._installed_layout = installed_layout
        self._python_files = python_files or []
        self._python_set = set(self._python_files)
        self._cache: dict[str, _FileInfo] = {}
        self._setup_imports: dict[str, set[str]] | None = None
        self._load_uses: dict[str, set[str]] = {}  # per module name
        self._module_sources: list[tuple[str, str, bytes, bytes]] | None = None
        self._auxiliary: set[str] | None = None

    def is_auxiliary(self, path: str) -> bool:
        """In a test/example/doc/CI file that no package code names (see AUXILIARY_FOLDERS)."""
        if not self._auxiliary_shape(path):
            return False
        if self._auxiliary is None:
            self._auxiliary = self._unnamed_auxiliary_files()
        return path in self._auxiliary

    def _auxiliary_shape(self, path: str) -> bool:
        return is_auxiliary_path(path) or (not self._installed_layout and is_tooling_path(path, self._python_set))

    def _unnamed_auxiliary_files(self) -> set[str]:
        """Auxiliary files whose module name no reached file names in an import or a string.

        A text search, not an import graph: `__import__("tests.x")`, importlib, runpy and
        exec'd paths name the module in a string, so hiding a payload in tests/ and loading
        it from package code by any such spelling keeps its findings decisive. A bare
        identifier or prose (a method that shares the file's name, an error message
        mentioning it) does not count. Reached files
        pass it on: package code naming tests/__init__.py reaches what that file names."""
        candidates = {f for f in self._python_files if self._auxiliary_shape(f)}
        reached = [f for f in self._python_files if f not in candidates]
        while candidates and reached:
            named: set[bytes] = set()
            for path in reached:
                try:
                    named |= _names_in_imports_and_paths(self._read(path))
                except OSError:
                    continue
            reached = [f for f in candidates if _module_word(f).encode() in named]
            candidates -= set(reached)
        return candidates

    def _modules(self) -> list[tuple[str, str, bytes, bytes]]:
        """(path, module name, bytes, digest) of the package's modules, read and hashed once per
        package; none past MAX_MODULES_FOR_CROSS_REACH."""
        if self._module_sources is None:
            files = [f for f in self._python_files if _role(f) == "module"]
            self._module_sources = []
            for other in files if len(files) <= self.MAX_MODULES_FOR_CROSS_REACH else []:
                try:
                    source = self._read(other)
                except OSError:
                    continue
                self._module_sources.append((other, _module_name(other), source, _digest(source)))
        return self._module_sources

    def _used_at_load_elsewhere(self, path: str) -> set[str]:
        """Names of this module that other modules' top levels use (so they run at import).

        Only modules that could name it are parsed. A use of `a.b.agent` comes from an import
        whose text names `agent` (`import a.b.agent`, `from .agent import x`, `from . import
        agent`), or from a relative import whose anchor is the other module's own package path,
        which must then hold `agent` as a folder."""
        module = _module_name(path)
        found = self._load_uses.get(module)
        if found is not None:
            return found
        found = set()
        last = module.rpartition(".")[2]
        word = last.encode()
        for other, other_module, source, digest in self._modules():
            if word not in source and not (last in other_module.split(".") and _RELATIVE_IMPORT.search(source)):
                continue
            is_package = PurePosixPath(other).name == "__init__.py"
            uses = _LOAD_USES.get((digest, other_module, is_package),
                                  _uses_of, source, other_module, is_package)
            for used_module, names in uses.items():
                # Paths may carry a src/ or project folder before the import name.
                if used_module and (module == used_module or module.endswith("." + used_module)):
                    found |= names
        self._load_uses[module] = found
        return found

    def _imported_by_setup(self, path: str) -> set[str] | None:
        """The names setup.py takes from this module, or None when setup.py does not import it."""
        if self._setup_imports is None:
            try:
                self._setup_imports = setup_imports(self._read("setup.py"))
            except OSError:
                self._setup_imports = {}
        module = _module_name(path)
        for imported, names in self._setup_imports.items():
            # `from tests.cmd import X` names tests/cmd.py; a src/ layout shifts the path by a folder.
            if module == imported or module.endswith("." + imported):
                return names
        return None

    def _info(self, path: str) -> _FileInfo:
        if path not in self._cache:
            try:
                imported = self._imported_by_setup(path) if _role(path) == "module" else None
                elsewhere = self._used_at_load_elsewhere(path) if _role(path) == "module" else set()
                # setup.py hands its classes to setuptools (cmdclass), which calls their methods.
                # pip runs setup.py as a script (its main block runs) with build and install commands
                # only; argv in a module belongs to whatever program imported it.
                entry = {MAIN_BLOCK} if _role(path) == "setup" else {MAINTAINER_BLOCK}
                self._cache[path] = _analyse(self._read(path), _role(path) == "setup" or imported is not None,
                                             frozenset((imported or set()) | elsewhere | entry))
            except OSError as exc:
                self._cache[path] = _FileInfo([], f"unreadable: {exc}")
        return self._cache[path]

    def classify(self, path: str, line: int | None, hint: str | None = None) -> tuple[str, str]:
        role = _role(path)
        load_vector = INSTALL if role == "setup" else IMPORT
        if role == "pth":
            return IMPORT, ".pth file: site.py runs its import lines at every interpreter start"
        if role == "data" or line is None:
            if hint:
                return hint, "file-side finding: the rule's own attack-vector hint"
            return RUNTIME, "file-side finding: runs only when code loads it"
        if role == "module" and self.is_auxiliary(path):
            return RUNTIME, "test/example/CI file no package code names: install and import never run it"
        info = self._info(path)
        if role == "module" and self._imported_by_setup(path) is not None:
            role, load_vector = "setup-import", INSTALL
        if info.parse_error:
            by_role = {"setup": INSTALL, "setup-import": INSTALL,
                       "module": IMPORT if path.endswith("__init__.py") else RUNTIME}
            return by_role[role], f"file does not parse ({info.parse_error[:80]}); vector by file role"
        scope = _innermost(info, line)
        where = {"setup": "setup.py", "setup-import": "a module setup.py imports"}.get(role, "module")
        if scope is None:
            return load_vector, f"{where} top level"
        if _is_reached(scope):
            return load_vector, f"in {scope.qualname()}(), reached from {where} top level"
        return RUNTIME, f"inside {scope.qualname()}(), which runs only when called"
