import os
import sys

payload = os.environ.get("STAGE", "")
# ruleid: exec-nonliteral-toplevel
exec(payload)

parts = ["pri", "nt(1)"]
# ruleid: exec-nonliteral-toplevel
eval("".join(parts))

try:
    # ruleid: exec-nonliteral-toplevel
    exec(sys.argv[-1])
except Exception:
    pass

# ok: exec-nonliteral-toplevel
exec(open("pkg/version.py").read())

with open("pkg/__about__.py") as fh:
    # ok: exec-nonliteral-toplevel
    exec(compile(fh.read(), "pkg/__about__.py", "exec"))

# ok: exec-nonliteral-toplevel
exec("def f(*, a): return a")


def run_cell(source, ns):
    # ok: exec-nonliteral-toplevel
    exec(compile(source, "<cell>", "exec"), ns)
