"""Necessary conditions per Semgrep rule, and one YARA pass that decides which rules a file needs.

Semgrep parses every file it is given, although in a popular package nearly no file holds
any token a rule needs. Here each rule gets a condition that every match implies: the
literals its patterns require, combined with and/or the way the rule combines its patterns
(`patterns` needs all its positive children, `pattern-either` any, a taint rule a source
and a sink). All conditions are compiled into one YARA ruleset (Aho-Corasick over the
literals), matched once per file on the bytes already read; Semgrep then runs each file
with only the rules whose condition holds, and not at all when none does.

What counts as necessary, and why (checked on semgrep 1.185.0):
- `pattern-regex` applies to the raw text: the literals its regex needs (also inside
  positive lookaheads) must be in the file. `metavariable-regex` applies to the bound
  source text (not to propagated constants): its literals must be in the file too.
- An identifier in a `pattern`/`pattern-inside` must be in the file. Semgrep resolves
  imports (`from os import system` then `system(...)` matches `os.system(...)`, and so does
  `import os as o; o.system`), but the import names every segment of the dotted name, so
  each segment that is not a metavariable is taken. Keywords are skipped.
- String literals in patterns are never taken: Semgrep propagates and folds constants
  (`u = "http://x/" + "a"; get(u)` matches `get("http://x/a")`). Nor is anything inside a
  deep expression `<... ...>`, nor any negative operator (pattern-not*, metavariable-pattern).
- Where derivation gives nothing or too little, a rule may declare `metadata.prefilter`: a
  list of regexes, any of which every match needs; a file must meet both the declared and
  the derived condition. A rule with neither always runs.
Literals shorter than MIN_LITERAL are dropped (treated as always present): they would
match nearly every file and slow the pass down.
"""

from __future__ import annotations

import fnmatch
import functools
import keyword
import re
import re._constants as sre_constants  # type: ignore[import-not-found]
import re._parser as sre_parse  # type: ignore[import-not-found]
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import yara

MIN_LITERAL = 3

# A condition: None (always true), a literal, or an all/any of conditions.


@dataclass(frozen=True)
class Lit:
    text: str
    nocase: bool = False
    word: bool = False  # an identifier: never part of a longer alphanumeric run


@dataclass(frozen=True)
class Rx:
    """A declared regex no literal can stand for: evaluated in Python after the YARA pass."""

    regex: str


@dataclass(frozen=True)
class All:
    parts: tuple[Cond, ...]


@dataclass(frozen=True)
class Any:
    parts: tuple[Cond, ...]


Cond = Lit | Rx | All | Any | None


def all_of(parts: Iterable[Cond]) -> Cond:
    kept = tuple(dict.fromkeys(p for p in parts if p is not None))
    if not kept:
        return None
    return kept[0] if len(kept) == 1 else All(kept)


def any_of(parts: Iterable[Cond]) -> Cond:
    kept = []
    for part in parts:
        if part is None:
            return None  # one branch always possible: the whole is
        kept.append(part)
    kept = list(dict.fromkeys(kept))
    if not kept:
        return None
    return kept[0] if len(kept) == 1 else Any(tuple(kept))


def _lit(text: str, nocase: bool, word: bool = False) -> Cond:
    if len(text) < MIN_LITERAL or not text.isascii():
        return None
    # a whole word only between word characters: `\b\.pth` has a word character BEFORE the dot
    word = word and bool(re.fullmatch(r"\w(.*\w)?", text, re.DOTALL))
    return Lit(text.lower() if nocase else text, nocase, word)


# -- regexes -------------------------------------------------------------------------

_PCRE_BRACE_HEX = re.compile(r"\\x\{([0-9a-fA-F]{1,6})\}")


def regex_condition(regex: str) -> Cond:
    """The literals a match of `regex` needs (PCRE as Semgrep reads it, parsed as Python's re
    where the syntax agrees); None when it cannot be parsed or needs nothing."""
    text = _PCRE_BRACE_HEX.sub(lambda m: f"\\U{int(m.group(1), 16):08x}", regex)
    try:
        parsed = sre_parse.parse(text)
    except (re.error, OverflowError, RecursionError, ValueError):
        return None
    return _sequence(list(parsed), bool(parsed.state.flags & re.IGNORECASE))


_MAX_ALTERNATIVES = 16


def _class_chars(arg: list) -> list[str] | None:
    """The characters of a small positive class ([dD], [3-6]), else None."""
    chars: list[str] = []
    for op, value in arg:
        if op is sre_constants.LITERAL:
            chars.append(chr(value))
        elif op is sre_constants.RANGE and value[1] - value[0] < _MAX_ALTERNATIVES:
            chars.extend(chr(c) for c in range(value[0], value[1] + 1))
        else:
            return None
    return chars


