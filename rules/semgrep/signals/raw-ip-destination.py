import socket

import requests

# ruleid: raw-ip-destination
requests.get("http://198.51.100.7/payload")
s = socket.socket()
# ruleid: raw-ip-destination
s.connect(("203.0.113.9", 4444))
# ok: raw-ip-destination
requests.get("http://127.0.0.1:8080/health")
# ok: raw-ip-destination
s.connect(("192.168.1.10", 22))
