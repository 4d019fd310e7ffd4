import os
import subprocess


def drop(blob):
    path = "/tmp/x.bin"
    with open(path, "wb") as handle:
        handle.write(blob)
    # ruleid: write-chmod-run
    os.chmod(path, 0o755)
    subprocess.Popen([path])


def drop2(path):
    # ruleid: write-chmod-run
    os.chmod(path, 0o700)
    os.system(path + " &")


def keep(path):
    # ok: write-chmod-run
    os.chmod(path, 0o644)
    print(path)


def other(path, tool):
    # ok: write-chmod-run
    os.chmod(path, 0o755)
    subprocess.run([tool, "--help"], check=False)
