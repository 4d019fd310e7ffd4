"""Literal payloads of one Python source, including those assembled from literal pieces.

Within one scope (a module, class or function body, statements in order) this folds
expressions built only from literals: `+` and `*` of strings, `''.join([...])`, `.format`,
f-strings of literals, slicing and `[::-1]`, names assigned earlier in the same scope
(or at module level), `bytes.fromhex`, `bytes([...])`, `chr()` integer lists,
`.encode`/`.decode`/`.replace`. Nothing is evaluated by Python: each form is folded by
hand, with a size cap, so a `'A' * 10**12` costs nothing.

The result is a list of `Candidate`s (value, line, assembly steps) and, per candidate, the
`Hints` of its scope: short literals usable as keys, XORed integers, literal char maps.
"""

from __future__ import annotations

import ast
import bisect
import re
import string
from dataclasses import dataclass, field

from ..astwalk import children, walk
from ..astwalk import parse as parse_source
from .caps import Budget
from .transforms import Hints

Value = str | bytes | list
_EXEC_SINKS = {"exec", "eval", "compile", "execfile", "run_path", "runsource", "runcode", "system", "popen",
               "Popen", "run", "call", "check_call", "check_output", "getoutput", "spawn", "write", "write_text",
               "write_bytes"}
_HINT_WORDS = {"b85": "b85", "a85": "a85", "rot13": "rot13", "rot_13": "rot13", "[::-1]": "reverse",
               "reversed": "reverse", "fernet": "fernet", "aes": "aes", "maketrans": "charmap", "translate": "charmap"}
_FORMAT_FIELD = re.compile(r"\d*|[A-Za-z_]\w*")


@dataclass
class Candidate:
    value: bytes
    line: int | None
    steps: list[str]  # assembly steps ("concat", "join", "reverse"...); empty for a plain literal
    hints: Hints = field(default_factory=Hints)
    exec_context: bool = False  # passed to exec/eval/compile, a shell, or written out
    pre_decoded: bool = False  # already decoded (invisible characters): emit, do not decode again


def source_hints(text: str) -> set[str]:
    lowered = text.lower()
    return {word for token, word in _HINT_WORDS.items() if token in lowered}


def _to_bytes(value: Value) -> bytes | None:
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")
    if isinstance(value, list) and value and all(isinstance(v, int) for v in value):
        if all(0 <= v < 256 for v in value):
            return bytes(value)
        if all(0 <= v < 0x110000 for v in value):
            return "".join(map(chr, value)).encode("utf-8", "surrogatepass")
    return None


def _call_name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


class _Scope:
    """One scope's names, and the literals worth trying as keys."""

    def __init__(self, parent: _Scope | None) -> None:
        self.parent = parent
        self.env: dict[str, tuple[Value, list[str]]] = {}
        self.keys: list[bytes] = []
        self.xor_ints: list[int] = []
        self.charmaps: list[dict[str, str]] = []
        self.exec_names: set[str] = set()
        self.has_xor = False

    def lookup(self, name: str) -> tuple[Value, list[str]] | None:
        scope: _Scope | None = self
        while scope is not None:
            if name in scope.env:
                return scope.env[name]
            scope = scope.parent
        return None

    def hints(self, words: set[str], max_keys: int) -> Hints:
        keys, ints, maps, xor = [], [], [], False
        scope: _Scope | None = self
        while scope is not None:
            keys += scope.keys
            ints += scope.xor_ints
            maps += scope.charmaps
            xor = xor or scope.has_xor
            scope = scope.parent
        found = set(words) | ({"xor"} if xor else set())
        return Hints(frozenset(found), list(dict.fromkeys(keys))[:max_keys], ints, maps)


_NEW_SCOPE = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


