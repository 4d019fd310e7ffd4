import ast

_SAFE_NAMES = {"true": True, "false": False, "null": None}


def loads(text):
    """Parse a config written as a Python literal (dicts, lists, numbers, strings)."""
    try:
        return ast.literal_eval(text)
    except ValueError:
        # Legacy files use true/false/null: evaluate with no builtins, names whitelisted.
        tree = ast.parse(text, mode="eval")
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and node.id not in _SAFE_NAMES:
                raise ValueError("unknown name %r in config" % node.id) from None
            if isinstance(node, (ast.Call, ast.Attribute, ast.Lambda)):
                raise ValueError("expressions are not allowed in config") from None
        return eval(compile(tree, "<config>", "eval"), {"__builtins__": {}}, dict(_SAFE_NAMES))


def load(path):
    with open(path, encoding="utf-8") as fh:
        return loads(fh.read())
