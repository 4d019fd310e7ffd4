# Test for discord-token-theft (defanged: patterns only, no I/O).
import os
import re

roaming = os.getenv("APPDATA", "")
# ruleid: discord-token-theft
path = roaming + "\\discord\\Local Storage\\leveldb"
# ruleid: discord-token-theft
TOKEN_RE = re.compile(r"[\w-]{24}\.[\w-]{6}\.[\w-]{27}")
# ruleid: discord-token-theft
ENC_RE = r"dQw4w9WgXcQ:[^\"]*"

# ok: discord-token-theft
API = "https://discord.com/api/v10/users/@me"
# ok: discord-token-theft
SNOWFLAKE_RE = re.compile(r"\d{17,20}")
# ok: discord-token-theft
cache = os.path.join(roaming, "discord", "Cache")
# ok: discord-token-theft
# the client keeps tokens under %APPDATA%\discord\Local Storage\leveldb
# ruleid: discord-token-theft
MFA_RE = "mfa\\.[\\w-]{84}"
# ruleid: discord-token-theft
hits = re.findall(ENC_RE, "")
# ok: discord-token-theft
ids = re.findall(r"\d{17,20}", "")
