# Test for pth-file-dropper (defanged: the written line does nothing).
import os
import pathlib
import site
import sysconfig


def plant():
    sp = site.getsitepackages()[0]
    # ruleid: pth-file-dropper
    with open(os.path.join(sp, "zz_helper.pth"), "w") as f:
        f.write("import sys\n")


def plant_purelib():
    purelib = sysconfig.get_paths()["purelib"]
    target = os.path.join(purelib, "aaa.pth")
    # ruleid: pth-file-dropper
    open(target, "w").write("import os\n")


def write_config():
    sp = site.getsitepackages()[0]
    # ok: pth-file-dropper
    with open(os.path.join(sp, "mypkg", "config.json"), "w") as f:
        f.write("{}")


def read_pth():
    sp = site.getsitepackages()[0]
    # ok: pth-file-dropper
    with open(os.path.join(sp, "easy-install.pth")) as f:
        print(f.read())


def plant_user():
    usp = site.getusersitepackages()
    # ruleid: pth-file-dropper
    pathlib.Path(usp, "zz_user.pth").write_text("import os\n")


def save_checkpoint(model_dir):
    # ok: pth-file-dropper
    with open(os.path.join(model_dir, "weights.pth"), "wb") as f:
        f.write(b"")