def _alternatives(op, arg) -> list[str] | None:
    """Every string the item can match, when they are few: a literal, a small class, a group
    of literal alternatives (`(eval|exec)` followed by `\\(` gives "eval(" and "exec(")."""
    if op is sre_constants.LITERAL:
        return [chr(arg)]
    if op is sre_constants.IN:
        return _class_chars(arg)
    if op is sre_constants.SUBPATTERN and not arg[1] and not arg[2]:  # no flag changes inside
        return _sequence_alternatives(list(arg[3]))
    if op is sre_constants.BRANCH:
        found: list[str] = []
        for branch in arg[1]:
            alternatives = _sequence_alternatives(list(branch))
            if alternatives is None or len(found) + len(alternatives) > _MAX_ALTERNATIVES:
                return None
            found.extend(alternatives)
        return found
    return None


def _sequence_alternatives(items: list) -> list[str] | None:
    found = [""]
    for op, arg in items:
        alternatives = _alternatives(op, arg)
        if alternatives is None or len(found) * len(alternatives) > _MAX_ALTERNATIVES:
            return None
        found = [text + more for text in found for more in alternatives]
    return found


def _is_boundary(op, arg) -> bool:
    return op is sre_constants.AT and arg is sre_constants.AT_BOUNDARY


def _sequence(items: list, nocase: bool) -> Cond:
    """All that a sequence needs: its runs of literal characters (a small class or group of
    literal alternatives multiplies a run into alternatives), and what each other item needs.
    A run between two `\\b` is a whole word (YARA's `fullword` is looser: safe)."""
    parts: list[Cond] = []
    run: list[str] = [""]
    left_bounded = False  # the current run starts right after a \b

    def flush(word: bool = False) -> None:
        if run != [""]:
            parts.append(any_of(_lit(text, nocase, word and left_bounded) for text in run))
            run[:] = [""]

    previous = None
    for op, arg in items:
        alternatives = _alternatives(op, arg)
        too_many = alternatives is not None and len(run) * len(alternatives) > _MAX_ALTERNATIVES
        if too_many and op is not sre_constants.LITERAL and len(alternatives) <= _MAX_ALTERNATIVES:
            flush()  # too many with the run before it: start a new run with them
        if alternatives is not None and len(run) * len(alternatives) <= _MAX_ALTERNATIVES:
            if run == [""]:
                left_bounded = previous is not None and _is_boundary(*previous)
            run[:] = [text + more for text in run for more in alternatives]
        else:
            flush(word=_is_boundary(op, arg))
            parts.append(_item(op, arg, nocase))
        previous = (op, arg)
    flush()
    return all_of(parts)


def _item(op, arg, nocase: bool) -> Cond:
    if op is sre_constants.BRANCH:
        return any_of(_sequence(list(branch), nocase) for branch in arg[1])
    if op is sre_constants.SUBPATTERN:
        _group, add_flags, del_flags, sub = arg
        inner = (nocase or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE
        return _sequence(list(sub), inner)
    if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT):
        low, _high, sub = arg
        return _sequence(list(sub), nocase) if low >= 1 else None
    if op is sre_constants.ATOMIC_GROUP:
        return _sequence(list(arg), nocase)
    if op is sre_constants.ASSERT:  # a positive lookaround must match in the file as well
        return _sequence(list(arg[1]), nocase)
    return None  # classes, anchors, negative lookarounds, backreferences: nothing required


# -- patterns --------------------------------------------------------------------------

_KEYWORDS = frozenset(keyword.kwlist) | {"print"}
_STRING = re.compile(  # string literals, any prefix and quoting: never tokens
    r'(?i)[rbuf]{0,2}("{3}[\s\S]*?"{3}' r"|'{3}[\s\S]*?'{3}" r'|"(?:\\.|[^"\\\n])*"' r"|'(?:\\.|[^'\\\n])*')")
_CHAIN = re.compile(r"(?<![\w$])\$?(?:\.\.\.)?\w+(?:\s*\.\s*\$?(?:\.\.\.)?\w+)*")


def _strip_deep(text: str) -> str:
    """`<... e ...>` removed: what a deep expression holds may come from anywhere."""
    out, depth, i = [], 0, 0
    while i < len(text):
        if text.startswith("<...", i):
            depth += 1
            i += 4
        elif depth and text.startswith("...>", i):
            depth -= 1
            i += 4
        else:
            if not depth:
                out.append(text[i])
            i += 1
    return "".join(out)


def _name(segment: str) -> Cond:
    if segment.startswith("$") or segment in _KEYWORDS or not segment.isidentifier():
        return None
    return _lit(segment, False, word=True)


