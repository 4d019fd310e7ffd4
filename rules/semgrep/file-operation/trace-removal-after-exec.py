# Test for trace-removal-after-exec (defanged: runs and deletes nothing real).
import os
import subprocess


def stage():
    script = "WindowsUpdate.py"
    # ruleid: trace-removal-after-exec
    subprocess.call("python " + script, shell=True)
    os.remove(script)


def hide():
    # ruleid: trace-removal-after-exec
    subprocess.Popen("cmd /c del loc.bat", shell=True)
    # ruleid: trace-removal-after-exec
    os.system("attrib +h helper.exe")


def build_docs():
    out = "build.log"
    # ok: trace-removal-after-exec
    subprocess.run(["sphinx-build", "docs", "_build"])
    os.remove(out)


def tidy():
    # ok: trace-removal-after-exec
    os.system("git clean -fdx")
    # ok: trace-removal-after-exec
    os.remove("cache.tmp")


def drop_and_run(blob):
    exe = os.path.join(os.getenv("TEMP", "/tmp"), "svc.exe")
    with open(exe, "wb") as fh:
        fh.write(blob)
    # ruleid: trace-removal-after-exec
    os.startfile(exe)
    os.unlink(exe)


def compile_and_clean(src):
    # ok: trace-removal-after-exec
    subprocess.check_call(["cc", src, "-o", "a.out"])
    os.remove("a.out")
