from pytransform import pyarmor_runtime
from .pyarmor_runtime_000000 import __pyarmor__

# ruleid: pyarmor-runtime
pyarmor_runtime()
# ruleid: pyarmor-runtime
__pyarmor__(__name__, __file__, b"PYARMOR-defanged")


def armor_status():
    # ok: pyarmor-runtime
    return "pyarmor_runtime"


# ok: pyarmor-runtime
print(__name__, __file__)
