import os
import subprocess

data = "6f6b"
# ruleid: dns-tool-lookup
os.system(f"nslookup {data}.example.invalid")
# ruleid: dns-tool-lookup
subprocess.run(["dig", data + ".example.invalid"], check=False)
# ruleid: dns-tool-lookup
os.popen("host " + data)
# ok: dns-tool-lookup
subprocess.run(["dig", "example.invalid"], check=False)
# ok: dns-tool-lookup
os.system("hostname")
