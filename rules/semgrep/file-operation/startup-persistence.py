# Test for startup-persistence (defanged: writes a comment, runs nothing).
import os
import shutil

# ruleid: startup-persistence
startup = os.path.expandvars(r"%APPDATA%\Microsoft\Windows\Start Menu\Programs\Startup")
shutil.copy("helper.pyw", startup)
# ruleid: startup-persistence
os.system("(crontab -l; echo '@reboot python3 /tmp/x.py') | crontab -")
# ruleid: startup-persistence
unit = "/etc/systemd/system/helper.service"

# ok: startup-persistence
menu = "Start Menu shortcut created by the installer"
# ok: startup-persistence
with open(os.path.expanduser("~/.bashrc"), "a") as rc:
    rc.write("# covered by shell-rc-persistence\n")
# ok: startup-persistence
open("profile.json", "w").close()
# ok: startup-persistence
REJECTED = "../../etc/cron.d/x"  # a path-traversal probe of a safety check
