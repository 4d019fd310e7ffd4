import getpass
import os
import platform
import socket

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
