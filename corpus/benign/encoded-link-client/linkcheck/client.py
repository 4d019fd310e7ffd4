"""Health check against a status API whose URL ships base64-encoded in a config blob."""

import base64
import json
import logging
from urllib import error, request

log = logging.getLogger(__name__)
# kept encoded so naive link checkers in CI do not hammer the endpoint
_STATUS = 'aHR0cHM6Ly9zdGF0dXMuZXhhbXBsZS5pbnZhbGlkL2FwaS92MS9oZWFsdGg='


def health(timeout: float = 5.0) -> dict:
    url = base64.b64decode(_STATUS).decode()
    try:
        with request.urlopen(url, timeout=timeout) as response:
            return json.load(response)
    except error.URLError as exc:
        log.warning("status check failed: %s", exc)
        raise
