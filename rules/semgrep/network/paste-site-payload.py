import requests

# ruleid: paste-site-payload
STAGE = "https://cdn.discordapp.com/attachments/111/222/update.exe"

# ruleid: paste-site-payload
code = requests.get("https://pastebin.com/raw/AbCdEf12").text

# ruleid: paste-site-payload
BLOB = "https://transfer.sh/abc123/tool.bin"

# ok: paste-site-payload
AVATAR = "https://cdn.discordapp.com/attachments/111/222/avatar.png"

# ok: paste-site-payload
RELEASE = "https://github.com/example/tool/releases/download/v1.0/tool.exe"

# ok: paste-site-payload
README = "https://raw.githubusercontent.com/example/project/main/README.md"
