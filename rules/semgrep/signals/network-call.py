import requests
import socket
import urllib.request

# ruleid: network-call
requests.post("https://example.invalid/c", data={"a": 1})
# ruleid: network-call
urllib.request.urlopen("https://example.invalid/x")
s = socket.socket()
# ruleid: network-call
s.connect(("198.51.100.7", 443))
# ok: network-call
requests.exceptions.HTTPError("x")
# ok: network-call
urllib.parse.quote("a b")
import webbrowser  # noqa: E402

# ruleid: network-call
webbrowser.open_new_tab(f"https://example.invalid/?id={s}")
# ok: network-call
webbrowser.open(local_path)
