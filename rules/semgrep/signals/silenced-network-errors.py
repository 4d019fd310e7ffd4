import requests
import urllib.request

try:
    # ruleid: silenced-network-errors
    requests.get("https://example.invalid/ping")
except:
    pass

try:
    # ruleid: silenced-network-errors
    urllib.request.urlopen("https://example.invalid/b")
except Exception:
    pass

try:
    # ok: silenced-network-errors
    requests.get("https://example.invalid/ping")
except requests.RequestException as exc:
    print("offline:", exc)

try:
    # ok: silenced-network-errors
    value = int("3")
except Exception:
    pass
