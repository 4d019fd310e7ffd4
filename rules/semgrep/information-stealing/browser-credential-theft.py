# Test for browser-credential-theft (defanged: reads nothing, sends nothing).
import json
import os
import sqlite3

import browser_cookie3
import win32crypt

base = os.path.join(os.environ.get("LOCALAPPDATA", ""), "Google", "Chrome", "User Data")
# ruleid: browser-credential-theft
db = os.path.join(base, "Default", "Login Data")
with open(os.path.join(base, "Local State")) as f:
    # ruleid: browser-credential-theft
    key = json.load(f)["os_crypt"]["encrypted_key"]
# ruleid: browser-credential-theft
master = win32crypt.CryptUnprotectData(key, None, None, None, 0)[1]
con = sqlite3.connect(db)
# ruleid: browser-credential-theft
con.execute("SELECT origin_url, username_value, password_value FROM logins")
# ruleid: browser-credential-theft
jar = browser_cookie3.chrome()

# ok: browser-credential-theft
con.execute("SELECT name, value FROM settings")
# ok: browser-credential-theft
label = "Login Data export is not supported"
# ok: browser-credential-theft
cfg = json.load(open("state.json"))["os_crypt_enabled"]
# ok: browser-credential-theft
# Chrome keeps saved passwords in "Default/Login Data"
# ruleid: browser-credential-theft
plain = win32crypt.CryptUnprotectData(
    # a full-line comment inside the call does not hide it
    key, None, None, None, 0)
# ruleid: browser-credential-theft
CARDS_SQL = "SELECT name_on_card, card_number_encrypted FROM credit_cards"
# ruleid: browser-credential-theft
rows = con.execute(CARDS_SQL)
# ok: browser-credential-theft
rows = con.execute(SETTINGS_SQL)