class Folder:
    """Fold literal-only expressions of one source file, scope by scope."""

    def __init__(self, budget: Budget, min_chars: int, max_keys: int, words: set[str]) -> None:
        self.budget = budget
        self.min_chars = min_chars
        self.max_keys = max_keys
        self.words = words
        self.max_value = budget.caps.max_decoded_bytes
        self.candidates: list[Candidate] = []
        # fold results per node while the scope's names cannot change (one statement): the
        # top-down search for maximal foldable expressions would otherwise refold subtrees
        self._memo: dict[int, tuple[Value, list[str]] | None] = {}

    # -- folding -----------------------------------------------------------------

    def fold(self, node: ast.expr, scope: _Scope) -> tuple[Value, list[str]] | None:
        key = id(node)
        if key in self._memo:
            return self._memo[key]
        result = self._fold(node, scope)
        self._memo[key] = result
        return result

    def _fold(self, node: ast.expr, scope: _Scope) -> tuple[Value, list[str]] | None:
        self.budget.spend(1)
        if isinstance(node, ast.Constant):
            if isinstance(node.value, (str, bytes)):
                return node.value, []
            if isinstance(node.value, int) and not isinstance(node.value, bool):
                return [node.value], ["int"]  # a one-int list: only used inside list folds
            return None
        if isinstance(node, ast.Name):
            return scope.lookup(node.id)
        if isinstance(node, (ast.List, ast.Tuple)):
            return self._fold_list(node.elts, scope)
        if isinstance(node, ast.BinOp):
            return self._fold_binop(node, scope)
        if isinstance(node, ast.JoinedStr):
            parts, steps = [], ["fstring"]
            for value in node.values:
                inner = value.value if isinstance(value, ast.FormattedValue) else value
                if isinstance(value, ast.FormattedValue) and (value.format_spec or value.conversion not in (-1, 115)):
                    return None
                folded = self.fold(inner, scope)
                if folded is None or not isinstance(folded[0], str):
                    return None
                parts.append(folded[0])
                steps += folded[1]
            return self._sized("".join(parts), steps)
        if isinstance(node, ast.Subscript):
            return self._fold_subscript(node, scope)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            inner = self.fold(node.operand, scope)
            return ([-inner[0][0]], ["int"]) if inner is not None and inner[1] == ["int"] else None  # type: ignore[index]
        if isinstance(node, ast.Call):
            return self._fold_call(node, scope)
        return None

    def _sized(self, value: Value, steps: list[str]) -> tuple[Value, list[str]] | None:
        if len(value) > self.max_value:
            return None
        self.budget.spend(len(value))
        return value, steps

    def _fold_list(self, elts: list[ast.expr], scope: _Scope) -> tuple[Value, list[str]] | None:
        items: list = []
        steps: list[str] = []
        for elt in elts:
            folded = self.fold(elt, scope)
            if folded is None:
                return None
            value, sub = folded
            if sub == ["int"]:
                items.append(value[0])  # type: ignore[index]
            else:
                items.append(value)
                steps += sub
        return items, steps

    def _fold_binop(self, node: ast.BinOp, scope: _Scope) -> tuple[Value, list[str]] | None:
        left, right = self.fold(node.left, scope), self.fold(node.right, scope)
        if left is None or right is None:
            return None
        (a, sa), (b, sb) = left, right
        if isinstance(node.op, ast.Add) and type(a) is type(b) and isinstance(a, (str, bytes)):
            return self._sized(a + b, [*sa, *sb, "concat"])  # type: ignore[operator]
        if isinstance(node.op, ast.Mult):
            if isinstance(a, (str, bytes)) and sb == ["int"]:
                count = b[0]  # type: ignore[index]
            elif isinstance(b, (str, bytes)) and sa == ["int"]:
                a, count = b, a[0]  # type: ignore[index]
            else:
                return None
            if not isinstance(count, int) or count < 0 or len(a) * count > self.max_value:
                return None
            return self._sized(a * count, [*sa, *sb, "repeat"])
        if isinstance(node.op, ast.Mod) and isinstance(a, str):
            args = b if isinstance(b, list) and sb != ["int"] else [b[0] if sb == ["int"] else b]  # type: ignore[index]
            if all(isinstance(x, (str, int)) for x in args) and a.count("%") == len(args) + a.count("%%") * 2:
                try:
                    return self._sized(a % tuple(args), [*sa, *sb, "percent-format"])
                except (TypeError, ValueError):
                    return None
        return None

    def _fold_subscript(self, node: ast.Subscript, scope: _Scope) -> tuple[Value, list[str]] | None:
        base = self.fold(node.value, scope)
        if base is None or base[1] == ["int"]:
            return None
        value, steps = base
        if isinstance(node.slice, ast.Slice):
            bounds = []
            for part in (node.slice.lower, node.slice.upper, node.slice.step):
                if part is None:
                    bounds.append(None)
                    continue
                folded = self.fold(part, scope)
                if folded is None or folded[1] != ["int"]:
                    return None
                bounds.append(folded[0][0])  # type: ignore[index]
            if bounds[2] == 0:
                return None
            step = "reverse" if bounds == [None, None, -1] else "slice"
            return self._sized(value[slice(*bounds)], [*steps, step])
        return None

    def _fold_call(self, node: ast.Call, scope: _Scope) -> tuple[Value, list[str]] | None:
        func = node.func
        if node.keywords and not (isinstance(func, ast.Attribute) and func.attr == "format"):
            return None
        if isinstance(func, ast.Name) and func.id == "map":
            return self._fold_map(node, scope)
        if isinstance(func, ast.Attribute) and func.attr == "join" and len(node.args) == 1:
            sep = self.fold(func.value, scope)
            if sep is None:
                return None
            return self._fold_join(sep[0], node.args[0], self.fold(node.args[0], scope), sep[1], scope)
        args = [self.fold(a, scope) for a in node.args]
        if any(a is None for a in args):
            return None
        if isinstance(func, ast.Name):
            if func.id == "chr" and len(args) == 1 and args[0][1] == ["int"]:  # type: ignore[index]
                code = args[0][0][0]  # type: ignore[index]
                return (chr(code), ["chr"]) if 0 <= code < 0x110000 else None
            if func.id in ("bytes", "bytearray") and len(args) == 1 and isinstance(args[0][0], list):  # type: ignore[index]
                data = _to_bytes(args[0][0])  # type: ignore[index]
                return (data, [*args[0][1], "bytes-list"]) if data is not None else None  # type: ignore[index]
            if func.id == "str" and len(args) == 1 and isinstance(args[0][0], str):  # type: ignore[index]
                return args[0]
            if func.id == "reversed" and len(args) == 1 and isinstance(args[0][0], (str, list)):  # type: ignore[index]
                return args[0][0][::-1], [*args[0][1], "reverse"]  # type: ignore[index]
            if func.id == "list" and len(args) == 1:
                return args[0]
            return None
        if not isinstance(func, ast.Attribute):
            return None
        if func.attr == "fromhex" and len(args) == 1 and isinstance(args[0][0], str):  # type: ignore[index]
            try:
                return bytes.fromhex(args[0][0]), [*args[0][1], "fromhex"]  # type: ignore[index]
            except ValueError:
                return None
        receiver = self.fold(func.value, scope) if not (isinstance(func.value, ast.Name)
                                                        and func.value.id in ("bytes", "str")) else None
        if receiver is None:
            return None
        base, steps = receiver
        if func.attr == "format" and isinstance(base, str):
            return self._fold_format(base, steps, node, scope)
        if func.attr in ("encode", "decode") and isinstance(base, (str, bytes)):
            try:
                out = base.encode("utf-8") if isinstance(base, str) else base.decode("utf-8")
            except UnicodeError:
                return None
            return out, steps
        if func.attr == "replace" and len(args) == 2 and isinstance(base, (str, bytes)):
            old, new = args[0][0], args[1][0]  # type: ignore[index]
            if type(old) is type(base) and type(new) is type(base) and old:
                return self._sized(base.replace(old, new), [*steps, "replace"])  # type: ignore[arg-type]
        if func.attr in ("strip", "lower", "upper") and not args and isinstance(base, (str, bytes)):
            return getattr(base, func.attr)(), steps
        return None

    def _fold_map(self, node: ast.Call, scope: _Scope) -> tuple[Value, list[str]] | None:
        """`map(chr, [...])`: the only map folded."""
        if len(node.args) != 2 or not (isinstance(node.args[0], ast.Name) and node.args[0].id == "chr"):
            return None
        codes = self.fold(node.args[1], scope)
        if codes is None or not isinstance(codes[0], list):
            return None
        return codes[0], [*codes[1], "chr-list"]

    def _fold_join(self, sep: Value, arg_node: ast.expr, arg: tuple[Value, list[str]] | None,
                   steps: list[str], scope: _Scope) -> tuple[Value, list[str]] | None:
        if not isinstance(sep, (str, bytes)):
            return None
        if arg is None and isinstance(arg_node, (ast.GeneratorExp, ast.ListComp)):
            arg = self._fold_chr_comprehension(arg_node, scope)
        if arg is None:
            return None
        items, sub = arg
        if isinstance(items, str) and isinstance(sep, str):
            items = list(items)
        if not isinstance(items, list):
            return None
        if items and all(isinstance(i, int) for i in items) and any(s.startswith("chr-list") for s in sub) \
                and isinstance(sep, str):
            text = _to_bytes(items)
            return (sep.join(ch for ch in text.decode("utf-8", "surrogatepass")), [*steps, *sub]) if text else None
        if all(type(i) is type(sep) for i in items):
            return self._sized(sep.join(items), [*steps, *sub, "join"])
        return None

    def _fold_chr_comprehension(self, node: ast.GeneratorExp | ast.ListComp,
                                scope: _Scope) -> tuple[Value, list[str]] | None:
        """`chr(c) for c in [..]` and `chr(c ^ K)` / `chr(c - K)` / `chr(c + K)` over a literal list;
        over a literal string, the same with `ord(c)` (`chr(ord(c) - 3) for c in s[::-1]`: a
        Caesar shift)."""
        if len(node.generators) != 1 or node.generators[0].ifs or not isinstance(node.generators[0].target, ast.Name):
            return None
        var = node.generators[0].target.id
        source = self.fold(node.generators[0].iter, scope)
        if source is None:
            return None
        text = isinstance(source[0], str)
        if text:
            codes = [ord(ch) for ch in source[0]]  # type: ignore[union-attr]
        elif isinstance(source[0], list) and all(isinstance(i, int) for i in source[0]):
            codes = source[0]
        else:
            return None
        elt = node.elt
        if not (isinstance(elt, ast.Call) and isinstance(elt.func, ast.Name) and elt.func.id == "chr"
                and len(elt.args) == 1):
            return None

        def is_item(expr: ast.expr) -> bool:  # the loop variable, through ord() over a string
            if text:
                return (isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and expr.func.id == "ord"
                        and len(expr.args) == 1 and isinstance(expr.args[0], ast.Name) and expr.args[0].id == var)
            return isinstance(expr, ast.Name) and expr.id == var

        expr = elt.args[0]
        if is_item(expr):
            return codes, [*source[1], "chr-list"]
        if isinstance(expr, ast.BinOp) and is_item(expr.left):
            k = self.fold(expr.right, scope)
            if k is None or k[1] != ["int"]:
                return None
            key = k[0][0]  # type: ignore[index]
            ops = {ast.BitXor: lambda c: c ^ key, ast.Sub: lambda c: c - key, ast.Add: lambda c: c + key}
            op = ops.get(type(expr.op))
            if op is None:
                return None
            values = [op(c) for c in codes]
            if all(0 <= v < 0x110000 for v in values):
                return values, [*source[1], f"chr-list-{type(expr.op).__name__.lower()}:{key}"]
        return None

    def _fold_format(self, template: str, steps: list[str], node: ast.Call,
                     scope: _Scope) -> tuple[Value, list[str]] | None:
        positional = []
        for arg in node.args:
            folded = self.fold(arg, scope)
            if folded is None or not isinstance(folded[0], str):
                return None
            positional.append(folded[0])
        named = {}
        for kw in node.keywords:
            folded = self.fold(kw.value, scope) if kw.arg else None
            if folded is None or not isinstance(folded[0], str):
                return None
            named[kw.arg] = folded[0]
        out, auto = [], 0
        try:
            for text, field_name, spec, conversion in string.Formatter().parse(template):
                out.append(text)
                if field_name is None:
                    continue
                if spec or conversion or not _FORMAT_FIELD.fullmatch(field_name):
                    return None  # attribute or index access: never evaluated
                if field_name == "":
                    out.append(positional[auto])
                    auto += 1
                elif field_name.isdigit():
                    out.append(positional[int(field_name)])
                else:
                    out.append(named[field_name])
        except (ValueError, IndexError, KeyError):
            return None
        return self._sized("".join(out), [*steps, "format"])

    # -- scopes ------------------------------------------------------------------

    def run(self, tree: ast.Module) -> list[Candidate]:
        self._scope(tree.body, _Scope(None))
        return self.candidates

    def _scope(self, body: list[ast.stmt], scope: _Scope) -> None:
        nested: list[ast.AST] = []
        self._prescan(body, scope, nested)
        for stmt in body:
            self._statement(stmt, scope, nested)
        for node in nested:
            inner = _Scope(scope)
            self._scope(node.body, inner)  # type: ignore[attr-defined]

    def _prescan(self, body: list[ast.stmt], scope: _Scope, nested: list) -> None:
        """Keys, XORed ints, char maps and the names handed to exec-like calls, in this scope."""
        stack: list[ast.AST] = list(body)
        visited = 0
        while stack:
            node = stack.pop()
            visited += 1
            if visited == 1024:  # the budget counts every node, settled in batches (a call per node costs)
                self.budget.spend(visited)
                visited = 0
            if isinstance(node, _NEW_SCOPE):
                continue
            if isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes)) and 1 <= len(node.value) <= 64:
                value = node.value.encode("utf-8", "surrogatepass") if isinstance(node.value, str) else node.value
                scope.keys.append(value)
            elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitXor):
                scope.has_xor = True
                for side in (node.left, node.right):
                    if isinstance(side, ast.Constant) and isinstance(side.value, int) and 0 < side.value < 256:
                        scope.xor_ints.append(side.value)
            elif isinstance(node, ast.Dict) and len(node.keys) >= 8:
                table = _char_map(node)
                if table:  # the code may hold the encoder's table or the decoder's: keep both
                    scope.charmaps += [table, {v: k for k, v in table.items()}]
            elif isinstance(node, ast.Call):
                name = _call_name(node.func)
                if name in _EXEC_SINKS or name == "maketrans":
                    for arg in node.args:
                        scope.exec_names.update(n.id for n in walk(arg) if isinstance(n, ast.Name))
                if name == "maketrans" and len(node.args) >= 2 and all(
                        isinstance(a, ast.Constant) and isinstance(a.value, str) for a in node.args[:2]):
                    a, b = node.args[0].value, node.args[1].value  # type: ignore[attr-defined]
                    if len(a) == len(b) >= 8:
                        scope.charmaps.append(dict(zip(b, a, strict=True)))  # decode: encoded -> plain
            stack.extend(children(node))
        self.budget.spend(visited)

    def _statement(self, stmt: ast.stmt, scope: _Scope, nested: list) -> None:
        self._memo.clear()  # an earlier statement may have rebound a name
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            nested.append(stmt)
            for deco in stmt.decorator_list:
                self._expressions(deco, scope, False, nested)
            return
        if isinstance(stmt, ast.Assign):
            folded = self.fold(stmt.value, scope)
            names = [t.id for t in stmt.targets if isinstance(t, ast.Name)]
            for name in names:
                if folded is not None:
                    scope.env[name] = folded
                else:
                    scope.env.pop(name, None)
            exec_ctx = any(n in scope.exec_names for n in names)
            self._expressions(stmt.value, scope, exec_ctx, nested)
            return
        if isinstance(stmt, ast.AugAssign) and isinstance(stmt.target, ast.Name) and isinstance(stmt.op, ast.Add):
            before, after = scope.lookup(stmt.target.id), self.fold(stmt.value, scope)
            if before is not None and after is not None and type(before[0]) is type(after[0]) \
                    and isinstance(before[0], (str, bytes)):
                joined = self._sized(before[0] + after[0], [*before[1], *after[1], "concat"])  # type: ignore[operator]
                if joined is not None:
                    scope.env[stmt.target.id] = joined
                    self._add(joined, stmt, scope, stmt.target.id in scope.exec_names)
                    return
            scope.env.pop(stmt.target.id, None)
        for child in children(stmt):
            if isinstance(child, ast.stmt):
                self._statement(child, scope, nested)
            elif isinstance(child, ast.expr):
                self._expressions(child, scope, False, nested)
            else:
                for grand in children(child):  # handlers, match cases, withitems
                    if isinstance(grand, ast.stmt):
                        self._statement(grand, scope, nested)
                    elif isinstance(grand, ast.expr):
                        self._expressions(grand, scope, False, nested)

    def _expressions(self, node: ast.expr, scope: _Scope, exec_ctx: bool, nested: list) -> None:
        """Every maximal foldable sub-expression of `node` becomes a candidate."""
        stack = [(node, exec_ctx)]
        while stack:
            current, ctx = stack.pop()
            if isinstance(current, ast.Lambda):
                continue
            folded = self.fold(current, scope) if not isinstance(current, ast.Name) else None
            if folded is not None and folded[1] != ["int"]:
                self._add(folded, current, scope, ctx)
                continue
            if isinstance(current, ast.Call):
                name = _call_name(current.func)
                ctx = ctx or name in _EXEC_SINKS
                if isinstance(current.func, ast.Attribute) and name not in ("join", "format"):
                    stack.append((current.func.value, ctx))
                stack.extend((a, ctx) for a in current.args)
                stack.extend((k.value, ctx) for k in current.keywords)
                continue
            if isinstance(current, ast.List) and any(
                    isinstance(e, ast.Constant) and e.value == "-c" for e in current.elts):
                ctx = True
            stack.extend((c, ctx) for c in children(current) if isinstance(c, ast.expr))

    def _add(self, folded: tuple[Value, list[str]], node: ast.AST, scope: _Scope, exec_ctx: bool) -> None:
        value, steps = folded
        data = _to_bytes(value)
        if isinstance(value, list) and not (steps and steps[-1].startswith("chr-list")):
            if not (value and all(isinstance(v, int) for v in value)):
                return
            steps = [*steps, "int-list"]
        if data is None or len(data) < self.min_chars:
            return
        steps = [s for s in steps if s != "int"]
        self.candidates.append(Candidate(data, getattr(node, "lineno", None), steps,
                                         scope.hints(self.words, self.max_keys), exec_ctx))


