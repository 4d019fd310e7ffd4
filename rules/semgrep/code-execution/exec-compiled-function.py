# Test for exec-compiled-function (defanged: the strings only print).
import types
from types import FunctionType


class Core:
    def __init__(self, holder):
        text = holder.load()
        # ruleid: exec-compiled-function
        types.FunctionType(compile(text, "<string>", "exec"), globals())()


def run(blob):
    # ruleid: exec-compiled-function
    FunctionType(compile(blob.decode(), "<x>", "exec"), {})()


def rebuild(func, ns):
    # ok: exec-compiled-function
    return types.FunctionType(func.__code__, ns, func.__name__)


def shim():
    # ok: exec-compiled-function
    types.FunctionType(compile("print('hi')", "<s>", "exec"), {})()
