import getpass
import os
import platform
import re
import socket
import subprocess

# ruleid: host-collection
name = socket.gethostname()
# ruleid: host-collection
user = getpass.getuser()
# ruleid: host-collection
node = platform.node()
# ruleid: host-collection
who = os.getenv("USERNAME")
# ok: host-collection
home = os.getenv("HOME")
# ok: host-collection
system = platform.system()
# ruleid: host-collection
me = subprocess.check_output(["whoami"])
# ruleid: host-collection
box = os.popen("hostname").read()
# ok: host-collection
ident = re.match(r"(?P<id>\d+)", "42").group("id")
# ok: host-collection
endpoint = {"hostname": "h"}.get("hostname")