def _char_map(node: ast.Dict) -> dict[str, str] | None:
    """A dict literal of short strings to short strings (an emoji or symbol alphabet), as decode table."""
    table: dict[str, str] = {}
    for key, value in zip(node.keys, node.values, strict=True):
        if not (isinstance(key, ast.Constant) and isinstance(key.value, str) and isinstance(value, ast.Constant)
                and isinstance(value.value, str) and 1 <= len(key.value) <= 4 and 1 <= len(value.value) <= 4):
            return None
        table[key.value] = value.value
    return table


def parse(text: str) -> ast.Module | None:
    return parse_source(text)[0]


_RUN = r"[A-Za-z0-9+/=_\-]{{{},}}"


def regex_candidates(text: str, min_chars: int, words: set[str], budget: Budget) -> list[Candidate]:
    """Encoded-looking runs in a file that does not parse (or is too big to parse)."""
    budget.spend(len(text) // 16)
    hints = Hints(frozenset(words))
    newlines = [m.start() for m in re.finditer("\n", text)] if len(text) < 64 * 1024 * 1024 else []
    out = []
    for match in re.finditer(_RUN.format(min_chars), text):
        line = bisect.bisect_left(newlines, match.start()) + 1 if newlines else None
        out.append(Candidate(match.group().encode("ascii"), line, [], hints))
    return out
