# Test for runtime-pip-install (defanged package names).
import os
import subprocess
import sys

import pip

# ruleid: runtime-pip-install
os.system("pip install example-helper-pkg")
# ruleid: runtime-pip-install
subprocess.check_call([sys.executable, "-m", "pip", "install", "example-helper-pkg"])
# ruleid: runtime-pip-install
pip.main(["install", "--quiet", "example-helper-pkg"])
# ruleid: runtime-pip-install
subprocess.Popen(f"{sys.executable} -m pip install {'example-helper-pkg'}", shell=True)

# ok: runtime-pip-install
subprocess.check_call([sys.executable, "-m", "pip", "freeze"])
# ok: runtime-pip-install
print("please run: pip install example-helper-pkg")
# ok: runtime-pip-install
subprocess.check_call([sys.executable, "-m", "pip", "install", "--upgrade", "pip"])
# ok: runtime-pip-install
subprocess.check_call([sys.executable, "-m", "pip", "install", "-e", "."])
