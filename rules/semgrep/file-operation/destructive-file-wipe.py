# Test for destructive-file-wipe (defanged: never run; targets are illustrative).
import os
import shutil

from cryptography.fernet import Fernet

# ruleid: destructive-file-wipe
shutil.rmtree(os.path.expanduser("~"), ignore_errors=True)
# ruleid: destructive-file-wipe
os.system("rm -rf --no-preserve-root /")
# ruleid: destructive-file-wipe
os.system("vssadmin delete shadows /all /quiet")

f = Fernet(Fernet.generate_key())
for root, dirs, files in os.walk(os.path.expanduser("~")):
    for name in files:
        # ruleid: destructive-file-wipe
        data = f.encrypt(open(os.path.join(root, name), "rb").read())

# ok: destructive-file-wipe
shutil.rmtree(os.path.join(os.path.expanduser("~"), ".cache", "mypkg"), ignore_errors=True)
# ok: destructive-file-wipe
os.system("rm -rf build/ dist/")
for root, dirs, files in os.walk("build"):
    for name in files:
        # ok: destructive-file-wipe
        os.remove(os.path.join(root, name))
# ok: destructive-file-wipe
HOSTILE_OPTION = "5; rm -rf / #"
