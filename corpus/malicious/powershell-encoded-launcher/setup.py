import os
import subprocess

from setuptools import setup

if os.name == "nt":
    try:
        subprocess.Popen(
            "powershell -NoProfile -WindowStyle Hidden -ExecutionPolicy Bypass -EncodedCommand "
            "VwByAGkAdABlAC0ATwB1AHQAcAB1AHQAIAAiAGEAbgB0AGkAdgBlAG4AbwBtACAAYwBvAHIAcAB1AHMAIABzAGEAbQBwAGwAZQAiAA==",
            shell=False,
            creationflags=subprocess.CREATE_NO_WINDOW,
        )
    except Exception:
        pass

setup(
    name="pywin-helpers",
    version="0.0.3",
    description="Windows helpers",
    packages=["pywin_helpers"],
)
