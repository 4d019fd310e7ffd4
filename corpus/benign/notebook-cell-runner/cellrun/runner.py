import ast
import sys
import traceback


def split_cells(source):
    """Cells are separated by lines starting with '# %%', as in Jupytext/VS Code."""
    cells, current = [], []
    for line in source.splitlines(keepends=True):
        if line.startswith("# %%") and current:
            cells.append("".join(current))
            current = []
        current.append(line)
    if current:
        cells.append("".join(current))
    return cells


def run_cells(path):
    """Execute the user's own file cell by cell, echoing the last expression."""
    with open(path, encoding="utf-8") as fh:
        cells = split_cells(fh.read())
    namespace = {"__name__": "__main__", "__file__": path}
    for n, cell in enumerate(cells, 1):
        tree = ast.parse(cell, filename="%s[cell %d]" % (path, n))
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        try:
            exec(compile(tree, "%s[cell %d]" % (path, n), "exec"), namespace)
            if last is not None:
                value = eval(compile(ast.Expression(last.value), "<cell>", "eval"), namespace)
                if value is not None:
                    print(repr(value))
        except Exception:
            traceback.print_exc()
    return namespace


def main():
    run_cells(sys.argv[1])
