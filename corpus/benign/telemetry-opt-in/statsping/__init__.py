"""Anonymous usage stats, sent only when the user opted in, from a daemon thread."""
import os
import platform
import threading

import requests

ENDPOINT = "https://telemetry.example.invalid/v1/events"


def _send(event):
    try:
        requests.post(ENDPOINT, json={"event": event, "python": platform.python_version()}, timeout=2)
    except requests.RequestException:
        return


def record(event):
    if os.environ.get("STATSPING_OPT_IN") == "1":
        threading.Thread(target=_send, args=(event,), daemon=True).start()
