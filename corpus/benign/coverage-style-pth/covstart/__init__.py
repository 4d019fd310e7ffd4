"""Start measurement in subprocesses when COVSTART_PROCESS is set (like coverage's process_startup)."""
import os


def process_startup():
    config = os.environ.get("COVSTART_PROCESS")
    if not config:
        return None
    return {"config": config}
