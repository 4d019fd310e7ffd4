"""A normalised spelling of a Python source, line for line, for rules written against the plain one.

Edits, each made in the source text so that every line keeps its number:
- identifiers are NFKC-normalised, as Python itself does (script-letter look-alikes of `exec` are `exec`);
- names handed to `getattr`, `__import__`, `importlib.import_module`, `vars(x)[...]`,
  `x.__dict__[...]`, `globals()[...]` are folded when built from literals
  (`getattr(builtins, 'ex' + 'ec')` -> `exec`, `getattr(os, 'sys' + 'tem')` -> `os.system`);
- simple aliases are followed: a name bound once to a dangerous builtin or to a module
  attribute (`_run = exec`, `s = os.system`, `from os import system as q`) is replaced by
  what it names wherever it is read;
- strings assembled from literals that spell a URL or a dangerous name are folded.
`normalised_view` returns None when nothing meaningful changed, so files are not scanned twice.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
import unicodedata

from ..astwalk import walk
from .caps import Budget
from .literals import Folder, _Scope, parse

DANGEROUS_BUILTINS = {"exec", "eval", "compile", "__import__", "getattr", "open", "execfile", "input", "setattr",
                      "globals", "vars", "breakpoint"}
DANGEROUS_MODULES = {"os", "subprocess", "socket", "ctypes", "marshal", "base64", "zlib", "lzma", "bz2", "urllib",
                     "requests", "pty", "shutil", "builtins", "codecs", "pickle", "importlib", "runpy", "http",
                     "ftplib", "smtplib", "webbrowser", "posix", "nt", "commands", "platform", "getpass"}
_OS_DANGEROUS = {"system", "popen", "startfile", "remove", "unlink", "environ", "getenv", "putenv", "dup2",
                 "fork", "kill", "rmdir", "removedirs", "getlogin", "uname"}
_BUILTINS_SPELLINGS = {"builtins", "__builtins__", "__builtin__"}
_STRING_METHODS = {"join", "format", "replace", "decode", "fromhex"}
# Files naming none of these have nothing the view would change (checked on the raw text).
_GATE = re.compile(r"getattr|__import__|import_module|vars\(|__dict__\[|globals\(\)\[|locals\(\)\[|__builtins__|"
                   r"^[ \t]*\w+[ \t]*=[ \t]*(exec|eval|compile|open|[\w.]*\.(system|popen|Popen|run|call|check_output|"
                   r"loads|b64decode|urlopen|get|post|exec\w*|spawn\w*))[ \t]*$|"
                   r"^[ \t]*from[ \t]+[\w.]+[ \t]+import[ \t].*\bas\b", re.M)
# String folding is only worth a view when a folded string can name an endpoint or a command.
_FOLD_GATE = re.compile(r"['\"][ \t]*\+|\+[ \t]*['\"]|\.join\(|\.format\(|\bf['\"]")
_FOLD_WORDS = re.compile(r"://|exec|eval|system|popen|subprocess|powershell|webhook|socket|base64")
_NON_ASCII_WORD = re.compile(r"\w*[^\W\x00-\x7f]\w*")
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*")
_MEANINGFUL_TEXT = re.compile(r"://|\b(exec|eval|system|popen|subprocess|powershell|webhook|socket|base64)\b")


def _nfkc_identifiers(text: str) -> tuple[str, int]:
    """NFKC every non-ASCII NAME token; the count of changed tokens."""
    if text.isascii() or unicodedata.normalize("NFKC", text) == text:  # one C pass spares the tokenizer
        return text, 0
    # Full-width punctuation or ligatures in strings and comments change under NFKC too: tokenize only
    # when a word with a non-ASCII character does (identifiers are words).
    if all(unicodedata.normalize("NFKC", word) == word for word in set(_NON_ASCII_WORD.findall(text))):
        return text, 0
    lines = text.splitlines(keepends=True)
    edits: list[tuple[int, int, int, str]] = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type == tokenize.NAME and not tok.string.isascii():
                fixed = unicodedata.normalize("NFKC", tok.string)
                if fixed != tok.string and tok.start[0] == tok.end[0]:
                    edits.append((tok.start[0], tok.start[1], tok.end[1], fixed))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return text, 0
    for row, start, end, fixed in sorted(edits, reverse=True):
        line = lines[row - 1]
        lines[row - 1] = line[:start] + fixed + line[end:]
    return "".join(lines), len(edits)


class _Edits:
    """Replacements of AST node spans (byte columns) in the source, kept line-preserving."""

    def __init__(self, text: str) -> None:
        self.lines = [line.encode("utf-8", "surrogatepass") for line in text.splitlines(keepends=True)]
        self.spans: list[tuple[int, int, int, int, str]] = []

    def replace(self, node: ast.AST, new: str) -> None:
        end_line, end_col = node.end_lineno, node.end_col_offset  # type: ignore[attr-defined]
        extra = end_line - node.lineno  # type: ignore[attr-defined]
        # keep every line: a multi-line expression becomes one line plus continuation lines
        self.spans.append((node.lineno, node.col_offset, end_line, end_col,  # type: ignore[attr-defined]
                           new + (" \\\n" * extra)))

    def apply(self) -> str:
        """Outermost edits win (getattr(b, 'ex'+'ec') over its 'ex'+'ec'); applied from the end."""
        lines = list(self.lines)
        taken: list[tuple[int, int, int, int, str]] = []
        for span in sorted(self.spans, key=lambda s: (s[0], s[1], -s[2], -s[3])):
            start = (span[0], span[1])
            if taken and start < (taken[-1][2], taken[-1][3]):
                continue  # inside (or overlapping) an edit already kept
            taken.append(span)
        for start_line, start_col, end_line, end_col, new in reversed(taken):
            head = lines[start_line - 1][:start_col]
            tail = lines[end_line - 1][end_col:]
            lines[start_line - 1:end_line] = [head + new.encode("utf-8", "surrogatepass") + tail]
        return b"".join(lines).decode("utf-8", "surrogatepass")


def _dangerous_attribute(target: str, imported: set[str]) -> bool:
    root, _, rest = target.partition(".")
    if not rest or root not in imported or root not in DANGEROUS_MODULES:
        return False
    return root != "os" or rest.split(".")[0] in _OS_DANGEROUS or rest.startswith(("exec", "spawn"))


def _dotted(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return f"{base}.{node.attr}" if base else None
    return None


def _is_builtins(node: ast.AST, builtins_aliases: set[str]) -> bool:
    if isinstance(node, ast.Name):
        return node.id in _BUILTINS_SPELLINGS or node.id in builtins_aliases
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("__import__",
                                                                                          "import_module"):
        return bool(node.args) and isinstance(node.args[0], ast.Constant) and node.args[0].value == "builtins"
    if isinstance(node, ast.Subscript) and _dotted(node.value) == "sys.modules":
        return isinstance(node.slice, ast.Constant) and node.slice.value == "builtins"
    return False


_REWRITABLE = frozenset({ast.Call, ast.Subscript, ast.Name, ast.JoinedStr, ast.BinOp})
_IMPORTS = frozenset({ast.Import, ast.ImportFrom})
_DEFINITIONS = frozenset({ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef})


class _Normaliser:
    def __init__(self, tree: ast.Module, text: str, budget: Budget) -> None:
        self.tree = tree
        self.edits = _Edits(text)
        self.folder = Folder(budget, 1, 0, set())
        self.scope = _Scope(None)
        self.meaningful = 0
        self.imported: set[str] = set()
        self.aliases: dict[str, str] = {}
        self.builtins_aliases: set[str] = set()
        self._rewritable: list[ast.AST] = []

    def _literal(self, node: ast.expr) -> str | None:
        folded = self.folder.fold(node, self.scope)
        return folded[0] if folded is not None and isinstance(folded[0], str) else None

    def collect(self) -> None:
        """Module names imported, literal module-level names, and names bound exactly once."""
        bound: dict[str, int] = {}
        values: dict[str, ast.expr] = {}
        for node in walk(self.tree):
            kind = node.__class__  # (exact classes: a parsed tree holds no subclasses; a set test is cheap)
            if kind in _REWRITABLE:
                self._rewritable.append(node)  # rewrite() visits these, in this order, without a second walk
            elif kind in _IMPORTS:
                for alias in node.names:  # type: ignore[attr-defined]
                    local = alias.asname or alias.name.split(".")[0]
                    bound[local] = bound.get(local, 0) + 1
                    if kind is ast.Import:
                        self.imported.add(local)
                    elif node.module and alias.name != "*" and node.level == 0:  # type: ignore[attr-defined]
                        self.imported.add(node.module.split(".")[0])  # type: ignore[attr-defined]
                        if alias.asname and alias.asname != alias.name:  # Semgrep already follows plain ones
                            values[local] = ast.Name(f"{node.module}.{alias.name}")  # type: ignore[attr-defined]
            elif kind is ast.Assign:
                if len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):  # type: ignore[attr-defined]
                    name = node.targets[0].id  # type: ignore[attr-defined]
                    bound[name] = bound.get(name, 0) + 1
                    values[name] = node.value  # type: ignore[attr-defined]
            elif kind in _DEFINITIONS:
                bound[node.name] = bound.get(node.name, 0) + 2  # type: ignore[attr-defined]
            elif kind is ast.arg:
                bound[node.arg] = bound.get(node.arg, 0) + 2  # type: ignore[attr-defined]
        for stmt in self.tree.body:  # module-level literals, for folding pieces held in names
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
                folded = self.folder.fold(stmt.value, self.scope)
                if folded is not None and bound.get(stmt.targets[0].id) == 1:
                    self.scope.env[stmt.targets[0].id] = folded
        for name, value in values.items():
            if bound.get(name) != 1:
                continue
            target = value.id if isinstance(value, ast.Name) and "." in value.id else _dotted(value)
            if target is None or target == name:
                continue
            if target in DANGEROUS_BUILTINS or _dangerous_attribute(target, self.imported):
                self.aliases[name] = target
            elif target in _BUILTINS_SPELLINGS or _is_builtins(value, set()):
                self.builtins_aliases.add(name)

    def _worth(self, key_node: ast.expr, name: str) -> bool:
        """A folded name is worth a view when it was hidden (assembled) and names something dangerous."""
        hidden = not isinstance(key_node, ast.Constant)
        dangerous = name in DANGEROUS_BUILTINS or name in _BUILTINS_SPELLINGS or _dangerous_attribute(
            name, self.imported | {name.split(".")[0]})
        return dangerous and (hidden or "." not in name)

    def _name_from(self, obj: ast.expr, attr: str) -> str | None:
        if not _IDENT.fullmatch(attr) or "." in attr:
            return None
        if _is_builtins(obj, self.builtins_aliases):
            return attr
        base = _dotted(obj)
        if base is not None:
            base = self.aliases.get(base, base)
            return f"{base}.{attr}"
        return None

    def rewrite(self) -> None:
        for node in self._rewritable:
            if isinstance(node, ast.Call):
                self._call(node)
            elif isinstance(node, ast.Subscript):
                self._subscript(node)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in self.aliases:
                self.edits.replace(node, self.aliases[node.id])
                self.meaningful += 1
            elif isinstance(node, ast.JoinedStr) or (isinstance(node, ast.BinOp)
                                                     and isinstance(node.op, (ast.Add, ast.Mod))):
                self._string(node)

    def _call(self, node: ast.Call) -> None:
        func = _dotted(node.func)
        if func == "getattr" and len(node.args) >= 2:
            attr = self._literal(node.args[1])
            name = self._name_from(node.args[0], attr) if attr else None
            if name is not None and self._worth(node.args[1], name):
                self.edits.replace(node, name)
                self.meaningful += 1
        elif func in ("__import__", "importlib.import_module", "import_module") and node.args:
            module = self._literal(node.args[0])
            if module and _IDENT.fullmatch(module) and not isinstance(node.args[0], ast.Constant):
                self.edits.replace(node.args[0], repr(module))
                self.meaningful += 1
        elif isinstance(node.func, ast.Attribute) and node.func.attr in _STRING_METHODS:
            self._string(node)

    def _subscript(self, node: ast.Subscript) -> None:
        key = self._literal(node.slice) if isinstance(node.ctx, ast.Load) else None
        if not key or not _IDENT.fullmatch(key) or "." in key:
            return
        value = node.value
        name = None
        if isinstance(value, ast.Call) and _dotted(value.func) in ("globals", "locals") and not value.args:
            name = key
        elif isinstance(value, ast.Call) and _dotted(value.func) == "vars" and len(value.args) == 1:
            name = self._name_from(value.args[0], key)
        elif isinstance(value, ast.Attribute) and value.attr == "__dict__":
            name = self._name_from(value.value, key)
        elif _is_builtins(value, self.builtins_aliases):
            name = key  # __builtins__['exec'] (a dict in imported modules)
        if name is not None and self._worth(node.slice, name):
            self.edits.replace(node, name)
            self.meaningful += 1

    def _string(self, node: ast.expr) -> None:
        if isinstance(node, ast.Constant):
            return
        folded = self.folder.fold(node, self.scope)
        if folded is None or not isinstance(folded[0], (str, bytes)) or len(folded[0]) > 4096:
            return
        text = folded[0] if isinstance(folded[0], str) else folded[0].decode("latin-1")
        if _MEANINGFUL_TEXT.search(text) or (text in DANGEROUS_BUILTINS):
            self.edits.replace(node, repr(folded[0]))
            self.meaningful += 1


def assembles_strings(text: str) -> bool:
    """Strings assembled from pieces (`+`, join, format, f-strings) beside a word worth folding them for."""
    return _FOLD_GATE.search(text) is not None and _FOLD_WORDS.search(text) is not None


def normalised_view(text: str, tree: ast.Module | None, budget: Budget) -> str | None:
    """The normalised source, line for line; None when it would not differ meaningfully."""
    fixed, renamed = _nfkc_identifiers(text)
    if renamed:
        tree = parse(fixed)
    elif _GATE.search(text) is None and not assembles_strings(text):
        return None
    if tree is None:
        return None
    budget.spend(len(fixed) // 8)
    normaliser = _Normaliser(tree, fixed, budget)
    normaliser.collect()
    normaliser.rewrite()
    if not normaliser.meaningful and not renamed:
        return None
    out = normaliser.edits.apply() if normaliser.meaningful else fixed
    if parse(out) is None:  # an edit broke the syntax: keep only the identifier fix, if any
        return fixed if renamed else None
    return out
