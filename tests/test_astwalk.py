import ast
import gc

import pytest
from antivenom.astwalk import children, parse, walk

SOURCES = [
    "import os\nx = [a + b for a in y if a]\nclass C:\n    def f(self, *a, k=1, **kw):\n        return {**kw}\n",
    "async def g():\n    async with a as b:\n        await c\n"
    "    try:\n        pass\n    except E as e:\n        raise\n",
    "match p:\n    case [1, *rest] if rest:\n        print(f'{rest!r:>10}')\n    case {'k': v}:\n        pass\n",
]
_LEAVES = (ast.expr_context, ast.operator, ast.boolop, ast.unaryop, ast.cmpop)


@pytest.mark.parametrize("source", SOURCES)
def test_walk_visits_what_ast_walk_does_in_its_order_without_context_and_operator_nodes(source):
    tree = ast.parse(source)
    expected = [node for node in ast.walk(tree) if not isinstance(node, _LEAVES)]
    assert walk(tree) == expected


@pytest.mark.parametrize("source", SOURCES)
def test_children_are_ast_iter_child_nodes_without_context_and_operator_nodes(source):
    for node in ast.walk(ast.parse(source)):
        assert children(node) == [c for c in ast.iter_child_nodes(node) if not isinstance(c, _LEAVES)]


def test_walk_is_iterative():
    # deeper than the recursion limit (built by hand: ast.parse itself refuses such nesting)
    expr: ast.expr = ast.Name("a", ast.Load())
    for _ in range(5000):
        expr = ast.BinOp(expr, ast.Add(), ast.Name("a", ast.Load()))
    assert sum(isinstance(node, ast.Name) for node in walk(expr)) == 5001


def test_parsing_leaves_the_cycle_collector_as_it_found_it():
    assert gc.isenabled()
    assert parse(b"x = 1\n")[0] is not None
    assert gc.isenabled()  # a collector left off would leak every reference cycle of the scan
    assert parse(b"def (:\n")[1].startswith("SyntaxError")
    assert gc.isenabled()
    gc.disable()
    try:
        parse(b"x = 1\n")
        assert not gc.isenabled()
    finally:
        gc.enable()
