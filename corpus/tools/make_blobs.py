"""Print the encoded blobs embedded in the corpus samples.

Every blob in corpus/ decodes to the harmless PAYLOAD below (or, for the
PowerShell sample, to a harmless Write-Output). Re-run this after changing a
payload and paste the output into the sample it names. Never executes the
payloads. The marshal blob is specific to the running Python minor version
(generated with 3.11).

    python corpus/tools/make_blobs.py
"""

from __future__ import annotations

import base64
import marshal
import zlib

PAYLOAD = 'print("antivenom corpus sample")\n'
PS_PAYLOAD = 'Write-Output "antivenom corpus sample"'
# Fixed, obviously fake Fernet key: 32 bytes of "antivenomcorpus!" twice.
FERNET_KEY = base64.urlsafe_b64encode(b"antivenomcorpus!" * 2)
XOR_KEY = b"corpus"


def blobs() -> dict[str, str]:
    out = {
        "b64": base64.b64encode(PAYLOAD.encode()).decode(),
        "b64_zlib_marshal": base64.b64encode(
            zlib.compress(marshal.dumps(compile(PAYLOAD, "<corpus>", "exec")))
        ).decode(),
        "ps_encoded_command": base64.b64encode(PS_PAYLOAD.encode("utf-16-le")).decode(),
        "xor_hex": bytes(b ^ XOR_KEY[i % len(XOR_KEY)] for i, b in enumerate(PAYLOAD.encode())).hex(),
        "reversed_b64": base64.b64encode(PAYLOAD.encode()).decode()[::-1],
        "fernet_key": FERNET_KEY.decode(),
    }
    try:  # optional: only needed to refresh the Fernet sample
        from cryptography.fernet import Fernet

        out["fernet_token"] = Fernet(FERNET_KEY).encrypt(PAYLOAD.encode()).decode()
    except ImportError:
        out["fernet_token"] = "(install cryptography to regenerate)"
    return out


if __name__ == "__main__":
    for name, value in blobs().items():
        print(f"{name}: {value}")