def pattern_condition(pattern: str) -> Cond:
    """The identifiers a code pattern needs: every segment of each dotted name that is not a
    metavariable. Semgrep matches `os.system` in `from os import system as s; s(...)` or
    `import os as o; o.system(...)`, but only through an import, and the import names every
    segment: whatever alias or `from` form the code uses, each segment is in the file."""
    text = _STRING.sub(" ", _strip_deep(pattern)).replace("$...", "$")
    needed = []
    for chain in _CHAIN.finditer(text):
        segments = re.split(r"\s*\.\s*", chain.group(0).lstrip("."))
        needed.extend(_name(segment) for segment in segments)
    return all_of(needed)


# -- rules ---------------------------------------------------------------------------

_POSITIVE = ("pattern", "pattern-inside", "pattern-regex", "pattern-either", "patterns", "metavariable-regex")


def _node(node: object, generic: bool) -> Cond:
    """The condition of one pattern operator (a dict with one positive key, or not)."""
    if not isinstance(node, dict):
        return None
    conds = []
    for key, value in node.items():
        if key in ("pattern", "pattern-inside"):
            conds.append(None if generic or not isinstance(value, str) else pattern_condition(value))
        elif key == "pattern-regex":
            conds.append(regex_condition(value) if isinstance(value, str) else None)
        elif key == "metavariable-regex":
            regex = value.get("regex") if isinstance(value, dict) else None
            conds.append(regex_condition(regex) if isinstance(regex, str) else None)
        elif key == "pattern-either":
            conds.append(any_of(_node(child, generic) for child in value or []))
        elif key == "patterns":
            conds.append(all_of(_node(child, generic) for child in value or [] if _positive(child)))
    return all_of(conds)


def _positive(node: object) -> bool:
    return isinstance(node, dict) and any(key in node for key in _POSITIVE)


def derived_condition(rule: Mapping) -> Cond:
    """The rule's condition from its patterns (None: no safe condition found)."""
    generic = "generic" in (rule.get("languages") or [])
    mode = rule.get("mode", "search")
    if mode == "taint":
        sources = any_of(_node(s, generic) for s in rule.get("pattern-sources") or [])
        sinks = any_of(_node(s, generic) for s in rule.get("pattern-sinks") or [])
        return all_of([sources, sinks])
    if mode != "search":
        return None
    return _node({k: v for k, v in rule.items() if k in _POSITIVE}, generic)


def declared_condition(rule: Mapping) -> Cond:
    """`metadata.prefilter`: regexes, any of which every match of the rule needs."""
    declared = (rule.get("metadata") or {}).get("prefilter")
    if not declared:
        return None
    # the literals gate the YARA pass; the regex itself then decides in Python, exactly:
    # `private_?keys?` needs more than `private` and `key` somewhere in the file
    return any_of(all_of([regex_condition(regex), Rx(regex)]) for regex in declared)


def rule_condition(rule: Mapping) -> Cond:
    """Both the declared and the derived condition: each is necessary, so together they are.
    (A rule that declares a secret's name and derives `requests` needs both in the file.)"""
    return all_of([declared_condition(rule), derived_condition(rule)])


# -- the one pass ---------------------------------------------------------------------


def _yara_string(lit: Lit) -> str:
    escaped = "".join(c if c.isprintable() and c not in '"\\' else f"\\x{ord(c):02x}" for c in lit.text)
    return f'"{escaped}"' + (" nocase" if lit.nocase else "") + (" fullword" if lit.word else "")


def _yara_expr(cond: Cond, names: dict[Lit, str]) -> str:
    if isinstance(cond, Lit):
        if cond not in names:
            names[cond] = f"$s{len(names)}"
        return names[cond]
    if isinstance(cond, Rx):
        return "true"  # decided in Python afterwards
    assert isinstance(cond, All | Any)
    joiner = " and " if isinstance(cond, All) else " or "
    return "(" + joiner.join(_yara_expr(part, names) for part in cond.parts) + ")"


def _has_rx(cond: Cond) -> bool:
    if isinstance(cond, Rx):
        return True
    return isinstance(cond, All | Any) and any(_has_rx(part) for part in cond.parts)


def yara_source(conditions: Mapping[str, Cond]) -> tuple[str, dict[str, str]]:
    """One YARA rule per conditioned Semgrep rule; and the YARA rule names' Semgrep ids.
    A rule whose condition holds a declared regex is matched here on its literals only."""
    blocks, ids = [], {}
    for index, (rule_id, cond) in enumerate(conditions.items()):
        if cond is None:
            continue
        names: dict[Lit, str] = {}
        expr = _yara_expr(cond, names)
        strings = "\n".join(f"    {name} = {_yara_string(lit)}" for lit, name in names.items())
        section = f"  strings:\n{strings}\n" if names else ""
        ids[f"r{index}"] = rule_id
        blocks.append(f"rule r{index}\n{{\n{section}  condition:\n    {expr}\n}}\n")
    return "\n".join(blocks), ids


