import os
import subprocess

# ruleid: process-spawn
os.system("echo hi")
# ruleid: process-spawn
subprocess.run(["ls"], check=False)
# ok: process-spawn
os.path.join("a", "b")
# ok: process-spawn
subprocess_name = "run"
