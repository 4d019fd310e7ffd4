import os
import subprocess
import threading

# ruleid: detached-execution
threading.Thread(target=print, daemon=True).start()
# ruleid: detached-execution
subprocess.Popen(["sleep", "1"], start_new_session=True)
# ruleid: detached-execution
os.system("nohup python beacon.py &")
# ok: detached-execution
threading.Thread(target=print).start()
# ok: detached-execution
subprocess.Popen(["sleep", "1"])