def _includes(rule: Mapping) -> list[str]:
    """The last part of each `paths.include` glob: a file whose name matches none of them
    never meets the rule. Leaner than Semgrep's own test (a directory part is ignored), so safe."""
    paths = rule.get("paths") or {}
    return [glob.rsplit("/", 1)[-1] for glob in paths.get("include") or []] if isinstance(paths, dict) else []


class Prefilter:
    """Every rule's condition in one compiled YARA ruleset: `rules_for(data, name)` is the set
    of rule ids a file needs (rules without a condition always included, rules whose
    `paths.include` the name misses left out)."""

    def __init__(self, rules: Iterable[Mapping], timeout: int = 30) -> None:
        rules = list(rules)
        self.conditions: dict[str, Cond] = {rule["id"]: rule_condition(rule) for rule in rules}
        self.includes = {rule["id"]: _includes(rule) for rule in rules}
        self.always = frozenset(rid for rid, cond in self.conditions.items() if cond is None)
        self.all = frozenset(self.conditions)
        self._python = {rid: cond for rid, cond in self.conditions.items() if _has_rx(cond)}
        self._strings: dict[str, dict[str, Lit]] = {}  # per rule with a regex: YARA string name -> literal
        for rid, cond in self._python.items():
            names: dict[Lit, str] = {}
            _yara_expr(cond, names)  # the same walk as yara_source: the same names
            self._strings[rid] = {name: lit for lit, name in names.items()}
        source, self._ids = yara_source(self.conditions)
        self._compiled = yara.compile(source=source) if self._ids else None
        self.timeout = timeout

    def rules_for_content(self, data: bytes) -> frozenset[str]:
        if self._compiled is None:
            return self.always
        try:
            matches = self._compiled.match(data=data, timeout=self.timeout)
        except yara.Error:  # timed out or failed: every rule runs, as without the prefilter
            return self.all
        found = set()
        for match in matches:
            rid = self._ids[match.rule]
            if rid in self._python:  # its literals are known from YARA; its regexes run only if needed
                seen = {self._strings[rid][s.identifier] for s in match.strings if s.instances}
                if not _decide(self._python[rid], seen, data):
                    continue
            found.add(rid)
        return self.always | found

    def rules_for(self, data: bytes, name: str) -> frozenset[str]:
        return frozenset(rid for rid in self.rules_for_content(data) if self.applies(rid, name))

    def applies(self, rule_id: str, name: str) -> bool:
        globs = self.includes.get(rule_id)
        return not globs or any(fnmatch.fnmatchcase(name, glob) for glob in globs)


@functools.lru_cache(maxsize=64)
def _compiled_rx(regex: str) -> re.Pattern[bytes] | None:
    try:
        return re.compile(regex.encode())
    except re.error:
        return None


def _decide(cond: Cond, seen: set[Lit], data: bytes) -> bool:
    """A condition whose literals YARA has found (`seen`): regexes searched only when they decide."""
    if cond is None:
        return True
    if isinstance(cond, Lit):
        return cond in seen
    if isinstance(cond, Rx):
        pattern = _compiled_rx(cond.regex)
        return pattern is None or pattern.search(data) is not None
    if isinstance(cond, All):
        return all(_decide(part, seen, data) for part in sorted(cond.parts, key=_has_rx))
    return any(_decide(part, seen, data) for part in sorted(cond.parts, key=_has_rx))


def holds(cond: Cond, data: bytes) -> bool:
    """Evaluate a condition in Python (the declared regexes; tests check the YARA pass agrees)."""
    if cond is None:
        return True
    if isinstance(cond, Rx):
        pattern = _compiled_rx(cond.regex)
        return pattern is None or pattern.search(data) is not None
    if isinstance(cond, Lit):
        needle = re.escape(cond.text.encode())
        if cond.word:
            needle = rb"(?<![A-Za-z0-9])" + needle + rb"(?![A-Za-z0-9])"
        return re.search(needle, data, re.IGNORECASE if cond.nocase else 0) is not None
    if isinstance(cond, All):
        return all(holds(part, data) for part in cond.parts)
    return any(holds(part, data) for part in cond.parts)


def describe(cond: Cond) -> str:
    """A condition as text, for tests and listings."""
    if cond is None:
        return "ALWAYS"
    if isinstance(cond, Rx):
        return f"/{cond.regex}/"
    if isinstance(cond, Lit):
        return repr(cond.text) + ("/i" if cond.nocase else "") + ("/w" if cond.word else "")
    joiner = " & " if isinstance(cond, All) else " | "
    return "(" + joiner.join(describe(p) for p in cond.parts) + ")"
