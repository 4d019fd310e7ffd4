import hashlib
import html
import marshal
import os
import re
import sys
import tempfile

_CACHE = os.path.join(tempfile.gettempdir(), "tinytemplate-%d%d" % sys.version_info[:2])
_VAR = re.compile(r"\{\{\s*(\w+)\s*\}\}")


def _to_python(text):
    parts = []
    for i, chunk in enumerate(_VAR.split(text)):
        parts.append("_esc(ctx[%r])" % chunk if i % 2 else repr(chunk))
    return "def render(ctx, _esc):\n    return " + (" + ".join(parts) or "''") + "\n"


def compile_template(text):
    """Compile our own generated source; cache the code object with marshal."""
    key = hashlib.sha256(text.encode()).hexdigest()
    path = os.path.join(_CACHE, key + ".bin")
    try:
        with open(path, "rb") as fh:
            code = marshal.load(fh)
    except (OSError, EOFError, ValueError):
        code = compile(_to_python(text), "<template %s>" % key[:8], "exec")
        os.makedirs(_CACHE, exist_ok=True)
        with open(path, "wb") as fh:
            marshal.dump(code, fh)
    namespace = {}
    exec(code, namespace)
    render = namespace["render"]
    return lambda **ctx: render(ctx, html.escape)
