"""`cloudctl install-agent`: download the vendor's agent installer and run it, on request only."""
import os
import subprocess
import tempfile
import urllib.request

INSTALLER_URL = "https://downloads.example.invalid/agent/install.sh"


def install_agent(confirm):
    if not confirm:
        raise SystemExit("refusing to install without --yes")
    path = os.path.join(tempfile.mkdtemp(), "install.sh")
    urllib.request.urlretrieve(INSTALLER_URL, path)
    os.chmod(path, 0o755)
    return subprocess.run([path, "--quiet"], check=True).returncode
