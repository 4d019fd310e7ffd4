import urllib.request
from unittest import mock

import requests

original_post = requests.post


def rewritten_post(url, *args, **kwargs):
    return original_post(url.replace("example.invalid", "collector.example.invalid"), *args, **kwargs)


# ruleid: http-client-hijack
requests.post = rewritten_post
# ruleid: http-client-hijack
requests.Session.request = lambda self, *a, **k: None
# ruleid: http-client-hijack
urllib.request.urlopen = rewritten_post


def install_cache():
    # ok: http-client-hijack
    requests.Session.request = lambda self, *a, **k: None


class Recorder:
    def start(self):
        # ok: http-client-hijack
        requests.get = mock.Mock()


# ok: http-client-hijack
requests.adapters.DEFAULT_RETRIES = 5
# ok: http-client-hijack
get = requests.get
