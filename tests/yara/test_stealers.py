"""rules/yara/stealers/stealers.yar: Discord tokens, browser passwords, wallets.

Positive fixtures only name the targets and count what they find; they send
nothing anywhere.
"""

from __future__ import annotations

import pytest
from yara_builders import params

TOKEN_GRABBER = r"""import os, re
roaming = os.getenv("APPDATA", "")
paths = [os.path.join(roaming, "discord", "Local Storage", "leveldb")]
pattern = re.compile(r"[\w-]{24}\.[\w-]{6}\.[\w-]{27}")
print(len(paths), pattern.pattern)
"""

TOKEN_GRABBER_ENCRYPTED = r"""import os
base = os.getenv("APPDATA", "") + "\\discordcanary\\Local Storage\\leveldb"
prefix = "dQw4w9WgXcQ:"
print(base, prefix)
"""

PASSWORD_HARVEST = r"""import os, sqlite3, win32crypt
profile = os.path.join(os.getenv("LOCALAPPDATA", ""), "Google", "Chrome", "User Data", "Default")
db = sqlite3.connect(os.path.join(profile, "Login Data"))
for url, user, pwd in db.execute("SELECT origin_url, username_value, password_value FROM logins"):
    print(url, user, len(win32crypt.CryptUnprotectData(pwd, None, None, None, 0)[1]))
"""

PASSWORD_HARVEST_AES = """local_state = "Local State"
key_field = ["os_crypt"]["encrypted_key"]
query = "SELECT action_url, username_value, password_value FROM logins"
source = "Login Data"
"""

WALLETS = r"""import os
roaming = os.getenv("APPDATA", "")
targets = [
    roaming + "\\Exodus\\exodus.wallet",
    roaming + "\\Electrum\\wallets",
    roaming + "\\atomic\\Local Storage\\leveldb",
    "/Local Extension Settings/nkbihfbeogaeaoehlefnkodbefgpgknn",
]
print(sum(os.path.exists(t) for t in targets))
"""

WALLET_EXTENSIONS = """EXTENSIONS = {
    "MetaMask": "nkbihfbeogaeaoehlefnkodbefgpgknn",
    "Binance": "fhbohimaelbohpjbbldcngcnapndodjp",
    "Phantom": "bfnaelmomeimhlpmgjnjophhpkkoljpa",
}
"""

# yt-dlp-style cookie import: decrypts its user's own cookies for downloads
COOKIE_IMPORT = """def _get_key(browser_root):
    with open(os.path.join(browser_root, "Local State")) as f:
        key = base64.b64decode(json.load(f)["os_crypt"]["encrypted_key"])
    return CryptUnprotectData(key[5:])

def cookies(db):
    return db.execute("SELECT host_key, name, encrypted_value FROM cookies")
"""

BOT_CLIENT = """import os, requests
r = requests.get("https://discord.com/api/v10/users/@me",
                 headers={"Authorization": "Bot " + os.environ["BOT_TOKEN"]})
print(r.json()["username"])
"""

PROFILE_CLEANER = """CACHE_DIRS = ["Cache", "Code Cache", "Local Storage/leveldb", "GPUCache"]
def clean(profile):
    for d in CACHE_DIRS:
        shutil.rmtree(os.path.join(profile, d), ignore_errors=True)
"""

ELECTRUM_PLUGIN = """# Default data location of Electrum: ~/.electrum or %APPDATA%\\Electrum\\wallets
WALLET_DIR = os.path.join(user_dir(), "wallets")
METAMASK_ID = "nkbihfbeogaeaoehlefnkodbefgpgknn"  # for the browser bridge
"""

PASSWORD_DOCS = """Chrome keeps saved passwords in the "Login Data" SQLite file of the profile.
Use the browser's own export instead of reading it.
"""

POSITIVE = {
    "discord_token_grabber": [
        ("path-join-regex", lambda: TOKEN_GRABBER),
        ("encrypted-prefix", lambda: TOKEN_GRABBER_ENCRYPTED),
    ],
    "browser_password_harvest": [
        ("dpapi", lambda: PASSWORD_HARVEST),
        ("aes-key", lambda: PASSWORD_HARVEST_AES),
    ],
    "crypto_wallet_harvest": [
        ("folders", lambda: WALLETS),
        ("extensions", lambda: WALLET_EXTENSIONS),
    ],
}

BENIGN = {
    "discord_token_grabber": [
        ("bot-client", lambda: BOT_CLIENT),
        ("profile-cleaner", lambda: PROFILE_CLEANER),
    ],
    "browser_password_harvest": [
        ("cookie-import", lambda: COOKIE_IMPORT),
        ("docs", lambda: PASSWORD_DOCS),
    ],
    "crypto_wallet_harvest": [
        ("electrum-plugin", lambda: ELECTRUM_PLUGIN),
        ("one-wallet", lambda: 'EXODUS = "exodus.wallet"\n'),
    ],
}


@pytest.mark.parametrize(("rule", "build"), params(POSITIVE))
def test_fires(fired, rule, build):
    assert rule in fired(build())


@pytest.mark.parametrize(("rule", "build"), params(BENIGN))
def test_quiet(fired, rule, build):
    assert rule not in fired(build())
